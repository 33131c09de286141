/**
 * One monitoring cycle of a batch of agreements: ONE /api/ds/query request per time range for
 * the whole batch (more only for a backfill, ≤ MAX_POINTS points per query), the settled slices
 * folded into the stored segments, the younger tail evaluated provisionally, and the results
 * planned for one fenced commit with the breaches. The agreement is due again when its figures
 * can change (fold.ts nextDueAt) or its back-off expires.
 */
import {
  agreementState,
  burnRateOver,
  dsQueryBody,
  FrameError,
  refIdsOf,
  seriesFromResponse,
  splitRange,
  type AgreementSpec,
  type DsQueryResponse,
  type Interval,
  type RangeQuery,
  type Series,
  type Target,
  type TargetEvaluation,
  type TargetSeries,
} from '../../src/domain';
import { GrafanaApiError, type GrafanaClient } from '../grafana/client';
import type { Store } from '../store/db';
import type { MonitoredTarget } from '../resources/breaches/repository';
import {
  applyChanges,
  calendarPeriod,
  durationMs,
  fetchStart,
  finish,
  headRange,
  foldTarget,
  HOUR_MS,
  layoutOf,
  liveTarget,
  nextDueAt,
  prunableBefore,
  type StoredSegment,
} from './fold';
import type { SegmentCache } from './segmentCache';
import { commit, loadActiveMany, loadSegmentsMany, resetRevision, stopMonitoring, type Claim, type Lease, type Plan, type MonitoredAgreement, type SegmentWrite } from './store';

export interface CycleContext {
  store: Store;
  grafana: GrafanaClient;
  instanceId: string;
  settleMs: number;
  leaseMs: number;
  intervalMs: number;
  backoffMaxMs: number;
  /** Engine clock (tests may shift it). */
  now(): number;
  /** Counts datasource errors (metrics). */
  onDatasourceError?(): void;
  /** This engine's segments in memory (absent: always read from the database). */
  segments?: SegmentCache;
}

export type Outcome = 'ok' | 'failed' | 'stopped';

/** What a cycle of one agreement writes; committed by `commitPlans`, several agreements per transaction. */
export type CommitPlan = Plan;

/** Target status as the API and the breach list show it (percentages in percent, ISO times). */
export interface TargetStatus {
  id: string;
  state: TargetEvaluation['state'];
  compliance: number | null;
  objective: number;
  warning?: number;
  coverage: number | null;
  errorBudgetRemaining: number | null;
  burnRate: number | null;
  badIntervals: Array<{ from: string; to: string }>;
  slices: TargetEvaluation['slices'];
  events?: { good: number; total: number };
  settledUntil: string;
}

const isoTimes = new Map<number, string>();

/** ISO time, remembered: every cycle reports the same bad-interval bounds of every target again. */
const iso = (t: number) => {
  let text = isoTimes.get(t);
  if (text === undefined) {
    if (isoTimes.size >= 100_000) {
      isoTimes.clear();
    }
    text = new Date(t).toISOString();
    isoTimes.set(t, text);
  }
  return text;
};

export function targetStatus(e: TargetEvaluation, burnRate: number | null, settledUntil: number): TargetStatus {
  return {
    id: e.id,
    state: e.state,
    compliance: e.compliance,
    objective: e.objective,
    ...(e.warning !== undefined ? { warning: e.warning } : {}),
    coverage: e.coverage,
    errorBudgetRemaining: e.errorBudgetRemaining,
    burnRate,
    badIntervals: e.badIntervals.map((b) => ({ from: iso(b.from), to: iso(b.to) })),
    slices: e.slices,
    ...(e.events ? { events: e.events } : {}),
    settledUntil: iso(settledUntil),
  };
}

function queriesOf(target: Target): RangeQuery[] {
  const intervalMs = durationMs(target.slice);
  if (target.sli.ratio) {
    return [
      { refId: `${target.id}/good`, datasource: target.sli.ratio.good.datasource, expr: target.sli.ratio.good.expr, intervalMs },
      { refId: `${target.id}/total`, datasource: target.sli.ratio.total.datasource, expr: target.sli.ratio.total.expr, intervalMs },
    ];
  }
  const q = target.sli.threshold!.query;
  return [{ refId: `${target.id}/value`, datasource: q.datasource, expr: q.expr, intervalMs }];
}

