import type { FastifyInstance } from 'fastify';
import { callerOf } from '../../http/auth';
import { parseOrThrow } from '../../http/errors';
import { etag, expectedVersion, runWrite } from '../../http/writes';
import type { Store } from '../../store/db';
import { pathParam, refSchema, sameId } from '../shared';
import { createPlan, deletePlan, getPlan, listPlans, plans, replacePlan } from './repository';
import { planCreateSchema, planListQuerySchema, planReplaceSchema } from './schema';
import { storeVerification, verifyBodySchema } from './verify';

const planId = (params: unknown) => pathParam(params, 'id', refSchema, plans.describe);

/** Improvement plans: /api/v1/plans. */
export async function planRoutes(app: FastifyInstance, { store }: { store: Store }): Promise<void> {
  app.get('/plans', async (request) => {
    const query = parseOrThrow(planListQuerySchema, request.query, 'query string');
    return listPlans(store.db, callerOf(request).orgId, query);
  });

  app.get('/plans/:id', async (request, reply) => {
    const plan = await getPlan(store.db, callerOf(request).orgId, planId(request.params));
    return reply.header('etag', etag(plan.version)).send(plan);
  });

  app.post('/plans', async (request, reply) => {
    const input = parseOrThrow(planCreateSchema, request.body);
    return runWrite(store, request, reply, async (trx, writer) => {
      const created = await createPlan(trx, writer, input);
      reply.header('location', `/api/v1/plans/${encodeURIComponent(created.id)}`);
      return { status: 201, body: created, version: created.version };
    });
  });

  app.put('/plans/:id', async (request, reply) => {
    const id = planId(request.params);
    const version = expectedVersion(request);
    const { id: bodyId, ...input } = parseOrThrow(planReplaceSchema, request.body);
    sameId(id, bodyId, 'id');
    return runWrite(store, request, reply, async (trx, writer) => {
      const updated = await replacePlan(trx, writer, id, version, input);
      return { status: 200, body: updated, version: updated.version };
    });
  });

  app.post('/plans/:id/verify', async (request, reply) => {
    const id = planId(request.params);
    const version = expectedVersion(request);
    const body = parseOrThrow(verifyBodySchema, request.body);
    const completedAt = body?.completedAt ? Date.parse(body.completedAt) : undefined;
    return runWrite(store, request, reply, async (trx, writer) => {
      const updated = await storeVerification(trx, writer, id, version, completedAt);
      return { status: 200, body: updated, version: updated.version };
    });
  });

  app.delete('/plans/:id', async (request, reply) => {
    const id = planId(request.params);
    const version = expectedVersion(request);
    return runWrite(store, request, reply, async (trx, writer) => {
      await deletePlan(trx, writer, id, version);
      return { status: 204 };
    });
  });
}
