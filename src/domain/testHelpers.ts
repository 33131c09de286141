/** Builders for domain tests: agreements as plain objects validated through the real schema. */
import type { Agreement, AgreementInput } from './agreement';
import type { Series } from './frames';
import { validateAgreement, formatValidationError } from './parseAgreement';

type SpecPatch = Partial<AgreementInput['spec']>;
type TargetPatch = Partial<AgreementInput['spec']['targets'][number]>;

export const RATIO_SLI = {
  ratio: { good: { datasource: 'prom', expr: 'good' }, total: { datasource: 'prom', expr: 'total' } },
};

export function thresholdSli(op: 'lt' | 'lte' | 'gt' | 'gte', value: number) {
  return { threshold: { query: { datasource: 'prom', expr: 'latency' }, op, value } };
}

/** One-target agreement (id `t`), 24x7 in UTC, calendar month, unless patched. */
export function agreement(spec: SpecPatch = {}, target: TargetPatch = {}): Agreement {
  const input = {
    apiVersion: 'slm/v1',
    kind: 'Agreement',
    metadata: { id: 'SLA-T', title: 'Test' },
    spec: {
      type: 'SLA',
      service: 'mail',
      provider: 'ops',
      counterparty: 'finance',
      timezone: 'UTC',
      window: { calendar: 'month' },
      targets: [{ id: 't', objective: 99, slice: '1m', sli: RATIO_SLI, ...target }],
      ...spec,
    },
  };
  const r = validateAgreement(input);
  if (!r.ok) {
    throw new Error(r.errors.map(formatValidationError).join('\n'));
  }
  return r.agreement;
}

/** A series with one point per slice, stamped at the slice end; null = no point. */
export function perSlice(
  start: number,
  sliceMs: number,
  values: Array<number | null>
): Pick<Series, 'times' | 'values'> {
  const times: number[] = [];
  const vals: number[] = [];
  values.forEach((v, i) => {
    if (v !== null) {
      times.push(start + (i + 1) * sliceMs);
      vals.push(v);
    }
  });
  return { times: Float64Array.from(times), values: Float64Array.from(vals) };
}

export const iso = (s: string): number => {
  const t = Date.parse(s);
  if (Number.isNaN(t)) {
    throw new Error(`bad time ${s}`);
  }
  return t;
};
