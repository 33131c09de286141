/** Grafana's failures as engine answers: a 4xx that names what to fix, never a 500. */
import { ApiError, type ErrorCode } from '../http/errors';
import { GrafanaApiError } from './client';

// Codes named here until server/http/errors.ts lists them in ErrorCode.
export const TOKEN_REJECTED = 'grafana_token_rejected' as ErrorCode;
export const UNREACHABLE = 'grafana_unreachable' as ErrorCode;

/** Maps an error of a call to Grafana (on behalf of a request) to the engine's error shape; anything else is rethrown. */
export function grafanaFailure(error: unknown, grafanaUrl: string, doing: string): ApiError {
  if (!(error instanceof GrafanaApiError)) {
    throw error;
  }
  const details = { grafanaUrl, grafanaStatus: error.status, grafanaAnswer: error.body ?? null };
  if (error.status === 401 || error.status === 403) {
    return new ApiError(
      422,
      TOKEN_REJECTED,
      `Grafana refused the monitoring token while ${doing} (HTTP ${error.status}): reconnect monitoring from the app configuration page`,
      details
    );
  }
  return new ApiError(424, UNREACHABLE, `Grafana failed while ${doing}: ${error.message}`, details);
}
