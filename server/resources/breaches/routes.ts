import type { FastifyInstance } from 'fastify';
import { callerOf } from '../../http/auth';
import { parseOrThrow } from '../../http/errors';
import { etag, expectedVersion, runWrite } from '../../http/writes';
import type { Store } from '../../store/db';
import { pathParam } from '../shared';
import { z } from 'zod';
import { type BreachTransition, breaches, getBreach, listBreaches, patchBreach, recordBreach, transitionBreach } from './repository';
import { breachListQuerySchema, breachPatchSchema, breachRecordSchema, transitionBodySchema } from './schema';

const breachId = (params: unknown) => pathParam(params, 'id', z.string().min(1).max(100), breaches.describe);
const monitor = { permission: 'monitor' as const };

/** Breaches of agreement targets: recorded by monitoring, handled by the service level monitor. */
export async function breachRoutes(app: FastifyInstance, { store }: { store: Store }): Promise<void> {
  app.get('/breaches', async (request) => {
    const query = parseOrThrow(breachListQuerySchema, request.query, 'query string');
    return listBreaches(store.db, callerOf(request).orgId, query);
  });

  app.get('/breaches/:id', async (request, reply) => {
    const breach = await getBreach(store.db, callerOf(request).orgId, breachId(request.params));
    return reply.header('etag', etag(breach.version)).send(breach);
  });

  app.post('/breaches', { config: monitor }, async (request, reply) => {
    const input = parseOrThrow(breachRecordSchema, request.body);
    return runWrite(store, request, reply, async (trx, writer) => {
      const { breach, created } = await recordBreach(trx, writer, input);
      reply.header('location', `/api/v1/breaches/${breach.id}`);
      return { status: created ? 201 : 200, body: breach, version: breach.version };
    });
  });

  for (const action of ['acknowledge', 'resolve'] as const satisfies readonly BreachTransition[]) {
    app.post(`/breaches/:id/${action}`, { config: monitor }, async (request, reply) => {
      const id = breachId(request.params);
      const version = expectedVersion(request);
      parseOrThrow(transitionBodySchema, request.body);
      return runWrite(store, request, reply, async (trx, writer) => {
        const updated = await transitionBreach(trx, writer, id, version, action);
        return { status: 200, body: updated, version: updated.version };
      });
    });
  }

  app.patch('/breaches/:id', { config: monitor }, async (request, reply) => {
    const id = breachId(request.params);
    const version = expectedVersion(request);
    const patch = parseOrThrow(breachPatchSchema, request.body);
    return runWrite(store, request, reply, async (trx, writer) => {
      const updated = await patchBreach(trx, writer, id, version, patch);
      return { status: 200, body: updated, version: updated.version };
    });
  });
}
