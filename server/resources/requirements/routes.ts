import type { FastifyInstance } from 'fastify';
import { callerOf } from '../../http/auth';
import { parseOrThrow } from '../../http/errors';
import { etag, expectedVersion, runWrite } from '../../http/writes';
import type { Store } from '../../store/db';
import { contractRef } from '../contracts/routes';
import { pathParam, refSchema, sameId } from '../shared';
import {
  createRequirement,
  deleteRequirement,
  getRequirement,
  listContractRequirements,
  listRequirements,
  recordGapAnalysis,
  replaceRequirement,
  requirements,
} from './repository';
import { gapAnalysisSchema, requirementCreateSchema, requirementListQuerySchema, requirementReplaceSchema } from './schema';

const requirementId = (params: unknown) => pathParam(params, 'id', refSchema, requirements.describe);

/**
 * Service level requirements of customer contracts. Writes live under the contract
 * (/contracts/:ref/requirements/...) so they ride on the contracts proxy routes; the flat
 * /requirements reads list across contracts (e.g. all requirements on one service).
 */
export async function requirementRoutes(app: FastifyInstance, { store }: { store: Store }): Promise<void> {
  app.get('/requirements', async (request) => {
    const query = parseOrThrow(requirementListQuerySchema, request.query, 'query string');
    return listRequirements(store.db, callerOf(request).orgId, query);
  });

  app.get('/requirements/:id', async (request, reply) => {
    const requirement = await getRequirement(store.db, callerOf(request).orgId, requirementId(request.params));
    return reply.header('etag', etag(requirement.version)).send(requirement);
  });

  app.get('/contracts/:ref/requirements', async (request) => {
    const ref = contractRef(request.params);
    const query = parseOrThrow(requirementListQuerySchema.omit({ contract: true }), request.query, 'query string');
    return listContractRequirements(store.db, callerOf(request).orgId, ref, query);
  });

  app.get('/contracts/:ref/requirements/:id', async (request, reply) => {
    const ref = contractRef(request.params);
    const requirement = await getRequirement(store.db, callerOf(request).orgId, requirementId(request.params), ref);
    return reply.header('etag', etag(requirement.version)).send(requirement);
  });

  app.post('/contracts/:ref/requirements', async (request, reply) => {
    const ref = contractRef(request.params);
    const input = parseOrThrow(requirementCreateSchema, request.body);
    return runWrite(store, request, reply, async (trx, writer) => {
      const created = await createRequirement(trx, writer, ref, input);
      reply.header('location', `/api/v1/contracts/${encodeURIComponent(ref)}/requirements/${encodeURIComponent(created.id)}`);
      return { status: 201, body: created, version: created.version };
    });
  });

  app.put('/contracts/:ref/requirements/:id', async (request, reply) => {
    const ref = contractRef(request.params);
    const id = requirementId(request.params);
    const version = expectedVersion(request);
    const { id: bodyId, ...input } = parseOrThrow(requirementReplaceSchema, request.body);
    sameId(id, bodyId, 'id');
    return runWrite(store, request, reply, async (trx, writer) => {
      const updated = await replaceRequirement(trx, writer, ref, id, version, input);
      return { status: 200, body: updated, version: updated.version };
    });
  });

  app.put('/contracts/:ref/requirements/:id/gap-analysis', async (request, reply) => {
    const ref = contractRef(request.params);
    const id = requirementId(request.params);
    const version = expectedVersion(request);
    const analysis = parseOrThrow(gapAnalysisSchema, request.body);
    return runWrite(store, request, reply, async (trx, writer) => {
      const updated = await recordGapAnalysis(trx, writer, ref, id, version, analysis);
      return { status: 200, body: updated, version: updated.version };
    });
  });

  app.delete('/contracts/:ref/requirements/:id', async (request, reply) => {
    const ref = contractRef(request.params);
    const id = requirementId(request.params);
    const version = expectedVersion(request);
    return runWrite(store, request, reply, async (trx, writer) => {
      await deleteRequirement(trx, writer, ref, id, version);
      return { status: 204 };
    });
  });
}