/** Oldest period a fold may still touch: the previous calendar period of every target (rolling: its buckets). */
function loadSince(spec: AgreementSpec, now: number): number {
  if (!spec.window.calendar) {
    return 0;
  }
  const current = calendarPeriod(spec.window.calendar, spec.timezone, now);
  return calendarPeriod(spec.window.calendar, spec.timezone, current.from - 1).from;
}

type Points = { times: number[]; values: number[] };

function appendPoints(into: Map<string, Points>, series: Map<string, Series>): void {
  for (const [refId, s] of series) {
    const p = into.get(refId) ?? { times: [], values: [] };
    const last = p.times.length ? p.times[p.times.length - 1] : -Infinity;
    for (let i = 0; i < s.times.length; i++) {
      if (s.times[i] > last) {
        p.times.push(s.times[i]);
        p.values.push(s.values[i]);
      }
    }
    into.set(refId, p);
  }
}

function seriesOfTarget(target: Target, points: Map<string, Points>): TargetSeries {
  const get = (refId: string) => {
    const p = points.get(refId);
    return p ? { times: new Float64Array(p.times), values: new Float64Array(p.values) } : undefined;
  };
  return target.sli.ratio ? { good: get(`${target.id}/good`), total: get(`${target.id}/total`) } : { value: get(`${target.id}/value`) };
}

/** The usable part of one response for one target, or the reason it is unusable. */
function readTarget(target: Target, response: DsQueryResponse): { series: Map<string, Series> } | { error: string } {
  const refIds = refIdsOf(target);
  const results: DsQueryResponse['results'] = {};
  for (const refId of refIds) {
    const r = response.results?.[refId];
    if (r?.error || (typeof r?.status === 'number' && r.status >= 400)) {
      return { error: `${refId}: ${r.error ?? `status ${r.status}`}` };
    }
    if (r) {
      results[refId] = r;
    }
  }
  try {
    return { series: seriesFromResponse({ results }, { expected: refIds, allowEmpty: true }) };
  } catch (err) {
    return { error: err instanceof FrameError ? err.message : String(err) };
  }
}

/** One claimed agreement being evaluated in a batch. */
interface Work {
  claim: Claim;
  lease: Lease;
  agreement: MonitoredAgreement;
  spec: AgreementSpec;
  now: number;
  queries: RangeQuery[];
  rows: Map<string, StoredSegment[]>;
  points: Map<string, Points>;
  errors: Map<string, string>;
  writes: SegmentWrite[];
  /** The live status JSON this engine's last commit stored for the agreement, when still current (segmentCache.ts). */
  storedLive?: string;
}

/** What became of one claimed agreement: a plan to commit, stopped, or an unexpected error (not the datasource). */
export interface BatchResult {
  claim: Claim;
  outcome?: Outcome;
  plan?: CommitPlan;
  /** The agreement's segments as they are stored once `plan` is committed (for the segment cache). */
  segments?: Map<string, StoredSegment[]>;
  error?: unknown;
}

/** Points one request may carry in all (a backfill of a few agreements, or the recent slices of a whole batch). */
export const MAX_REQUEST_POINTS = 100_000;

/**
 * Evaluates a batch of claimed agreements of one organisation: ONE /api/ds/query request per
 * time range for all of them (refIds prefixed per agreement, `<n>|<target>/good`), at most
 * MAX_REQUEST_POINTS points each; a backfill longer than one request's range goes agreement by
 * agreement in chunks committed as they go (restart-safe progress). Never throws for datasource
 * trouble (that is recorded on the agreement); returns what to commit.
 */
