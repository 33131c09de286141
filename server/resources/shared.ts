/**
 * Building blocks shared by the engine's record resources (parties, contracts, requirements,
 * breaches, reviews, plans): list queries, record metadata, and the optimistic-locking write
 * steps (lock + version check, insert, update, delete), each with its audit row in the caller's
 * transaction. The table is named at run time, so these work on `Kysely<any>` internally.
 */
import { randomUUID } from 'node:crypto';
import { type Kysely, type SelectQueryBuilder, sql, type Transaction } from 'kysely';
import { z } from 'zod';
import { ApiError, notFound } from '../http/errors';
import type { Database } from '../store/schema';
import { appendAudit } from './audit/repository';

export const MAX_PAGE = 500;

const intParam = (min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a non-negative integer')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .default(fallback);

/** `limit` and `offset` of every list endpoint. */
export const pageQuery = {
  limit: intParam(1, MAX_PAGE, 50),
  offset: intParam(0, 1_000_000_000, 0),
};

export const searchParam = z.string().max(200).optional();

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.strictObject({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });

/** Output-only fields every record carries. */
export const recordMeta = {
  version: z.number().int().min(1).describe('optimistic-locking version; send it back in If-Match'),
  createdAt: z.iso.datetime(),
  createdBy: z.string(),
  updatedAt: z.iso.datetime(),
  updatedBy: z.string(),
};

/**
 * Identifiers chosen by people (contract references, review and plan ids): mixed case allowed,
 * since references like "CT-2026-001" come from documents.
 */
export const refSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/,
    'must be 1-100 characters: letters, digits, ".", "_" or "-", starting with a letter or digit'
  );

/** A calendar date; validated as a real date, not only by shape. */
export const dateSchema = z.iso.date();

export const text = (max: number) => z.string().max(max);
export const nonEmptyText = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

export function newId(): string {
  return randomUUID();
}

/** `%` and `_` in a search term are literal text, not wildcards. */
export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
}

interface MetaRow {
  version: number;
  created_at: Date;
  created_by: string;
  updated_at: Date;
  updated_by: string;
}

export function metaOf(row: MetaRow) {
  return {
    version: row.version,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by,
  };
}

/** How a resource maps onto its table. */
export interface RecordTable<T extends { version: number }> {
  table: string;
  /** The column holding the record's id within an organisation. */
  idColumn: string;
  /** The resource name in the audit log, e.g. "party". */
  resource: string;
  /** "party \"acme\"": used in error messages. */
  describe(id: string): string;
  toApi(row: any): T;
}

const any = (db: Kysely<Database> | Transaction<Database>) => db as unknown as Kysely<any>;

export async function findRecord<T extends { version: number }>(
  db: Kysely<Database>,
  t: RecordTable<T>,
  orgId: number,
  id: string
): Promise<T | undefined> {
  const row = await any(db).selectFrom(t.table).selectAll().where('org_id', '=', orgId).where(t.idColumn, '=', id).executeTakeFirst();
  return row && t.toApi(row);
}

export async function getRecord<T extends { version: number }>(
  db: Kysely<Database>,
  t: RecordTable<T>,
  orgId: number,
  id: string
): Promise<T> {
  const found = await findRecord(db, t, orgId, id);
  if (!found) {
    throw notFound(t.describe(id), { id });
  }
  return found;
}

export function versionConflict(what: string, expected: number, current: number, details: Record<string, unknown> = {}): ApiError {
  return new ApiError(
    409,
    'version_conflict',
    `${what} was changed by someone else: you sent version ${expected}, the current version is ${current}; reload and retry`,
    { ...details, expectedVersion: expected, currentVersion: current }
  );
}

/** Locks the row for the rest of the transaction and checks the version the client read. */
export async function lockRecord<T extends { version: number }>(
  trx: Transaction<Database>,
  t: RecordTable<T>,
  orgId: number,
  id: string,
  expectedVersion: number
): Promise<T> {
  const row = await any(trx)
    .selectFrom(t.table)
    .selectAll()
    .where('org_id', '=', orgId)
    .where(t.idColumn, '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) {
    throw notFound(t.describe(id), { id });
  }
  if (row.version !== expectedVersion) {
    throw versionConflict(t.describe(id), expectedVersion, row.version, { id });
  }
  return t.toApi(row);
}

