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
import { syncMonitoredBreach, type MonitoredTarget } from '../resources/breaches/repository';
import type { SegmentChange, StoredSegment, Totals } from './fold';

export interface Claim {
  orgId: number;
  agreementId: string;
  revisionHash: string;
  token: string;
  failures: number;
  failingSince: Date | null;
  /** Version of the agreement's monitor row before this claim (its xmin): unchanged since this engine's last commit means its segments in memory are current (segmentCache.ts). */
  fingerprint: string | null;
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

/** Adds newly active agreements of the org (due now), makes those with a new revision in force due now, drops those no longer active. */
export async function syncMonitored(store: Store, orgId: number): Promise<void> {
  await sql`
    insert into monitor_agreements (org_id, agreement_id, revision, revision_hash, next_run_at)
    select a.org_id, a.id, a.active_revision, v.hash, timestamptz '1970-01-01 00:00:00+00'
    from agreements a
    join agreement_versions v on v.org_id = a.org_id and v.agreement_id = a.id and v.revision = a.active_revision
    where a.org_id = ${orgId} and a.state = 'active' and (a.expires_at is null or a.expires_at > now())
    on conflict (org_id, agreement_id) do nothing`.execute(store.db);
  // A plain UPDATE locks only the rows it changes (ON CONFLICT DO UPDATE would lock them all).
  await sql`
    update monitor_agreements m set next_run_at = timestamptz '1970-01-01 00:00:00+00'
    from agreements a
    join agreement_versions v on v.org_id = a.org_id and v.agreement_id = a.id and v.revision = a.active_revision
    where m.org_id = ${orgId} and a.org_id = m.org_id and a.id = m.agreement_id
      and m.revision_hash <> v.hash and m.next_run_at > timestamptz '1970-01-01 00:00:00+00'`.execute(store.db);
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
  // The locked row's xmin (the row version found) is read before this update makes a new one.
  const r = await sql<{ org_id: number; agreement_id: string; revision_hash: string; failures: number; failing_since: Date | null; seen: string }>`
    update monitor_agreements m set lease_owner = ${opts.owner}, lease_until = now() + ${ms(opts.leaseMs)}, lease_token = ${opts.token}
    from (
      select org_id, agreement_id, xmin::text as seen from monitor_agreements
      where org_id in (${sql.join(opts.orgIds)}) and next_run_at <= ${opts.dueBy.toISOString()}
        and (lease_until is null or lease_until < now())
      order by next_run_at, org_id, agreement_id
      limit ${opts.limit}
      for update skip locked) d
    where m.org_id = d.org_id and m.agreement_id = d.agreement_id
    returning m.org_id, m.agreement_id, m.revision_hash, m.failures, m.failing_since, d.seen`.execute(store.db);
  return r.rows.map((row) => ({
    orgId: row.org_id,
    agreementId: row.agreement_id,
    revisionHash: row.revision_hash,
    token: opts.token,
    failures: row.failures,
    failingSince: row.failing_since ? new Date(row.failing_since) : null,
    fingerprint: row.seen ?? null,
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
    out.set(r.target_id, [...(out.get(r.target_id) ?? []), storedSegment(r)]);
  }
  return out;
}

/** The versions in force of several agreements of one org (absent: no longer active); two queries at most. */
export async function loadActiveMany(store: Store, orgId: number, ids: string[]): Promise<Map<string, MonitoredAgreement>> {
  const out = new Map<string, MonitoredAgreement>();
  if (ids.length === 0) {
    return out;
  }
  const rows = await store.db
    .selectFrom('agreements as a')
    .innerJoin('agreement_versions as v', (j) => j.onRef('v.org_id', '=', 'a.org_id').onRef('v.agreement_id', '=', 'a.id').onRef('v.revision', '=', 'a.active_revision'))
    .select(['a.id', 'a.type', 'a.title', 'a.service', 'a.provider', 'a.counterparty', 'a.state', 'a.expires_at', 'v.revision', 'v.hash'])
    .where('a.org_id', '=', orgId)
    .where('a.id', 'in', ids)
    .execute();
  const live = rows.filter((r) => r.state === 'active' && !(r.expires_at && r.expires_at.getTime() <= Date.now()));
  const keyOf = (r: { id: string; hash: string }) => `${orgId}/${r.id}/${r.hash}`;
  const missing = live.filter((r) => !documents.has(keyOf(r)));
  if (missing.length) {
    const versions = await store.db
      .selectFrom('agreement_versions')
      .select(['agreement_id', 'revision', 'document'])
      .where('org_id', '=', orgId)
      .where((eb) => eb.or(missing.map((m) => eb.and([eb('agreement_id', '=', m.id), eb('revision', '=', m.revision)]))))
      .execute();
    if (documents.size + versions.length > 20_000) {
      documents.clear();
    }
    for (const v of versions) {
      const row = missing.find((m) => m.id === v.agreement_id && m.revision === v.revision)!;
      documents.set(keyOf(row), canonicalDocument(v.document));
    }
  }
  for (const r of live) {
    const { state: _s, expires_at: _e, ...meta } = r;
    const document = documents.get(keyOf(r));
    if (document) {
      out.set(r.id, { ...meta, document });
    }
  }
  return out;
}

/** loadSegments for several agreements of one org with one query: per agreement, per target. */
export async function loadSegmentsMany(
  store: Store,
  orgId: number,
  wanted: Array<{ agreementId: string; hash: string; since: number }>
): Promise<Map<string, Map<string, StoredSegment[]>>> {
  const out = new Map<string, Map<string, StoredSegment[]>>();
  if (wanted.length === 0) {
    return out;
  }
  const byId = new Map(wanted.map((w) => [w.agreementId, w]));
  const since = Math.min(...wanted.map((w) => w.since));
  const rows = await store.db
    .selectFrom('monitor_periods')
    .select(['agreement_id', 'revision_hash', 'target_id', 'kind', 'period_from', 'period_to', 'settled_until', 'counted', 'with_data', 'in_denominator', 'good', 'bad', 'sum_good', 'sum_total', 'bad_intervals', 'state'])
    .where('org_id', '=', orgId)
    .where('agreement_id', 'in', [...byId.keys()])
    .where((eb) => eb.or([eb('kind', '=', 'bucket'), eb('period_to', '>', new Date(since))]))
    .orderBy('period_from')
    .execute();
  for (const r of rows) {
    const w = byId.get(r.agreement_id)!;
    if (r.revision_hash !== w.hash || (r.kind !== 'bucket' && r.period_to.getTime() <= w.since)) {
      continue;
    }
    const targets = out.get(r.agreement_id) ?? new Map<string, StoredSegment[]>();
    const list = targets.get(r.target_id) ?? [];
    list.push(storedSegment(r));
    targets.set(r.target_id, list);
    out.set(r.agreement_id, targets);
  }
  return out;
}

function storedSegment(r: {
  kind: 'period' | 'bucket';
  period_from: Date;
  period_to: Date;
  settled_until: Date;
  counted: number;
  with_data: number;
  in_denominator: number;
  good: number;
  bad: number;
  sum_good: number;
  sum_total: number;
  bad_intervals: unknown;
  state?: string | null;
}): StoredSegment {
  return {
    ...(r.state !== undefined ? { state: r.state } : {}),
    segment: { kind: r.kind, from: r.period_from.getTime(), to: r.period_to.getTime() },
    settledUntil: r.settled_until.getTime(),
    totals: {
      counts: { counted: r.counted, withData: r.with_data, inDenominator: r.in_denominator, good: r.good, bad: r.bad },
      sumGood: r.sum_good,
      sumTotal: r.sum_total,
      badIntervals: (r.bad_intervals as Array<{ from: number; to: number }>) ?? [],
    },
  };
}

/** How many agreements of these orgs are due by `dueBy` and not leased (to size the claims). */
export async function countDue(store: Store, opts: { orgIds: number[]; dueBy: Date }): Promise<number> {
  if (opts.orgIds.length === 0) {
    return 0;
  }
  const r = await sql<{ n: string | number }>`
    select count(*) as n from monitor_agreements
    where org_id in (${sql.join(opts.orgIds)}) and next_run_at <= ${opts.dueBy.toISOString()} and (lease_until is null or lease_until < now())`.execute(store.db);
  return Number(r.rows[0].n);
}

/** Extends the leases still held (a long batch must not lose them to its own slowness); returns how many. */
export async function renewLeases(store: Store, claims: Claim[], leaseMs: number): Promise<number> {
  if (claims.length === 0) {
    return 0;
  }
  const r = await sql`
    update monitor_agreements m set lease_until = now() + ${ms(leaseMs)}
    from jsonb_to_recordset(${records(claims.map((c) => ({ org_id: c.orgId, agreement_id: c.agreementId, token: c.token })))}) as v(org_id int, agreement_id text, token text)
    where m.org_id = v.org_id and m.agreement_id = v.agreement_id and m.lease_token = v.token and m.lease_until > now()
    returning m.agreement_id`.execute(store.db);
  return r.rows.length;
}

/** Rows handed to one statement as a jsonb array (read back with jsonb_to_recordset): one parameter whatever their number. */
const records = (rows: unknown[]) => sql`${JSON.stringify(rows)}::jsonb`;

/** records() with one more field per row given as JSON text already serialized (not serialized twice). */
function recordsWith(rows: object[], key: string, json: string[]) {
  const text = rows.map((row, i) => {
    const rest = JSON.stringify(row);
    return `${rest.slice(0, -1)}${rest.length > 2 ? ',' : ''}${JSON.stringify(key)}:${json[i]}}`;
  });
  return sql`${`[${text.join(',')}]`}::jsonb`;
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
  /** An update leaving the stored bad intervals as they are (they are not sent again). */
  sameBadIntervals?: boolean;
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
    /** The targets' live status, JSON text (agreementCycle.ts storedLive). */
    live: string;
    /** False when the row already holds exactly `live` (then it is not sent again). */
    liveChanged: boolean;
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

/** Key of a claimed agreement in commitPlans' errors. */
export const claimKey = (c: Pick<Claim, 'orgId' | 'agreementId'>) => `${c.orgId}/${c.agreementId}`;

/**
 * The cycle results of several agreements in ONE transaction with a handful of statements
 * whatever their number (multi-row writes through jsonb_to_recordset), still fenced per
 * agreement: the status write comes first and matches only the leases still held (giving them
 * back), and an agreement whose lease was lost is left out (its result dropped, the others written). Anything else failing (a fold conflict)
 * rolls the batch back and every agreement is retried in a transaction of its own, so the
 * others still land. Returns the errors by claimKey.
 */
export async function commitPlans(store: Store, plans: Plan[], onCommitted?: (plan: Plan, fingerprint: string) => void): Promise<Map<string, Error>> {
  const errors = new Map<string, Error>();
  if (plans.length === 0) {
    return errors;
  }
  // Row versions written by a transaction count only once it committed.
  const committed = (batch: Plan[], versions: Map<string, string>) => {
    for (const plan of batch) {
      const version = versions.get(claimKey(plan.lease.claim));
      if (version !== undefined && !errors.has(claimKey(plan.lease.claim))) {
        onCommitted?.(plan, version);
      }
    }
  };
  try {
    const versions = new Map<string, string>();
    await store.db.transaction().execute((trx) => applyFenced(trx, plans, errors, versions));
    committed(plans, versions);
    return errors;
  } catch (err) {
    if (plans.length === 1) {
      errors.set(claimKey(plans[0].lease.claim), err as Error);
      return errors;
    }
  }
  errors.clear();
  for (const plan of plans) {
    try {
      const versions = new Map<string, string>();
      await store.db.transaction().execute((trx) => applyFenced(trx, [plan], errors, versions));
      committed([plan], versions);
    } catch (err) {
      errors.set(claimKey(plan.lease.claim), err as Error);
    }
  }
  return errors;
}

async function applyFenced(trx: Transaction<Database>, plans: Plan[], errors: Map<string, Error>, versions: Map<string, string>): Promise<void> {
  // The status write is the fence: it matches (and locks) only the rows whose lease still holds.
  const holding = await writeStatus(trx, plans);
  const kept = plans.filter((p) => holding.has(claimKey(p.lease.claim)));
  for (const p of plans.filter((x) => !holding.has(claimKey(x.lease.claim)))) {
    errors.set(claimKey(p.lease.claim), new LeaseLost(`agreement ${p.lease.claim.agreementId}`));
  }
  if (kept.length) {
    await applyPlans(trx, kept);
  }
  for (const [key, version] of holding) {
    versions.set(key, version);
  }
}

/**
 * The agreements' live status and next due time; also gives the leases back. Matches only while
 * the lease holds; returns the claimKeys it matched with the row version written (segmentCache.ts).
 */
async function writeStatus(trx: Transaction<Database>, plans: Plan[]): Promise<Map<string, string>> {
  const status = plans.map(({ lease: { claim }, final, at }) => ({
    org_id: claim.orgId,
    agreement_id: claim.agreementId,
    token: claim.token,
    state: final.status.state,
    period_from: new Date(final.status.period.from).toISOString(),
    period_to: new Date(final.status.period.to).toISOString(),
    settled_until: new Date(final.status.settledUntil).toISOString(),
    evaluated_at: at.toISOString(),
    next_run_at: final.nextRunAt.toISOString(),
    retry_at: final.error ? final.nextRunAt.toISOString() : null,
    failures: final.failures,
    last_error: final.error,
    failing_since: final.failingSince ? final.failingSince.toISOString() : null,
  }));
  const done = await sql<{ org_id: number; agreement_id: string; version: string }>`
    update monitor_agreements m set state = v.state, period_from = v.period_from, period_to = v.period_to, settled_until = v.settled_until,
      evaluated_at = v.evaluated_at, live = coalesce(v.live, m.live), last_run_at = now(), next_run_at = v.next_run_at, retry_at = v.retry_at,
      failures = v.failures, last_error = v.last_error, failing_since = v.failing_since, lease_owner = null, lease_until = null, lease_token = null
    from jsonb_to_recordset(${recordsWith(status, 'live', plans.map((p) => (p.final.status.liveChanged ? p.final.status.live : 'null')))}) as v(org_id int, agreement_id text, token text, state text, period_from timestamptz,
      period_to timestamptz, settled_until timestamptz, evaluated_at timestamptz, live jsonb, next_run_at timestamptz, retry_at timestamptz,
      failures int, last_error text, failing_since timestamptz)
    where m.org_id = v.org_id and m.agreement_id = v.agreement_id and m.lease_token = v.token and m.lease_until > now()
    returning m.org_id, m.agreement_id, m.xmin::text as version`.execute(trx);
  return new Map(done.rows.map((r) => [claimKey({ orgId: r.org_id, agreementId: r.agreement_id }), r.version]));
}

const SEGMENT_COLUMNS = `org_id int, agreement_id text, target_id text, period_from timestamptz, period_to timestamptz, kind text,
  revision_hash text, settled_until timestamptz, expected timestamptz, counted int, with_data int, in_denominator int, good int, bad int,
  sum_good float8, sum_total float8, bad_intervals jsonb, state text, live jsonb, evaluated_at timestamptz`;

function segmentRecord(plan: Plan, w: SegmentWrite) {
  const c = w.change;
  return {
    org_id: plan.lease.claim.orgId,
    agreement_id: plan.lease.claim.agreementId,
    target_id: w.targetId,
    period_from: new Date(c.segment.from).toISOString(),
    period_to: new Date(c.segment.to).toISOString(),
    kind: c.segment.kind,
    revision_hash: plan.hash,
    settled_until: new Date(c.settledUntil).toISOString(),
    expected: c.expected === null ? null : new Date(c.expected).toISOString(),
    ...totalsColumns(c.totals),
    bad_intervals: w.sameBadIntervals && c.expected !== null ? null : c.totals.badIntervals,
    state: w.state,
    live: w.live === undefined ? null : w.live,
    evaluated_at: plan.at.toISOString(),
  };
}

/** The writes of agreements whose leases this transaction holds (locked by writeStatus). */
async function applyPlans(trx: Transaction<Database>, plans: Plan[]): Promise<void> {
  const segments = plans.flatMap((p) => p.writes.map((w) => segmentRecord(p, w)));
  const inserts = segments.filter((r) => r.expected === null);
  const updates = segments.filter((r) => r.expected !== null);
  if (inserts.length) {
    const r = await sql`
      insert into monitor_periods (org_id, agreement_id, target_id, period_from, period_to, kind, revision_hash, settled_until,
        counted, with_data, in_denominator, good, bad, sum_good, sum_total, bad_intervals, state, live, evaluated_at)
      select org_id, agreement_id, target_id, period_from, period_to, kind, revision_hash, settled_until,
        counted, with_data, in_denominator, good, bad, sum_good, sum_total, bad_intervals, state, live, evaluated_at
      from jsonb_to_recordset(${records(inserts)}) as v(${sql.raw(SEGMENT_COLUMNS)})
      on conflict (org_id, agreement_id, target_id, period_from) do nothing
      returning agreement_id`.execute(trx);
    checkWritten('inserted', inserts, r.rows.length);
  }
  if (updates.length) {
    // Only on top of the watermark the fold was computed from (so unsent bad intervals are the ones it started from).
    const r = await sql`
      update monitor_periods p set settled_until = v.settled_until, counted = v.counted, with_data = v.with_data,
        in_denominator = v.in_denominator, good = v.good, bad = v.bad, sum_good = v.sum_good, sum_total = v.sum_total,
        bad_intervals = coalesce(v.bad_intervals, p.bad_intervals), state = v.state, live = v.live, evaluated_at = v.evaluated_at
      from jsonb_to_recordset(${records(updates)}) as v(${sql.raw(SEGMENT_COLUMNS)})
      where p.org_id = v.org_id and p.agreement_id = v.agreement_id and p.target_id = v.target_id and p.period_from = v.period_from
        and p.revision_hash = v.revision_hash and p.settled_until = v.expected
      returning p.agreement_id`.execute(trx);
    checkWritten('updated', updates, r.rows.length);
  }
  const liveOnly = plans.flatMap((p) =>
    p.final.liveOnly.map((l) => ({
      org_id: p.lease.claim.orgId,
      agreement_id: p.lease.claim.agreementId,
      target_id: l.targetId,
      period_from: new Date(l.periodFrom).toISOString(),
      state: l.state,
      live: l.live,
      evaluated_at: p.at.toISOString(),
    }))
  );
  if (liveOnly.length) {
    await sql`
      update monitor_periods p set state = v.state, live = v.live, evaluated_at = v.evaluated_at
      from jsonb_to_recordset(${records(liveOnly)}) as v(org_id int, agreement_id text, target_id text, period_from timestamptz, state text, live jsonb, evaluated_at timestamptz)
      where p.org_id = v.org_id and p.agreement_id = v.agreement_id and p.target_id = v.target_id and p.period_from = v.period_from`.execute(trx);
  }
  const prune = plans.flatMap((p) =>
    p.final.prune.map((x) => ({ org_id: p.lease.claim.orgId, agreement_id: p.lease.claim.agreementId, target_id: x.targetId, before: new Date(x.before).toISOString() }))
  );
  if (prune.length) {
    await sql`
      delete from monitor_periods p
      using jsonb_to_recordset(${records(prune)}) as v(org_id int, agreement_id text, target_id text, before timestamptz)
      where p.org_id = v.org_id and p.agreement_id = v.agreement_id and p.target_id = v.target_id and p.kind = 'bucket' and p.period_to <= v.before`.execute(trx);
  }
  await syncBatchBreaches(trx, plans);
}

function checkWritten(what: string, rows: Array<{ agreement_id: string; target_id: string; period_from: string }>, written: number): void {
  if (written !== rows.length) {
    const r = rows[0];
    throw new FoldConflict(`a segment of ${rows.length > 1 ? `${rows.length} ${what}` : `${r.agreement_id}/${r.target_id} ${r.period_from}`}`);
  }
}

/**
 * The breach records of a batch, kept in step like syncMonitoredBreaches (one agreement) does,
 * but with their rows read (and locked) by one query, and written only when something a breach
 * shows changed: a target that is met and has no record costs nothing.
 */
async function syncBatchBreaches(trx: Transaction<Database>, plans: Plan[]): Promise<void> {
  const byOrg = new Map<number, Plan[]>();
  for (const p of plans) {
    byOrg.set(p.lease.claim.orgId, [...(byOrg.get(p.lease.claim.orgId) ?? []), p]);
  }
  for (const [orgId, list] of byOrg) {
    const monitored = list.map((p) => p.final.breaches).filter((b) => b.length > 0);
    if (monitored.length === 0) {
      continue;
    }
    const periods = [...new Set(monitored.filter((b) => !b[0].rolling).map((b) => new Date(b[0].period.from).toISOString()))];
    const rows = (
      await sql<BreachRow>`
        select * from breaches
        where org_id = ${orgId} and agreement_id in (${sql.join(monitored.map((b) => b[0].agreement.id))})
          and (status <> 'resolved'${periods.length ? sql` or period_from in (${sql.join(periods.map((x) => sql`${x}::timestamptz`))})` : sql``})
        order by period_from desc
        for update`.execute(trx)
    ).rows;
    for (const targets of monitored) {
      const first = targets[0];
      const mine = rows.filter((r) =>
        r.agreement_id === first.agreement.id && (first.rolling ? r.status !== 'resolved' : new Date(r.period_from).getTime() === first.period.from)
      );
      for (const m of targets) {
        const known = m.rolling || m.period.from === first.period.from ? (mine.find((r) => r.target_id === m.targetId) ?? null) : undefined;
        if (known === null && !(severityOf(m.state) && m.mayEscalate)) {
          continue;
        }
        if (known && unchanged(known, m)) {
          continue;
        }
        await syncMonitoredBreach(trx, orgId, m, known);
      }
    }
  }
}

interface BreachRow {
  agreement_id: string;
  target_id: string;
  status: string;
  severity: string;
  period_from: Date;
  period_to: Date;
  measured: number | null;
  coverage: number | null;
  current_state: string | null;
  bad_intervals: Array<{ from: string; to: string }> | null;
}

const severityOf = (state: MonitoredTarget['state']) => (state === 'breached' ? 'breached' : state === 'at_risk' ? 'at_risk' : null);

/** Nothing syncMonitoredBreach would write differs from the record (its live figures included). */
function unchanged(row: BreachRow, m: MonitoredTarget): boolean {
  const key = (list: Array<{ from: string | number; to: string | number }>) => list.map((b) => `${new Date(b.from).getTime()}/${new Date(b.to).getTime()}`).join(',');
  return (
    !(severityOf(m.state) === 'breached' && m.mayEscalate && row.severity === 'at_risk') &&
    row.current_state === m.state &&
    row.measured === m.compliance &&
    row.coverage === m.coverage &&
    (!m.rolling || new Date(row.period_to).getTime() >= m.period.to) &&
    (!m.mayEscalate || key(row.bad_intervals ?? []) === key(m.badIntervals))
  );
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
