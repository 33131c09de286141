/**
 * Breaches marked in Grafana: each breach is one region annotation (organisation-wide, so every
 * dashboard with the Grafana annotations datasource filtered on tag `slm-breach` shows it),
 * written when the breach is new and rewritten whenever its version moves on. What was written
 * is kept in breach_annotations, so a restart neither loses nor duplicates annotations; a
 * Grafana that is down is simply retried on the next cycle.
 */
import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Store } from '../store/db';
import { type GrafanaClient, GrafanaApiError } from './client';
import './tables';

export interface OrgCycleContext {
  store: Store;
  orgId: number;
  grafana: GrafanaClient;
  logger: Pick<Logger, 'info' | 'warn' | 'debug'>;
}

export interface AnnotationSyncResult {
  created: number;
  updated: number;
  failed: number;
  /** Another engine replica was syncing this organisation. */
  skipped: boolean;
}

/** The breach page of the app (src/constants.ts breachUrl; not imported: it pulls plugin.json into the engine). */
export const breachUrl = (id: string) => `/a/slm-servicelevel-app/breaches/${encodeURIComponent(id)}`;

/** Breaches written per cycle at most: a backlog drains over a few cycles instead of stalling one. */
export const SYNC_BATCH = 100;
/** Advisory lock class ("SLMA"): one replica at a time writes an organisation's annotations. */
const LOCK_CLASS = 0x534c4d41;

/** The annotation as Grafana's POST /api/annotations and PUT /api/annotations/:id take it. */
export interface AnnotationBody {
  time: number;
  timeEnd: number;
  tags: string[];
  text: string;
}

export interface BreachForAnnotation {
  id: string;
  agreementId: string;
  targetId: string;
  periodFrom: Date;
  periodTo: Date;
  measured: number | null;
  objective: number;
  badIntervals: Array<{ from: string; to: string }>;
  severity: string;
  status: string;
  agreementType: string | null;
  agreementTitle: string | null;
  service: string | null;
  version: number;
}

const percent = (value: number | null) => (value === null ? 'no measurement' : `${Number(value.toFixed(3))} %`);
const day = (d: Date) => d.toISOString().slice(0, 10);

/** Grafana's documented request body for one breach: a region over its bad time (or its period so far). */
export function annotationFor(breach: BreachForAnnotation, now: number): AnnotationBody {
  const intervals = breach.badIntervals;
  const time = intervals.length ? Date.parse(intervals[0].from) : breach.periodFrom.getTime();
  const end = intervals.length
    ? Date.parse(intervals[intervals.length - 1].to)
    : Math.min(now, breach.periodTo.getTime());
  const tags = [
    'slm-breach',
    `agreement:${breach.agreementId}`,
    `target:${breach.targetId}`,
    ...(breach.service ? [`service:${breach.service}`] : []),
    ...(breach.agreementType ? [`type:${breach.agreementType}`] : []),
    `severity:${breach.severity}`,
    `breach:${breach.id}`,
  ];
  const what = breach.severity === 'at_risk' ? 'at risk' : 'breached';
  const title = breach.agreementTitle ? ` (${breach.agreementTitle})` : '';
  const text =
    `${breach.agreementType ?? 'Agreement'} ${breach.agreementId}${title}, target ${breach.targetId} ${what}: ` +
    `measured ${percent(breach.measured)} vs objective ${percent(breach.objective)} ` +
    `in the period ${day(breach.periodFrom)} – ${day(breach.periodTo)}; status ${breach.status}. ` +
    `<a href="${breachUrl(breach.id)}">Open the breach</a>`;
  return { time, timeEnd: Math.max(time, end), tags, text };
}

/** The scheduler's afterOrgCycle hook (server/monitor/scheduler.ts AfterOrgCycle). */
export async function annotateBreaches(ctx: OrgCycleContext): Promise<void> {
  await syncBreachAnnotations(ctx);
}

export async function syncBreachAnnotations(ctx: OrgCycleContext, now = Date.now()): Promise<AnnotationSyncResult> {
  return withOrgLock(ctx.store, ctx.orgId, () => syncUnlocked(ctx, now));
}

async function syncUnlocked(ctx: OrgCycleContext, now: number): Promise<AnnotationSyncResult> {
  const result: AnnotationSyncResult = { created: 0, updated: 0, failed: 0, skipped: false };
  for (const { breach, annotationId } of await pendingBreaches(ctx.store.db as unknown as Kysely<any>, ctx.orgId)) {
    try {
      const body = annotationFor(breach, now);
      const written = await writeAnnotation(ctx.grafana, annotationId, breach.id, body);
      await markSynced(ctx.store.db as unknown as Kysely<any>, ctx.orgId, breach, written.id);
      result[written.created ? 'created' : 'updated'] += 1;
    } catch (error) {
      result.failed += 1;
      if (error instanceof GrafanaApiError && error.retryable) {
        ctx.logger.warn(
          { orgId: ctx.orgId, breachId: breach.id, err: error.message },
          'Grafana unavailable: breach annotations retried next cycle'
        );
        break;
      }
      ctx.logger.warn(
        { orgId: ctx.orgId, breachId: breach.id, err: (error as Error).message },
        'breach annotation not written'
      );
    }
  }
  if (result.created || result.updated) {
    ctx.logger.info({ orgId: ctx.orgId, ...result }, 'breach annotations written to Grafana');
  }
  return result;
}

