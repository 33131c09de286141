/**
 * Automatic review scheduling: `slm serve` creates the reviews due by the agreements' review
 * cadence itself, at start and then every SLM_REVIEW_SCHEDULE_INTERVAL, for every organisation
 * with active agreements, written as user `slm-engine`. Each organisation is one transaction
 * (scheduleReviews); several engines on one PostgreSQL may run it at the same time, since a
 * review's id is derived from its service and period and created with ON CONFLICT DO NOTHING.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Store } from '../../store/db';
import { scheduleReviews } from './schedule';

/** The audit log's user for what the engine writes on its own. */
export const ENGINE_USER = 'slm-engine';

export interface ReviewSchedulingOptions {
  store: Store;
  logger: Logger;
  /** Time between runs; 0 turns the job off. */
  intervalMs: number;
  /** Engine clock (tests). */
  now?: () => number;
}

export interface OrgScheduled {
  orgId: number;
  created: string[];
  existing: string[];
}

export interface ReviewSchedulingHandle {
  /** One run over every organisation now (tests). */
  runOnce(): Promise<OrgScheduled[]>;
  /** Stops after the run in progress. */
  stop(): Promise<void>;
}

/** Organisations with active agreements: only those can have a review cadence in force. */
async function orgsWithActiveAgreements(store: Store): Promise<number[]> {
  const rows = await (store.db as unknown as Kysely<any>)
    .selectFrom('agreements')
    .select('org_id')
    .distinct()
    .where('state', '=', 'active')
    .orderBy('org_id')
    .execute();
  return rows.map((r: { org_id: number }) => r.org_id);
}

/** Schedules the due reviews of every organisation, one transaction each; one failing organisation does not stop the others. */
export async function scheduleAllOrgs(store: Store, asOf: number, logger: Logger): Promise<OrgScheduled[]> {
  const out: OrgScheduled[] = [];
  for (const orgId of await orgsWithActiveAgreements(store)) {
    try {
      const result = await store.db.transaction().execute((trx) => scheduleReviews(trx, { orgId, user: ENGINE_USER }, asOf));
      out.push({ orgId, ...result });
      if (result.created.length) {
        logger.info({ org: orgId, created: result.created }, 'reviews scheduled');
      }
    } catch (err) {
      logger.error({ err, org: orgId }, 'scheduling reviews failed');
    }
  }
  return out;
}

export function startReviewScheduling(opts: ReviewSchedulingOptions, { loop = true }: { loop?: boolean } = {}): ReviewSchedulingHandle {
  const { store, intervalMs } = opts;
  const clock = opts.now ?? Date.now;
  const log = opts.logger.child({ component: 'review-schedule' });
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();

  const runOnce = () => scheduleAllOrgs(store, clock(), log);
  const tick = () => {
    const run = runOnce().catch((err: unknown) => log.error({ err }, 'review scheduling failed'));
    current = run.finally(() => {
      if (!stopped) {
        timer = setTimeout(tick, intervalMs);
        // A pending run must not keep a process alive that is otherwise done.
        timer.unref();
      }
    });
  };
  if (loop && intervalMs > 0) {
    log.info({ intervalMs }, 'review scheduling started');
    timer = setTimeout(tick, 0);
    timer.unref();
  }
  return {
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
