import type { FastifyInstance } from 'fastify';
import { callerOf } from '../../http/auth';
import { ApiError, notFound, parseOrThrow } from '../../http/errors';
import { etag, expectedVersion, runWrite } from '../../http/writes';
import type { Store } from '../../store/db';
import { createService, deleteService, getService, listServices, replaceService } from './repository';
import { keySchema, serviceCreateSchema, serviceListQuerySchema, serviceReplaceSchema } from './schema';

function pathKey(params: unknown): string {
  const key = (params as { key: string }).key;
  if (!keySchema.safeParse(key).success) {
    throw notFound(`service "${key}"`, { key });
  }
  return key;
}

/** The service catalog: /api/v1/services. */
export async function serviceRoutes(app: FastifyInstance, { store }: { store: Store }): Promise<void> {
  app.get('/services', async (request) => {
    const query = parseOrThrow(serviceListQuerySchema, request.query, 'query string');
    return listServices(store.db, callerOf(request).orgId, query);
  });

  app.get('/services/:key', async (request, reply) => {
    const key = pathKey(request.params);
    const service = await getService(store.db, callerOf(request).orgId, key);
    if (!service) {
      throw notFound(`service "${key}"`, { key });
    }
    return reply.header('etag', etag(service.version)).send(service);
  });

  app.post('/services', async (request, reply) => {
    const input = parseOrThrow(serviceCreateSchema, request.body);
    return runWrite(store, request, reply, async (trx, writer) => {
      const created = await createService(trx, writer.orgId, writer.user, input);
      reply.header('location', `/api/v1/services/${created.key}`);
      return { status: 201, body: created, version: created.version };
    });
  });

  app.put('/services/:key', async (request, reply) => {
    const key = pathKey(request.params);
    const version = expectedVersion(request);
    const { key: bodyKey, ...input } = parseOrThrow(serviceReplaceSchema, request.body);
    if (bodyKey !== undefined && bodyKey !== key) {
      throw new ApiError(400, 'validation_failed', `the key of a service cannot change (path "${key}", body "${bodyKey}")`, {
        issues: [{ path: 'key', code: 'custom', message: 'must equal the key in the path' }],
      });
    }
    return runWrite(store, request, reply, async (trx, writer) => {
      const updated = await replaceService(trx, writer.orgId, writer.user, key, version, input);
      return { status: 200, body: updated, version: updated.version };
    });
  });

  app.delete('/services/:key', async (request, reply) => {
    const key = pathKey(request.params);
    const version = expectedVersion(request);
    return runWrite(store, request, reply, async (trx, writer) => {
      await deleteService(trx, writer.orgId, writer.user, key, version);
      return { status: 204 };
    });
  });
}
