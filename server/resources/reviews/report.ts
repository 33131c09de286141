/**
 * The period report of a review, generated from the monitoring history: per agreement in scope
 * and target, compliance over the review period (the agreement periods starting in it, in the
 * agreement's time zone) with each period and the earlier ones as trend, service credits owed,
 * the breaches of the period with their reports, the underpinning OLAs/UCs and the KPIs.
 */
import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import {
  agreementState,
  durationMs,
  budgetingOf,
  computeKpis,
  serviceCredit,
  type Agreement,
  type KpiInput,
  type Target,
  type TargetEvaluation,
  type TargetState,
} from '../../../src/domain';
import type { Database } from '../../store/schema';
import { breaches as breachTable } from '../breaches/repository';
import type { Breach } from '../breaches/schema';
import {
  type AgreementInfo,
  covers,
  dayRange,
  documentOf,
  evaluateRow,
  evaluateRows,
  type HistoryRow,
  loadAgreements,
  loadHistory,
  rowSettled,
} from './history';
import {
  REPORT_KIND,
  type ReportAgreement,
  type ReportPeriod,
  type ReportTarget,
  reviewReportSchema,
  type ReviewReport,
} from './reportSchema';
import type { Review } from './schema';
import { agreementsInScope } from './scope';

const TREND_PERIODS = 6;
const MAX_BREACHES = 2_000;
const iso = (t: number) => new Date(t).toISOString();
const isoInterval = (i: { from: number; to: number }) => ({ from: iso(i.from), to: iso(i.to) });

function windowName(doc: Agreement): string {
  return doc.spec.window.calendar ?? `rolling:${doc.spec.window.rolling}`;
}

function periodOf(e: TargetEvaluation, row: HistoryRow, target: Target, credits: boolean): ReportPeriod {
  return {
    from: iso(row.from),
    to: iso(row.to),
    state: e.state,
    compliance: e.compliance,
    coverage: e.coverage,
    errorBudgetRemaining: e.errorBudgetRemaining,
    complete: rowSettled(row, target),
    ...(credits && target.serviceCredits ? { serviceCredit: serviceCredit(e.compliance, target.serviceCredits) } : {}),
  };
}

type Interval = { from: number; to: number };

/**
 * The periods a rolling-window agreement is shown in, since it has no calendar periods: the
 * review range split into consecutive windows of the agreement's rolling length ending at the
 * range end (whole windows only; a remainder at the range start belongs to the first trend
 * window), the trend continuing that grid backwards. A window longer than the review range would
 * reach before it, so then the range is split per calendar day (in the agreement's zone) instead.
 */
export function rollingPeriods(spec: Agreement['spec'], range: Interval): { kind: 'window' | 'day'; periods: Interval[]; trend: Interval[] } {
  const length = durationMs(spec.window.rolling!);
  if (length <= range.to - range.from) {
    const at = (k: number) => ({ from: range.to - k * length, to: range.to - (k - 1) * length });
    const inRange = Math.floor((range.to - range.from) / length);
    const periods = Array.from({ length: inRange }, (_, i) => at(inRange - i));
    const trend = Array.from({ length: TREND_PERIODS }, (_, i) => at(inRange + TREND_PERIODS - i));
    return { kind: 'window', periods, trend };
  }
  const day = (start: DateTime) => ({ from: start.toMillis(), to: start.plus({ days: 1 }).toMillis() });
  const first = DateTime.fromMillis(range.from, { zone: spec.timezone }).startOf('day');
  const periods: Interval[] = [];
  for (let d = first; d.toMillis() < range.to; d = d.plus({ days: 1 })) {
    periods.push(day(d));
  }
  const trend = Array.from({ length: TREND_PERIODS }, (_, i) => day(first.minus({ days: TREND_PERIODS - i })));
  return { kind: 'day', periods, trend };
}

/**
 * A rolling-window period from the buckets starting in it, as one evaluation (the evaluator's
 * figures over the same slices when the bounds are bucket-aligned); null when the history holds
 * none of it (the monitor keeps a rolling agreement's buckets for one window length). No service
 * credit: tiers are defined per calendar period.
 */
