import type { FastifyInstance } from 'fastify';
import { callerOf } from '../../http/auth';
import { parseOrThrow } from '../../http/errors';
import { etag, expectedVersion, runWrite } from '../../http/writes';
import type { Store } from '../../store/db';
import { pathParam, refSchema, sameId } from '../shared';
import { contracts, createContract, deleteContract, getContract, listContracts, replaceContract } from './repository';
import { contractCreateSchema, contractListQuerySchema, contractReplaceSchema } from './schema';

export const contractRef = (params: unknown) => pathParam(params, 'ref', refSchema, contracts.describe);

/** Customer contracts, the input of the SLM process: /api/v1/contracts. */
export async function contractRoutes(app: FastifyInstance, { store }: { store: Store }): Promise<void> {
  app.get('/contracts', async (request) => {
    const query = parseOrThrow(contractListQuerySchema, request.query, 'query string');
    return listContracts(store.db, callerOf(request).orgId, query);
  });

  app.get('/contracts/:ref', async (request, reply) => {
    const contract = await getContract(store.db, callerOf(request).orgId, contractRef(request.params));
    return reply.header('etag', etag(contract.version)).send(contract);
  });

  app.post('/contracts', async (request, reply) => {
    const input = parseOrThrow(contractCreateSchema, request.body);
    return runWrite(store, request, reply, async (trx, writer) => {
      const created = await createContract(trx, writer, input);
      reply.header('location', `/api/v1/contracts/${encodeURIComponent(created.ref)}`);
      return { status: 201, body: created, version: created.version };
    });
  });

  app.put('/contracts/:ref', async (request, reply) => {
    const ref = contractRef(request.params);
    const version = expectedVersion(request);
    const { ref: bodyRef, ...input } = parseOrThrow(contractReplaceSchema, request.body);
    sameId(ref, bodyRef, 'ref');
    return runWrite(store, request, reply, async (trx, writer) => {
      const updated = await replaceContract(trx, writer, ref, version, input);
      return { status: 200, body: updated, version: updated.version };
    });
  });

  app.delete('/contracts/:ref', async (request, reply) => {
    const ref = contractRef(request.params);
    const version = expectedVersion(request);
    return runWrite(store, request, reply, async (trx, writer) => {
      await deleteContract(trx, writer, ref, version);
      return { status: 204 };
    });
  });
}
