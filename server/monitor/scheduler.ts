/**
 * The monitoring scheduler: every interval, each engine syncs the monitored agreements with the
 * active ones, then claims the due ones in batches (leases, FOR UPDATE SKIP LOCKED) and
 * evaluates them with bounded concurrency, one ds/query request and one commit per batch. An
 * agreement is due when its figures can change (a slice ends or settles, its window moves, a new
 * revision) or its back-off expired, so the interval bounds the delay, not the work; replicas on one PostgreSQL split the work and a
 * replica whose lease expired cannot write (fenced commits). After each cycle the
 * `afterOrgCycle` hooks run per organisation (annotations, …), and on PGlite the monitor tables
 * get the vacuum and statistics its missing autovacuum would give them (housekeeping.ts).
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { Counter, Histogram, Registry } from 'prom-client';
import type { MonitorConfig } from '../config';
import { GrafanaClient, type GrafanaTarget } from '../grafana/client';
import { expireDue } from '../resources/agreements/repository';
import type { Store } from '../store/db';
import { runBatch, type BatchResult, type CommitPlan, type CycleContext } from './agreementCycle';
import { tidyMonitorTables } from './housekeeping';
import { SegmentCache } from './segmentCache';
import { claimDue, claimKey, commitPlans, countDue, dbNow, FoldConflict, LeaseLost, recordCrash, recordInstance, renewLeases, syncMonitored, type Claim } from './store';

/** A Grafana to query for one organisation; `source` says where its token came from. */
export type MonitoredOrg = GrafanaTarget & { source?: 'connection' | 'environment' };

export interface OrgCycleContext {
  store: Store;
  orgId: number;
  grafana: GrafanaClient;
  logger: Logger;
}

export type AfterOrgCycle = (ctx: OrgCycleContext) => Promise<void>;

export interface MonitoringOptions {
  store: Store;
  logger: Logger;
  grafanaTargets: () => Promise<MonitoredOrg[]>;
  afterOrgCycle?: AfterOrgCycle[];
  config: MonitorConfig;
  /**
   * Engine clock (tests, benchmarks): evaluations, due times and back-off all follow it, so a
   * simulated clock can run cycles minutes apart in no time. Leases stay on the database's clock.
   */
  now?: () => number;
}

export interface CycleSummary {
  startedAt: string;
  finishedAt: string;
  agreements: number;
  failed: number;
}

export interface MonitoringHandle {
  readonly instanceId: string;
  readonly config: MonitorConfig;
  /** Scheduler metrics (cycle time, datasource errors), merged into /metrics. */
  readonly registry: Registry;
  /** Grafana of an org as of the last cycle (for /monitoring/status). */
  grafanaOf(orgId: number): MonitoredOrg | undefined;
  lastCycle(): CycleSummary | null;
  /** One full cycle now (tests, benchmarks). */
  runOnce(): Promise<CycleSummary>;
  /** Stops after the agreements in progress are written. */
  stop(): Promise<void>;
}

/**
 * Agreements a worker claims at once: the due ones shared among the workers (and replicas) in
 * parts of at most config.batchSize, so a few due agreements still spread over the workers.
 */
export function claimSize(due: number, concurrency: number, batchSize: number): number {
  return Math.max(1, Math.min(batchSize, Math.ceil(due / (2 * concurrency))));
}

