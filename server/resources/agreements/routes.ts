import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { validateAgreement, type Agreement } from '../../../src/domain';
import { callerOf } from '../../http/auth';
import { ApiError, notFound, parseOrThrow } from '../../http/errors';
import { etag, expectedVersion, runWrite } from '../../http/writes';
import type { Store } from '../../store/db';
import {
  activateAgreement,
  addComment,
  amendAgreement,
  consistencyOf,
  createAgreement,
  diffVersions,
  getAgreement,
  positionOfRecord,
  getAgreementDetail,
  getVersion,
  listAgreements,
  listComments,
  listSignatures,
  listVersions,
  replaceAgreement,
  signAgreement,
  terminateAgreement,
  transitionAgreement,
} from './repository';
import {
  agreementIdSchema,
  agreementImportSchema,
  agreementListQuerySchema,
  agreementWriteSchema,
  commentWriteSchema,
  diffQuerySchema,
  signatureWriteSchema,
  terminateSchema,
  transitionSchema,
} from './schema';
import { agreementFromYaml, agreementToYaml, locatePath, openSloYaml, toOpenSlo } from './yaml';

const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];

function pathId(params: unknown): string {
  const id = (params as { id: string }).id;
  if (!agreementIdSchema.safeParse(id).success) {
    throw notFound(`agreement "${id}"`, { id });
  }
  return id;
}

function pathRevision(params: unknown, id: string): number {
  const rev = (params as { rev: string }).rev;
  if (!/^\d{1,9}$/.test(rev)) {
    throw notFound(`revision "${rev}" of agreement "${id}"`, { id, revision: rev });
  }
  return Number(rev);
}

/** Validates an agreement document sent as JSON; errors name the document path. */
export function documentOrThrow(data: unknown): Agreement {
  const result = validateAgreement(data);
  if (result.ok) {
    return result.agreement;
  }
  const unknownFields = result.errors.filter((e) => e.message === 'unknown key').map((e) => e.path);
  const issues = result.errors.map((e) => ({
    path: e.path,
    code: e.message === 'unknown key' ? 'unrecognized_keys' : 'invalid',
    message: e.message,
  }));
  const summary = issues.map((i) => `${i.path || '(document)'}: ${i.message}`).join('; ');
  throw new ApiError(400, 'validation_failed', `invalid agreement document: ${summary}`, {
    issues,
    ...(unknownFields.length ? { unknownFields } : {}),
  });
}

function sameIdAsPath(id: string, document: Agreement): void {
  if (document.metadata.id !== id) {
    throw new ApiError(
      400,
      'validation_failed',
      `the id of an agreement cannot change (path "${id}", document "${document.metadata.id}")`,
      {
        issues: [{ path: 'metadata.id', code: 'custom', message: 'must equal the id in the path' }],
      }
    );
  }
}

/** YAML body (application/yaml) or JSON `{ yaml }`. */
function importBody(request: FastifyRequest): { yaml: string; requiredSigners?: string[] } {
  if (typeof request.body === 'string') {
    if (request.body.trim() === '') {
      throw new ApiError(400, 'bad_request', 'the YAML body is empty');
    }
    return { yaml: request.body };
  }
  return parseOrThrow(agreementImportSchema, request.body);
}

/** Adds the YAML line and column to reference errors (unknown service, cycle …) raised after parsing. */
function withPositions(err: unknown, yaml: string): unknown {
  if (err instanceof ApiError && err.status === 400 && Array.isArray(err.details.issues)) {
    const issues = (err.details.issues as Array<{ path: string }>).map((i) => ({ ...i, ...locatePath(yaml, i.path) }));
    return new ApiError(err.status, err.code, err.message, { ...err.details, issues });
  }
  return err;
}

