/**
 * One monitoring cycle of one agreement: ONE /api/ds/query request (more only for a backfill,
 * ≤ MAX_POINTS points per query each) carrying every target's refIds, the settled slices folded
 * into the stored segments, the younger tail evaluated provisionally, and the result committed
 * with the breaches in the same fenced transaction.
 */
import {
  agreementState,
  burnRateOver,
  calendarPeriod,
  dsQueryBody,
  durationMs,
  FrameError,
  refIdsOf,
  seriesFromResponse,
  splitRange,
  type AgreementSpec,
  type DsQueryResponse,
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
  fetchStart,
  finish,
  headRange,
  foldTarget,
  HOUR_MS,
  layoutOf,
  liveTarget,
  prunableBefore,
  type StoredSegment,
} from './fold';
import { commit, loadActive, loadSegments, resetRevision, stopMonitoring, type Claim, type Lease, type Plan, type MonitoredAgreement, type SegmentWrite } from './store';

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

const iso = (t: number) => new Date(t).toISOString();

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
    return p ? { times: Float64Array.from(p.times), values: Float64Array.from(p.values) } : undefined;
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

/**
 * Evaluates one claimed agreement and returns what to commit (backfill chunks before the last are
 * committed as they go); never throws for datasource trouble (that is recorded on the agreement).
 */
export async function runAgreement(ctx: CycleContext, claim: Claim): Promise<{ outcome: Outcome; plan?: CommitPlan }> {
  const lease: Lease = { claim, leaseMs: ctx.leaseMs };
  const agreement = await loadActive(ctx.store, claim.orgId, claim.agreementId);
  if (!agreement) {
    await stopMonitoring(ctx.store, lease);
    return { outcome: 'stopped' };
  }
  if (agreement.hash !== claim.revisionHash) {
    await resetRevision(ctx.store, lease, agreement.revision, agreement.hash, new Date(ctx.now()));
  }
  const { spec } = agreement.document;
  const now = ctx.now();
  const segments = await loadSegments(ctx.store, claim.orgId, claim.agreementId, agreement.hash, loadSince(spec, now));
  const rows = new Map<string, StoredSegment[]>(spec.targets.map((t) => [t.id, segments.get(t.id) ?? []]));
  const points = new Map<string, Points>();
  const errors = new Map<string, string>();
  let writes: SegmentWrite[] = [];

  const queries = spec.targets.flatMap(queriesOf);
  const failAll = (err: unknown) => {
    ctx.onDatasourceError?.();
    for (const t of spec.targets) {
      errors.set(t.id, err instanceof GrafanaApiError ? err.message : `ds/query failed: ${(err as Error).message}`);
    }
  };
  await fetchHeads(ctx, agreement.id, spec, queries, now, points, errors, failAll);
  const from = Math.min(...spec.targets.map((t) => fetchStart(spec, t, rows.get(t.id)!, now) + durationMs(t.slice)));
  const chunks = errors.size ? [] : splitRange({ from, to: now }, queries);
  for (const [k, chunk] of chunks.entries()) {
    let response: DsQueryResponse;
    try {
      response = await postQuery(ctx, agreement.id, queries, chunk);
    } catch (err) {
      failAll(err);
      break;
    }
    for (const t of spec.targets.filter((x) => !errors.has(x.id))) {
      const read = readTarget(t, response);
      if ('error' in read) {
        ctx.onDatasourceError?.();
        errors.set(t.id, read.error);
        continue;
      }
      appendPoints(points, read.series);
      const changes = foldTarget(spec, t, rows.get(t.id)!, seriesOfTarget(t, points), chunk.to, now, ctx.settleMs);
      rows.set(t.id, applyChanges(rows.get(t.id)!, changes));
      writes.push(...changes.map((change) => ({ targetId: t.id, change, state: null as string | null, live: undefined as unknown })));
    }
    // Backfill chunks commit as they go (restart-safe progress); the last one commits with the live figures.
    if (k < chunks.length - 1 && writes.length) {
      await commit(ctx.store, lease, agreement.hash, writes, new Date(now));
      writes = [];
    }
  }
  const plan = finishCycle(ctx, lease, agreement, rows, points, errors, writes, now);
  return { outcome: errors.size ? 'failed' : 'ok', plan };
}