function rollingPeriod(doc: Agreement, target: Target, rows: HistoryRow[], w: Interval): ReportPeriod | null {
  const inside = rows.filter((r) => r.from >= w.from && r.from < w.to);
  if (!inside.length) {
    return null;
  }
  const e = evaluateRows(doc.spec, target, inside);
  return {
    from: iso(w.from),
    to: iso(w.to),
    state: e.state,
    compliance: e.compliance,
    coverage: e.coverage,
    errorBudgetRemaining: e.errorBudgetRemaining,
    complete: covers(doc.spec, target, inside, w.from, w.to),
  };
}

function periodsAndTrend(info: AgreementInfo, doc: Agreement, target: Target, mine: HistoryRow[], range: Interval) {
  if (doc.spec.window.calendar) {
    const fallback = { spec: doc.spec, target };
    const inRange = mine.filter((r) => r.kind === 'period' && r.from >= range.from && r.from < range.to);
    const before = mine.filter((r) => r.kind === 'period' && r.from < range.from).slice(-TREND_PERIODS);
    const of = (credits: boolean) => (r: HistoryRow) => periodOf(evaluateRow(info, r, fallback), r, target, credits);
    return { periodKind: 'calendar' as const, periods: inRange.map(of(true)), trend: before.map(of(false)) };
  }
  const split = rollingPeriods(doc.spec, range);
  const evaluated = (ws: Interval[]) => ws.map((w) => rollingPeriod(doc, target, mine, w)).filter((p): p is ReportPeriod => p !== null);
  return { periodKind: split.kind, periods: evaluated(split.periods), trend: evaluated(split.trend) };
}

/** One target over the review range: all its rows starting in the range as one evaluation. */
function reportTarget(info: AgreementInfo, doc: Agreement, target: Target, rows: HistoryRow[], range: { from: number; to: number }): ReportTarget {
  const mine = rows.filter((r) => r.targetId === target.id);
  const inRange = mine.filter((r) => r.from >= range.from && r.from < range.to);
  const e = evaluateRows(doc.spec, target, inRange);
  const { periodKind, periods, trend } = periodsAndTrend(info, doc, target, mine, range);
  return {
    id: target.id,
    ...(target.name ? { name: target.name } : {}),
    objective: target.objective,
    ...(target.warning !== undefined ? { warning: target.warning } : {}),
    budgeting: budgetingOf(target),
    state: e.state,
    compliance: e.compliance,
    coverage: e.coverage,
    errorBudgetRemaining: e.errorBudgetRemaining,
    slices: e.slices,
    ...(e.events ? { events: e.events } : {}),
    badIntervals: e.badIntervals.map(isoInterval),
    complete: covers(doc.spec, target, inRange, range.from, range.to),
    periods,
    trend,
    periodKind,
    ...(target.serviceCredits ? { serviceCredits: target.serviceCredits } : {}),
  };
}

/** The document the figures are read under: the newest revision folded in the range, else the one in force. */
function documentForRange(info: AgreementInfo, rows: HistoryRow[], range: { from: number; to: number }): Agreement {
  const newest = rows.filter((r) => r.from >= range.from && r.from < range.to).sort((a, b) => b.from - a.from)[0];
  return newest ? documentOf(info, newest.hash) : info.document;
}

function evaluateAgreementRange(info: AgreementInfo, rows: HistoryRow[], period: Review['period']) {
  const range = dayRange(period.from, period.to, info.document.spec.timezone);
  const doc = documentForRange(info, rows, range);
  const targets = doc.spec.targets.map((t) => reportTarget(info, doc, t, rows, range));
  const revisions = [...new Set(rows.filter((r) => r.from >= range.from && r.from < range.to).map((r) => info.byHash.get(r.hash)?.revision))]
    .filter((r): r is number => r !== undefined)
    .sort((a, b) => a - b);
  return { range, doc, targets, revisions, state: agreementState(targets.map((t) => t.state)) };
}

async function breachesOf(db: Kysely<Database>, orgId: number, ids: string[], ranges: Map<string, { from: number; to: number }>): Promise<Breach[]> {
  if (!ids.length) {
    return [];
  }
  const all = [...ranges.values()];
  const rows = await (db as unknown as Kysely<any>)
    .selectFrom('breaches')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('agreement_id', 'in', ids)
    .where('period_from', '<', new Date(Math.max(...all.map((r) => r.to))))
    .where('period_to', '>', new Date(Math.min(...all.map((r) => r.from))))
    .orderBy('period_from')
    .orderBy('agreement_id')
    .orderBy('target_id')
    .limit(MAX_BREACHES)
    .execute();
  return rows
    .map((r: unknown) => breachTable.toApi(r))
    .filter((b: Breach) => {
      const range = ranges.get(b.agreementId)!;
      return Date.parse(b.period.from) < range.to && Date.parse(b.period.to) > range.from;
    });
}

