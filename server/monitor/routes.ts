/**
 * Monitoring read endpoints (/api/v1/monitoring/…) and the engine's /metrics. Everything is read
 * from the database, so every replica answers the same whichever of them evaluated what.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { Gauge, Registry } from 'prom-client';
import { agreementState, AGREEMENT_TYPES, computeKpis, type AgreementType, type KpiInput, type TargetState } from '../../src/domain';
import { callerOf, secretMatches } from '../http/auth';
import { ApiError, notFound, parseOrThrow } from '../http/errors';
import type { Store } from '../store/db';
import { pathParam, refSchema } from '../resources/shared';
import { liveTargets, type TargetStatus } from './agreementCycle';
import type { MonitoringHandle } from './scheduler';
import { evaluationListQuerySchema, historyQuerySchema, kpiQuerySchema, type AgreementStatus } from './schema';

export interface MonitoringRouteOptions {
  store: Store;
  /** The running scheduler, when this engine runs one (read at request time). */
  monitor?: () => MonitoringHandle | undefined;
  /** SLM_METRICS_TOKEN: /metrics then needs `Authorization: Bearer <token>`. */
  metricsToken?: string;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

interface StatusRow {
  agreement_id: string;
  type: AgreementType;
  title: string;
  service: string;
  provider: string;
  counterparty: string;
  state: string | null;
  period_from: Date | null;
  period_to: Date | null;
  evaluated_at: Date | null;
  settled_until: Date | null;
  last_error: string | null;
  live: unknown;
}

function toStatus(r: StatusRow): AgreementStatus {
  return {
    agreementId: r.agreement_id,
    type: r.type,
    title: r.title,
    service: r.service,
    provider: r.provider,
    counterparty: r.counterparty,
    period: r.period_from && r.period_to ? { from: r.period_from.toISOString(), to: r.period_to.toISOString() } : null,
    state: (r.state as TargetState | null) ?? null,
    evaluatedAt: iso(r.evaluated_at),
    settledUntil: iso(r.settled_until),
    error: r.last_error,
    targets: liveTargets(r.live, r.settled_until),
  };
}

function statusQuery(store: Store, orgId: number) {
  return store.db
    .selectFrom('monitor_agreements as m')
    .innerJoin('agreements as a', (j) => j.onRef('a.org_id', '=', 'm.org_id').onRef('a.id', '=', 'm.agreement_id'))
    .where('m.org_id', '=', orgId);
}

const STATUS_COLUMNS = [
  'm.agreement_id',
  'a.type',
  'a.title',
  'a.service',
  'a.provider',
  'a.counterparty',
  'm.state',
  'm.period_from',
  'm.period_to',
  'm.evaluated_at',
  'm.settled_until',
  'm.last_error',
  'm.live',
] as const;

/** Registers /api/v1/monitoring/* (behind the engine's auth, like every /api/v1 route) and /metrics. */
export async function registerMonitoring(app: FastifyInstance, opts: MonitoringRouteOptions): Promise<void> {
  await app.register(async (api) => monitoringRoutes(api, opts), { prefix: '/api/v1' });
  app.get('/metrics', async (request, reply) => metrics(request, reply, opts));
}

