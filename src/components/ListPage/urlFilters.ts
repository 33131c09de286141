import { type SelectableValue } from '@grafana/data';

/** A 1-based page number from the URL; anything else is the first page. */
export function pageFromParam(value: string | null): number {
  const page = Number(value);
  return Number.isInteger(page) && page >= 1 ? page : 1;
}

/** The value when it is one of `values`, else '' (a hand-edited URL falls back to "any"). */
export function oneOf<T extends string>(values: readonly T[], value: string | null): T | '' {
  return (values as readonly string[]).includes(value ?? '') ? (value as T) : '';
}

/** Only what differs from the default view goes into the URL (stable, short links), in the order given. */
export function paramsOf(entries: Array<[string, string]>, page: number): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, raw] of entries) {
    const value = raw.trim();
    if (value) {
      params.set(key, value);
    }
  }
  if (page > 1) {
    params.set('page', String(page));
  }
  return params;
}

/** One page of the engine's list: the engine filters and pages, so long lists load fast. */
export function pageWindow(page: number, pageSize: number): { limit: number; offset: number } {
  return { limit: pageSize, offset: (page - 1) * pageSize };
}

/** Options of a select filter from a lookup that may have failed (the filter then stays usable from links). */
export function settledOptions<T>(
  result: PromiseSettledResult<T[]>,
  toOption: (item: T) => SelectableValue<string>
): Array<SelectableValue<string>> {
  return result.status === 'fulfilled' ? result.value.map(toOption) : [];
}

export const serviceOption = (s: { key: string; name: string }): SelectableValue<string> => ({
  value: s.key,
  label: s.name,
  description: s.key,
});
export const partyOption = (p: { key: string; name: string; kind: string }): SelectableValue<string> => ({
  value: p.key,
  label: p.name,
  description: `${p.key} · ${p.kind}`,
});
