import { EngineError, engineFetch } from './engineClient';

/** GET /monitoring/connection: how the engine reaches Grafana for monitoring (never the token). */
export interface MonitoringConnection {
  connected: boolean;
  grafanaUrl: string | null;
  serviceAccountId: number | null;
  connectedBy: string | null;
  connectedAt: string | null;
  /** connection: made on this page; environment: SLM_GRAFANA_URL/SLM_GRAFANA_TOKEN of the engine. */
  source: 'connection' | 'environment' | null;
  /** 0 while nothing is stored; sent back as If-Match. */
  version: number;
  /** Why a stored connection cannot be used (e.g. the engine's shared secret changed). */
  problem: string | null;
}

export interface ConnectionInput {
  grafanaUrl: string;
  token: string;
  serviceAccountId: number;
}

/** The part of GET /monitoring/status this page shows. */
export interface MonitoringCycle {
  lastCycle: { startedAt: string; finishedAt: string; agreements: number; failed: number } | null;
  monitoredAgreements: number;
}

const PATH = '/monitoring/connection';

export function getMonitoringConnection(): Promise<MonitoringConnection> {
  return engineFetch<MonitoringConnection>({ path: PATH });
}

export function putMonitoringConnection(input: ConnectionInput, version: number): Promise<MonitoringConnection> {
  return engineFetch<MonitoringConnection>({ method: 'PUT', path: PATH, body: input, ifMatch: version });
}

export function deleteMonitoringConnection(version: number): Promise<void> {
  return engineFetch<void>({ method: 'DELETE', path: PATH, ifMatch: version });
}

/** The scheduler's last cycle, or null when the engine does not report it (an engine without monitoring). */
export async function getMonitoringCycle(): Promise<MonitoringCycle | null> {
  try {
    return await engineFetch<MonitoringCycle>({ path: '/monitoring/status' });
  } catch (error) {
    if (error instanceof EngineError && error.kind === 'not_found') {
      return null;
    }
    throw error;
  }
}
