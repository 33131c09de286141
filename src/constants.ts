import pluginJson from './plugin.json';

export const PLUGIN_ID = pluginJson.id;

export const PLUGIN_BASE_URL = `/a/${PLUGIN_ID}`;

/** Route segments under PLUGIN_BASE_URL; the same slugs are the page paths in plugin.json. */
export const ROUTES = {
  Overview: 'overview',
  ServiceCatalog: 'catalog',
  Agreements: 'agreements',
  ContractsRequirements: 'contracts',
  Breaches: 'breaches',
  Reviews: 'reviews',
  ImprovementPlans: 'plans',
  Parties: 'parties',
} as const;

export type RouteKey = keyof typeof ROUTES;

export const ENGINE_PROXY_BASE = `/api/plugin-proxy/${PLUGIN_ID}/api/v1`;

export const DEFAULT_ENGINE_URL = 'http://localhost:8787';

export function prefixRoute(route: string): string {
  return `${PLUGIN_BASE_URL}/${route}`;
}

/** The app's configuration page in Grafana (engine connection, monitoring). */
export const APP_CONFIG_URL = `/plugins/${PLUGIN_ID}`;

export const breachUrl = (id: string) => `${prefixRoute(ROUTES.Breaches)}/${encodeURIComponent(id)}`;

export const agreementPageUrl = (id: string, tab?: string) =>
  `${prefixRoute(ROUTES.Agreements)}/${encodeURIComponent(id)}${tab ? `?tab=${encodeURIComponent(tab)}` : ''}`;

export const planUrl = (id: string) => `${prefixRoute(ROUTES.ImprovementPlans)}/${encodeURIComponent(id)}`;

export const reviewUrl = (id: string) => `${prefixRoute(ROUTES.Reviews)}/${encodeURIComponent(id)}`;
