/**
 * Grafana data frames → one numeric series per refId. Accepts the JSON of a `/api/ds/query`
 * response (DataFrameJSON: schema + data, with NaN/Inf in `entities`) and in-memory frames as a
 * panel receives them, in the multi-frame layout (a frame per series) and the wide layout (one
 * frame, one time field, a number field per series). Prometheus range/instant and Loki metric
 * queries all arrive in these shapes. Anything else gets a specific error rather than a guess.
 */

export interface FieldLike {
  name: string;
  type: string;
  values: ArrayLike<unknown>;
  labels?: Record<string, string>;
}

export interface FrameLike {
  refId?: string;
  name?: string;
  fields: FieldLike[];
}

export interface Series {
  refId: string;
  /** Epoch milliseconds, ascending. */
  times: Float64Array;
  /** NaN where the query returned no value (null or NaN). */
  values: Float64Array;
  labels?: Record<string, string>;
}

export type FrameIssueCode =
  | 'malformed'
  | 'query_error'
  | 'several_series'
  | 'unknown_ref_id'
  | 'missing_ref_id'
  | 'non_numeric'
  | 'empty_result'
  | 'no_time';

export interface FrameIssue {
  refId: string;
  code: FrameIssueCode;
  message: string;
}

export class FrameError extends Error {
  constructor(public readonly issues: FrameIssue[]) {
    super(issues.map((i) => i.message).join('\n'));
    this.name = 'FrameError';
  }
}

export interface ReadOptions {
  /** refIds the caller asked for: others are `unknown_ref_id`, absent ones `missing_ref_id`. */
  expected?: string[];
  /** Treat an empty result as a series without points (no data) instead of an error. */
  allowEmpty?: boolean;
  /** Timestamp for numeric (time-less) instant results; without it they are an error. */
  instantAt?: number;
}

/** Reads a `/api/ds/query` response body; throws FrameError listing every problem found. */
export function seriesFromResponse(body: unknown, opts: ReadOptions = {}): Map<string, Series> {
  const { frames, issues } = framesFromResponse(body);
  return collect(frames, issues, opts);
}

/** Reads in-memory frames (e.g. PanelData.series); throws FrameError listing every problem found. */
export function seriesFromFrames(frames: FrameLike[], opts: ReadOptions = {}): Map<string, Series> {
  return collect(
    frames.map((f, i) => ({ refId: f.refId ?? `#${i}`, frame: f })),
    [],
    opts
  );
}

interface RefFrame {
  refId: string;
  frame: FrameLike | null;
}

function collect(frames: RefFrame[], issues: FrameIssue[], opts: ReadOptions): Map<string, Series> {
  const byRef = new Map<string, FrameLike[]>();
  for (const { refId, frame } of frames) {
    const list = byRef.get(refId) ?? [];
    if (frame) {
      list.push(frame);
    }
    byRef.set(refId, list);
  }
  const failed = new Set(issues.map((i) => i.refId));
  const expected = opts.expected ? new Set(opts.expected) : null;
  const out = new Map<string, Series>();
  for (const [refId, list] of byRef) {
    if (expected && !expected.has(refId)) {
      issues.push({
        refId,
        code: 'unknown_ref_id',
        message: `refId '${refId}' matches no query of the agreement (expected ${[...expected].join(', ')})`,
      });
      continue;
    }
    if (failed.has(refId)) {
      continue;
    }
    const result = seriesOf(refId, list, opts);
    if ('code' in result) {
      issues.push(result);
    } else {
      out.set(refId, result);
    }
  }
  for (const refId of expected ?? []) {
    if (!byRef.has(refId)) {
      issues.push({ refId, code: 'missing_ref_id', message: `refId '${refId}' is missing from the response` });
    }
  }
  if (issues.length > 0) {
    throw new FrameError(issues);
  }
  return out;
}

function seriesOf(refId: string, frames: FrameLike[], opts: ReadOptions): Series | FrameIssue {
  const found: Array<{ frame: FrameLike; field: FieldLike }> = [];
  for (const frame of frames) {
    for (const field of frame.fields) {
      if (field.type === 'number') {
        found.push({ frame, field });
      } else if (field.type !== 'time' && field.values.length > 0) {
        return {
          refId,
          code: 'non_numeric',
          message: `refId '${refId}': field '${field.name}' holds ${field.type} values, not numbers (a log query instead of a metric query?)`,
        };
      }
    }
  }
  if (found.length > 1) {
    const names = found.map(({ field }) => seriesName(field)).join(', ');
    return {
      refId,
      code: 'several_series',
      message: `refId '${refId}' returned ${found.length} series (${names}); aggregate the query to one series, e.g. with sum(...)`,
    };
  }
  if (found.length === 0 || found[0].field.values.length === 0) {
    if (opts.allowEmpty) {
      return { refId, times: new Float64Array(0), values: new Float64Array(0) };
    }
    return { refId, code: 'empty_result', message: `refId '${refId}' returned no data points` };
  }
  return toSeries(refId, found[0].frame, found[0].field, opts);
}

