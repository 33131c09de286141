import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../store/schema';

export interface AuditInput {
  orgId: number;
  user: string;
  /** e.g. create, update, delete */
  action: string;
  /** e.g. service */
  resource: string;
  resourceId: string;
  before: unknown;
  after: unknown;
}

export const auditEntrySchema = z.strictObject({
  id: z.number().int(),
  at: z.iso.datetime(),
  user: z.string(),
  action: z.string(),
  resource: z.string(),
  resourceId: z.string(),
  before: z.unknown().describe('the record before the change; null on create'),
  after: z.unknown().describe('the record after the change; null on delete'),
});
export type AuditEntry = z.output<typeof auditEntrySchema>;

export const auditListQuerySchema = z.strictObject({
  limit: z
    .string()
    .regex(/^\d+$/, 'must be a positive integer')
    .transform(Number)
    .pipe(z.number().int().min(1).max(500))
    .default(100),
  before: z
    .string()
    .regex(/^\d+$/, 'must be an audit entry id')
    .transform(Number)
    .optional()
    .describe('cursor: only entries older than this id (use nextCursor of the previous page)'),
  resource: z.string().max(50).optional(),
  resourceId: z.string().max(200).optional(),
});
export type AuditListQuery = z.output<typeof auditListQuerySchema>;

export const auditListSchema = z.strictObject({
  items: z.array(auditEntrySchema),
  nextCursor: z.string().nullable().describe('pass as ?before= to get the next (older) page'),
});

/** Appends one entry; called inside the transaction of the change it records. */
export async function appendAudit(trx: Transaction<Database>, entry: AuditInput): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      org_id: entry.orgId,
      user_login: entry.user,
      action: entry.action,
      resource: entry.resource,
      resource_id: entry.resourceId,
      before: entry.before === undefined || entry.before === null ? null : JSON.stringify(entry.before),
      after: entry.after === undefined || entry.after === null ? null : JSON.stringify(entry.after),
    })
    .execute();
}

/** Newest first, one organisation only. */
export async function listAudit(
  db: Kysely<Database>,
  orgId: number,
  query: AuditListQuery
): Promise<z.output<typeof auditListSchema>> {
  let q = db.selectFrom('audit_log').selectAll().where('org_id', '=', orgId);
  if (query.before !== undefined) {
    q = q.where('id', '<', query.before as never);
  }
  if (query.resource !== undefined) {
    q = q.where('resource', '=', query.resource);
  }
  if (query.resourceId !== undefined) {
    q = q.where('resource_id', '=', query.resourceId);
  }
  const rows = await q.orderBy('id', 'desc').limit(query.limit + 1).execute();
  const items = rows.slice(0, query.limit).map((row) => ({
    id: Number(row.id),
    at: row.at.toISOString(),
    user: row.user_login,
    action: row.action,
    resource: row.resource,
    resourceId: row.resource_id,
    before: row.before ?? null,
    after: row.after ?? null,
  }));
  const nextCursor = rows.length > query.limit ? String(items[items.length - 1].id) : null;
  return { items, nextCursor };
}
