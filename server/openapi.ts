import { z } from 'zod';
import { auditEntrySchema, auditListQuerySchema, auditListSchema } from './resources/audit/repository';
import {
  serviceCreateSchema,
  serviceListQuerySchema,
  serviceListSchema,
  serviceReplaceSchema,
  serviceSchema,
} from './resources/services/schema';
import { agreementOpenApi } from './resources/agreements/openapi';
import { recordsOpenApi } from './resources/openapi';
import { grafanaOpenApi } from './grafana/openapi';
import { monitoringOpenApi } from './monitor/openapi';
import { reviewsOpenApi } from './resources/reviews/openapi';
import { plansOpenApi } from './resources/plans/openapi';
import { exportsOpenApi } from './resources/exports/openapi';
import { API_VERSION, ENGINE_VERSION } from './version';
import { PERMISSIONS } from './http/auth';

type JsonSchema = Record<string, unknown>;

const input = (schema: z.ZodType): JsonSchema => strip(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }));
const output = (schema: z.ZodType): JsonSchema => strip(z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }));

/** Component schemas embed no `$schema` of their own: the document's dialect applies. */
function strip(schema: JsonSchema): JsonSchema {
  const { $schema: _ignored, ...rest } = schema;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ 'application/json': { schema } });

function queryParameters(schema: z.ZodObject): unknown[] {
  return Object.entries(schema.shape).map(([name, field]) => ({
    name,
    in: 'query',
    required: false,
    schema: input(field as z.ZodType),
  }));
}

const errorResponse = (description: string) => ({ description, content: json(ref('Error')) });

const commonErrors = {
  '401': errorResponse('missing or wrong X-SLM-Secret (`unauthenticated`)'),
  '403': errorResponse('the X-SLM-Permission does not cover the operation (`forbidden`), or a write without X-Grafana-User (`user_required`)'),
};
const writeErrors = {
  ...commonErrors,
  '400': errorResponse('invalid body, unknown fields or malformed JSON (`validation_failed`, `bad_request`)'),
  '413': errorResponse('body larger than the limit (`payload_too_large`)'),
  '415': errorResponse('body is not JSON (`unsupported_media_type`)'),
};
const ifMatch = {
  name: 'If-Match',
  in: 'header',
  required: true,
  description: 'the version read (the ETag); missing → 428, stale → 409 `version_conflict`',
  schema: { type: 'string', examples: ['"3"'] },
};
const keyParam = { name: 'key', in: 'path', required: true, schema: { type: 'string' } };
const etagHeader = { ETag: { description: 'the record version, quoted', schema: { type: 'string' } } };

/** The OpenAPI 3.1 description of /api/v1, generated from the same zod schemas the routes validate with. */
export function buildOpenApi(): Record<string, unknown> {
  const agreements = agreementOpenApi();
  const records = recordsOpenApi();
  const grafana = grafanaOpenApi();
  const monitoring = monitoringOpenApi();
  const reviews = reviewsOpenApi();
  const plans = plansOpenApi();
  const exportDocs = exportsOpenApi();
  return {
    openapi: '3.1.0',
    info: {
      title: 'SLM engine API',
      version: ENGINE_VERSION,
      description:
        `API version ${API_VERSION}. Served only through the Grafana app's proxy routes: every request carries ` +
        `X-SLM-Secret and X-SLM-Permission (${PERMISSIONS.join(' | ')}); writes also X-Grafana-User. ` +
        'X-Grafana-Org-Id scopes every record (default 1).',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ sharedSecret: [] }],
    paths: {
      ...agreements.paths,
      ...records.paths,
      ...grafana.paths,
      ...monitoring.paths,
      ...reviews.paths,
      ...plans.paths,
      ...exportDocs.paths,
      '/openapi.json': {
        get: {
          summary: 'This OpenAPI document',
          responses: { '200': { description: 'OpenAPI 3.1 document', content: json({ type: 'object' }) }, ...commonErrors },
        },
      },
      '/info': {
        get: {
          summary: 'Engine identity and the caller as the engine sees it (connection test)',
          responses: { '200': { description: 'engine info', content: json(ref('Info')) }, ...commonErrors },
        },
      },
      '/services': {
        get: {
          summary: 'List catalog services',
          parameters: queryParameters(serviceListQuerySchema),
          responses: { '200': { description: 'a page of services', content: json(ref('ServiceList')) }, ...commonErrors },
        },
        post: {
          summary: 'Create a catalog service (needs manage)',
          parameters: [
            { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 } },
          ],
          requestBody: { required: true, content: json(ref('ServiceCreate')) },
          responses: {
            '201': { description: 'created', headers: etagHeader, content: json(ref('Service')) },
            ...writeErrors,
            '409': errorResponse('a service with this key exists (`conflict`)'),
            '422': errorResponse('Idempotency-Key reused for a different request (`idempotency_key_reused`)'),
          },
        },
      },
      '/services/{key}': {
        parameters: [keyParam],
        get: {
          summary: 'Read one service',
          responses: {
            '200': { description: 'the service', headers: etagHeader, content: json(ref('Service')) },
            '404': errorResponse('no such service (`not_found`)'),
            ...commonErrors,
          },
        },
        put: {
          summary: 'Replace a service (needs manage)',
          parameters: [ifMatch],
          requestBody: { required: true, content: json(ref('ServiceReplace')) },
          responses: {
            '200': { description: 'updated', headers: etagHeader, content: json(ref('Service')) },
            ...writeErrors,
            '404': errorResponse('no such service'),
            '409': errorResponse('stale If-Match (`version_conflict`, details.currentVersion)'),
            '428': errorResponse('If-Match missing (`precondition_required`)'),
          },
        },
        delete: {
          summary: 'Delete a service (needs manage)',
          parameters: [ifMatch],
          responses: {
            '204': { description: 'deleted' },
            ...commonErrors,
            '404': errorResponse('no such service'),
            '409': errorResponse('stale If-Match (`version_conflict`)'),
            '428': errorResponse('If-Match missing (`precondition_required`)'),
          },
        },
      },
      '/audit': {
        get: {
          summary: 'Audit log of the organisation, newest first',
          parameters: queryParameters(auditListQuerySchema),
          responses: { '200': { description: 'a page of audit entries', content: json(ref('AuditList')) }, ...commonErrors },
        },
      },
    },
    components: {
      securitySchemes: { sharedSecret: { type: 'apiKey', in: 'header', name: 'X-SLM-Secret' } },
      schemas: {
        ...agreements.schemas,
        ...records.schemas,
        ...grafana.schemas,
        ...monitoring.schemas,
        ...reviews.schemas,
        ...plans.schemas,
        Error: output(
          z.strictObject({
            error: z.strictObject({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()) }),
          })
        ),
        Info: output(
          z.strictObject({
            name: z.literal('slm-engine'),
            version: z.string(),
            apiVersion: z.number().int(),
            user: z.string().nullable(),
            orgId: z.number().int(),
            permission: z.enum(PERMISSIONS),
          })
        ),
        Service: output(serviceSchema),
        ServiceCreate: input(serviceCreateSchema),
        ServiceReplace: input(serviceReplaceSchema),
        ServiceList: output(serviceListSchema),
        AuditEntry: output(auditEntrySchema),
        AuditList: output(auditListSchema),
      },
    },
  };
}
