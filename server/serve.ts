import type { FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import { resolveSecret, type ServeConfig, storeOptions } from './config';
import { buildApp } from './http/app';
import { openStore, type Store } from './store/db';
import { migrateToLatest } from './store/migrate';
import { startMonitoring, type MonitoringHandle } from './monitor/scheduler';
import { grafanaTargetsFrom } from './grafana/connection';
import { annotateBreaches } from './grafana/annotations';
import { startReviewScheduling, type ReviewSchedulingHandle } from './resources/reviews/autoSchedule';
import { ENGINE_VERSION } from './version';

const SHUTDOWN_TIMEOUT_MS = 15_000;

export interface RunningEngine {
  app: FastifyInstance;
  store: Store;
  logger: Logger;
  /** The monitoring scheduler (undefined with SLM_MONITOR=off). */
  monitor?: MonitoringHandle;
  /** Stops accepting, lets in-flight requests finish, then closes (and flushes) the database. */
  close(): Promise<void>;
}

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'slm-engine', pid: process.pid } });
}

/** `slm serve`: migrate, then listen. */
export async function startEngine(config: ServeConfig, logger: Logger = createLogger(config.logLevel)): Promise<RunningEngine> {
  const secret = resolveSecret(config);
  if (secret.warning) {
    logger.warn(secret.warning);
  }
  logger.info({ secretSource: secret.source }, 'shared secret loaded (put the same value in the app configuration in Grafana)');
  const store = await openStore(storeOptions(config));
  let app: FastifyInstance | undefined;
  let monitor: MonitoringHandle | undefined;
  let reviewScheduling: ReviewSchedulingHandle | undefined;
  try {
    logger.info({ database: store.kind, location: store.location }, 'database open');
    const applied = await migrateToLatest(store.db);
    logger.info({ applied }, applied.length ? 'migrations applied' : 'database schema up to date');
    if (config.seedDir) {
      const { seedIfEmpty } = await import('./seed/seed');
      await seedIfEmpty(store, config.seedDir, 1, logger);
    }
    app = await buildApp({
      store,
      secret: secret.value,
      logger,
      bodyLimit: config.bodyLimit,
      monitoring: () => monitor,
      metricsToken: config.monitor.metricsToken,
    });
    await app.listen({ port: config.port, host: config.host });
    if (config.monitor.enabled) {
      monitor = startMonitoring({
        store,
        logger,
        grafanaTargets: () =>
          grafanaTargetsFrom(store, secret.value, process.env, (problem) =>
            logger.error({ orgId: problem.orgId }, problem.error.message)
          ),
        afterOrgCycle: [annotateBreaches],
        config: config.monitor,
      });
    }
    // Reviews due by the agreements' cadence, at start and every interval (SLM_REVIEW_SCHEDULE_INTERVAL; 0/off: never).
    reviewScheduling = startReviewScheduling({ store, logger, intervalMs: config.reviewScheduleIntervalMs });
  } catch (err) {
    await reviewScheduling?.stop().catch(() => undefined);
    await monitor?.stop().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await store.close();
    throw err;
  }
  logger.info({ version: ENGINE_VERSION, addresses: app.addresses() }, 'slm engine listening');
  const running = app;
  const scheduler = monitor;
  const reviews = reviewScheduling;
  return {
    app: running,
    store,
    logger,
    monitor: scheduler,
    close: async () => {
      // The scheduler first: the agreements in progress are written while the database is open.
      await scheduler?.stop();
      await reviews?.stop();
      await running.close();
      await store.close();
    },
  };
}

/** Shuts down cleanly on SIGTERM/SIGINT; exits 0 when done, 1 if it takes too long or fails. */
export function closeOnSignals(engine: RunningEngine): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      return;
    }
    stopping = true;
    engine.logger.info({ signal }, 'shutting down: finishing in-flight requests');
    const timer = setTimeout(() => {
      engine.logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    engine
      .close()
      .then(() => {
        engine.logger.info('stopped');
        process.exitCode = 0;
      })
      .catch((err: unknown) => {
        engine.logger.error({ err }, 'error during shutdown');
        process.exitCode = 1;
      })
      .finally(() => clearTimeout(timer));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
