import type { Kysely, Transaction } from 'kysely';
import { ApiError } from '../../http/errors';
import type { Database } from '../../store/schema';
import { appendAudit } from '../audit/repository';
import {
  getRecord,
  invalidField,
  json,
  lockRecord,
  metaOf,
  newId,
  type Page,
  pageOf,
  type RecordTable,
  scoped,
  updateRecord,
} from '../shared';
import type { Breach, BreachListQuery, BreachPatch, BreachRecord } from './schema';

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

export const breaches: RecordTable<Breach> = {
  table: 'breaches',
  idColumn: 'id',
  resource: 'breach',
  describe: (id) => `breach "${id}"`,
  toApi: (row): Breach => ({
    id: row.id,
    agreementId: row.agreement_id,
    targetId: row.target_id,
    period: { from: row.period_from.toISOString(), to: row.period_to.toISOString() },
    measured: row.measured,
    objective: row.objective,
    badIntervals: row.bad_intervals,
    status: row.status,
    report: row.report,
    notified: row.notified,
    improvementPlanIds: row.improvement_plan_ids,
    acknowledgedAt: iso(row.acknowledged_at),
    acknowledgedBy: row.acknowledged_by,
    resolvedAt: iso(row.resolved_at),
    resolvedBy: row.resolved_by,
    ...metaOf(row),
  }),
};

type Writer = { orgId: number; user: string };
const any = (db: Kysely<Database> | Transaction<Database>) => db as unknown as Kysely<any>;

export async function listBreaches(db: Kysely<Database>, orgId: number, query: BreachListQuery): Promise<Page<Breach>> {
  let base = scoped(db, 'breaches', orgId);
  if (query.status) {
    base = base.where('status', '=', query.status);
  }
  if (query.agreement) {
    base = base.where('agreement_id', '=', query.agreement);
  }
  if (query.target) {
    base = base.where('target_id', '=', query.target);
  }
  return pageOf(base, breaches, query, [['period_from', 'desc'], 'agreement_id', 'target_id', 'id']);
}

export const getBreach = (db: Kysely<Database>, orgId: number, id: string) => getRecord(db, breaches, orgId, id);

/**
 * Records a breach once per agreement, target and period start: a repeat (e.g. the next
 * evaluation of the same period) returns the existing breach and writes nothing.
 */
export async function recordBreach(trx: Transaction<Database>, writer: Writer, input: BreachRecord): Promise<{ breach: Breach; created: boolean }> {
  const row = await any(trx)
    .insertInto('breaches')
    .values({
      org_id: writer.orgId,
      id: newId(),
      agreement_id: input.agreementId,
      target_id: input.targetId,
      period_from: new Date(input.period.from).toISOString(),
      period_to: new Date(input.period.to).toISOString(),
      measured: input.measured,
      objective: input.objective,
      bad_intervals: json(input.badIntervals),
      created_by: writer.user,
      updated_by: writer.user,
    })
    .onConflict((oc) => oc.columns(['org_id', 'agreement_id', 'target_id', 'period_from']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (row) {
    const breach = breaches.toApi(row);
    await appendAudit(trx, { orgId: writer.orgId, user: writer.user, action: 'create', resource: 'breach', resourceId: breach.id, before: null, after: breach });
    return { breach, created: true };
  }
  const existing = await any(trx)
    .selectFrom('breaches')
    .selectAll()
    .where('org_id', '=', writer.orgId)
    .where('agreement_id', '=', input.agreementId)
    .where('target_id', '=', input.targetId)
    .where('period_from', '=', new Date(input.period.from).toISOString())
    .executeTakeFirstOrThrow();
  return { breach: breaches.toApi(existing), created: false };
}

/** open → acknowledged → resolved; anything else is refused. */
const TRANSITIONS = {
  acknowledge: { from: 'open', to: 'acknowledged', at: 'acknowledged_at', by: 'acknowledged_by' },
  resolve: { from: 'acknowledged', to: 'resolved', at: 'resolved_at', by: 'resolved_by' },
} as const;
export type BreachTransition = keyof typeof TRANSITIONS;

export async function transitionBreach(
  trx: Transaction<Database>,
  writer: Writer,
  id: string,
  version: number,
  action: BreachTransition
): Promise<Breach> {
  const step = TRANSITIONS[action];
  const before = await lockRecord(trx, breaches, writer.orgId, id, version);
  if (before.status !== step.from) {
    throw new ApiError(409, 'conflict', `cannot ${action} breach "${id}": it is ${before.status}, and only an ${step.from} breach can be ${step.to}`, {
      reason: 'illegal_transition',
      id,
      status: before.status,
      allowedFrom: step.from,
    });
  }
  return updateRecord(trx, breaches, writer, id, before, { status: step.to, [step.at]: new Date().toISOString(), [step.by]: writer.user }, action);
}

export async function patchBreach(trx: Transaction<Database>, writer: Writer, id: string, version: number, patch: BreachPatch): Promise<Breach> {
  const before = await lockRecord(trx, breaches, writer.orgId, id, version);
  if (patch.improvementPlanIds?.length) {
    const found = await any(trx).selectFrom('plans').select('id').where('org_id', '=', writer.orgId).where('id', 'in', patch.improvementPlanIds).execute();
    const missing = patch.improvementPlanIds.filter((p) => !found.some((f) => f.id === p));
    if (missing.length) {
      throw invalidField('improvementPlanIds', `no improvement plan ${missing.map((m) => `"${m}"`).join(', ')}`, { missing });
    }
  }
  return updateRecord(trx, breaches, writer, id, before, {
    ...(patch.report !== undefined ? { report: patch.report === null ? null : json(patch.report) } : {}),
    ...(patch.improvementPlanIds !== undefined ? { improvement_plan_ids: json(patch.improvementPlanIds) } : {}),
  });
}
