import { lastValueFrom } from 'rxjs';
import { getBackendSrv, isFetchError } from '@grafana/runtime';
import { ENGINE_PROXY_BASE } from '../constants';

export type EngineErrorKind =
  'unreachable' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'invalid' | 'too_old' | 'unknown';

/** Where a failure came from: the engine (it answered in the DESIGN error shape) or Grafana / the network in between. */
export type EngineErrorSource = 'engine' | 'grafana';

export class EngineError extends Error {
  readonly kind: EngineErrorKind;
  readonly status: number;
  readonly code?: string;
  readonly details?: unknown;
  readonly source: EngineErrorSource;

  constructor(init: {
    kind: EngineErrorKind;
    message: string;
    status: number;
    code?: string;
    details?: unknown;
    source: EngineErrorSource;
  }) {
    super(init.message);
    this.name = 'EngineError';
    this.kind = init.kind;
    this.status = init.status;
    this.code = init.code;
    this.details = init.details;
    this.source = init.source;
  }
}

interface EngineErrorBody {
  error: { code: string; message: string; details?: unknown };
}

function isEngineErrorBody(data: unknown): data is EngineErrorBody {
  if (typeof data !== 'object' || data === null || !('error' in data)) {
    return false;
  }
  const inner = (data as { error: unknown }).error;
  return typeof inner === 'object' && inner !== null && typeof (inner as { code?: unknown }).code === 'string';
}

function kindForStatus(status: number): EngineErrorKind {
  // Grafana's reverse proxy answers 502 when it cannot connect and 504 on timeout; status 0/-1 is a
  // browser-side network failure. 503 is an engine that is up but not ready.
  if (status <= 0 || status === 502 || status === 503 || status === 504) {
    return 'unreachable';
  }
  const byStatus: Record<number, EngineErrorKind> = {
    400: 'invalid',
    401: 'unauthenticated',
    403: 'forbidden',
    404: 'not_found',
    409: 'conflict',
    412: 'conflict',
    422: 'invalid',
  };
  return byStatus[status] ?? 'unknown';
}

function grafanaMessage(data: unknown, fallback: string): string {
  if (typeof data === 'object' && data !== null && typeof (data as { message?: unknown }).message === 'string') {
    return (data as { message: string }).message;
  }
  if (typeof data === 'string' && data.trim() !== '') {
    return data.trim().slice(0, 200);
  }
  return fallback;
}

/** Turns whatever getBackendSrv().fetch rejected with into an EngineError. */
export function toEngineError(error: unknown): EngineError {
  if (error instanceof EngineError) {
    return error;
  }
  if (isFetchError(error)) {
    const status = typeof error.status === 'number' ? error.status : 0;
    if (isEngineErrorBody(error.data)) {
      const { code, message, details } = error.data.error;
      return new EngineError({ kind: kindForStatus(status), message, status, code, details, source: 'engine' });
    }
    const message = grafanaMessage(error.data, error.statusText || error.message || `HTTP ${status}`);
    return new EngineError({ kind: kindForStatus(status), message, status, source: 'grafana' });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new EngineError({ kind: 'unreachable', message, status: 0, source: 'grafana' });
}

export interface EngineRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path under /api/v1 of the engine, e.g. `/agreements`. */
  path: string;
  params?: Record<string, string | number | boolean>;
  body?: unknown;
  /** Sent as If-Match: the engine answers 409 when the stored version differs. */
  ifMatch?: string | number;
}

export function engineUrl(path: string): string {
  return `${ENGINE_PROXY_BASE}/${path.replace(/^\/+/, '')}`;
}

export async function engineFetch<T>(request: EngineRequest): Promise<T> {
  const headers: Record<string, string> = {};
  if (request.ifMatch !== undefined) {
    headers['If-Match'] = String(request.ifMatch);
  }
  try {
    const response = await lastValueFrom(
      getBackendSrv().fetch<T>({
        url: engineUrl(request.path),
        method: request.method ?? 'GET',
        params: request.params,
        data: request.body,
        headers,
        // The app shows its own, specific messages; Grafana's generic toasts would duplicate them.
        showErrorAlert: false,
        showSuccessAlert: false,
      })
    );
    return response.data;
  } catch (error) {
    throw toEngineError(error);
  }
}

/**
 * Someone else saved the record after it was read: nothing was written. Carries the record as it
 * is now, so the page can show both versions and re-apply the user's changes on the latest.
 */
export class StaleVersionError<T> extends Error {
  readonly current: T;
  /** The engine's 409 answer. */
  readonly error: EngineError;

  constructor(current: T, error: EngineError) {
    super(error.message);
    this.name = 'StaleVersionError';
    this.current = current;
    this.error = error;
  }
}

/** Runs a write sent with If-Match; a stale version becomes a StaleVersionError with the current record. */
export async function writeWithVersion<T, R>(write: () => Promise<R>, reload: () => Promise<T>): Promise<R> {
  try {
    return await write();
  } catch (e) {
    const error = toEngineError(e);
    if (error.kind === 'conflict' && error.code === 'version_conflict') {
      throw new StaleVersionError(await reload(), error);
    }
    throw error;
  }
}

/** Query parameters without the empty ones: an empty filter means "any", not "equal to ''". */
export function queryParams(query: object): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(query)) {
    if ((typeof value === 'string' && value.trim() !== '') || typeof value === 'number') {
      params[key] = typeof value === 'string' ? value.trim() : value;
    }
  }
  return params;
}