/**
 * Updates the known annotation, or creates one. Before creating, looks for one tagged with the
 * breach id: a crash between Grafana's answer and our bookkeeping must not yield a duplicate.
 */
async function writeAnnotation(
  grafana: GrafanaClient,
  known: number | null,
  breachId: string,
  body: AnnotationBody
): Promise<{ id: number; created: boolean }> {
  const existing = known ?? (await findByBreachTag(grafana, breachId));
  if (existing !== null) {
    const updated = await grafana.put(`/api/annotations/${existing}`, body, { acceptStatuses: [404] });
    if (updated.status !== 404) {
      return { id: existing, created: false };
    }
    // Someone deleted it in Grafana: the breach is still there, so it is marked again.
  }
  const created = await grafana.post<{ id: number }>('/api/annotations', body);
  return { id: created.body.id, created: true };
}

async function findByBreachTag(grafana: GrafanaClient, breachId: string): Promise<number | null> {
  const query = new URLSearchParams([
    ['tags', 'slm-breach'],
    ['tags', `breach:${breachId}`],
    ['type', 'annotation'],
    ['limit', '1'],
  ]);
  const found = await grafana.get<Array<{ id: number }>>(`/api/annotations?${query}`);
  return Array.isArray(found.body) && found.body.length ? found.body[0].id : null;
}

async function pendingBreaches(
  db: Kysely<any>,
  orgId: number
): Promise<Array<{ breach: BreachForAnnotation; annotationId: number | null }>> {
  const rows = await db
    .selectFrom('breaches as b')
    .leftJoin('breach_annotations as ba', (j) =>
      j.onRef('ba.org_id', '=', 'b.org_id').onRef('ba.breach_id', '=', 'b.id')
    )
    .leftJoin('agreements as a', (j) => j.onRef('a.org_id', '=', 'b.org_id').onRef('a.id', '=', 'b.agreement_id'))
    .selectAll('b')
    .select(['ba.annotation_id as ann_id', 'a.type as ag_type', 'a.title as ag_title', 'a.service as ag_service'])
    .where('b.org_id', '=', orgId)
    .where((w) => w.or([w('ba.breach_id', 'is', null), w('ba.synced_version', '<', w.ref('b.version'))]))
    .orderBy('b.updated_at')
    .orderBy('b.id')
    .limit(SYNC_BATCH)
    .execute();
  return rows.map((row) => ({
    annotationId: row.ann_id === null ? null : Number(row.ann_id),
    breach: {
      id: row.id,
      agreementId: row.agreement_id,
      targetId: row.target_id,
      periodFrom: row.period_from,
      periodTo: row.period_to,
      measured: row.measured,
      objective: row.objective,
      badIntervals: row.bad_intervals ?? [],
      // Severity arrives with monitoring (issue 7); a breach recorded by hand is a breach.
      severity: typeof row.severity === 'string' ? row.severity : 'breached',
      status: row.status,
      agreementType: row.ag_type ?? row.agreement_type ?? null,
      agreementTitle: row.ag_title ?? null,
      service: row.ag_service ?? (typeof row.service === 'string' ? row.service : null),
      version: row.version,
    },
  }));
}

async function markSynced(
  db: Kysely<any>,
  orgId: number,
  breach: BreachForAnnotation,
  annotationId: number
): Promise<void> {
  await db
    .insertInto('breach_annotations')
    .values({ org_id: orgId, breach_id: breach.id, annotation_id: annotationId, synced_version: breach.version })
    .onConflict((oc) =>
      oc.columns(['org_id', 'breach_id']).doUpdateSet({
        annotation_id: annotationId,
        synced_version: sql`greatest(breach_annotations.synced_version, excluded.synced_version)`,
        synced_at: sql`now()`,
      })
    )
    .execute();
}

/**
 * On PostgreSQL several engine replicas may run this hook for the same organisation: a
 * session advisory lock lets one of them write and the others skip. PGlite is one engine.
 */
async function withOrgLock(
  store: Store,
  orgId: number,
  work: () => Promise<AnnotationSyncResult>
): Promise<AnnotationSyncResult> {
  if (store.kind !== 'postgres') {
    return work();
  }
  return store.db.connection().execute(async (conn) => {
    const got = await sql<{
      ok: boolean;
    }>`select pg_try_advisory_lock(${LOCK_CLASS}::int, ${orgId}::int) as ok`.execute(conn);
    if (!got.rows[0]?.ok) {
      return { created: 0, updated: 0, failed: 0, skipped: true };
    }
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(${LOCK_CLASS}::int, ${orgId}::int)`.execute(conn);
    }
  });
}