/** Agreements: /api/v1/agreements and the owner approvals /api/v1/approvals/agreements/:id/*. */
export async function agreementRoutes(app: FastifyInstance, { store }: { store: Store }): Promise<void> {
  // Encapsulated in this plugin: only agreement imports take YAML bodies.
  app.addContentTypeParser(YAML_TYPES, { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.get('/agreements', async (request) => {
    const query = parseOrThrow(agreementListQuerySchema, request.query, 'query string');
    return listAgreements(store.db, callerOf(request).orgId, query);
  });

  app.post('/agreements', async (request, reply) => {
    const body = parseOrThrow(agreementWriteSchema, request.body);
    const document = documentOrThrow(body.document);
    return runWrite(store, request, reply, async (trx, writer) => {
      const created = await createAgreement(trx, writer, document, body.requiredSigners);
      reply.header('location', `/api/v1/agreements/${created.id}`);
      return { status: 201, body: created, version: created.version };
    });
  });

  app.post('/agreements/import', async (request, reply) => {
    const { yaml, requiredSigners } = importBody(request);
    const parsed = agreementFromYaml(yaml);
    if (!parsed.ok) {
      const issues = parsed.errors.map((e) => ({
        path: e.path,
        code: 'invalid',
        message: e.message,
        line: e.line,
        col: e.col,
      }));
      const summary = parsed.errors.map(
        (e) => `${e.path || '(document)'}: ${e.message}${e.line ? ` (line ${e.line}, col ${e.col})` : ''}`
      );
      throw new ApiError(400, 'validation_failed', `invalid agreement YAML: ${summary.join('; ')}`, { issues });
    }
    const document = parsed.agreement;
    const version = request.headers['if-match'] === undefined ? null : expectedVersion(request);
    try {
      return await runWrite(store, request, reply, async (trx, writer) => {
        if (version === null) {
          const exists = await trx
            .selectFrom('agreements')
            .select('id')
            .where('org_id', '=', writer.orgId)
            .where('id', '=', document.metadata.id)
            .executeTakeFirst();
          if (exists) {
            throw new ApiError(
              409,
              'conflict',
              `agreement "${document.metadata.id}" exists; send If-Match with its version to update it`,
              { id: document.metadata.id }
            );
          }
          const created = await createAgreement(trx, writer, document, requiredSigners);
          reply.header('location', `/api/v1/agreements/${created.id}`);
          return { status: 201, body: created, version: created.version };
        }
        const updated = await replaceAgreement(trx, writer, document.metadata.id, version, document, requiredSigners);
        return { status: 200, body: updated, version: updated.version };
      });
    } catch (err) {
      throw withPositions(err, yaml);
    }
  });

  app.get('/agreements/:id', async (request, reply) => {
    const detail = await getAgreementDetail(store.db, callerOf(request).orgId, pathId(request.params));
    return reply.header('etag', etag(detail.version)).send(detail);
  });

  app.put('/agreements/:id', async (request, reply) => {
    const id = pathId(request.params);
    const version = expectedVersion(request);
    const body = parseOrThrow(agreementWriteSchema, request.body);
    const document = documentOrThrow(body.document);
    sameIdAsPath(id, document);
    return runWrite(store, request, reply, async (trx, writer) => {
      const updated = await replaceAgreement(trx, writer, id, version, document, body.requiredSigners);
      return { status: 200, body: updated, version: updated.version };
    });
  });

  app.post('/agreements/:id/transitions', async (request, reply) => {
    const id = pathId(request.params);
    const version = expectedVersion(request);
    const { to } = parseOrThrow(transitionSchema, request.body);
    return runWrite(store, request, reply, async (trx, writer) => {
      const updated = await transitionAgreement(trx, writer, id, version, to);
      return { status: 200, body: updated, version: updated.version };
    });
  });

  app.post('/agreements/:id/amendments', async (request, reply) => {
    const id = pathId(request.params);
    const version = expectedVersion(request);
    parseOrThrow(z.strictObject({}), request.body ?? {});
    return runWrite(store, request, reply, async (trx, writer) => {
      const updated = await amendAgreement(trx, writer, id, version);
      return { status: 201, body: updated, version: updated.version };
    });
  });

  app.get('/agreements/:id/signatures', async (request) => ({
    items: await listSignatures(store.db, callerOf(request).orgId, pathId(request.params)),
  }));

  app.post('/agreements/:id/signatures', async (request, reply) => {
    const id = pathId(request.params);
    const input = parseOrThrow(signatureWriteSchema, request.body);
    return runWrite(store, request, reply, async (trx, writer) => ({
      status: 201,
      body: await signAgreement(trx, writer, id, input),
    }));
  });

  app.get('/agreements/:id/comments', async (request) => ({
    items: await listComments(store.db, callerOf(request).orgId, pathId(request.params)),
  }));

  app.post('/agreements/:id/comments', async (request, reply) => {
    const id = pathId(request.params);
    const input = parseOrThrow(commentWriteSchema, request.body);
    return runWrite(store, request, reply, async (trx, writer) => ({
      status: 201,
      body: await addComment(trx, writer, id, input),
    }));
  });

  app.get('/agreements/:id/versions', async (request) => {
    const versions = await listVersions(store.db, callerOf(request).orgId, pathId(request.params));
    return { items: versions.map(({ document: _document, ...info }) => info) };
  });

  app.get('/agreements/:id/versions/:rev', async (request) => {
    const id = pathId(request.params);
    return getVersion(store.db, callerOf(request).orgId, id, pathRevision(request.params, id));
  });

  app.get('/agreements/:id/versions/:rev/diff', async (request) => {
    const id = pathId(request.params);
    const { against } = parseOrThrow(diffQuerySchema, request.query, 'query string');
    return diffVersions(store.db, callerOf(request).orgId, id, pathRevision(request.params, id), against);
  });

  app.get('/agreements/:id/consistency', async (request) => {
    const orgId = callerOf(request).orgId;
    const record = await getAgreement(store.db, orgId, pathId(request.params));
    return { items: await consistencyOf(store.db, orgId, record.document, positionOfRecord(record)) };
  });

  app.get('/agreements/:id/export', async (request, reply) => {
    const record = await getAgreement(store.db, callerOf(request).orgId, pathId(request.params));
    return reply
      .type('application/yaml; charset=utf-8')
      .header('content-disposition', `attachment; filename="${record.id}.yaml"`)
      .header('etag', etag(record.version))
      .send(agreementToYaml(record.document));
  });

  app.get('/agreements/:id/openslo', async (request, reply) => {
    const { format } = parseOrThrow(
      z.strictObject({ format: z.enum(['yaml', 'json']).default('yaml') }),
      request.query,
      'query string'
    );
    const record = await getAgreement(store.db, callerOf(request).orgId, pathId(request.params));
    if (format === 'json') {
      return { items: toOpenSlo(record.document) };
    }
    return reply.type('application/yaml; charset=utf-8').send(openSloYaml(record.document));
  });

  app.post('/approvals/agreements/:id/activate', { config: { permission: 'own' } }, async (request, reply) => {
    const id = pathId(request.params);
    const version = expectedVersion(request);
    parseOrThrow(z.strictObject({}), request.body ?? {});
    return runWrite(store, request, reply, async (trx, writer) => {
      const updated = await activateAgreement(trx, writer, id, version);
      return { status: 200, body: updated, version: updated.version };
    });
  });

  app.post('/approvals/agreements/:id/terminate', { config: { permission: 'own' } }, async (request, reply) => {
    const id = pathId(request.params);
    const version = expectedVersion(request);
    const { reason } = parseOrThrow(terminateSchema, request.body ?? {});
    return runWrite(store, request, reply, async (trx, writer) => {
      const updated = await terminateAgreement(trx, writer, id, version, reason);
      return { status: 200, body: updated, version: updated.version };
    });
  });
}