export async function runBatch(ctx: CycleContext, orgId: number, claims: Claim[]): Promise<BatchResult[]> {
  const now = ctx.now();
  const results: BatchResult[] = [];
  const active = await loadActiveMany(ctx.store, orgId, claims.map((c) => c.agreementId));
  const works: Work[] = [];
  for (const claim of claims) {
    const lease: Lease = { claim, leaseMs: ctx.leaseMs };
    const agreement = active.get(claim.agreementId);
    try {
      if (!agreement) {
        await stopMonitoring(ctx.store, lease);
        results.push({ claim, outcome: 'stopped' });
        continue;
      }
      if (agreement.hash !== claim.revisionHash) {
        await resetRevision(ctx.store, lease, agreement.revision, agreement.hash, new Date(now));
      }
    } catch (error) {
      results.push({ claim, error });
      continue;
    }
    const { spec } = agreement.document;
    works.push({ claim, lease, agreement, spec, now, queries: spec.targets.flatMap(queriesOf), rows: new Map(), points: new Map(), errors: new Map(), writes: [] });
  }
  await loadRows(ctx, orgId, works, now);
  const chunked = works.map((w) => ({ w, chunks: splitRange(mainRange(w), w.queries) }));
  const together = chunked.filter((c) => c.chunks.length === 1).map((c) => c.w);
  // Heads first: points of a target are appended in time order.
  await fetchGrouped(ctx, together.flatMap((w) => headUnit(w)), (w, response) => readHeads(ctx, w, response));
  await fetchGrouped(
    ctx,
    together.filter((w) => w.errors.size === 0).map((w) => ({ work: w, range: mainRange(w) })),
    (w, response, range) => foldResponse(ctx, w, response, range.to)
  );
  for (const { w, chunks } of chunked.filter((c) => c.chunks.length > 1)) {
    try {
      await backfill(ctx, w, chunks);
    } catch (error) {
      results.push({ claim: w.claim, error });
      works.splice(works.indexOf(w), 1);
    }
  }
  for (const w of works) {
    try {
      const plan = finishCycle(ctx, w);
      results.push({ claim: w.claim, outcome: w.errors.size ? 'failed' : 'ok', plan, segments: storedAfter(w.rows, plan) });
    } catch (error) {
      results.push({ claim: w.claim, error });
    }
  }
  return results;
}

/**
 * Each agreement's stored segments (of the previous calendar period on): from the engine's memory
 * when its monitor row is as this engine's last commit left it, else read with one query.
 */
async function loadRows(ctx: CycleContext, orgId: number, works: Work[], now: number): Promise<void> {
  const missing: Work[] = [];
  for (const w of works) {
    const since = loadSince(w.spec, now);
    const cached = ctx.segments?.take(orgId, w.agreement.id, w.agreement.hash, w.claim.fingerprint);
    if (cached) {
      w.rows = new Map(w.spec.targets.map((t) => [t.id, (cached.rows.get(t.id) ?? []).filter((r) => r.segment.kind === 'bucket' || r.segment.to > since)]));
      w.storedLive = cached.live;
    } else {
      missing.push(w);
    }
  }
  const segments = await loadSegmentsMany(
    ctx.store,
    orgId,
    missing.map((w) => ({ agreementId: w.agreement.id, hash: w.agreement.hash, since: loadSince(w.spec, now) }))
  );
  for (const w of missing) {
    const stored = segments.get(w.agreement.id);
    w.rows = new Map(w.spec.targets.map((t) => [t.id, stored?.get(t.id) ?? []]));
  }
}

/** The segments as the database holds them once `plan` is committed: folded, with their states, pruned. */
function storedAfter(rows: Map<string, StoredSegment[]>, plan: CommitPlan): Map<string, StoredSegment[]> {
  const out = new Map<string, StoredSegment[]>();
  for (const [targetId, list] of rows) {
    const before = plan.final.prune.find((p) => p.targetId === targetId)?.before;
    const kept = list.filter((r) => !(before !== undefined && r.segment.kind === 'bucket' && r.segment.to <= before));
    out.set(
      targetId,
      kept.map((r) => {
        const write = plan.writes.find((w) => w.targetId === targetId && w.change.segment.from === r.segment.from);
        const live = plan.final.liveOnly.find((l) => l.targetId === targetId && l.periodFrom === r.segment.from);
        // Written segments carry the state written; a backfill chunk committed earlier wrote none.
        return { ...r, state: write ? write.state : live ? live.state : (r.state ?? null) };
      })
    );
  }
  return out;
}

