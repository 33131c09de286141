/**
 * Pure helpers of Grafana's query API, `POST /api/ds/query`, shared by the app (src/api/dsQuery.ts,
 * through Grafana's backend service) and the engine's monitor (through its service account):
 * the request body Grafana's own query pipeline sends for a backend datasource, the split of
 * long ranges into requests of at most MAX_POINTS points per query, and the merge of the
 * responses. No Grafana runtime here: the engine imports it too.
 */
export interface RangeQuery {
  refId: string;
  /** Datasource uid. */
  datasource: string;
  expr: string;
  /** Step wanted: the slice length of the target. */
  intervalMs: number;
}

export interface TimeRangeMs {
  from: number;
  to: number;
}

/** DataFrameJSON as Grafana sends it. */
export interface DataFrameJSON {
  schema?: {
    name?: string;
    refId?: string;
    meta?: Record<string, unknown>;
    fields?: Array<{ name?: string; type?: string; labels?: Record<string, string>; config?: Record<string, unknown> }>;
  };
  data?: { values?: unknown[][]; entities?: Array<Record<string, number[]> | null> };
}

export interface DsQueryResult {
  status?: number;
  frames?: DataFrameJSON[];
  error?: string;
  errorSource?: string;
}

export interface DsQueryResponse {
  results: Record<string, DsQueryResult>;
}

/** Points per query and request; below Grafana's safe resolution (11 000), so its step stays ours. */
export const MAX_POINTS = 5000;

export interface DsQueryBody {
  queries: Array<{
    refId: string;
    datasource: { uid: string };
    expr: string;
    range: true;
    instant: false;
    exemplar: false;
    queryType: 'range';
    intervalMs: number;
    maxDataPoints: number;
    utcOffsetSec: 0;
  }>;
  from: string;
  to: string;
}

/**
 * The request body for one time range. maxDataPoints is twice the points the range holds, so
 * Grafana's (to − from) ÷ maxDataPoints stays below intervalMs (even after its rounding) and the
 * step is exactly intervalMs; utcOffsetSec 0 aligns the steps to the epoch, like the slices.
 */
export function dsQueryBody(queries: RangeQuery[], range: TimeRangeMs): DsQueryBody {
  return {
    queries: queries.map((q) => ({
      refId: q.refId,
      datasource: { uid: q.datasource },
      expr: q.expr,
      range: true,
      instant: false,
      exemplar: false,
      queryType: 'range',
      intervalMs: q.intervalMs,
      maxDataPoints: Math.max(100, 2 * Math.ceil((range.to - range.from) / q.intervalMs)),
      utcOffsetSec: 0,
    })),
    from: String(Math.floor(range.from)),
    to: String(Math.floor(range.to)),
  };
}

/** [from, to] cut into ranges of at most MAX_POINTS steps of the coarsest query, on its step grid. */
export function splitRange(range: TimeRangeMs, queries: RangeQuery[], maxPoints = MAX_POINTS): TimeRangeMs[] {
  const step = Math.max(...queries.map((q) => q.intervalMs));
  const finest = Math.min(...queries.map((q) => q.intervalMs));
  const chunk = Math.max(step, Math.floor((maxPoints * finest) / step) * step);
  const out: TimeRangeMs[] = [];
  for (let from = range.from; from < range.to; ) {
    const boundary = Math.floor((from + chunk) / step) * step;
    const to = Math.min(range.to, boundary > from ? boundary : from + chunk);
    out.push({ from, to });
    from = to;
  }
  return out.length ? out : [range];
}

/**
 * One response from consecutive ones: per refId the first error wins; frames of the same series
 * (name and labels) are joined in time, a point repeated at a range boundary kept once.
 */
export function mergeResponses(parts: DsQueryResponse[]): DsQueryResponse {
  if (parts.length === 1) {
    return parts[0];
  }
  const results: Record<string, DsQueryResult> = {};
  for (const part of parts) {
    for (const [refId, result] of Object.entries(part.results)) {
      const prev = results[refId];
      if (!prev || result.error || (typeof result.status === 'number' && result.status >= 400)) {
        results[refId] = prev?.error ? prev : { ...result, frames: result.frames ? result.frames.map(copyFrame) : result.frames };
        continue;
      }
      if (prev.error) {
        continue;
      }
      prev.frames = joinFrames(prev.frames ?? [], result.frames ?? []);
    }
  }
  return { results };
}

function seriesKey(frame: DataFrameJSON): string {
  const fields = frame.schema?.fields ?? [];
  return JSON.stringify([frame.schema?.name ?? '', fields.map((f) => [f.name, f.type, f.labels ?? {}])]);
}

function copyFrame(frame: DataFrameJSON): DataFrameJSON {
  return {
    schema: frame.schema,
    data: {
      values: (frame.data?.values ?? []).map((col) => [...col]),
      entities: frame.data?.entities?.map((e) => (e ? Object.fromEntries(Object.entries(e).map(([k, rows]) => [k, [...rows]])) : null)),
    },
  };
}

const hasFields = (f: DataFrameJSON) => (f.schema?.fields ?? []).length > 0;

function joinFrames(into: DataFrameJSON[], more: DataFrameJSON[]): DataFrameJSON[] {
  const out = into.filter(hasFields);
  const byKey = new Map(out.map((f) => [seriesKey(f), f]));
  for (const frame of more.filter(hasFields)) {
    const key = seriesKey(frame);
    const target = byKey.get(key);
    if (target) {
      appendRows(target, frame, (frame.schema?.fields ?? []).findIndex((f) => f.type === 'time'));
    } else {
      const copy = copyFrame(frame);
      byKey.set(key, copy);
      out.push(copy);
    }
  }
  // Only empty frames: keep one, which says "no series" as Grafana does.
  return out.length ? out : into.length ? into : more;
}

function appendRows(target: DataFrameJSON, frame: DataFrameJSON, timeIndex: number) {
  const cols = target.data!.values!;
  const add = frame.data?.values ?? [];
  const lastTime = timeIndex >= 0 && cols[timeIndex].length ? Number(cols[timeIndex][cols[timeIndex].length - 1]) : -Infinity;
  const rows = add[0]?.length ?? 0;
  for (let r = 0; r < rows; r++) {
    if (timeIndex >= 0 && Number(add[timeIndex][r]) <= lastTime) {
      continue;
    }
    const at = cols[0].length;
    add.forEach((col, c) => {
      cols[c].push(col[r]);
      const entities = frame.data?.entities?.[c];
      for (const [kind, list] of Object.entries(entities ?? {})) {
        if (list.includes(r)) {
          const targetEntities = (target.data!.entities ??= cols.map(() => null));
          const e = (targetEntities[c] ??= {});
          (e[kind] ??= []).push(at);
        }
      }
    });
  }
}
