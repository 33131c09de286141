/**
 * A small typed client of Grafana's query API, `POST /api/ds/query`, sending what Grafana's own
 * query pipeline sends for a backend datasource (DataSourceWithBackend in @grafana/runtime):
 * `{ queries: [{ refId, datasource: { uid }, expr, range, intervalMs, maxDataPoints … }], from,
 * to }` with the times as epoch-millisecond strings. The answer is the QueryDataResponse JSON,
 * `{ results: { [refId]: { status, frames | error } } }`, which src/domain's frames adapter reads.
 *
 * Grafana answers 400 (or 207) when a query fails but still sends every result; those come back
 * as a response, with the error on the failed refId. Anything else (no access, no such
 * datasource, Grafana unreachable) throws a DsQueryError.
 *
 * Long ranges are split so that no request asks for more than MAX_POINTS points per query:
 * Grafana never returns more than ~11 000 points per series (it widens the step instead), and
 * the evaluator needs one point per slice.
 */
import { lastValueFrom } from 'rxjs';
import { getBackendSrv, isFetchError } from '@grafana/runtime';

import {
  dsQueryBody,
  mergeResponses,
  splitRange,
  type DsQueryBody,
  type DsQueryResponse,
  type RangeQuery,
  type TimeRangeMs,
} from '../domain/dsQuery';

// The pure parts live in src/domain (the engine's monitor uses them too); re-exported for the app.
export {
  MAX_POINTS,
  dsQueryBody,
  mergeResponses,
  splitRange,
  type DataFrameJSON,
  type DsQueryBody,
  type DsQueryResponse,
  type DsQueryResult,
  type RangeQuery,
  type TimeRangeMs,
} from '../domain/dsQuery';

export class DsQueryError extends Error {
  constructor(
    message: string,
    readonly status: number
  ) {
    super(message);
    this.name = 'DsQueryError';
  }
}

export const DS_QUERY_URL = '/api/ds/query';
/** Runs range queries over [from, to]; one response, merged across the requests it took. */
export async function queryRange(queries: RangeQuery[], range: TimeRangeMs, signal?: { aborted: boolean }): Promise<DsQueryResponse> {
  if (queries.length === 0) {
    return { results: {} };
  }
  const parts: DsQueryResponse[] = [];
  for (const part of splitRange(range, queries)) {
    if (signal?.aborted) {
      throw new DsQueryError('cancelled', 0);
    }
    parts.push(await post(dsQueryBody(queries, part), queries));
  }
  return mergeResponses(parts);
}

async function post(body: DsQueryBody, queries: RangeQuery[]): Promise<DsQueryResponse> {
  try {
    const response = await lastValueFrom(
      getBackendSrv().fetch<DsQueryResponse>({
        url: DS_QUERY_URL,
        method: 'POST',
        data: body,
        headers: { 'X-Datasource-Uid': [...new Set(queries.map((q) => q.datasource))].join(', ') },
        showErrorAlert: false,
        showSuccessAlert: false,
      })
    );
    return asResponse(response.data, response.status);
  } catch (error) {
    if (error instanceof DsQueryError) {
      throw error;
    }
    if (isFetchError(error)) {
      // A failed query: 400 (or 207) with every result in the body.
      if (hasResults(error.data)) {
        return error.data;
      }
      const message = (error.data as { message?: unknown } | undefined)?.message;
      throw new DsQueryError(typeof message === 'string' && message ? message : error.statusText || `HTTP ${error.status}`, error.status ?? 0);
    }
    throw new DsQueryError(error instanceof Error ? error.message : String(error), 0);
  }
}

function hasResults(data: unknown): data is DsQueryResponse {
  const results = (data as { results?: unknown } | null)?.results;
  return !!results && typeof results === 'object' && !Array.isArray(results);
}

function asResponse(data: unknown, status: number): DsQueryResponse {
  if (!hasResults(data)) {
    throw new DsQueryError('not a /api/ds/query response: it has no "results" object', status);
  }
  return data;
}