/** The main request's range: the unfolded slices and the last hour (burn rate), up to now. */
function mainRange(w: Work): { from: number; to: number } {
  const from = Math.min(...w.spec.targets.map((t) => fetchStart(w.spec, t, w.rows.get(t.id)!, w.now) + durationMs(t.slice)));
  return { from, to: w.now };
}

/** Rolling windows: the head fragment (< one bucket) has a request of its own, so the main one stays short. */
function headUnit(w: Work): Unit[] {
  const heads = w.spec.targets.flatMap((t) => {
    const h = headRange(w.spec, t, w.now);
    return h ? [{ from: h.from + durationMs(t.slice), to: h.to }] : [];
  });
  return heads.length ? [{ work: w, range: { from: Math.min(...heads.map((h) => h.from)), to: Math.max(...heads.map((h) => h.to)) } }] : [];
}

/** A long backfill of one agreement: chunk by chunk, every chunk but the last committed at once. */
async function backfill(ctx: CycleContext, w: Work, chunks: Array<{ from: number; to: number }>): Promise<void> {
  await fetchGrouped(ctx, headUnit(w), (x, response) => readHeads(ctx, x, response));
  for (const [k, chunk] of chunks.entries()) {
    if (w.errors.size) {
      return;
    }
    await fetchGrouped(ctx, [{ work: w, range: chunk }], (x, response, range) => foldResponse(ctx, x, response, range.to));
    if (k < chunks.length - 1 && w.writes.length && !w.errors.size) {
      await commit(ctx.store, w.lease, w.agreement.hash, w.writes, new Date(w.now));
      w.writes = [];
    }
  }
}

interface Unit {
  work: Work;
  range: { from: number; to: number };
}

const pointsOf = (u: Unit) => u.work.queries.reduce((n, q) => n + Math.floor((u.range.to - u.range.from) / q.intervalMs) + 1, 0);

/**
 * Fetches units with as few requests as possible: units of the same range share a request (up to
 * MAX_REQUEST_POINTS points), each unit's refIds prefixed with its index in the request, the
 * answer split back per unit. A failed request fails every target of its units.
 */
async function fetchGrouped(
  ctx: CycleContext,
  units: Unit[],
  onResponse: (w: Work, response: DsQueryResponse, range: { from: number; to: number }) => void
): Promise<void> {
  const byRange = new Map<string, Unit[]>();
  for (const u of units) {
    const key = `${u.range.from}|${u.range.to}`;
    byRange.set(key, [...(byRange.get(key) ?? []), u]);
  }
  for (const group of byRange.values()) {
    let request: Unit[] = [];
    let points = 0;
    for (const u of group) {
      const p = pointsOf(u);
      if (request.length && points + p > MAX_REQUEST_POINTS) {
        await fetchTogether(ctx, request, onResponse);
        request = [];
        points = 0;
      }
      request.push(u);
      points += p;
    }
    if (request.length) {
      await fetchTogether(ctx, request, onResponse);
    }
  }
}

async function fetchTogether(
  ctx: CycleContext,
  units: Unit[],
  onResponse: (w: Work, response: DsQueryResponse, range: { from: number; to: number }) => void
): Promise<void> {
  const range = units[0].range;
  const queries = units.flatMap((u, k) => u.work.queries.map((q) => ({ ...q, refId: `${k}|${q.refId}` })));
  let response: DsQueryResponse;
  try {
    response = await postQuery(ctx, units.map((u) => u.work.agreement.id), queries, range);
  } catch (err) {
    ctx.onDatasourceError?.();
    const message = err instanceof GrafanaApiError ? err.message : `ds/query failed: ${(err as Error).message}`;
    for (const u of units) {
      for (const t of u.work.spec.targets) {
        u.work.errors.set(t.id, message);
      }
    }
    return;
  }
  const parts: DsQueryResponse[] = units.map(() => ({ results: {} }));
  for (const [refId, result] of Object.entries(response.results)) {
    const bar = refId.indexOf('|');
    const part = bar > 0 ? parts[Number(refId.slice(0, bar))] : undefined;
    if (part) {
      part.results[refId.slice(bar + 1)] = result;
    }
  }
  units.forEach((u, k) => onResponse(u.work, parts[k], range));
}