/** Rolling windows: the head fragment (< one bucket) is fetched by one request of its own, so the main one stays short. */
async function fetchHeads(
  ctx: CycleContext,
  agreementId: string,
  spec: AgreementSpec,
  queries: RangeQuery[],
  now: number,
  points: Map<string, Points>,
  errors: Map<string, string>,
  failAll: (err: unknown) => void
): Promise<void> {
  const heads = spec.targets.flatMap((t) => {
    const h = headRange(spec, t, now);
    return h ? [{ from: h.from + durationMs(t.slice), to: h.to }] : [];
  });
  if (!heads.length) {
    return;
  }
  const range = { from: Math.min(...heads.map((h) => h.from)), to: Math.max(...heads.map((h) => h.to)) };
  let response: DsQueryResponse;
  try {
    response = await postQuery(ctx, agreementId, queries, range);
  } catch (err) {
    failAll(err);
    return;
  }
  for (const t of spec.targets) {
    const read = readTarget(t, response);
    if ('error' in read) {
      ctx.onDatasourceError?.();
      errors.set(t.id, read.error);
    } else {
      appendPoints(points, read.series);
    }
  }
}

async function postQuery(ctx: CycleContext, agreementId: string, queries: RangeQuery[], range: { from: number; to: number }): Promise<DsQueryResponse> {
  const res = await ctx.grafana.post<DsQueryResponse>('/api/ds/query', dsQueryBody(queries, range), {
    acceptStatuses: [400, 207],
    headers: { 'X-SLM-Engine': ctx.instanceId, 'X-SLM-Agreement': agreementId, 'X-Datasource-Uid': [...new Set(queries.map((q) => q.datasource))].join(', ') },
  });
  const body = res.body as DsQueryResponse | undefined;
  if (!body || typeof body.results !== 'object' || body.results === null) {
    throw new GrafanaApiError(`Grafana answered POST /api/ds/query with ${res.status} but no results`, res.status, body);
  }
  return body;
}

function finishCycle(
  ctx: CycleContext,
  lease: Lease,
  agreement: MonitoredAgreement,
  rows: Map<string, StoredSegment[]>,
  points: Map<string, Points>,
  errors: Map<string, string>,
  writes: SegmentWrite[],
  now: number
): CommitPlan {
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
  const delay = error ? Math.min(ctx.backoffMaxMs, ctx.intervalMs * 2 ** (failures - 1)) : ctx.intervalMs;
  return {
    lease,
    hash: agreement.hash,
    writes,
    final: {
      liveOnly,
      prune,
      breaches,
      status: { state: agreementState(statuses.map((s) => s.state)), period, settledUntil: Number.isFinite(settledUntil) ? settledUntil : now, live: statuses },
      error,
      nextRunAt: new Date(Date.now() + delay),
      failures,
      failingSince: error ? (lease.claim.failingSince ?? at) : null,
    },
    at,
  };
}

/**
 * The current period's row carries the live figures; a finished period's row its final ones.
 * Rows written in this commit get them with the fold, the current row otherwise by a live-only update.
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
        w.live = status;
      } else {
        const final = finish(spec, target, w.change.totals);
        w.state = final.state;
        w.live = targetStatus(final, null, w.change.settledUntil);
      }
    }
    const current = rows.find((r) => r.segment.from === currentFrom);
    if (current && !writes.some((w) => w.targetId === target.id && w.change.segment.from === currentFrom)) {
      liveOnly.push({ targetId: target.id, periodFrom: currentFrom, state: status.state, live: status });
    }
  }
}
