/**
 * The engine's client of Grafana's HTTP API, authenticated with the service account token that
 * the app configuration page handed over (see server/grafana/connection.ts). One small wrapper
 * around fetch: JSON in and out, a timeout on every call, and errors that say which call failed
 * and whether retrying can help (network errors, 429 and 5xx) or not (4xx: the request or the
 * token is wrong).
 */

export interface GrafanaTarget {
  /** Base URL of Grafana as the engine reaches it, e.g. http://grafana:3000 (no trailing slash needed). */
  url: string;
  /** Service account token (glsa_…), sent as a Bearer token. */
  token: string;
  /** Organisation the token belongs to; sent as X-Grafana-Org-Id. */
  orgId: number;
}

export class GrafanaApiError extends Error {
  constructor(
    message: string,
    /** HTTP status, 0 when Grafana did not answer. */
    readonly status: number,
    /** The parsed body of Grafana's answer, when it sent one. */
    readonly body?: unknown
  ) {
    super(message);
    this.name = 'GrafanaApiError';
  }

  /** Worth retrying later: Grafana unreachable, overloaded or failing, not a wrong request. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

export interface RequestOptions {
  /** Extra headers (e.g. X-Disable-Provenance for the alerting provisioning API). */
  headers?: Record<string, string>;
  /** Statuses whose JSON body is returned instead of thrown (e.g. 400 from /api/ds/query, which carries every result). */
  acceptStatuses?: readonly number[];
  timeoutMs?: number;
}

export interface GrafanaResponse<T> {
  status: number;
  body: T;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

export class GrafanaClient {
  constructor(
    readonly target: GrafanaTarget,
    private readonly fetchImpl: typeof fetch = fetch
  ) {}

  get<T>(path: string, opts?: RequestOptions) {
    return this.request<T>('GET', path, undefined, opts);
  }
  post<T>(path: string, body: unknown, opts?: RequestOptions) {
    return this.request<T>('POST', path, body, opts);
  }
  put<T>(path: string, body: unknown, opts?: RequestOptions) {
    return this.request<T>('PUT', path, body, opts);
  }
  patch<T>(path: string, body: unknown, opts?: RequestOptions) {
    return this.request<T>('PATCH', path, body, opts);
  }
  delete<T>(path: string, opts?: RequestOptions) {
    return this.request<T>('DELETE', path, undefined, opts);
  }

  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    opts: RequestOptions = {}
  ): Promise<GrafanaResponse<T>> {
    const url = this.target.url.replace(/\/+$/, '') + path;
    const what = `${method} ${path}`;
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers: {
          accept: 'application/json',
          authorization: `Bearer ${this.target.token}`,
          'x-grafana-org-id': String(this.target.orgId),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...opts.headers,
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
    } catch (err) {
      const reason =
        (err as Error).name === 'TimeoutError'
          ? 'timed out'
          : (((err as Error).cause as Error)?.message ?? (err as Error).message);
      throw new GrafanaApiError(`Grafana did not answer ${what}: ${reason}`, 0);
    }
    const text = await response.text();
    let parsed: unknown = undefined;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    if (response.ok || opts.acceptStatuses?.includes(response.status)) {
      return { status: response.status, body: parsed as T };
    }
    throw new GrafanaApiError(
      `Grafana answered ${what} with ${response.status}: ${messageOf(parsed) ?? response.statusText}`,
      response.status,
      parsed
    );
  }
}

function messageOf(body: unknown): string | undefined {
  if (typeof body === 'string') {
    return body.slice(0, 500);
  }
  const message =
    (body as { message?: unknown; error?: unknown } | undefined)?.message ??
    (body as { error?: unknown } | undefined)?.error;
  return typeof message === 'string' && message ? message : undefined;
}
