/**
 * The monitoring scheduler: every interval, each engine syncs the monitored agreements with the
 * active ones, then claims due agreements a few at a time (leases, FOR UPDATE SKIP LOCKED) and
 * evaluates them with bounded concurrency; replicas on one PostgreSQL split the work and a
 * replica whose lease expired cannot write (fenced commits). After each cycle the
 * `afterOrgCycle` hooks run per organisation (annotations, …).
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { Counter, Histogram, Registry } from 'prom-client';
import type { MonitorConfig } from '../config';
import { GrafanaClient, type GrafanaTarget } from '../grafana/client';
import { expireDue } from '../resources/agreements/repository';
import type { Store } from '../store/db';
import { runAgreement, type CommitPlan, type CycleContext } from './agreementCycle';
import { claimDue, commitPlans, dbNow, FoldConflict, LeaseLost, recordCrash, recordInstance, syncMonitored, type Claim } from './store';

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
  /** Engine clock for evaluations (tests). */
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

/** Agreements claimed, evaluated and committed together by one worker. */
const CLAIM_BATCH = 8;

export function startMonitoring(opts: MonitoringOptions, { loop = true }: { loop?: boolean } = {}): MonitoringHandle {
  const { store, logger, config } = opts;
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

  const contextFor = (target: MonitoredOrg): CycleContext => ({
    store,
    grafana: new GrafanaClient(target),
    instanceId,
    settleMs: config.settleMs,
    leaseMs: config.leaseMs,
    intervalMs: config.intervalMs,
    backoffMaxMs: config.backoffMaxMs,
    now: opts.now ?? Date.now,
    onDatasourceError: () => datasourceErrors.inc(),
  });

  async function fail(claim: Claim, err: unknown): Promise<void> {
    if (err instanceof LeaseLost || err instanceof FoldConflict) {
      log.warn({ agreement: claim.agreementId, org: claim.orgId, err: err.message }, 'monitoring result discarded');
      return;
    }
    log.error({ agreement: claim.agreementId, org: claim.orgId, err }, 'monitoring an agreement failed');
    const delay = Math.min(config.backoffMaxMs, config.intervalMs * 2 ** claim.failures);
    await recordCrash(store, claim, (err as Error).message ?? String(err), new Date(Date.now() + delay)).catch(() => undefined);
  }

  /** Evaluates a batch of claimed agreements and commits their results together. */
  async function evaluateBatch(claims: Claim[], contexts: Map<number, CycleContext>): Promise<{ evaluated: number; failed: number }> {
    const plans: CommitPlan[] = [];
    let evaluated = 0;
    let failed = 0;
    for (const claim of claims) {
      try {
        const { outcome, plan } = await runAgreement(contexts.get(claim.orgId)!, claim);
        evaluated += outcome === 'stopped' ? 0 : 1;
        failed += outcome === 'failed' ? 1 : 0;
        if (plan) {
          plans.push(plan);
        }
      } catch (err) {
        evaluated++;
        failed++;
        await fail(claim, err);
      }
    }
    const errors = await commitPlans(store, plans);
    for (const plan of plans) {
      const err = errors.get(plan.lease.claim.agreementId);
      if (err) {
        failed++;
        await fail(plan.lease.claim, err);
      }
    }
    return { evaluated, failed };
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
    const worker = async () => {
      while (!stopped) {
        const claims = await claimDue(store, {
          orgIds: [...orgs.keys()],
          dueBy: startedAt,
          owner: instanceId,
          token: `${instanceId}:${++tokenSeq}`,
          leaseMs: config.leaseMs,
          limit: CLAIM_BATCH,
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
