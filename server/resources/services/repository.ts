import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import { ApiError, notFound } from '../../http/errors';
import type { Database, ServicesTable } from '../../store/schema';
import { appendAudit } from '../audit/repository';
import type { Service, ServiceInput, ServiceListQuery } from './schema';

const RESOURCE = 'service';

function toService(row: Selectable<ServicesTable>): Service {
  return {
    key: row.key,
    name: row.name,
    description: row.description,
    category: row.category,
    features: row.features as string[],
    usageScenarios: row.usage_scenarios as string[],
    ownerTeam: row.owner_team,
    lifecycle: row.lifecycle,
    serviceHours: row.service_hours as Service['serviceHours'],
    dependencies: row.dependencies as string[],
    dashboards: row.dashboards as Service['dashboards'],
    version: row.version,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by,
  };
}

/** The content columns, shared by insert and replace. */
function contentColumns(input: Omit<ServiceInput, 'key'>) {
  return {
    name: input.name,
    description: input.description,
    category: input.category,
    features: JSON.stringify(input.features),
    usage_scenarios: JSON.stringify(input.usageScenarios),
    owner_team: input.ownerTeam,
    lifecycle: input.lifecycle,
    service_hours: JSON.stringify(input.serviceHours),
    dependencies: JSON.stringify(input.dependencies),
    dashboards: JSON.stringify(input.dashboards),
  };
}

/** `%` and `_` in a search term are literal text, not wildcards. */
function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
}

export async function listServices(
  db: Kysely<Database>,
  orgId: number,
  query: ServiceListQuery
): Promise<{ items: Service[]; total: number; limit: number; offset: number }> {
  let base = db.selectFrom('services').where('org_id', '=', orgId);
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
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy('key').limit(query.limit).offset(query.offset).execute(),
    base.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toService), total: Number(count.n), limit: query.limit, offset: query.offset };
}

export async function getService(db: Kysely<Database>, orgId: number, key: string): Promise<Service | undefined> {
  const row = await db.selectFrom('services').selectAll().where('org_id', '=', orgId).where('key', '=', key).executeTakeFirst();
  return row && toService(row);
}

export async function createService(
  trx: Transaction<Database>,
  orgId: number,
  user: string,
  input: ServiceInput
): Promise<Service> {
  const row = await trx
    .insertInto('services')
    .values({ org_id: orgId, key: input.key, ...contentColumns(input), created_by: user, updated_by: user })
    .onConflict((oc) => oc.columns(['org_id', 'key']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) {
    throw new ApiError(409, 'conflict', `a service with key "${input.key}" already exists`, { key: input.key });
  }
  const created = toService(row);
  await appendAudit(trx, { orgId, user, action: 'create', resource: RESOURCE, resourceId: input.key, before: null, after: created });
  return created;
}

/** Locks the row and checks the version the client read; 404 or 409 otherwise. */
async function lockForWrite(
  trx: Transaction<Database>,
  orgId: number,
  key: string,
  expectedVersion: number
): Promise<Service> {
  const row = await trx
    .selectFrom('services')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('key', '=', key)
    .forUpdate()
    .executeTakeFirst();
  if (!row) {
    throw notFound(`service "${key}"`, { key });
  }
  if (row.version !== expectedVersion) {
    throw new ApiError(
      409,
      'version_conflict',
      `service "${key}" was changed by someone else: you sent version ${expectedVersion}, the current version is ${row.version}; reload and retry`,
      { key, expectedVersion, currentVersion: row.version }
    );
  }
  return toService(row);
}

export async function replaceService(
  trx: Transaction<Database>,
  orgId: number,
  user: string,
  key: string,
  expectedVersion: number,
  input: Omit<ServiceInput, 'key'>
): Promise<Service> {
  const before = await lockForWrite(trx, orgId, key, expectedVersion);
  const row = await trx
    .updateTable('services')
    .set({ ...contentColumns(input), version: before.version + 1, updated_at: sql<Date>`now()` as never, updated_by: user })
    .where('org_id', '=', orgId)
    .where('key', '=', key)
    .returningAll()
    .executeTakeFirstOrThrow();
  const after = toService(row);
  await appendAudit(trx, { orgId, user, action: 'update', resource: RESOURCE, resourceId: key, before, after });
  return after;
}

export async function deleteService(
  trx: Transaction<Database>,
  orgId: number,
  user: string,
  key: string,
  expectedVersion: number
): Promise<void> {
  const before = await lockForWrite(trx, orgId, key, expectedVersion);
  await trx.deleteFrom('services').where('org_id', '=', orgId).where('key', '=', key).execute();
  await appendAudit(trx, { orgId, user, action: 'delete', resource: RESOURCE, resourceId: key, before, after: null });
}
