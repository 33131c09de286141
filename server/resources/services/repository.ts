import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../store/schema';
import {
  deleteRecord,
  findRecord,
  insertRecord,
  json,
  likePattern,
  lockRecord,
  metaOf,
  type Page,
  pageOf,
  type RecordTable,
  scoped,
  updateRecord,
} from '../shared';
import type { Service, ServiceInput, ServiceListQuery } from './schema';

export const services: RecordTable<Service> = {
  table: 'services',
  idColumn: 'key',
  resource: 'service',
  describe: (key) => `service "${key}"`,
  toApi: (row): Service => ({
    key: row.key,
    name: row.name,
    description: row.description,
    category: row.category,
    features: row.features,
    usageScenarios: row.usage_scenarios,
    ownerTeam: row.owner_team,
    lifecycle: row.lifecycle,
    serviceHours: row.service_hours,
    dependencies: row.dependencies,
    dashboards: row.dashboards,
    ...metaOf(row),
  }),
};

/** The content columns, shared by insert and replace. */
const columns = (input: Omit<ServiceInput, 'key'>) => ({
  name: input.name,
  description: input.description,
  category: input.category,
  features: json(input.features),
  usage_scenarios: json(input.usageScenarios),
  owner_team: input.ownerTeam,
  lifecycle: input.lifecycle,
  service_hours: json(input.serviceHours),
  dependencies: json(input.dependencies),
  dashboards: json(input.dashboards),
});

export async function listServices(
  db: Kysely<Database>,
  orgId: number,
  query: ServiceListQuery
): Promise<Page<Service>> {
  let base = scoped(db, 'services', orgId);
  if (query.q) {
    const pattern = likePattern(query.q);
    base = base.where((eb) =>
      eb.or([eb('key', 'ilike', pattern), eb('name', 'ilike', pattern), eb('description', 'ilike', pattern)])
    );
  }
  if (query.lifecycle) {
    base = base.where('lifecycle', '=', query.lifecycle);
  }
  if (query.owner) {
    base = base.where('owner_team', '=', query.owner);
  }
  return pageOf(base, services, query, ['key']);
}

export const getService = (db: Kysely<Database>, orgId: number, key: string) => findRecord(db, services, orgId, key);

export function createService(
  trx: Transaction<Database>,
  orgId: number,
  user: string,
  input: ServiceInput
): Promise<Service> {
  return insertRecord(trx, services, { orgId, user }, input.key, columns(input));
}

export async function replaceService(
  trx: Transaction<Database>,
  orgId: number,
  user: string,
  key: string,
  expectedVersion: number,
  input: Omit<ServiceInput, 'key'>
): Promise<Service> {
  const before = await lockRecord(trx, services, orgId, key, expectedVersion);
  return updateRecord(trx, services, { orgId, user }, key, before, columns(input));
}

export async function deleteService(
  trx: Transaction<Database>,
  orgId: number,
  user: string,
  key: string,
  expectedVersion: number
): Promise<void> {
  const before = await lockRecord(trx, services, orgId, key, expectedVersion);
  await deleteRecord(trx, services, { orgId, user }, key, before);
}
