/**
 * Effect verification of an improvement plan: the goal target's compliance in the agreement
 * periods before the plan's completion against those after it (from the monitoring history,
 * evaluated as the report does), and whether the goal level was reached by the goal's date.
 * Periods straddling the completion belong to neither side.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import { z } from 'zod';
import { durationMs, type TargetEvaluation } from '../../../src/domain';
import { ApiError } from '../../http/errors';
import type { Database } from '../../store/schema';
import { dayRange, evaluateRow, evaluateRows, type HistoryRow, loadAgreements, loadHistory, rowSettled, targetIn } from '../reviews/history';
import { json, lockRecord, updateRecord } from '../shared';
import { plans } from './repository';
import type { Plan } from './schema';

export const VERIFICATION_KIND = 'slm-plan-verification';
/** Periods compared on each side of the completion (calendar windows). */
const SIDE_PERIODS = 3;

const instant = z.iso.datetime();
const periodSchema = z.strictObject({
  from: instant,
  to: instant,
  compliance: z.number().nullable(),
  state: z.enum(['met', 'at_risk', 'breached', 'no_data']),
  complete: z.boolean(),
});
const sideSchema = z
  .strictObject({
    from: instant,
    to: instant,
    compliance: z.number().nullable().describe('over all the periods of this side, as one evaluation'),
    coverage: z.number().nullable(),
    periods: z.array(periodSchema),
  })
  .nullable();

export const verificationSchema = z.strictObject({
  kind: z.literal(VERIFICATION_KIND),
  verifiedAt: instant,
  verifiedBy: z.string(),
  agreementId: z.string(),
  targetId: z.string(),
  completedAt: instant.nullable().describe('when the plan was completed (its move to done); null while it is not done'),
  pivot: instant.describe('before/after split: the completion, or the verification time for a plan not done yet'),
  level: z.number().describe('the goal level (percent): the goal objective, else the target objective'),
  by: z.iso.date().nullable().describe('the goal date, else the due date'),
  before: sideSchema,
  after: sideSchema,
  improved: z.boolean().nullable().describe('compliance after > before; null without figures on both sides'),
  goalReached: z.boolean().nullable().describe('the last settled period after completion ending by the goal date met the level; null while that cannot be told yet'),
  judgedOn: z.strictObject({ from: instant, to: instant }).nullable().describe('the period goalReached was judged on'),
});
export type Verification = z.output<typeof verificationSchema>;

/** Body of POST /plans/:id/verify. */
export const verifyBodySchema = z
  .strictObject({
    completedAt: z.iso.datetime({ offset: true }).optional().describe('the completion to verify against, when it happened outside the app'),
  })
  .optional();

const iso = (t: number) => new Date(t).toISOString();

/** When the plan moved to done, from the audit log (the latest such move). */
async function completionOf(db: Kysely<Database> | Transaction<Database>, orgId: number, plan: Plan): Promise<number | null> {
  if (plan.status !== 'done') {
    return null;
  }
  const row = await db
    .selectFrom('audit_log')
    .select('at')
    .where('org_id', '=', orgId)
    .where('resource', '=', 'plan')
    .where('resource_id', '=', plan.id)
    .where(sql<boolean>`after->>'status' = 'done' and (before is null or before->>'status' <> 'done')`)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? new Date(row.at as unknown as string).getTime() : Date.parse(plan.updatedAt);
}

function side(rows: HistoryRow[], evaluate: (rs: HistoryRow[]) => TargetEvaluation, one: (r: HistoryRow) => z.output<typeof periodSchema>) {
  if (!rows.length) {
    return null;
  }
  const e = evaluate(rows);
  return { from: iso(rows[0].from), to: iso(rows[rows.length - 1].to), compliance: e.compliance, coverage: e.coverage, periods: rows.map(one) };
}

export async function verifyPlan(
  db: Kysely<Database> | Transaction<Database>,
  orgId: number,
  plan: Plan,
  opts: { completedAt?: number; now: number; user: string }
): Promise<Verification> {
  const { agreementId, targetId } = plan.goal;
  if (!agreementId || !targetId) {
    throw new ApiError(409, 'conflict', `improvement plan "${plan.id}" names no goal target (goal.agreementId and goal.targetId): nothing to verify`, { reason: 'no_goal_target' });
  }
  const info = (await loadAgreements(db, orgId, [agreementId])).get(agreementId);
  const target = info && targetIn(info.document, targetId);
  if (!info || !target) {
    throw new ApiError(409, 'conflict', `the goal target ${agreementId}/${targetId} does not exist`, { reason: 'unknown_goal_target', agreementId, targetId });
  }
  const spec = info.document.spec;
  const completedAt = opts.completedAt ?? (await completionOf(db, orgId, plan));
  const pivot = completedAt ?? opts.now;
  const rows = (await loadHistory(db, orgId, [agreementId])).filter((r) => r.targetId === targetId);
  const calendar = !!spec.window.calendar;
  const span = calendar ? 0 : durationMs(spec.window.rolling!);
  const beforeRows = calendar
    ? rows.filter((r) => r.kind === 'period' && r.to <= pivot).slice(-SIDE_PERIODS)
    : rows.filter((r) => r.to <= pivot && r.from >= pivot - span);
  const afterRows = calendar ? rows.filter((r) => r.kind === 'period' && r.from >= pivot) : rows.filter((r) => r.from >= pivot && r.to <= pivot + span);
  const fallback = { spec, target };
  const one = (r: HistoryRow) => {
    const e = evaluateRow(info, r, fallback);
    return { from: iso(r.from), to: iso(r.to), compliance: e.compliance, state: e.state, complete: rowSettled(r, target) };
  };
  const evaluate = (rs: HistoryRow[]) => evaluateRows(spec, target, rs);
  const before = side(beforeRows, evaluate, one);
  const after = side(afterRows, evaluate, one);
  const level = plan.goal.objective ?? target.objective;
  const by = plan.goal.by ?? plan.dueDate;
  const byEnd = by ? dayRange(by, by, spec.timezone).to : null;
  const settled = (after?.periods ?? []).filter((p) => p.complete && (byEnd === null || Date.parse(p.to) <= byEnd));
  const last = calendar ? settled[settled.length - 1] : undefined;
  let goalReached: boolean | null = null;
  if (calendar && last) {
    goalReached = last.compliance !== null && last.compliance >= level;
  } else if (!calendar && after && after.compliance !== null) {
    goalReached = after.compliance >= level;
  } else if (completedAt !== null && byEnd !== null && opts.now >= byEnd) {
    // Completed, but no settled period after it ended by the goal date.
    goalReached = false;
  }
  return {
    kind: VERIFICATION_KIND,
    verifiedAt: iso(opts.now),
    verifiedBy: opts.user,
    agreementId,
    targetId,
    completedAt: completedAt === null ? null : iso(completedAt),
    pivot: iso(pivot),
    level,
    by,
    before,
    after,
    improved: before?.compliance != null && after?.compliance != null ? after.compliance > before.compliance : null,
    goalReached,
    judgedOn: last ? { from: last.from, to: last.to } : null,
  };
}

/** Verifies and stores the result in the plan's `verification` (If-Match, audited). */
export async function storeVerification(
  trx: Transaction<Database>,
  writer: { orgId: number; user: string },
  id: string,
  version: number,
  completedAt: number | undefined
): Promise<Plan> {
  const before = await lockRecord(trx, plans, writer.orgId, id, version);
  const verification = await verifyPlan(trx, writer.orgId, before, { completedAt, now: Date.now(), user: writer.user });
  return updateRecord(trx, plans, writer, id, before, { verification: json(verification) }, 'verify');
}
