import { EngineError, engineFetch } from './engineClient';

export const ENGINE_NAME = 'slm-engine';
export const MIN_ENGINE_API_VERSION = 1;

export type EnginePermission = 'read' | 'manage' | 'monitor' | 'own';

export interface EngineInfo {
  name: string;
  version: string;
  apiVersion: number;
  user: string;
  orgId: number;
  permission: EnginePermission;
}

function isEngineInfo(data: unknown): data is EngineInfo {
  if (typeof data !== 'object' || data === null) {
    return false;
  }
  const info = data as Record<string, unknown>;
  return typeof info.name === 'string' && typeof info.version === 'string' && typeof info.apiVersion === 'number';
}

/**
 * Asks the engine who it is, through the plugin proxy. Rejects with an EngineError whose kind is
 * `invalid` when something answered that is not an SLM engine, and `too_old` when the engine
 * predates /info or speaks an older API version than this app needs.
 */
export async function getEngineInfo(): Promise<EngineInfo> {
  let data: unknown;
  try {
    data = await engineFetch<unknown>({ path: '/info' });
  } catch (error) {
    throw asTooOldWhenInfoIsMissing(error);
  }
  if (!isEngineInfo(data) || data.name !== ENGINE_NAME) {
    const name = typeof data === 'object' && data !== null ? (data as { name?: unknown }).name : undefined;
    throw new EngineError({
      kind: 'invalid',
      message: 'not an SLM engine',
      status: 200,
      details: { name: typeof name === 'string' ? name : undefined },
      source: 'engine',
    });
  }
  if (data.apiVersion < MIN_ENGINE_API_VERSION) {
    throw new EngineError({
      kind: 'too_old',
      message: `engine API version ${data.apiVersion} is older than ${MIN_ENGINE_API_VERSION}`,
      status: 200,
      details: { version: data.version, apiVersion: data.apiVersion },
      source: 'engine',
    });
  }
  return data;
}

const GRAFANA_ROUTE_MISSING = /plugin route match not found|plugin not found/i;

/**
 * A 404 on /info has three readings: the SLM engine answered in its own error shape (it predates
 * /info: too old); Grafana answered that it has no such route (it runs an older plugin.json:
 * stays not_found); anything else answered (the URL points at some other server: invalid).
 */
function asTooOldWhenInfoIsMissing(error: unknown): unknown {
  if (!(error instanceof EngineError) || error.kind !== 'not_found') {
    return error;
  }
  if (error.source === 'engine') {
    return new EngineError({
      kind: 'too_old',
      message: error.message,
      status: error.status,
      details: { version: undefined, apiVersion: undefined },
      source: 'engine',
    });
  }
  if (GRAFANA_ROUTE_MISSING.test(error.message)) {
    return error;
  }
  return new EngineError({
    kind: 'invalid',
    message: 'not an SLM engine',
    status: error.status,
    details: { name: undefined },
    source: 'grafana',
  });
}