/** Inserts a new record (409 `conflict` when the id is taken) and audits it. */
export async function insertRecord<T extends { version: number }>(
  trx: Transaction<Database>,
  t: RecordTable<T>,
  writer: { orgId: number; user: string },
  id: string,
  columns: Record<string, unknown>
): Promise<T> {
  const row = await any(trx)
    .insertInto(t.table)
    .values({ org_id: writer.orgId, [t.idColumn]: id, ...columns, created_by: writer.user, updated_by: writer.user })
    .onConflict((oc) => oc.columns(['org_id', t.idColumn]).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) {
    throw new ApiError(409, 'conflict', `${t.describe(id)} already exists`, { id });
  }
  const created = t.toApi(row);
  await appendAudit(trx, { orgId: writer.orgId, user: writer.user, action: 'create', resource: t.resource, resourceId: id, before: null, after: created });
  return created;
}

/** Writes new column values over a record locked by lockRecord, bumps its version and audits it. */
export async function updateRecord<T extends { version: number }>(
  trx: Transaction<Database>,
  t: RecordTable<T>,
  writer: { orgId: number; user: string },
  id: string,
  before: T,
  columns: Record<string, unknown>,
  action = 'update'
): Promise<T> {
  const row = await any(trx)
    .updateTable(t.table)
    .set({ ...columns, version: before.version + 1, updated_at: sql`now()`, updated_by: writer.user })
    .where('org_id', '=', writer.orgId)
    .where(t.idColumn, '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const after = t.toApi(row);
  await appendAudit(trx, { orgId: writer.orgId, user: writer.user, action, resource: t.resource, resourceId: id, before, after });
  return after;
}

/** Deletes a record locked by lockRecord and audits it. */
export async function deleteRecord<T extends { version: number }>(
  trx: Transaction<Database>,
  t: RecordTable<T>,
  writer: { orgId: number; user: string },
  id: string,
  before: T
): Promise<void> {
  await any(trx).deleteFrom(t.table).where('org_id', '=', writer.orgId).where(t.idColumn, '=', id).execute();
  await appendAudit(trx, { orgId: writer.orgId, user: writer.user, action: 'delete', resource: t.resource, resourceId: id, before, after: null });
}

/** Runs a filtered list query as a page (items in `order`, plus the total count). */
export async function pageOf<T extends { version: number }>(
  base: SelectQueryBuilder<any, any, any>,
  t: RecordTable<T>,
  query: { limit: number; offset: number },
  order: Array<string | [string, 'asc' | 'desc']>
): Promise<Page<T>> {
  let items = base.selectAll();
  for (const column of order) {
    items = typeof column === 'string' ? items.orderBy(column) : items.orderBy(column[0], column[1]);
  }
  const [rows, count] = await Promise.all([
    items.limit(query.limit).offset(query.offset).execute(),
    base.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => t.toApi(r)), total: Number(count.n), limit: query.limit, offset: query.offset };
}

/** The org-scoped base query of a list. */
export function scoped(db: Kysely<Database>, table: string, orgId: number): SelectQueryBuilder<any, any, any> {
  return any(db).selectFrom(table).where('org_id', '=', orgId);
}

/** Path ids that cannot be valid are "not found", like ids that do not exist. */
export function pathParam(params: unknown, name: string, schema: z.ZodType, what: (id: string) => string): string {
  const value = (params as Record<string, string>)[name];
  if (!schema.safeParse(value).success) {
    throw notFound(what(value), { id: value });
  }
  return value;
}

/** A 400 in the validation shape for a rule zod cannot see (e.g. a reference to another record). */
export function invalidField(path: string, message: string, details: Record<string, unknown> = {}): ApiError {
  return new ApiError(400, 'validation_failed', `invalid request body: ${path}: ${message}`, {
    ...details,
    issues: [{ path, code: 'custom', message }],
  });
}

/** A body field that names the record must equal the path (ids never change). */
export function sameId(pathId: string, bodyId: string | undefined, field: string): void {
  if (bodyId !== undefined && bodyId !== pathId) {
    throw new ApiError(400, 'validation_failed', `the ${field} of a record cannot change (path "${pathId}", body "${bodyId}")`, {
      issues: [{ path: field, code: 'custom', message: 'must equal the id in the path' }],
    });
  }
}

export const json = (value: unknown): string => JSON.stringify(value);