function readHeads(ctx: CycleContext, w: Work, response: DsQueryResponse): void {
  for (const t of w.spec.targets) {
    const read = readTarget(t, response);
    if ('error' in read) {
      ctx.onDatasourceError?.();
      w.errors.set(t.id, read.error);
    } else {
      appendPoints(w.points, read.series);
    }
  }
}

/** Folds what settled among the fetched slices (points up to `fetchedUntil`) into the stored segments. */
function foldResponse(ctx: CycleContext, w: Work, response: DsQueryResponse, fetchedUntil: number): void {
  for (const t of w.spec.targets.filter((x) => !w.errors.has(x.id))) {
    const read = readTarget(t, response);
    if ('error' in read) {
      ctx.onDatasourceError?.();
      w.errors.set(t.id, read.error);
      continue;
    }
    appendPoints(w.points, read.series);
    const rows = w.rows.get(t.id)!;
    const changes = foldTarget(w.spec, t, rows, seriesOfTarget(t, w.points), fetchedUntil, w.now, ctx.settleMs);
    w.rows.set(t.id, applyChanges(rows, changes));
    w.writes.push(
      ...changes.map((change) => ({
        targetId: t.id,
        change,
        state: null as string | null,
        live: undefined as unknown,
        sameBadIntervals: change.expected !== null && sameIntervals(rows.find((r) => r.segment.kind === change.segment.kind && r.segment.from === change.segment.from)?.totals.badIntervals, change.totals.badIntervals),
      }))
    );
  }
}

function sameIntervals(a: readonly Interval[] | undefined, b: readonly Interval[]): boolean {
  return !!a && a.length === b.length && a.every((x, k) => x.from === b[k].from && x.to === b[k].to);
}

async function postQuery(ctx: CycleContext, agreementIds: string[], queries: RangeQuery[], range: { from: number; to: number }): Promise<DsQueryResponse> {
  const res = await ctx.grafana.post<DsQueryResponse>('/api/ds/query', dsQueryBody(queries, range), {
    acceptStatuses: [400, 207],
    headers: {
      'X-SLM-Engine': ctx.instanceId,
      'X-SLM-Agreement': agreementIds.join(', '),
      'X-Datasource-Uid': [...new Set(queries.map((q) => q.datasource))].join(', '),
    },
  });
  const body = res.body as DsQueryResponse | undefined;
  if (!body || typeof body.results !== 'object' || body.results === null) {
    throw new GrafanaApiError(`Grafana answered POST /api/ds/query with ${res.status} but no results`, res.status, body);
  }
  return body;
}