function toSeries(refId: string, frame: FrameLike, field: FieldLike, opts: ReadOptions): Series | FrameIssue {
  const n = field.values.length;
  const timeField = frame.fields.find((f) => f.type === 'time');
  const times = new Float64Array(n);
  if (timeField) {
    for (let i = 0; i < n; i++) {
      const t = toMillis(timeField.values[i]);
      if (t === null) {
        return {
          refId,
          code: 'non_numeric',
          message: `refId '${refId}': time value ${JSON.stringify(timeField.values[i])} at row ${i} is not a timestamp`,
        };
      }
      times[i] = t;
    }
  } else if (opts.instantAt !== undefined && n === 1) {
    times[0] = opts.instantAt;
  } else {
    return {
      refId,
      code: 'no_time',
      message: `refId '${refId}': the frame has no time field to place its values in time`,
    };
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = field.values[i];
    if (v === null || v === undefined) {
      values[i] = NaN;
    } else if (typeof v === 'number') {
      values[i] = v;
    } else {
      return {
        refId,
        code: 'non_numeric',
        message: `refId '${refId}': value ${JSON.stringify(v)} at row ${i} of '${field.name}' is not a number`,
      };
    }
  }
  return { refId, times, values, ...(field.labels ? { labels: field.labels } : {}) };
}

function toMillis(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) {
    return v;
  }
  if (typeof v === 'string') {
    const t = Date.parse(v);
    return Number.isNaN(t) ? null : t;
  }
  return null;
}

function seriesName(field: FieldLike): string {
  const labels = Object.entries(field.labels ?? {});
  return labels.length ? `{${labels.map(([k, v]) => `${k}="${v}"`).join(', ')}}` : `'${field.name}'`;
}

// --- DataFrameJSON (the wire format of /api/ds/query) ------------------------------------------

interface FrameJSON {
  schema?: {
    refId?: string;
    name?: string;
    fields?: Array<{ name?: string; type?: string; labels?: Record<string, string> }>;
  };
  data?: { values?: unknown[][]; entities?: Array<Record<string, number[]> | null> };
}

/** Decodes the response body into frames tagged with the refId they answer. */
export function framesFromResponse(body: unknown): { frames: RefFrame[]; issues: FrameIssue[] } {
  const frames: RefFrame[] = [];
  const issues: FrameIssue[] = [];
  const results = (body as { results?: unknown } | null)?.results;
  if (!results || typeof results !== 'object' || Array.isArray(results)) {
    issues.push({ refId: '', code: 'malformed', message: 'not a /api/ds/query response: it has no "results" object' });
    return { frames, issues };
  }
  for (const [refId, result] of Object.entries(results as Record<string, any>)) {
    if (result?.error || (typeof result?.status === 'number' && result.status >= 400)) {
      const msg = result.error ?? `status ${result.status}`;
      issues.push({ refId, code: 'query_error', message: `refId '${refId}': the query failed: ${msg}` });
      frames.push({ refId, frame: null });
      continue;
    }
    const list = result?.frames ?? [];
    if (!Array.isArray(list)) {
      issues.push({ refId, code: 'malformed', message: `refId '${refId}': "frames" is not a list` });
      frames.push({ refId, frame: null });
      continue;
    }
    frames.push({ refId, frame: null });
    for (const f of list as FrameJSON[]) {
      frames.push({ refId, frame: decodeFrame(f) });
    }
  }
  return { frames, issues };
}

function decodeFrame(f: FrameJSON): FrameLike {
  const fields = f.schema?.fields ?? [];
  const columns = f.data?.values ?? [];
  return {
    refId: f.schema?.refId,
    name: f.schema?.name,
    fields: fields.map((field, i) => ({
      name: field.name ?? `field ${i}`,
      type: field.type ?? 'other',
      labels: field.labels,
      values: withEntities(columns[i] ?? [], f.data?.entities?.[i]),
    })),
  };
}

/** Grafana sends NaN/±Inf as null in `values` and lists their rows in `entities`. */
function withEntities(values: unknown[], entities: Record<string, number[]> | null | undefined): unknown[] {
  if (!entities) {
    return values;
  }
  const out = values.slice();
  const special: Record<string, number> = { NaN: NaN, Inf: Infinity, NegInf: -Infinity };
  for (const [kind, rows] of Object.entries(entities)) {
    if (kind in special) {
      for (const r of rows ?? []) {
        out[r] = special[kind];
      }
    }
  }
  return out;
}
