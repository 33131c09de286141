/**
 * Monitoring history as reviews and improvement plans read it: the folded totals the monitor
 * stored per target and period (calendar windows) or bucket (rolling windows), each evaluated
 * under the agreement revision it was folded with. Totals are additive over disjoint slices, so
 * the figures of several periods are those of one evaluation over all their slices (see
 * server/monitor/fold.ts), which is what `evaluateTarget` would give over the same range.
 */
import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import { durationMs, type Agreement, type AgreementSpec, type Target, type TargetEvaluation } from '../../../src/domain';
import { addTotals, alignUp, calendarPeriod, emptyTotals, finish, type Totals } from '../../monitor/fold';
import type { Database } from '../../store/schema';
import { canonicalDocument } from '../agreements/repository';

export interface HistoryRow {
  agreementId: string;
  targetId: string;
  kind: 'period' | 'bucket';
  from: number;
  to: number;
  settledUntil: number;
  totals: Totals;
  hash: string;
}

export interface AgreementInfo {
  id: string;
  type: 'SLA' | 'OLA' | 'UC';
  title: string;
  service: string;
  provider: string;
  counterparty: string;
  state: string;
  /** The document in force (or the latest one for agreements never activated). */
  document: Agreement;
  /** Documents of every frozen revision, by content hash. */
  byHash: Map<string, { revision: number; document: Agreement }>;
}

const any = (db: Kysely<Database>) => db as unknown as Kysely<any>;

/** Agreements of the org by id, with the documents of their revisions. */
export async function loadAgreements(db: Kysely<Database>, orgId: number, ids: string[]): Promise<Map<string, AgreementInfo>> {
  const out = new Map<string, AgreementInfo>();
  if (!ids.length) {
    return out;
  }
  const unique = [...new Set(ids)];
  const [rows, versions] = await Promise.all([
    any(db)
      .selectFrom('agreements')
      .select(['id', 'type', 'title', 'service', 'provider', 'counterparty', 'state', 'document', 'active_revision'])
      .where('org_id', '=', orgId)
      .where('id', 'in', unique)
      .execute(),
    any(db)
      .selectFrom('agreement_versions')
      .select(['agreement_id', 'revision', 'hash', 'document'])
      .where('org_id', '=', orgId)
      .where('agreement_id', 'in', unique)
      .execute(),
  ]);
  for (const r of rows) {
    const byHash = new Map<string, { revision: number; document: Agreement }>();
    for (const v of versions.filter((x) => x.agreement_id === r.id)) {
      byHash.set(v.hash, { revision: v.revision, document: canonicalDocument(v.document) });
    }
    const inForce = [...byHash.values()].find((v) => v.revision === r.active_revision);
    out.set(r.id, {
      id: r.id,
      type: r.type,
      title: r.title,
      service: r.service,
      provider: r.provider,
      counterparty: r.counterparty,
      state: r.state,
      document: inForce?.document ?? canonicalDocument(r.document),
      byHash,
    });
  }
  return out;
}

/** Stored segments of these agreements (that start before `before`, when given), oldest first. */
export async function loadHistory(db: Kysely<Database>, orgId: number, ids: string[], before?: number): Promise<HistoryRow[]> {
  if (!ids.length) {
    return [];
  }
  const rows = await any(db)
    .selectFrom('monitor_periods')
    .select(['agreement_id', 'target_id', 'kind', 'period_from', 'period_to', 'settled_until', 'counted', 'with_data', 'in_denominator', 'good', 'bad', 'sum_good', 'sum_total', 'bad_intervals', 'revision_hash'])
    .where('org_id', '=', orgId)
    .where('agreement_id', 'in', [...new Set(ids)])
    .$if(before !== undefined, (q) => q.where('period_from', '<', new Date(before!)))
    .orderBy('period_from')
    .orderBy('target_id')
    .execute();
  return rows.map((r) => ({
    agreementId: r.agreement_id,
    targetId: r.target_id,
    kind: r.kind,
    from: r.period_from.getTime(),
    to: r.period_to.getTime(),
    settledUntil: r.settled_until.getTime(),
    hash: r.revision_hash,
    totals: {
      counts: { counted: r.counted, withData: r.with_data, inDenominator: r.in_denominator, good: r.good, bad: r.bad },
      sumGood: r.sum_good,
      sumTotal: r.sum_total,
      badIntervals: (r.bad_intervals as Array<{ from: number; to: number }>) ?? [],
    },
  }));
}

/** [from, to) of the calendar days `from`..`to` (both included) in `zone`. */
export function dayRange(from: string, to: string, zone: string): { from: number; to: number } {
  return {
    from: DateTime.fromISO(from, { zone }).startOf('day').toMillis(),
    to: DateTime.fromISO(to, { zone }).startOf('day').plus({ days: 1 }).toMillis(),
  };
}

/** The document a row was folded with (the agreement's in-force one when its revision is unknown). */
export function documentOf(info: AgreementInfo, hash: string): Agreement {
  return info.byHash.get(hash)?.document ?? info.document;
}

export function targetIn(document: Agreement, targetId: string): Target | undefined {
  return document.spec.targets.find((t) => t.id === targetId);
}

/** A row evaluated under its own revision (or `fallback` when that revision lacks the target). */
export function evaluateRow(info: AgreementInfo, row: HistoryRow, fallback: { spec: AgreementSpec; target: Target }): TargetEvaluation {
  const doc = documentOf(info, row.hash);
  const target = targetIn(doc, row.targetId);
  return target ? finish(doc.spec, target, row.totals) : finish(fallback.spec, fallback.target, row.totals);
}

/** The figures of several rows as one evaluation over all their slices. */
export function evaluateRows(spec: AgreementSpec, target: Target, rows: readonly HistoryRow[]): TargetEvaluation {
  let totals = emptyTotals();
  for (const r of [...rows].sort((a, b) => a.from - b.from)) {
    totals = addTotals(totals, r.totals);
  }
  return finish(spec, target, totals);
}

/** A row holds every slice of its segment. */
export function rowSettled(row: HistoryRow, target: Target): boolean {
  return row.settledUntil >= alignUp(row.to, durationMs(target.slice));
}

/** The calendar periods of the agreement's window that start in [from, to). */
export function periodsStartingIn(spec: AgreementSpec, from: number, to: number): Array<{ from: number; to: number }> {
  const unit = spec.window.calendar;
  if (!unit) {
    return [];
  }
  const out: Array<{ from: number; to: number }> = [];
  let p = calendarPeriod(unit, spec.timezone, from);
  if (p.from < from) {
    p = calendarPeriod(unit, spec.timezone, p.to);
  }
  while (p.from < to) {
    out.push(p);
    p = calendarPeriod(unit, spec.timezone, p.to);
  }
  return out;
}

/** Whether rows cover [from, to) with settled slices: every calendar period present and settled, or (rolling) buckets without gaps. */
export function covers(spec: AgreementSpec, target: Target, rows: readonly HistoryRow[], from: number, to: number): boolean {
  if (spec.window.calendar) {
    const expected = periodsStartingIn(spec, from, to);
    return expected.length > 0 && expected.every((p) => rows.some((r) => r.from === p.from && rowSettled(r, target)));
  }
  const sorted = [...rows].sort((a, b) => a.from - b.from);
  let reached = from;
  for (const r of sorted) {
    if (r.from > reached) {
      return false;
    }
    reached = Math.max(reached, Math.min(r.settledUntil, r.to));
  }
  return reached >= to;
}