function finishCycle(ctx: CycleContext, w: Work): CommitPlan {
  const { lease, agreement, rows, points, errors, writes, now } = w;
  const { spec } = agreement.document;
  const at = new Date(now);
  const statuses: TargetStatus[] = [];
  const breaches: MonitoredTarget[] = [];
  const liveOnly: Array<{ targetId: string; periodFrom: number; state: string | null; live: unknown }> = [];
  const prune: Array<{ targetId: string; before: number }> = [];
  let period = { from: now, to: now };
  let settledUntil = Infinity;
  for (const t of spec.targets) {
    const failed = errors.has(t.id);
    const data = failed ? null : seriesOfTarget(t, points);
    const targetRows = rows.get(t.id)!;
    const live = liveTarget(spec, t, targetRows, data, now);
    const burn = data ? burnRateOver(spec, t, data, HOUR_MS, now) : null;
    const status = targetStatus(live.evaluation, burn, live.settledUntil);
    statuses.push(status);
    period = live.period;
    settledUntil = Math.min(settledUntil, live.settledUntil);
    attachLive(spec, t, writes, targetRows, live.period.from, status, liveOnly);
    const before = prunableBefore(spec, t, now);
    if (before !== null) {
      prune.push({ targetId: t.id, before });
    }
    breaches.push({
      agreement: { id: agreement.id, type: agreement.type, service: agreement.service, provider: agreement.provider, counterparty: agreement.counterparty },
      targetId: t.id,
      period: live.period,
      rolling: !spec.window.calendar,
      state: live.evaluation.state,
      compliance: live.evaluation.compliance,
      objective: t.objective,
      coverage: live.evaluation.coverage,
      badIntervals: live.evaluation.badIntervals,
      mayEscalate: !failed,
      at,
    });
  }
  const error = errors.size ? [...errors.values()][0] : null;
  const failures = error ? lease.claim.failures + 1 : 0;
  // After an error, retry with back-off; otherwise nothing can change before the next slice end, settle or window move.
  const nextRunAt = error ? now + Math.min(ctx.backoffMaxMs, ctx.intervalMs * 2 ** (failures - 1)) : nextDueAt(spec, now, ctx.settleMs);
  const settled = Number.isFinite(settledUntil) ? settledUntil : now;
  const live = JSON.stringify(storedLive(statuses, settled));
  return {
    lease,
    hash: agreement.hash,
    writes,
    final: {
      liveOnly,
      prune,
      breaches,
      status: { state: agreementState(statuses.map((s) => s.state)), period, settledUntil: settled, live, liveChanged: live !== w.storedLive },
      error,
      nextRunAt: new Date(nextRunAt),
      failures,
      failingSince: error ? (lease.claim.failingSince ?? at) : null,
    },
    at,
  };
}

/**
 * The targets' live status as stored on the agreement's row: a target's settledUntil only when it
 * differs from the agreement's (the row's settled_until column), so that a cycle that only folded
 * what had settled (same figures) leaves the stored JSON as it was and need not rewrite it.
 */
export function storedLive(statuses: TargetStatus[], settledUntil: number): Array<Omit<TargetStatus, 'settledUntil'> & { settledUntil?: string }> {
  const agreementLevel = iso(settledUntil);
  return statuses.map(({ settledUntil: own, ...rest }) => (own === agreementLevel ? rest : { ...rest, settledUntil: own }));
}

/** The targets' live status read back from the agreement's row (see storedLive). */
export function liveTargets(live: unknown, settledUntil: Date | null): TargetStatus[] {
  const targets = (live as Array<Omit<TargetStatus, 'settledUntil'> & { settledUntil?: string }> | null) ?? [];
  const fallback = settledUntil ? settledUntil.toISOString() : undefined;
  return targets.map((t) => (t.settledUntil !== undefined || fallback === undefined ? (t as TargetStatus) : { ...t, settledUntil: fallback }));
}

/**
 * A finished period's row carries its final figures (what the history shows); the current
 * period's row only its state (the KPIs read it), its live figures being on the agreement's row
 * with their evaluation time. The current row is written when folded, otherwise only when its
 * state changed.
 */
function attachLive(
  spec: AgreementSpec,
  target: Target,
  writes: SegmentWrite[],
  rows: StoredSegment[],
  currentFrom: number,
  status: TargetStatus,
  liveOnly: Array<{ targetId: string; periodFrom: number; state: string | null; live: unknown }>
): void {
  if (!layoutOf(spec, target).rolling) {
    for (const w of writes.filter((x) => x.targetId === target.id)) {
      if (w.change.segment.from === currentFrom) {
        w.state = status.state;
        w.live = null;
      } else {
        const final = finish(spec, target, w.change.totals);
        w.state = final.state;
        w.live = targetStatus(final, null, w.change.settledUntil);
      }
    }
    const current = rows.find((r) => r.segment.from === currentFrom);
    if (current && current.state !== status.state && !writes.some((w) => w.targetId === target.id && w.change.segment.from === currentFrom)) {
      liveOnly.push({ targetId: target.id, periodFrom: currentFrom, state: status.state, live: null });
    }
  }
}
