/**
 * Test helpers (imported by tests only): Grafana's own injection point for its backend
 * (setBackendSrv) with a thin fake registry that answers like the engine behind Grafana's
 * proxy — YAML exports with an ETag, JSON lists, the DESIGN error shape — and real
 * @grafana/data frames in the shapes Prometheus and Loki return.
 */
import { Observable, of, throwError } from 'rxjs';
import { FieldType, createDataFrame, dateTime, LoadingState, type DataFrame, type PanelData } from '@grafana/data';
import { setBackendSrv, type BackendSrv, type BackendSrvRequest } from '@grafana/runtime';

export interface FakeReply {
  status: number;
  data?: unknown;
  headers?: Record<string, string>;
}

export function installRegistry(reply: (request: BackendSrvRequest) => FakeReply): BackendSrvRequest[] {
  const requests: BackendSrvRequest[] = [];
  const fetch = (request: BackendSrvRequest): Observable<unknown> => {
    requests.push(request);
    const { status, data, headers = {} } = reply(request);
    if (status >= 200 && status < 300) {
      return of({ data, status, statusText: 'OK', ok: true, headers: new Headers(headers), redirected: false, type: 'basic', url: request.url, config: request });
    }
    return throwError(() => ({ status, statusText: '', data, config: request }));
  };
  setBackendSrv({ fetch } as unknown as BackendSrv);
  return requests;
}

export const engineError = (status: number, code: string, message: string): FakeReply => ({
  status,
  data: { error: { code, message, details: {} } },
});

/** A Prometheus range-query frame as Grafana's Prometheus datasource returns it: Time + Value with labels. */
export function promFrame(refId: string, times: number[], values: Array<number | null>, labels: Record<string, string> = {}): DataFrame {
  return createDataFrame({
    refId,
    name: Object.keys(labels).length ? JSON.stringify(labels) : undefined,
    meta: { type: 'timeseries-multi' as never, typeVersion: [0, 1], executedQueryString: `Expr: query_${refId}\nStep: 1h` },
    fields: [
      { name: 'Time', type: FieldType.time, values: times, config: { interval: 3_600_000 } },
      { name: 'Value', type: FieldType.number, values, labels, config: { displayNameFromDS: labels.job } },
    ],
  });
}

/** A Loki metric-query frame (count_over_time … aggregated): Time + Value, labels on the value field. */
export function lokiFrame(refId: string, times: number[], values: Array<number | null>, labels: Record<string, string> = {}): DataFrame {
  return createDataFrame({
    refId,
    meta: { type: 'timeseries-multi' as never, typeVersion: [0, 1], stats: [], executedQueryString: `Expr: sum(count_over_time({app="mail"} |= "timeout" [1h]))` },
    fields: [
      { name: 'Time', type: FieldType.time, values: times, config: {} },
      { name: 'Value', type: FieldType.number, values, labels, config: {} },
    ],
  });
}

/** A Loki log-query frame: lines, not numbers. */
export function lokiLogsFrame(refId: string, times: number[]): DataFrame {
  return createDataFrame({
    refId,
    meta: { type: 'log-lines' as never },
    fields: [
      { name: 'labels', type: FieldType.other, values: times.map(() => ({ app: 'mail' })) },
      { name: 'Time', type: FieldType.time, values: times },
      { name: 'Line', type: FieldType.string, values: times.map((_, i) => `line ${i}`) },
    ],
  });
}

export function panelData(series: DataFrame[], from: number, to: number, intervalMs = 3_600_000): PanelData {
  const range = { from: dateTime(from), to: dateTime(to), raw: { from: dateTime(from), to: dateTime(to) } };
  return {
    state: LoadingState.Done,
    series,
    timeRange: range,
    request: { targets: series.map((f) => ({ refId: f.refId ?? 'A' })), intervalMs, range } as never,
  };
}

/** Hourly timestamps stamped at slice ends, from `start` (exclusive) for `n` slices. */
export function hourly(start: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => start + (i + 1) * 3_600_000);
}
