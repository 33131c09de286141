/**
 * The monitor's database work: which agreements are monitored, leases on them (claimed with
 * FOR UPDATE SKIP LOCKED so replicas on one PostgreSQL split the work), their stored segments,
 * and the fenced commit that writes a fold only while the lease still holds and only on top of
 * the watermark it was computed from.
 */
import { sql, type Transaction } from 'kysely';
import type { Agreement } from '../../src/domain';
import type { Store } from '../store/db';
import type { Database } from '../store/schema';
import { canonicalDocument } from '../resources/agreements/repository';
import { syncMonitoredBreaches, type MonitoredTarget } from '../resources/breaches/repository';
import type { SegmentChange, StoredSegment, Totals } from './fold';

export interface Claim {
  orgId: number;
  agreementId: string;
  revisionHash: string;
  token: string;
  failures: number;
  failingSince: Date | null;
}

export class LeaseLost extends Error {
  constructor(what: string) {
    super(`lease on ${what} lost: another engine took it over`);
    this.name = 'LeaseLost';
  }
}

export class FoldConflict extends Error {
  constructor(what: string) {
    super(`${what} was folded by someone else meanwhile; nothing written`);
    this.name = 'FoldConflict';
  }
}

const ms = (n: number) => sql`(${String(n)} || ' milliseconds')::interval`;

/** Adds newly active agreements of the org (due now) and drops those no longer active. */
export async function syncMonitored(store: Store, orgId: number): Promise<void> {
  await sql`
    insert into monitor_agreements (org_id, agreement_id, revision, revision_hash, next_run_at)
    select a.org_id, a.id, a.active_revision, v.hash, timestamptz '1970-01-01 00:00:00+00'
    from agreements a
    join agreement_versions v on v.org_id = a.org_id and v.agreement_id = a.id and v.revision = a.active_revision
    where a.org_id = ${orgId} and a.state = 'active' and (a.expires_at is null or a.expires_at > now())
    on conflict (org_id, agreement_id) do nothing`.execute(store.db);
  await sql`
    delete from monitor_agreements m
    where m.org_id = ${orgId} and not exists (
      select 1 from agreements a
      where a.org_id = m.org_id and a.id = m.agreement_id and a.state = 'active' and (a.expires_at is null or a.expires_at > now()))`.execute(store.db);
}

export async function dbNow(store: Store): Promise<Date> {
  const r = await sql<{ now: Date }>`select now() as now`.execute(store.db);
  return new Date(r.rows[0].now);
}

/** Leases up to `limit` agreements of these orgs that are due by `dueBy` and not leased by anyone. */
export async function claimDue(store: Store, opts: { orgIds: number[]; dueBy: Date; owner: string; token: string; leaseMs: number; limit: number }): Promise<Claim[]> {
  if (opts.orgIds.length === 0) {
    return [];
  }
  const r = await sql<{ org_id: number; agreement_id: string; revision_hash: string; failures: number; failing_since: Date | null }>`
    update monitor_agreements set lease_owner = ${opts.owner}, lease_until = now() + ${ms(opts.leaseMs)}, lease_token = ${opts.token}
    where (org_id, agreement_id) in (
      select org_id, agreement_id from monitor_agreements
      where org_id in (${sql.join(opts.orgIds)}) and next_run_at <= ${opts.dueBy.toISOString()}
        and (lease_until is null or lease_until < now())
      order by next_run_at, org_id, agreement_id
      limit ${opts.limit}
      for update skip locked)
    returning org_id, agreement_id, revision_hash, failures, failing_since`.execute(store.db);
  return r.rows.map((row) => ({
    orgId: row.org_id,
    agreementId: row.agreement_id,
    revisionHash: row.revision_hash,
    token: opts.token,
    failures: row.failures,
    failingSince: row.failing_since ? new Date(row.failing_since) : null,
  }));
}

export interface MonitoredAgreement {
  id: string;
  type: 'SLA' | 'OLA' | 'UC';
  title: string;
  service: string;
  provider: string;
  counterparty: string;
  revision: number;
  hash: string;
  document: Agreement;
}

const documents = new Map<string, Agreement>();

