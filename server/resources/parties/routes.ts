import type { FastifyInstance } from 'fastify';
import { callerOf } from '../../http/auth';
import { parseOrThrow } from '../../http/errors';
import { etag, expectedVersion, runWrite } from '../../http/writes';
import type { Store } from '../../store/db';
import { keySchema } from '../services/schema';
import { pathParam, sameId } from '../shared';
import { createParty, deleteParty, getParty, listParties, parties, replaceParty } from './repository';
import { partyCreateSchema, partyListQuerySchema, partyReplaceSchema } from './schema';

const pathKey = (params: unknown) => pathParam(params, 'key', keySchema, parties.describe);

/** Customers, internal teams and suppliers: /api/v1/parties. */
export async function partyRoutes(app: FastifyInstance, { store }: { store: Store }): Promise<void> {
  app.get('/parties', async (request) => {
    const query = parseOrThrow(partyListQuerySchema, request.query, 'query string');
    return listParties(store.db, callerOf(request).orgId, query);
  });

  app.get('/parties/:key', async (request, reply) => {
    const party = await getParty(store.db, callerOf(request).orgId, pathKey(request.params));
    return reply.header('etag', etag(party.version)).send(party);
  });

  app.post('/parties', async (request, reply) => {
    const input = parseOrThrow(partyCreateSchema, request.body);
    return runWrite(store, request, reply, async (trx, writer) => {
      const created = await createParty(trx, writer, input);
      reply.header('location', `/api/v1/parties/${created.key}`);
      return { status: 201, body: created, version: created.version };
    });
  });

  app.put('/parties/:key', async (request, reply) => {
    const key = pathKey(request.params);
    const version = expectedVersion(request);
    const { key: bodyKey, ...input } = parseOrThrow(partyReplaceSchema, request.body);
    sameId(key, bodyKey, 'key');
    return runWrite(store, request, reply, async (trx, writer) => {
      const updated = await replaceParty(trx, writer, key, version, input);
      return { status: 200, body: updated, version: updated.version };
    });
  });

  app.delete('/parties/:key', async (request, reply) => {
    const key = pathKey(request.params);
    const version = expectedVersion(request);
    return runWrite(store, request, reply, async (trx, writer) => {
      await deleteParty(trx, writer, key, version);
      return { status: 204 };
    });
  });
}
