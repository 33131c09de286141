import { engineFetch } from '../../api/engineClient';

export interface ServiceWithDashboards {
  key: string;
  name: string;
  dashboards?: Array<{ uid: string; title?: string }>;
}

/** The agreement's catalog service, for its name and the Grafana dashboards it links to. */
export function getService(key: string): Promise<ServiceWithDashboards> {
  return engineFetch<ServiceWithDashboards>({ path: `/services/${encodeURIComponent(key)}` });
}