/** The agreement's version in force, or undefined when it is no longer active. Documents are cached by hash. */
export async function loadActive(store: Store, orgId: number, id: string): Promise<MonitoredAgreement | undefined> {
  const row = await store.db
    .selectFrom('agreements as a')
    .innerJoin('agreement_versions as v', (j) => j.onRef('v.org_id', '=', 'a.org_id').onRef('v.agreement_id', '=', 'a.id').onRef('v.revision', '=', 'a.active_revision'))
    .select(['a.id', 'a.type', 'a.title', 'a.service', 'a.provider', 'a.counterparty', 'a.state', 'a.expires_at', 'v.revision', 'v.hash'])
    .where('a.org_id', '=', orgId)
    .where('a.id', '=', id)
    .executeTakeFirst();
  if (!row || row.state !== 'active' || (row.expires_at && row.expires_at.getTime() <= Date.now())) {
    return undefined;
  }
  const key = `${orgId}/${id}/${row.hash}`;
  let document = documents.get(key);
  if (!document) {
    const v = await store.db
      .selectFrom('agreement_versions')
      .select('document')
      .where('org_id', '=', orgId)
      .where('agreement_id', '=', id)
      .where('revision', '=', row.revision)
      .executeTakeFirstOrThrow();
    document = canonicalDocument(v.document);
    if (documents.size > 20_000) {
      documents.clear();
    }
    documents.set(key, document);
  }
  const { state: _s, expires_at: _e, ...meta } = row;
  return { ...meta, document };
}

/** Stored segments of the monitored revision, per target, ending after `since`. */
export async function loadSegments(store: Store, orgId: number, agreementId: string, revisionHash: string, since: number): Promise<Map<string, StoredSegment[]>> {
  const rows = await store.db
    .selectFrom('monitor_periods')
    .select(['target_id', 'kind', 'period_from', 'period_to', 'settled_until', 'counted', 'with_data', 'in_denominator', 'good', 'bad', 'sum_good', 'sum_total', 'bad_intervals'])
    .where('org_id', '=', orgId)
    .where('agreement_id', '=', agreementId)
    .where('revision_hash', '=', revisionHash)
    .where((eb) => eb.or([eb('kind', '=', 'bucket'), eb('period_to', '>', new Date(since))]))
    .orderBy('period_from')
    .execute();
  const out = new Map<string, StoredSegment[]>();
  for (const r of rows) {
    const list = out.get(r.target_id) ?? [];
    list.push({
      segment: { kind: r.kind, from: r.period_from.getTime(), to: r.period_to.getTime() },
      settledUntil: r.settled_until.getTime(),
      totals: {
        counts: { counted: r.counted, withData: r.with_data, inDenominator: r.in_denominator, good: r.good, bad: r.bad },
        sumGood: r.sum_good,
        sumTotal: r.sum_total,
        badIntervals: (r.bad_intervals as Array<{ from: number; to: number }>) ?? [],
      },
    });
    out.set(r.target_id, list);
  }
  return out;
}

export interface Lease {
  claim: Claim;
  leaseMs: number;
}

/** Renews the lease inside the transaction, or throws LeaseLost (the transaction rolls back). */
async function fence(trx: Transaction<Database>, lease: Lease): Promise<void> {
  const { claim } = lease;
  const held = await sql`
    update monitor_agreements set lease_until = now() + ${ms(lease.leaseMs)}
    where org_id = ${claim.orgId} and agreement_id = ${claim.agreementId} and lease_token = ${claim.token} and lease_until > now()
    returning agreement_id`.execute(trx);
  if (held.rows.length === 0) {
    throw new LeaseLost(`agreement ${claim.agreementId}`);
  }
}

export interface SegmentWrite {
  targetId: string;
  change: SegmentChange;
  /** State and report-shaped figures of the segment (live for the current period). */
  state: string | null;
  live: unknown;
}

const totalsColumns = (t: Totals) => ({
  counted: t.counts.counted,
  with_data: t.counts.withData,
  in_denominator: t.counts.inDenominator,
  good: t.counts.good,
  bad: t.counts.bad,
  sum_good: t.sumGood,
  sum_total: t.sumTotal,
  bad_intervals: JSON.stringify(t.badIntervals),
});