export function startMonitoring(opts: MonitoringOptions, { loop = true }: { loop?: boolean } = {}): MonitoringHandle {
  const { store, logger, config } = opts;
  const clock = opts.now ?? Date.now;
  const instanceId = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const log = logger.child({ component: 'monitor', instance: instanceId });
  const registry = new Registry();
  const cycleSeconds = new Histogram({
    name: 'slm_monitor_cycle_seconds',
    help: 'Wall time of one monitoring cycle of this engine',
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120],
    registers: [registry],
  });
  const datasourceErrors = new Counter({
    name: 'slm_monitor_datasource_errors_total',
    help: 'Failed /api/ds/query requests or query results seen by this engine',
    registers: [registry],
  });
  let orgs = new Map<number, MonitoredOrg>();
  let last: CycleSummary | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();
  let tokenSeq = 0;
  const segments = new SegmentCache();

  const contextFor = (target: MonitoredOrg): CycleContext => ({
    store,
    grafana: new GrafanaClient(target),
    instanceId,
    settleMs: config.settleMs,
    leaseMs: config.leaseMs,
    intervalMs: config.intervalMs,
    backoffMaxMs: config.backoffMaxMs,
    now: clock,
    onDatasourceError: () => datasourceErrors.inc(),
    segments,
  });

  async function fail(claim: Claim, err: unknown): Promise<void> {
    if (err instanceof LeaseLost || err instanceof FoldConflict) {
      log.warn({ agreement: claim.agreementId, org: claim.orgId, err: err.message }, 'monitoring result discarded');
      return;
    }
    log.error({ agreement: claim.agreementId, org: claim.orgId, err }, 'monitoring an agreement failed');
    const delay = Math.min(config.backoffMaxMs, config.intervalMs * 2 ** claim.failures);
    await recordCrash(store, claim, (err as Error).message ?? String(err), new Date(clock() + delay)).catch(() => undefined);
  }

  /**
   * Evaluates a batch of claimed agreements (one ds/query request per time range and org) and
   * commits their results together; the leases are renewed while the batch runs.
   */
  async function evaluateBatch(claims: Claim[], contexts: Map<number, CycleContext>): Promise<{ evaluated: number; failed: number }> {
    const renew = setInterval(() => void renewLeases(store, claims, config.leaseMs).catch(() => undefined), Math.max(1, config.leaseMs / 3));
    try {
      const plans: CommitPlan[] = [];
      const stored = new Map<CommitPlan, NonNullable<BatchResult['segments']>>();
      let evaluated = 0;
      let failed = 0;
      for (const orgId of new Set(claims.map((c) => c.orgId))) {
        const mine = claims.filter((c) => c.orgId === orgId);
        let results;
        try {
          results = await runBatch(contexts.get(orgId)!, orgId, mine);
        } catch (err) {
          results = mine.map((claim) => ({ claim, error: err as unknown, outcome: undefined, plan: undefined }));
        }
        for (const r of results) {
          if (r.error !== undefined) {
            evaluated++;
            failed++;
            await fail(r.claim, r.error);
            continue;
          }
          evaluated += r.outcome === 'stopped' ? 0 : 1;
          failed += r.outcome === 'failed' ? 1 : 0;
          if (r.plan) {
            plans.push(r.plan);
            if (r.segments) {
              stored.set(r.plan, r.segments);
            }
          }
        }
      }
      const errors = await commitPlans(store, plans, (plan, fingerprint) => {
        const rows = stored.get(plan);
        if (rows) {
          segments.put(plan.lease.claim.orgId, plan.lease.claim.agreementId, { hash: plan.hash, fingerprint, rows, live: plan.final.status.live });
        }
      });
      for (const plan of plans) {
        const err = errors.get(claimKey(plan.lease.claim));
        if (err) {
          failed++;
          await fail(plan.lease.claim, err);
        }
      }
      return { evaluated, failed };
    } finally {
      clearInterval(renew);
    }
  }

  async function runOnce(): Promise<CycleSummary> {
    const started = Date.now();
    const startedAt = await dbNow(store);
    await recordInstance(store, instanceId, { startedAt });
    await expireDue(store).catch((err: unknown) => log.warn({ err }, 'expiring agreements failed'));
    let targets: MonitoredOrg[] = [];
    try {
      targets = await opts.grafanaTargets();
    } catch (err) {
      log.error({ err }, 'cannot read the Grafana connection');
    }
    orgs = new Map(targets.map((t) => [t.orgId, t]));
    const contexts = new Map(targets.map((t) => [t.orgId, contextFor(t)]));
    for (const orgId of orgs.keys()) {
      await syncMonitored(store, orgId);
    }
    let agreements = 0;
    let failed = 0;
    // Due times are on the engine clock (the same one that set them).
    const dueBy = new Date(clock());
    const limit = claimSize(await countDue(store, { orgIds: [...orgs.keys()], dueBy }), config.concurrency, config.batchSize);
    const worker = async () => {
      while (!stopped) {
        const claims = await claimDue(store, {
          orgIds: [...orgs.keys()],
          dueBy,
          owner: instanceId,
          token: `${instanceId}:${++tokenSeq}`,
          leaseMs: config.leaseMs,
          limit,
        });
        if (claims.length === 0) {
          return;
        }
        const done = await evaluateBatch(claims, contexts);
        agreements += done.evaluated;
        failed += done.failed;
      }
    };
    await Promise.all(Array.from({ length: config.concurrency }, worker));
    for (const orgId of orgs.keys()) {
      for (const hook of opts.afterOrgCycle ?? []) {
        await hook({ store, orgId, grafana: contexts.get(orgId)!.grafana, logger: log }).catch((err: unknown) =>
          log.error({ err, org: orgId }, 'after-cycle hook failed')
        );
      }
    }
    await tidyMonitorTables(store).catch((err: unknown) => log.warn({ err }, 'tidying the monitor tables failed'));
    const finishedAt = new Date(startedAt.getTime() + (Date.now() - started));
    await recordInstance(store, instanceId, { finishedAt, agreements, failed });
    cycleSeconds.observe((Date.now() - started) / 1000);
    last = { startedAt: startedAt.toISOString(), finishedAt: finishedAt.toISOString(), agreements, failed };
    log.debug(last, 'monitoring cycle done');
    return last;
  }

  const tick = () => {
    const started = Date.now();
    current = runOnce()
      .catch((err: unknown) => log.error({ err }, 'monitoring cycle failed'))
      .finally(() => {
        if (!stopped) {
          timer = setTimeout(tick, Math.max(0, started + config.intervalMs - Date.now()));
        }
      });
  };
  if (loop && config.enabled) {
    log.info({ intervalMs: config.intervalMs, concurrency: config.concurrency, settleMs: config.settleMs }, 'monitoring started');
    timer = setTimeout(tick, 0);
  }

  return {
    instanceId,
    config,
    registry,
    grafanaOf: (orgId) => orgs.get(orgId),
    lastCycle: () => last,
    runOnce: () => {
      const run = runOnce();
      current = run.catch(() => undefined);
      return run;
    },
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await current.catch(() => undefined);
    },
  };
}
