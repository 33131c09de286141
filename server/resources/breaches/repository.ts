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
    severity: row.severity,
    agreementType: row.agreement_type,
    service: row.service,
    provider: row.provider,
    counterparty: row.counterparty,
    assignee: row.assignee,
    currentState: row.current_state,
    coverage: row.coverage,
    lastEvaluatedAt: iso(row.last_evaluated_at),
    ...metaOf(row),
  }),
};

type Writer = { orgId: number; user: string };
const any = (db: Kysely<Database> | Transaction<Database>) => db as unknown as Kysely<any>;

export async function listBreaches(db: Kysely<Database>, orgId: number, query: BreachListQuery): Promise<Page<Breach>> {
  let base = scoped(db, 'breaches', orgId);
  if (query.status) {
    base = base.where('status', 'in', query.status);
  }
  if (query.agreement) {
    base = base.where('agreement_id', '=', query.agreement);
  }
  if (query.target) {
    base = base.where('target_id', '=', query.target);
  }
  if (query.severity) {
    base = base.where('severity', '=', query.severity);
  }
  if (query.type) {
    base = base.where('agreement_type', '=', query.type);
  }
  if (query.service) {
    base = base.where('service', '=', query.service);
  }
  if (query.party) {
    const party = query.party;
    base = base.where((eb: any) => eb.or([eb('provider', '=', party), eb('counterparty', '=', party)]));
  }
  return pageOf(base, breaches, query, [['period_from', 'desc'], ['created_at', 'desc'], 'agreement_id', 'target_id', 'id']);
}

export const getBreach = (db: Kysely<Database>, orgId: number, id: string) => getRecord(db, breaches, orgId, id);

/**
 * Records a breach once per agreement, target and period start: a repeat (e.g. the next
 * evaluation of the same period) returns the existing breach and writes nothing.
 */