export interface ReportContext {
  orgId: number;
  user: string;
  now: Date;
}

/** Generates the report of a review from the current monitoring history and breaches. */
export async function buildReviewReport(db: Kysely<Database>, review: Review, ctx: ReportContext): Promise<ReviewReport> {
  const ids = await agreementsInScope(db, ctx.orgId, review.scope);
  const scoped = await loadAgreements(db, ctx.orgId, ids);
  const underpinningIds = [...scoped.values()].flatMap((a) => a.document.spec.underpinnedBy ?? []).filter((id) => !scoped.has(id));
  const underpinning = await loadAgreements(db, ctx.orgId, underpinningIds);
  const known = new Map([...scoped, ...underpinning]);
  const latestEnd = Math.max(...[...known.values()].map((a) => dayRange(review.period.from, review.period.to, a.document.spec.timezone).to), 0);
  const history = await loadHistory(db, ctx.orgId, [...known.keys()], latestEnd);
  const rowsOf = (id: string) => history.filter((r) => r.agreementId === id);
  const evaluated = new Map([...known.values()].map((a) => [a.id, evaluateAgreementRange(a, rowsOf(a.id), review.period)]));

  const agreements: ReportAgreement[] = ids.filter((id) => scoped.has(id)).map((id) => scoped.get(id)!).map((info) => {
    const e = evaluated.get(info.id)!;
    return {
      id: info.id,
      type: info.type,
      title: info.title,
      service: info.service,
      provider: info.provider,
      counterparty: info.counterparty,
      timezone: e.doc.spec.timezone,
      window: windowName(e.doc),
      revisions: e.revisions,
      state: e.state,
      range: isoInterval(e.range),
      targets: e.targets,
      underpinnedBy: (e.doc.spec.underpinnedBy ?? []).map((id) => {
        const u = known.get(id);
        const ue = evaluated.get(id);
        return {
          id,
          type: u?.type ?? null,
          title: u?.title ?? null,
          state: ue?.state ?? null,
          targets: (ue?.targets ?? []).map((t) => ({ id: t.id, objective: t.objective, compliance: t.compliance, state: t.state })),
        };
      }),
    };
  });

  const ranges = new Map(agreements.map((a) => [a.id, evaluated.get(a.id)!.range]));
  const breaches = await breachesOf(db, ctx.orgId, agreements.map((a) => a.id), ranges);
  const credits = agreements.flatMap((a) =>
    a.targets.flatMap((t) =>
      t.periods
        .filter((p) => p.serviceCredit !== undefined && p.serviceCredit !== null && p.serviceCredit > 0)
        .map((p) => ({ agreementId: a.id, targetId: t.id, period: { from: p.from, to: p.to }, compliance: p.compliance!, credit: p.serviceCredit! }))
    )
  );
  const kpiInputs: KpiInput[] = agreements.map((a) => ({ type: a.type, state: a.state, targets: a.targets.map((t) => ({ state: t.state })) }));
  const report: ReviewReport = {
    kind: REPORT_KIND,
    schemaVersion: 1,
    reviewId: review.id,
    title: review.title,
    period: review.period,
    scope: review.scope,
    generatedAt: ctx.now.toISOString(),
    generatedBy: ctx.user,
    state: agreements.length ? agreementState(agreements.map((a) => a.state as TargetState)) : null,
    agreements,
    breaches: breaches.map((b) => ({
      id: b.id,
      agreementId: b.agreementId,
      targetId: b.targetId,
      period: b.period,
      severity: b.severity ?? 'breached',
      status: b.status,
      measured: b.measured,
      objective: b.objective,
      badIntervals: b.badIntervals.length,
      report: b.report,
      improvementPlanIds: b.improvementPlanIds,
    })),
    credits,
    kpis: computeKpis(kpiInputs),
    meeting: meetingOf(review),
  };
  return report;
}

export function meetingOf(review: Review): ReviewReport['meeting'] {
  return {
    date: review.meetingDate,
    participants: review.participants,
    minutes: review.minutes,
    decisions: review.decisions,
    actionItems: review.actionItems,
  };
}

/** The stored report when it is one the engine generated (older or hand-written ones are not). */
export function generatedReport(stored: unknown): ReviewReport | null {
  const parsed = reviewReportSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

