import { Observable, of, throwError } from 'rxjs';
import { type BackendSrv, type BackendSrvRequest, type FetchResponse, setBackendSrv } from '@grafana/runtime';

/** What Grafana's backendSrv would have received back for one request. */
export type Reply = { status: number; statusText?: string; data?: unknown } | { networkError: string };

/**
 * Grafana's backendSrv cannot run outside Grafana. This stands in for it through Grafana's own
 * injection point (setBackendSrv) and behaves like it does: a 2xx resolves with a FetchResponse,
 * anything else errors with a FetchError `{ status, statusText, data, config }`.
 */
export function installBackendSrv(reply: (request: BackendSrvRequest) => Reply) {
  const requests: BackendSrvRequest[] = [];
  const fetch = <T>(request: BackendSrvRequest): Observable<FetchResponse<T>> => {
    requests.push(request);
    const answer = reply(request);
    if ('networkError' in answer) {
      return throwError(() => new TypeError(answer.networkError));
    }
    const { status, statusText = '', data } = answer;
    if (status >= 200 && status < 300) {
      return of({
        data: data as T,
        status,
        statusText,
        ok: true,
        headers: new Headers(),
        redirected: false,
        type: 'basic',
        url: request.url,
        config: request,
      });
    }
    return throwError(() => ({ status, statusText, data, config: request }));
  };
  setBackendSrv({ fetch } as unknown as BackendSrv);
  return requests;
}