async function monitoringRoutes(api: FastifyInstance, { store, monitor }: MonitoringRouteOptions): Promise<void> {
  api.get('/monitoring/status', async (request) => {
    const orgId = callerOf(request).orgId;
    const handle = monitor?.();
    const grafana = handle?.grafanaOf(orgId);
    const [count, failing, last] = await Promise.all([
      store.db.selectFrom('monitor_agreements').select((eb) => eb.fn.countAll<string>().as('n')).where('org_id', '=', orgId).executeTakeFirstOrThrow(),
      store.db
        .selectFrom('monitor_agreements')
        .select(['agreement_id', 'last_error', 'failing_since', 'retry_at'])
        .where('org_id', '=', orgId)
        .where('last_error', 'is not', null)
        .orderBy('agreement_id')
        .limit(100)
        .execute(),
      store.db.selectFrom('monitor_instances').selectAll().where('cycle_finished_at', 'is not', null).orderBy('cycle_finished_at', 'desc').limit(1).executeTakeFirst(),
    ]);
    return {
      enabled: !!handle?.config.enabled && !!grafana,
      grafanaUrl: grafana?.url ?? null,
      source: grafana?.source ?? null,
      intervalMs: handle?.config.intervalMs ?? 0,
      lastCycle:
        last?.cycle_started_at && last.cycle_finished_at
          ? { startedAt: last.cycle_started_at.toISOString(), finishedAt: last.cycle_finished_at.toISOString(), agreements: last.cycle_agreements, failed: last.cycle_failed }
          : null,
      monitoredAgreements: Number(count.n),
      failing: failing.map((f) => ({ agreementId: f.agreement_id, error: f.last_error!, since: iso(f.failing_since), retryAt: iso(f.retry_at) })),
    };
  });

  api.get('/monitoring/evaluations', async (request) => {
    const orgId = callerOf(request).orgId;
    const q = parseOrThrow(evaluationListQuerySchema, request.query, 'query string');
    let base = statusQuery(store, orgId);
    if (q.type) {
      base = base.where('a.type', '=', q.type);
    }
    if (q.state) {
      base = base.where('m.state', '=', q.state);
    }
    if (q.service) {
      base = base.where('a.service', '=', q.service);
    }
    if (q.agreement) {
      base = base.where('m.agreement_id', '=', q.agreement);
    }
    const [rows, count] = await Promise.all([
      base.select(STATUS_COLUMNS).orderBy('m.agreement_id').limit(q.limit).offset(q.offset).execute(),
      base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map((r) => toStatus(r as StatusRow)), total: Number(count.n), limit: q.limit, offset: q.offset };
  });

  api.get('/monitoring/evaluations/:agreementId', async (request) => {
    const orgId = callerOf(request).orgId;
    const id = pathParam(request.params, 'agreementId', refSchema, (x) => `monitored agreement "${x}"`);
    const q = parseOrThrow(historyQuerySchema, request.query, 'query string');
    const row = await statusQuery(store, orgId).select(STATUS_COLUMNS).where('m.agreement_id', '=', id).executeTakeFirst();
    if (!row) {
      throw notFound(`monitored agreement "${id}" (only active agreements are monitored)`, { id });
    }
    const current = toStatus(row as StatusRow);
    return { current, history: q.periods > 0 ? await history(store, orgId, id, row.period_from, q.periods) : [] };
  });

  api.get('/monitoring/kpis', async (request) => {
    const orgId = callerOf(request).orgId;
    const q = parseOrThrow(kpiQuerySchema, request.query, 'query string');
    return { periods: await monthlyKpis(store, orgId, q.periods, q.timezone) };
  });
}

/** Closed calendar periods of the agreement before `before`, newest first. */
async function history(store: Store, orgId: number, id: string, before: Date | null, periods: number) {
  let q = store.db
    .selectFrom('monitor_periods')
    .select(['target_id', 'period_from', 'period_to', 'state', 'live'])
    .where('org_id', '=', orgId)
    .where('agreement_id', '=', id)
    .where('kind', '=', 'period');
  if (before) {
    q = q.where('period_to', '<=', before);
  }
  const rows = await q.orderBy('period_from', 'desc').orderBy('target_id').execute();
  const byPeriod = new Map<number, typeof rows>();
  for (const r of rows) {
    const key = r.period_from.getTime();
    if (!byPeriod.has(key) && byPeriod.size >= periods) {
      break;
    }
    byPeriod.set(key, [...(byPeriod.get(key) ?? []), r]);
  }
  return [...byPeriod.values()].map((list) => {
    const targets = list.map((r) => {
      const live = (r.live as Partial<TargetStatus> | null) ?? {};
      return {
        id: r.target_id,
        state: (r.state as TargetState | null) ?? 'no_data',
        compliance: live.compliance ?? null,
        coverage: live.coverage ?? null,
        errorBudgetRemaining: live.errorBudgetRemaining ?? null,
      };
    });
    return {
      period: { from: list[0].period_from.toISOString(), to: list[0].period_to.toISOString() },
      state: agreementState(targets.map((t) => t.state)),
      targets,
    };
  });
}

/**
 * KPIs per month (DESIGN §5.8), newest first: the agreements with an evaluation period
 * overlapping the month; breached when any of those periods ended (or, the current one, is)
 * breached; monitored when none was no_data.
 */
async function monthlyKpis(store: Store, orgId: number, count: number, zone: string) {
  const nowMs = Date.now();
  const current = DateTime.fromMillis(nowMs, { zone }).startOf('month');
  const months = Array.from({ length: count }, (_, i) => {
    const start = current.minus({ months: i });
    return { from: start.toMillis(), to: start.plus({ months: 1 }).toMillis(), label: start.toFormat('yyyy-MM') };
  });
  const oldest = months[months.length - 1].from;
  const [rows, live] = await Promise.all([
    store.db
      .selectFrom('monitor_periods as p')
      .innerJoin('agreements as a', (j) => j.onRef('a.org_id', '=', 'p.org_id').onRef('a.id', '=', 'p.agreement_id'))
      .select(['p.agreement_id', 'a.type', 'p.period_from', 'p.period_to', 'p.state'])
      .where('p.org_id', '=', orgId)
      .where('p.kind', '=', 'period')
      .where('p.period_to', '>', new Date(oldest))
      .execute(),
    statusQuery(store, orgId).select(['m.agreement_id', 'a.type', 'm.live']).execute(),
  ]);
  return months.map((month, i) => {
    const byAgreement = new Map<string, { type: AgreementType; states: TargetState[] }>();
    const add = (id: string, type: AgreementType, states: TargetState[]) => {
      const entry = byAgreement.get(id) ?? { type, states: [] };
      entry.states.push(...states);
      byAgreement.set(id, entry);
    };
    for (const r of rows) {
      if (r.period_from.getTime() < month.to && r.period_to.getTime() > month.from) {
        add(r.agreement_id, r.type, [(r.state as TargetState | null) ?? 'no_data']);
      }
    }
    if (i === 0) {
      for (const r of live) {
        const targets = (r.live as TargetStatus[] | null) ?? [];
        add(r.agreement_id, r.type, targets.length ? targets.map((t) => t.state) : ['no_data']);
      }
    }
    const inputs: KpiInput[] = [...byAgreement.values()].map((a) => ({
      type: a.type,
      state: agreementState(a.states),
      targets: a.states.map((state) => ({ state })),
    }));
    return { period: { from: new Date(month.from).toISOString(), to: new Date(month.to).toISOString(), label: month.label }, kpis: computeKpis(inputs) };
  });
}

async function metrics(request: FastifyRequest, reply: FastifyReply, opts: MonitoringRouteOptions) {
  if (opts.metricsToken) {
    const auth = request.headers.authorization ?? '';
    const given = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    if (!given || !secretMatches(given, opts.metricsToken)) {
      throw new ApiError(401, 'unauthenticated', '/metrics needs Authorization: Bearer <SLM_METRICS_TOKEN>');
    }
  }
  const registry = await evaluationRegistry(opts.store);
  const handle = opts.monitor?.();
  const merged = handle ? Registry.merge([registry, handle.registry]) : registry;
  return reply.header('content-type', merged.contentType).send(await merged.metrics());
}

const TARGET_LABELS = ['org', 'agreement', 'type', 'service', 'target'] as const;
const STATES: TargetState[] = ['met', 'at_risk', 'breached', 'no_data'];

/** A registry filled from the stored live figures of every organisation (fresh per scrape). */
async function evaluationRegistry(store: Store): Promise<Registry> {
  const registry = new Registry();
  const gauge = (name: string, help: string, labelNames: readonly string[]) => new Gauge({ name, help, labelNames, registers: [registry] });
  const compliance = gauge('slm_target_compliance_percent', 'Compliance of a target in its current period, percent', TARGET_LABELS);
  const budget = gauge('slm_target_error_budget_remaining_percent', 'Error budget remaining of a target, percent (may be negative)', TARGET_LABELS);
  const coverage = gauge('slm_target_coverage_percent', 'Counted slices with data, percent', TARGET_LABELS);
  const state = gauge('slm_target_state', 'State of a target: 1 for the current state, 0 for the others', [...TARGET_LABELS, 'state']);
  const breached = gauge('slm_agreement_breached', 'Agreement breached in its current period (0/1)', ['org', 'agreement', 'type', 'service', 'provider', 'counterparty']);
  const monitored = gauge('slm_monitored_ratio_percent', 'Active agreements monitored (no target without data), percent', ['org', 'type']);
  const breachRatio = gauge('slm_breach_ratio_percent', 'Monitored agreements breached, percent', ['org', 'type']);
  const rows = await store.db
    .selectFrom('monitor_agreements as m')
    .innerJoin('agreements as a', (j) => j.onRef('a.org_id', '=', 'm.org_id').onRef('a.id', '=', 'm.agreement_id'))
    .select(['m.org_id', 'm.agreement_id', 'a.type', 'a.service', 'a.provider', 'a.counterparty', 'm.state', 'm.live'])
    .execute();
  const perOrg = new Map<number, KpiInput[]>();
  for (const r of rows) {
    const targets = (r.live as TargetStatus[] | null) ?? [];
    const base = { org: String(r.org_id), agreement: r.agreement_id, type: r.type, service: r.service };
    for (const t of targets) {
      const labels = { ...base, target: t.id };
      if (t.compliance !== null) {
        compliance.set(labels, t.compliance);
      }
      if (t.errorBudgetRemaining !== null) {
        budget.set(labels, t.errorBudgetRemaining);
      }
      if (t.coverage !== null) {
        coverage.set(labels, t.coverage);
      }
      for (const s of STATES) {
        state.set({ ...labels, state: s }, t.state === s ? 1 : 0);
      }
    }
    const agreementStateNow = (r.state as TargetState | null) ?? 'no_data';
    breached.set({ ...base, provider: r.provider, counterparty: r.counterparty }, agreementStateNow === 'breached' ? 1 : 0);
    const list = perOrg.get(r.org_id) ?? [];
    list.push({ type: r.type, state: agreementStateNow, targets: targets.length ? targets : [{ state: 'no_data' }] });
    perOrg.set(r.org_id, list);
  }
  for (const [org, inputs] of perOrg) {
    const kpis = computeKpis(inputs);
    for (const type of [...AGREEMENT_TYPES, 'all'] as const) {
      if (kpis[type].monitoredRatio !== null) {
        monitored.set({ org: String(org), type }, kpis[type].monitoredRatio!);
      }
      if (kpis[type].breachRatio !== null) {
        breachRatio.set({ org: String(org), type }, kpis[type].breachRatio!);
      }
    }
  }
  return registry;
}