async function writeSegment(trx: Transaction<Database>, lease: Lease, hash: string, w: SegmentWrite, at: Date): Promise<void> {
  const { claim } = lease;
  const c = w.change;
  const what = `${claim.agreementId}/${w.targetId} ${new Date(c.segment.from).toISOString()}`;
  const columns = {
    ...totalsColumns(c.totals),
    settled_until: new Date(c.settledUntil),
    state: w.state,
    live: w.live === undefined ? null : JSON.stringify(w.live),
    evaluated_at: at,
  };
  if (c.expected === null) {
    const inserted = await trx
      .insertInto('monitor_periods')
      .values({
        org_id: claim.orgId,
        agreement_id: claim.agreementId,
        target_id: w.targetId,
        period_from: new Date(c.segment.from),
        period_to: new Date(c.segment.to),
        kind: c.segment.kind,
        revision_hash: hash,
        ...columns,
      })
      .onConflict((oc) => oc.columns(['org_id', 'agreement_id', 'target_id', 'period_from']).doNothing())
      .returning('target_id')
      .executeTakeFirst();
    if (!inserted) {
      throw new FoldConflict(what);
    }
    return;
  }
  const updated = await trx
    .updateTable('monitor_periods')
    .set(columns)
    .where('org_id', '=', claim.orgId)
    .where('agreement_id', '=', claim.agreementId)
    .where('target_id', '=', w.targetId)
    .where('period_from', '=', new Date(c.segment.from))
    .where('revision_hash', '=', hash)
    .where('settled_until', '=', new Date(c.expected))
    .returning('target_id')
    .executeTakeFirst();
  if (!updated) {
    throw new FoldConflict(what);
  }
}

export interface FinalWrite {
  /** Current-period rows not folded this time whose live figures change. */
  liveOnly: Array<{ targetId: string; periodFrom: number; state: string | null; live: unknown }>;
  /** Rolling-window buckets that left the window: delete those ending at or before this, per target. */
  prune: Array<{ targetId: string; before: number }>;
  breaches: MonitoredTarget[];
  status: {
    state: string;
    period: { from: number; to: number };
    settledUntil: number;
    live: unknown;
  };
  error: string | null;
  nextRunAt: Date;
  failures: number;
  failingSince: Date | null;
}

/**
 * Backfill progress: segment writes in one transaction, only while the lease holds, each on top
 * of the watermark it was computed from.
 */
export async function commit(store: Store, lease: Lease, hash: string, writes: SegmentWrite[], at: Date): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    await fence(trx, lease);
    for (const w of writes) {
      await writeSegment(trx, lease, hash, w, at);
    }
  });
}

export interface Plan {
  lease: Lease;
  hash: string;
  writes: SegmentWrite[];
  final: FinalWrite;
  at: Date;
}

/**
 * The cycle results of several agreements in ONE transaction (a transaction per agreement costs
 * more than the work itself at 1,000 agreements); if any of them fails (lease lost, folded by
 * someone else) they are retried one transaction each, so the others still land. Returns the
 * errors by agreement.
 */
export async function commitPlans(store: Store, plans: Plan[]): Promise<Map<string, Error>> {
  const errors = new Map<string, Error>();
  if (plans.length === 0) {
    return errors;
  }
  try {
    await store.db.transaction().execute(async (trx) => {
      for (const plan of plans) {
        await applyPlan(trx, plan);
      }
    });
    return errors;
  } catch (err) {
    if (plans.length === 1) {
      errors.set(plans[0].lease.claim.agreementId, err as Error);
      return errors;
    }
  }
  for (const plan of plans) {
    try {
      await store.db.transaction().execute((trx) => applyPlan(trx, plan));
    } catch (err) {
      errors.set(plan.lease.claim.agreementId, err as Error);
    }
  }
  return errors;
}

