import type { FastifyInstance } from 'fastify';
import { callerOf } from '../../http/auth';
import { parseOrThrow } from '../../http/errors';
import { etag, expectedVersion, runWrite } from '../../http/writes';
import type { Store } from '../../store/db';
import { pathParam, refSchema, sameId } from '../shared';
import { createReview, deleteReview, getReview, listReviews, replaceReview, reviews } from './repository';
import { reviewCreateSchema, reviewListQuerySchema, reviewReplaceSchema } from './schema';

const reviewId = (params: unknown) => pathParam(params, 'id', refSchema, reviews.describe);

/** Service level review meetings: /api/v1/reviews. */
export async function reviewRoutes(app: FastifyInstance, { store }: { store: Store }): Promise<void> {
  app.get('/reviews', async (request) => {
    const query = parseOrThrow(reviewListQuerySchema, request.query, 'query string');
    return listReviews(store.db, callerOf(request).orgId, query);
  });

  app.get('/reviews/:id', async (request, reply) => {
    const review = await getReview(store.db, callerOf(request).orgId, reviewId(request.params));
    return reply.header('etag', etag(review.version)).send(review);
  });

  app.post('/reviews', async (request, reply) => {
    const input = parseOrThrow(reviewCreateSchema, request.body);
    return runWrite(store, request, reply, async (trx, writer) => {
      const created = await createReview(trx, writer, input);
      reply.header('location', `/api/v1/reviews/${encodeURIComponent(created.id)}`);
      return { status: 201, body: created, version: created.version };
    });
  });

  app.put('/reviews/:id', async (request, reply) => {
    const id = reviewId(request.params);
    const version = expectedVersion(request);
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
}
