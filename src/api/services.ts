import { engineFetch } from './engineClient';

export type ServiceLifecycle = 'planned' | 'live' | 'retired';

/** A service of the catalog, as the engine stores it. */
export interface CatalogService {
  key: string;
  name: string;
  description?: string;
  category?: string;
  features?: string[];
  usageScenarios?: string[];
  ownerTeam?: string;
  lifecycle: ServiceLifecycle;
  dependencies?: string[];
  version: number;
  updatedAt?: string;
  updatedBy?: string;
}

export interface ServicePage {
  items: CatalogService[];
  total: number;
  limit: number;
  offset: number;
}

export interface ServiceQuery {
  q?: string;
  lifecycle?: ServiceLifecycle;
  limit?: number;
  offset?: number;
}

export function listServices(query: ServiceQuery = {}): Promise<ServicePage> {
  const params: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') {
      params[key] = value;
    }
  }
  return engineFetch<ServicePage>({ path: '/services', params });
}