async function applyPlan(trx: Transaction<Database>, plan: Plan): Promise<void> {
  const { lease, hash, writes, final, at } = plan;
  const { claim } = lease;
  for (const w of writes) {
    await writeSegment(trx, lease, hash, w, at);
  }
  for (const l of final.liveOnly) {
    await trx
      .updateTable('monitor_periods')
      .set({ state: l.state, live: JSON.stringify(l.live), evaluated_at: at })
      .where('org_id', '=', claim.orgId)
      .where('agreement_id', '=', claim.agreementId)
      .where('target_id', '=', l.targetId)
      .where('period_from', '=', new Date(l.periodFrom))
      .execute();
  }
  for (const p of final.prune) {
    await trx
      .deleteFrom('monitor_periods')
      .where('org_id', '=', claim.orgId)
      .where('agreement_id', '=', claim.agreementId)
      .where('target_id', '=', p.targetId)
      .where('kind', '=', 'bucket')
      .where('period_to', '<=', new Date(p.before))
      .execute();
  }
  await syncMonitoredBreaches(trx, claim.orgId, final.breaches);
  // The status update doubles as the fence: it only matches while this lease holds.
  const held = await trx
    .updateTable('monitor_agreements')
    .set({
      state: final.status.state,
      period_from: new Date(final.status.period.from),
      period_to: new Date(final.status.period.to),
      settled_until: new Date(final.status.settledUntil),
      evaluated_at: at,
      live: JSON.stringify(final.status.live),
      last_run_at: sql<Date>`now()`,
      next_run_at: final.nextRunAt,
      retry_at: final.error ? final.nextRunAt : null,
      failures: final.failures,
      last_error: final.error,
      failing_since: final.failingSince,
      lease_owner: null,
      lease_until: null,
      lease_token: null,
    })
    .where('org_id', '=', claim.orgId)
    .where('agreement_id', '=', claim.agreementId)
    .where('lease_token', '=', claim.token)
    .where('lease_until', '>', sql<Date>`now()`)
    .returning('agreement_id')
    .executeTakeFirst();
  if (!held) {
    throw new LeaseLost(`agreement ${claim.agreementId}`);
  }
}

/** A new monitored revision: drops what the old one folded for periods still running (they are backfilled). */
export async function resetRevision(store: Store, lease: Lease, revision: number, hash: string, now: Date): Promise<void> {
  const { claim } = lease;
  await store.db.transaction().execute(async (trx) => {
    await fence(trx, lease);
    await trx
      .deleteFrom('monitor_periods')
      .where('org_id', '=', claim.orgId)
      .where('agreement_id', '=', claim.agreementId)
      .where('revision_hash', '<>', hash)
      .where((eb) => eb.or([eb('kind', '=', 'bucket'), eb('period_to', '>', now)]))
      .execute();
    await trx
      .updateTable('monitor_agreements')
      .set({ revision, revision_hash: hash })
      .where('org_id', '=', claim.orgId)
      .where('agreement_id', '=', claim.agreementId)
      .execute();
  });
}

/** The agreement is no longer active: stop monitoring it (its history stays). */
export async function stopMonitoring(store: Store, lease: Lease): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    await fence(trx, lease);
    await trx.deleteFrom('monitor_agreements').where('org_id', '=', lease.claim.orgId).where('agreement_id', '=', lease.claim.agreementId).execute();
  });
}

/** Gives a lease back without a result (e.g. on shutdown), due again at once. */
export async function releaseLease(store: Store, claim: Claim): Promise<void> {
  await store.db
    .updateTable('monitor_agreements')
    .set({ lease_owner: null, lease_until: null, lease_token: null })
    .where('org_id', '=', claim.orgId)
    .where('agreement_id', '=', claim.agreementId)
    .where('lease_token', '=', claim.token)
    .execute();
}

export async function recordInstance(store: Store, instanceId: string, cycle: { startedAt?: Date; finishedAt?: Date; agreements?: number; failed?: number }): Promise<void> {
  const values = {
    heartbeat_at: new Date(),
    ...(cycle.startedAt ? { cycle_started_at: cycle.startedAt } : {}),
    ...(cycle.finishedAt ? { cycle_finished_at: cycle.finishedAt } : {}),
    ...(cycle.agreements !== undefined ? { cycle_agreements: cycle.agreements } : {}),
    ...(cycle.failed !== undefined ? { cycle_failed: cycle.failed } : {}),
  };
  await store.db
    .insertInto('monitor_instances')
    .values({ instance_id: instanceId, ...values })
    .onConflict((oc) => oc.column('instance_id').doUpdateSet(values))
    .execute();
}

/** An unexpected failure (not the datasource): recorded with back-off so that it does not spin. */
export async function recordCrash(store: Store, claim: Claim, message: string, nextRunAt: Date): Promise<void> {
  await store.db
    .updateTable('monitor_agreements')
    .set({
      lease_owner: null,
      lease_until: null,
      lease_token: null,
      last_error: message.slice(0, 2000),
      failures: claim.failures + 1,
      failing_since: claim.failingSince ?? new Date(),
      next_run_at: nextRunAt,
      retry_at: nextRunAt,
    })
    .where('org_id', '=', claim.orgId)
    .where('agreement_id', '=', claim.agreementId)
    .where('lease_token', '=', claim.token)
    .execute();
}
