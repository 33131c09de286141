import type { AgreementState } from '../domain';
import { engineFetch, queryParams, toEngineError, writeWithVersion } from './engineClient';
import { type AgreementStatus, listEvaluations } from './monitoring';

export type ServiceLifecycle = 'planned' | 'live' | 'retired';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Same shape as `spec.serviceHours` of the agreement YAML; an empty list means 24x7. */
export interface ServiceHours {
  days: Weekday[];
  /** "HH:MM" local time, 00:00–24:00. */
  from: string;
  to: string;
}

export interface DashboardLink {
  uid: string;
  title?: string;
}

/** What a person edits: the body of POST /services and PUT /services/:key. */
export interface ServiceInput {
  key: string;
  name: string;
  description: string;
  category: string;
  features: string[];
  usageScenarios: string[];
  /** Party key of the owning team. */
  ownerTeam: string | null;
  lifecycle: ServiceLifecycle;
  serviceHours: ServiceHours[];
  /** Keys of the catalog services this one depends on. */
  dependencies: string[];
  dashboards: DashboardLink[];
}

/** A service of the catalog, as the engine stores it. */
export interface CatalogService extends Partial<Omit<ServiceInput, 'key' | 'name' | 'lifecycle'>> {
  key: string;
  name: string;
  lifecycle: ServiceLifecycle;
  version: number;
  createdAt?: string;
  createdBy?: string;
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
  owner?: string;
  limit?: number;
  offset?: number;
}

export function listServices(query: ServiceQuery = {}): Promise<ServicePage> {
  return engineFetch<ServicePage>({ path: '/services', params: queryParams(query) });
}

const servicePath = (key: string) => `/services/${encodeURIComponent(key)}`;

export function getService(key: string): Promise<CatalogService> {
  return engineFetch<CatalogService>({ path: servicePath(key) });
}

export function createService(input: ServiceInput): Promise<CatalogService> {
  return engineFetch<CatalogService>({ method: 'POST', path: '/services', body: input });
}

/** PUT /services/:key with If-Match = the version the user edited; stale → StaleVersionError<CatalogService>. */
export function replaceService(input: ServiceInput, version: number): Promise<CatalogService> {
  return writeWithVersion(
    () => engineFetch<CatalogService>({ method: 'PUT', path: servicePath(input.key), body: input, ifMatch: version }),
    () => getService(input.key)
  );
}

/** DELETE /services/:key with If-Match; stale → StaleVersionError<CatalogService>. */
export function deleteService(key: string, version: number): Promise<void> {
  return writeWithVersion(
    () => engineFetch<void>({ method: 'DELETE', path: servicePath(key), ifMatch: version }),
    () => getService(key)
  );
}

/** The editable content of a stored service, with the defaults the engine applies for missing fields. */
export function serviceInputOf(service: CatalogService): ServiceInput {
  return {
    key: service.key,
    name: service.name,
    description: service.description ?? '',
    category: service.category ?? '',
    features: service.features ?? [],
    usageScenarios: service.usageScenarios ?? [],
    ownerTeam: service.ownerTeam ?? null,
    lifecycle: service.lifecycle,
    serviceHours: service.serviceHours ?? [],
    dependencies: service.dependencies ?? [],
    dashboards: service.dashboards ?? [],
  };
}

// ---------------------------------------------------------------------------------------------
// Live state of the agreements covering a service, from the monitor (GET /monitoring/evaluations).

export type LiveState = AgreementState;

export type LiveStates =
  | { available: true; byAgreement: Record<string, AgreementStatus> }
  | { available: false; reason: 'not_monitored' | 'failed'; message: string };

/**
 * The latest evaluation of every monitored agreement of a service. 404 and 501 (an engine
 * without the monitor, or monitoring switched off) and any other failure are "unavailable", never
 * an error of the page: the catalog is useful without live state.
 */
export async function liveStatesOfService(key: string): Promise<LiveStates> {
  try {
    const page = await listEvaluations({ service: key, limit: 500 });
    const byAgreement: Record<string, AgreementStatus> = {};
    for (const status of page.items) {
      byAgreement[status.agreementId] = status;
    }
    return { available: true, byAgreement };
  } catch (e) {
    const error = toEngineError(e);
    const notMonitored = error.status === 404 || error.status === 501;
    return { available: false, reason: notMonitored ? 'not_monitored' : 'failed', message: error.message };
  }
}
