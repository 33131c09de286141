/**
 * THIN STAND-IN for Grafana's BackendSrv (browser side), so app pages mounted by the test host
 * talk HTTP to the host exactly as they would to Grafana: `fetch()` observable, FetchError
 * shape `{ status, statusText, data, config }` on non-2xx, JSON bodies, `X-Grafana-Org-Id`.
 */
import { Observable, lastValueFrom } from 'rxjs';
import type { BackendSrv, BackendSrvRequest, FetchResponse } from '@grafana/runtime';

export function createBackendSrv(orgId: number): BackendSrv {
  const fetchObservable = <T>(options: BackendSrvRequest): Observable<FetchResponse<T>> =>
    new Observable((subscriber) => {
      const controller = new AbortController();
      request<T>(options, orgId, controller.signal)
        .then((response) => {
          subscriber.next(response);
          subscriber.complete();
        })
        .catch((error) => subscriber.error(error));
      return () => controller.abort();
    });

  const call = <T>(method: string, url: string, data?: unknown, options?: Partial<BackendSrvRequest>) =>
    lastValueFrom(fetchObservable<T>({ ...options, method, url, data })).then((r) => r.data);

  return {
    fetch: fetchObservable,
    get: (url, params, _requestId, options) => call('GET', url, undefined, { ...options, params }),
    delete: (url, data, options) => call('DELETE', url, data, options),
    post: (url, data, options) => call('POST', url, data, options),
    patch: (url, data, options) => call('PATCH', url, data, options),
    put: (url, data, options) => call('PUT', url, data, options),
    request: (options) => lastValueFrom(fetchObservable(options)).then((r) => r.data as any),
    datasourceRequest: (options) => lastValueFrom(fetchObservable(options)),
    chunked: () => {
      throw new Error('chunked() is not provided by the test host');
    },
  } as BackendSrv;
}

async function request<T>(options: BackendSrvRequest, orgId: number, signal: AbortSignal): Promise<FetchResponse<T>> {
  const url = new URL(options.url, window.location.origin);
  Object.entries(options.params ?? {}).forEach(([k, v]) => {
    if (v !== undefined && v !== null) {
      url.searchParams.set(k, String(v));
    }
  });
  const headers = new Headers(options.headers ?? {});
  headers.set('X-Grafana-Org-Id', String(orgId));
  let body: BodyInit | undefined;
  if (options.data !== undefined) {
    const isText = typeof options.data === 'string';
    body = isText ? (options.data as string) : JSON.stringify(options.data);
    if (!headers.has('Content-Type')) {
      headers.set('Content-Type', isText ? 'text/plain' : 'application/json');
    }
  }
  let res: Response;
  try {
    res = await fetch(url, { method: options.method ?? 'GET', headers, body, signal });
  } catch (e) {
    // Grafana surfaces network failures as a FetchError with status 0 / 502 from its proxy.
    throw { status: 502, statusText: 'Bad Gateway', data: { message: String(e) }, config: options };
  }
  const text = await res.text();
  let data: any = text;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    // keep the raw text, as Grafana does for non-JSON bodies
  }
  const base = { status: res.status, statusText: res.statusText, config: options };
  if (!res.ok) {
    throw { ...base, data, message: data?.message ?? data?.error?.message };
  }
  return {
    ...base,
    data,
    ok: res.ok,
    headers: res.headers,
    redirected: res.redirected,
    type: res.type,
    url: res.url,
  };
}
