/**
 * THIN STAND-IN for Grafana's `POST /api/ds/query`, for the test host only (Grafana cannot run
 * here). It does what Grafana's query API does for Prometheus range queries and nothing else:
 *  - each query names its datasource by uid; the host options map uids to REAL Prometheus
 *    servers (an unknown uid fails the whole request, like Grafana's datasource lookup);
 *  - the step is Grafana's: the query's intervalMs, or (to − from) ÷ maxDataPoints and
 *    (to − from) ÷ 11000 (its "safe" resolution) when larger, rounded to the nearest of
 *    Grafana's usual intervals (a shortened rounding table: enough for whole-minute steps);
 *  - start and end aligned down to the step (utcOffsetSec 0), then `/api/v1/query_range`;
 *  - the matrix converted as Grafana's Prometheus backend does (tests/support/promData.ts):
 *    one frame per series, Time + Value, labels on the value field, meta.type
 *    timeseries-multi, refId on the frame, under `results[refId].frames`;
 *  - a failed query gives `results[refId].error` + `status`, and the whole response HTTP 400
 *    (Grafana without the datasourceQueryMultiStatus toggle), the other results still included.
 * Not imitated: expressions, caching, instant/exemplar queries, other datasource types.
 */
import { toGrafanaFrames, type FrameJSON, type PromMatrix } from '../support/promData';

export interface DsQueryRequestBody {
  queries?: Array<{
    refId?: string;
    datasource?: { uid?: string; type?: string } | string;
    expr?: string;
    intervalMs?: number;
    maxDataPoints?: number;
    range?: boolean;
    instant?: boolean;
  }>;
  from?: string;
  to?: string;
}

export interface DsQueryResult {
  status: number;
  frames?: FrameJSON[];
  error?: string;
  errorSource?: 'downstream' | 'plugin';
}

export interface DsQueryReply {
  status: number;
  body: { results: Record<string, DsQueryResult> } | { message: string };
}

/** Prometheus base URL by datasource uid. */
export type DatasourceMap = Record<string, string>;

const SAFE_RESOLUTION = 11_000;
const S = 1000;
const M = 60 * S;
const H = 60 * M;
const NICE = [S, 5 * S, 10 * S, 15 * S, 20 * S, 30 * S, M, 2 * M, 5 * M, 10 * M, 15 * M, 20 * M, 30 * M, H, 2 * H, 3 * H, 6 * H, 12 * H, 24 * H];

/** The nearest of Grafana's usual intervals (midpoints between neighbours decide). */
export function roundInterval(ms: number): number {
  for (let i = 0; i < NICE.length - 1; i++) {
    if (ms <= (NICE[i] + NICE[i + 1]) / 2) {
      return NICE[i];
    }
  }
  return Math.max(NICE[NICE.length - 1], Math.round(ms / H) * H);
}

/** Grafana's Prometheus step for a range query (ms). */
export function stepMs(from: number, to: number, intervalMs: number | undefined, maxDataPoints: number | undefined): number {
  const span = Math.max(0, to - from);
  const min = intervalMs && intervalMs > 0 ? intervalMs : 15 * S;
  const calculated = roundInterval(span / (maxDataPoints && maxDataPoints > 0 ? maxDataPoints : 100));
  const safe = roundInterval(span / SAFE_RESOLUTION);
  return Math.max(min, calculated, safe);
}

function datasourceUid(ds: { uid?: string } | string | undefined): string | undefined {
  return typeof ds === 'string' ? ds : ds?.uid;
}

/** Answers one `/api/ds/query` request body. */
export async function dsQuery(body: DsQueryRequestBody, datasources: DatasourceMap): Promise<DsQueryReply> {
  const from = Number(body?.from);
  const to = Number(body?.to);
  const queries = Array.isArray(body?.queries) ? body.queries : [];
  if (queries.length === 0) {
    return { status: 400, body: { message: 'No queries found in query' } };
  }
  if (!Number.isFinite(from) || !Number.isFinite(to)) {
    return { status: 400, body: { message: 'invalid time range: from and to must be epoch milliseconds' } };
  }
  for (const q of queries) {
    const uid = datasourceUid(q.datasource);
    if (!uid || !datasources[uid]) {
      return { status: 404, body: { message: `Data source not found: ${uid ?? '(none)'}` } };
    }
  }
  const results: Record<string, DsQueryResult> = {};
  await Promise.all(
    queries.map(async (q) => {
      const refId = q.refId || 'A';
      results[refId] = await rangeQuery(datasources[datasourceUid(q.datasource)!], refId, q.expr ?? '', from, to, stepMs(from, to, q.intervalMs, q.maxDataPoints));
    })
  );
  const failed = Object.values(results).some((r) => r.error);
  return { status: failed ? 400 : 200, body: { results } };
}

async function rangeQuery(base: string, refId: string, expr: string, from: number, to: number, step: number): Promise<DsQueryResult> {
  if (expr.trim() === '') {
    return { status: 400, error: 'query expression is empty', errorSource: 'plugin' };
  }
  const params = new URLSearchParams({
    query: expr,
    start: String(Math.floor(from / step) * (step / S)),
    end: String(Math.floor(to / step) * (step / S)),
    step: String(step / S),
  });
  let res: Response;
  try {
    res = await fetch(`${base}/api/v1/query_range?${params}`);
  } catch (e) {
    return { status: 500, error: `Post "${base}/api/v1/query_range": ${String(e)}`, errorSource: 'downstream' };
  }
  const json = (await res.json().catch(() => null)) as (PromMatrix & { error?: string; errorType?: string }) | null;
  if (!res.ok || json?.status !== 'success') {
    return { status: res.status >= 400 ? res.status : 500, error: json?.error ?? `Prometheus answered ${res.status}`, errorSource: 'downstream' };
  }
  return { status: 200, frames: toGrafanaFrames(refId, expr, step / S, json) };
}
