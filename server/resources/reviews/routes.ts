import type { FastifyInstance } from 'fastify';
import { callerOf } from '../../http/auth';
import { parseOrThrow } from '../../http/errors';
import { etag, expectedVersion, runWrite } from '../../http/writes';
import { GrafanaClient } from '../../grafana/client';
import { grafanaFailure } from '../../grafana/errors';
import type { Store } from '../../store/db';
import type { Block } from '../breachReports/render';
import { sendDocument } from '../exports/send';
import { invalidField, pathParam, refSchema, sameId } from '../shared';
import { dashboardFor, grafanaTargetOf, publishDashboard } from './dashboard';
import { foreignReportBlocks, reviewReportBlocks } from './render';
import { buildReviewReport, generatedReport } from './report';
import { actionBodySchema, scheduleBodySchema } from './reportSchema';
import { createReview, deleteReview, generateReport, getReview, listReviews, recordDashboard, replaceReview, reviews } from './repository';
import { scheduleReviews } from './schedule';
import { type Review, reviewCreateSchema, reviewListQuerySchema, reviewReplaceSchema } from './schema';

const reviewId = (params: unknown) => pathParam(params, 'id', refSchema, reviews.describe);

/** `dashboard` is the engine's record of a publication: a client cannot set it, and is told so plainly. */
function refuseEngineFields(body: unknown): void {
  if (body !== null && typeof body === 'object' && Object.hasOwn(body, 'dashboard')) {
    throw invalidField('dashboard', 'is read-only: the engine sets it when the dashboard is published (POST /reviews/{id}/dashboard); leave it out');
  }
}

export interface ReviewRouteOptions {
  store: Store;
  /** The engine's shared secret (opens the stored Grafana connection, for the dashboard). */
  secret?: string;
  /** Where SLM_GRAFANA_URL / SLM_GRAFANA_TOKEN are read (default process.env). */
  env?: NodeJS.ProcessEnv;
  fetchImpl?: typeof fetch;
}

/** Service level review meetings: /api/v1/reviews, their period reports and shared dashboards. */
export async function reviewRoutes(app: FastifyInstance, opts: ReviewRouteOptions): Promise<void> {
  const { store } = opts;
  app.get('/reviews', async (request) => {
    const query = parseOrThrow(reviewListQuerySchema, request.query, 'query string');
    return listReviews(store.db, callerOf(request).orgId, query);
  });

  app.get('/reviews/:id', async (request, reply) => {
    const review = await getReview(store.db, callerOf(request).orgId, reviewId(request.params));
    return reply.header('etag', etag(review.version)).send(review);
  });

  app.post('/reviews', async (request, reply) => {
    refuseEngineFields(request.body);
    const input = parseOrThrow(reviewCreateSchema, request.body);
    return runWrite(store, request, reply, async (trx, writer) => {
      const created = await createReview(trx, writer, input);
      reply.header('location', `/api/v1/reviews/${encodeURIComponent(created.id)}`);
      return { status: 201, body: created, version: created.version };
    });
  });

  app.post('/reviews/schedule', async (request, reply) => {
    const body = parseOrThrow(scheduleBodySchema, request.body);
    const asOf = body?.asOf ? Date.parse(body.asOf) : Date.now();
    return runWrite(store, request, reply, async (trx, writer) => ({ status: 200, body: await scheduleReviews(trx, writer, asOf) }));
  });

  app.put('/reviews/:id', async (request, reply) => {
    const id = reviewId(request.params);
    const version = expectedVersion(request);
    refuseEngineFields(request.body);
    const { id: bodyId, ...input } = parseOrThrow(reviewReplaceSchema, request.body);
    sameId(id, bodyId, 'id');
    return runWrite(store, request, reply, async (trx, writer) => {
      const updated = await replaceReview(trx, writer, id, version, input);
      return { status: 200, body: updated, version: updated.version };
    });
  });

  app.delete('/reviews/:id', async (request, reply) => {
    const id = reviewId(request.params);
    const version = expectedVersion(request);
    return runWrite(store, request, reply, async (trx, writer) => {
      await deleteReview(trx, writer, id, version);
      return { status: 204 };
    });
  });

  app.post('/reviews/:id/report', async (request, reply) => {
    const id = reviewId(request.params);
    const version = expectedVersion(request);
    parseOrThrow(actionBodySchema, request.body);
    return runWrite(store, request, reply, async (trx, writer) => {
      const updated = await generateReport(trx, writer, id, version);
      return { status: 200, body: updated, version: updated.version };
    });
  });

  app.get('/reviews/:id/report', async (request) => {
    const caller = callerOf(request);
    const review = await getReview(store.db, caller.orgId, reviewId(request.params));
    const report = review.report ?? (await preview(review, caller.orgId, caller.user));
    return { reviewId: review.id, status: review.status, source: review.report ? 'stored' : 'preview', frozen: review.status === 'closed', report };
  });

  for (const format of ['md', 'pdf'] as const) {
    app.get(`/reviews/:id/report.${format}`, async (request, reply) => {
      const caller = callerOf(request);
      const review = await getReview(store.db, caller.orgId, reviewId(request.params));
      const stored = review.report === null ? null : generatedReport(review.report);
      let blocks: Block[];
      if (review.report !== null && !stored) {
        blocks = foreignReportBlocks(review);
      } else {
        blocks = reviewReportBlocks(stored ?? (await preview(review, caller.orgId, caller.user)), review);
      }
      return sendDocument(reply, format, blocks, `review-${review.id}-${review.period.from}-${review.period.to}`);
    });
  }

  app.post('/reviews/:id/dashboard', async (request, reply) => {
    const id = reviewId(request.params);
    parseOrThrow(actionBodySchema, request.body);
    const orgId = callerOf(request).orgId;
    const review = await getReview(store.db, orgId, id);
    const dashboard = await dashboardFor(store.db, orgId, review);
    const target = await grafanaTargetOf(store, opts.secret ?? '', opts.env ?? process.env, orgId);
    const grafana = new GrafanaClient(target, opts.fetchImpl);
    let result;
    try {
      result = await publishDashboard(grafana, review.id, dashboard, callerOf(request).user ?? '');
    } catch (error) {
      throw grafanaFailure(error, target.url, "saving the review's dashboard");
    }
    // Saved in Grafana first (no transaction held across the call); remembered with its audit row in one write.
    return runWrite(store, request, reply, async (trx, writer) => {
      const ref = { uid: result.uid, url: result.url, version: result.version, updatedAt: new Date().toISOString() };
      const updated = await recordDashboard(trx, writer, review.id, ref);
      return { status: 200, body: result, version: updated.version };
    });
  });

  function preview(review: Review, orgId: number, user: string | undefined) {
    return buildReviewReport(store.db, review, { orgId, user: user ?? 'preview', now: new Date() });
  }
}