export async function recordBreach(trx: Transaction<Database>, writer: Writer, input: BreachRecord): Promise<{ breach: Breach; created: boolean }> {
  const agreement = await agreementMeta(trx, writer.orgId, input.agreementId);
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
      ...agreement,
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

/** The agreement's type, service and parties copied onto its breaches (for filters and reports); empty when unknown. */
async function agreementMeta(trx: Transaction<Database>, orgId: number, agreementId: string) {
  const a = await trx
    .selectFrom('agreements')
    .select(['type', 'service', 'provider', 'counterparty'])
    .where('org_id', '=', orgId)
    .where('id', '=', agreementId)
    .executeTakeFirst();
  return a ? { agreement_type: a.type, service: a.service, provider: a.provider, counterparty: a.counterparty } : {};
}

/** What the monitor knows about a target when it evaluates it. */
export interface MonitoredTarget {
  agreement: { id: string; type: 'SLA' | 'OLA' | 'UC'; service: string; provider: string; counterparty: string };
  targetId: string;
  /** The calendar period, or for a rolling window the window at evaluation time. */
  period: { from: number; to: number };
  rolling: boolean;
  state: 'met' | 'at_risk' | 'breached' | 'no_data';
  compliance: number | null;
  objective: number;
  coverage: number | null;
  badIntervals: Array<{ from: number; to: number }>;
  /** False when the evaluation is missing fetched data (datasource error): then nothing is created or escalated. */
  mayEscalate: boolean;
  at: Date;
}

const MONITOR_USER = 'slm-monitor';
const severityOf = (state: MonitoredTarget['state']) => (state === 'breached' ? 'breached' : state === 'at_risk' ? 'at_risk' : null);

/**
 * Keeps the breach record of a monitored target in step with its latest evaluation: created the
 * first time the target is at risk or breached in a period (once: unique per agreement, target
 * and period start), escalated at_risk → breached, never downgraded; measured, coverage and
 * current state follow every evaluation. The version (and an audit entry) moves only when what a
 * person acts on changes (severity, bad intervals, state), so that people editing the report do
 * not collide with every cycle. A rolling window's breach is one episode: the latest unresolved
 * breach of the target is extended until it is resolved.
 */
export async function syncMonitoredBreach(trx: Transaction<Database>, orgId: number, m: MonitoredTarget, known?: any): Promise<{ created: boolean; changed: boolean }> {
  let existing = known;
  if (existing === undefined) {
    let q = any(trx).selectFrom('breaches').selectAll().where('org_id', '=', orgId).where('agreement_id', '=', m.agreement.id).where('target_id', '=', m.targetId);
    q = m.rolling
      ? q.where('status', '<>', 'resolved').orderBy('period_from', 'desc').limit(1)
      : q.where('period_from', '=', new Date(m.period.from).toISOString());
    existing = (await q.forUpdate().executeTakeFirst()) ?? null;
  }
  const severity = severityOf(m.state);
  const badIntervals = m.badIntervals.map((b) => ({ from: new Date(b.from).toISOString(), to: new Date(b.to).toISOString() }));
  const live = { measured: m.compliance, coverage: m.coverage, current_state: m.state, last_evaluated_at: m.at.toISOString() };
  if (!existing) {
    if (!severity || !m.mayEscalate) {
      return { created: false, changed: false };
    }
    const row = await any(trx)
      .insertInto('breaches')
      .values({
        org_id: orgId,
        id: newId(),
        agreement_id: m.agreement.id,
        target_id: m.targetId,
        period_from: new Date(m.period.from).toISOString(),
        period_to: new Date(m.period.to).toISOString(),
        objective: m.objective,
        bad_intervals: json(badIntervals),
        severity,
        agreement_type: m.agreement.type,
        service: m.agreement.service,
        provider: m.agreement.provider,
        counterparty: m.agreement.counterparty,
        ...live,
        created_by: MONITOR_USER,
        updated_by: MONITOR_USER,
      })
      .onConflict((oc) => oc.columns(['org_id', 'agreement_id', 'target_id', 'period_from']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (row) {
      await appendAudit(trx, { orgId, user: MONITOR_USER, action: 'create', resource: 'breach', resourceId: row.id, before: null, after: breaches.toApi(row) });
    }
    return { created: !!row, changed: !!row };
  }
  const before = breaches.toApi(existing);
  const escalate = severity === 'breached' && m.mayEscalate && before.severity === 'at_risk';
  const changes: Record<string, unknown> = {
    ...live,
    ...(m.rolling ? { period_to: new Date(Math.max(m.period.to, existing.period_to.getTime())).toISOString() } : {}),
    ...(m.mayEscalate ? { bad_intervals: json(badIntervals) } : {}),
    ...(escalate ? { severity: 'breached' } : {}),
  };
  // jsonb does not keep key order: compare intervals by value.
  const key = (list: Array<{ from: string; to: string }>) => list.map((b) => `${Date.parse(b.from)}/${Date.parse(b.to)}`).join(',');
  const meaningful = escalate || before.currentState !== m.state || (m.mayEscalate && key(before.badIntervals) !== key(badIntervals));
  if (!meaningful) {
    await any(trx).updateTable('breaches').set(changes).where('org_id', '=', orgId).where('id', '=', before.id).execute();
    return { created: false, changed: false };
  }
  await updateRecord(trx, breaches, { orgId, user: MONITOR_USER }, before.id, before, changes, escalate ? 'escalate' : 'update');
  return { created: false, changed: true };
}

/** syncMonitoredBreach for the targets of one agreement evaluation, reading their breaches with one query. */
export async function syncMonitoredBreaches(trx: Transaction<Database>, orgId: number, list: MonitoredTarget[]): Promise<void> {
  if (list.length === 0) {
    return;
  }
  const first = list[0];
  let q = any(trx).selectFrom('breaches').selectAll().where('org_id', '=', orgId).where('agreement_id', '=', first.agreement.id);
  q = first.rolling ? q.where('status', '<>', 'resolved') : q.where('period_from', '=', new Date(first.period.from).toISOString());
  const rows: any[] = await q.orderBy('period_from', 'desc').forUpdate().execute();
  for (const m of list) {
    const known = m.rolling || m.period.from === first.period.from ? (rows.find((r) => r.target_id === m.targetId) ?? null) : undefined;
    await syncMonitoredBreach(trx, orgId, m, known);
  }
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
    ...(patch.assignee !== undefined ? { assignee: patch.assignee } : {}),
  });
}
