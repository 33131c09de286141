/** The agreements part of the OpenAPI document (merged by server/openapi.ts). */
import { z } from 'zod';
import { AgreementSchema } from '../../../src/domain';
import {
  agreementDetailSchema,
  agreementImportSchema,
  agreementListQuerySchema,
  agreementListSchema,
  agreementSchema,
  agreementWriteSchema,
  changeSchema,
  commentSchema,
  commentWriteSchema,
  signatureSchema,
  signatureWriteSchema,
  terminateSchema,
  transitionSchema,
  versionSchema,
  warningSchema,
} from './schema';

type JsonSchema = Record<string, unknown>;
const strip = ({ $schema: _ignored, ...rest }: JsonSchema) => rest;
const input = (s: z.ZodType): JsonSchema => strip(z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }));
const output = (s: z.ZodType): JsonSchema => strip(z.toJSONSchema(s, { io: 'output', unrepresentable: 'any' }));
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ 'application/json': { schema } });
const yaml = { 'application/yaml': { schema: { type: 'string' } } };
const error = (description: string) => ({ description, content: json(ref('Error')) });
const ok = (description: string, content: unknown = undefined) => ({ description, ...(content ? { content } : {}) });

const idParam = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string' },
  description: 'agreement id, e.g. SLA-2026-001',
};
const revParam = { name: 'rev', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };
const ifMatch = {
  name: 'If-Match',
  in: 'header',
  required: true,
  description: 'the version read (ETag); missing → 428, stale → 409 `version_conflict`',
  schema: { type: 'string' },
};
const idempotency = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  schema: { type: 'string', maxLength: 200 },
};
const base = {
  '401': error('missing or wrong X-SLM-Secret'),
  '403': error('permission does not cover the operation, or no X-Grafana-User on a write'),
};
const write = {
  ...base,
  '400': error('invalid body (`validation_failed` with details.issues[{path,code,message}])'),
  '404': error('no such agreement'),
};
const move = {
  ...write,
  '409': error(
    '`version_conflict` (stale If-Match), `illegal_transition` (details.from, to, allowed), `not_editable` or `signatures_incomplete`'
  ),
  '428': error('If-Match missing'),
};
const list = (item: string) => ({
  type: 'object',
  properties: { items: { type: 'array', items: ref(item) } },
  required: ['items'],
});

function queryParameters(schema: z.ZodObject): unknown[] {
  return Object.entries(schema.shape).map(([name, field]) => ({
    name,
    in: 'query',
    required: false,
    schema: input(field as z.ZodType),
  }));
}

export function agreementOpenApi(): { paths: Record<string, unknown>; schemas: Record<string, unknown> } {
  const record = json(ref('Agreement'));
  return {
    paths: {
      '/agreements': {
        get: {
          summary: 'List agreements (summaries)',
          parameters: queryParameters(agreementListQuerySchema),
          responses: { '200': ok('a page', json(ref('AgreementList'))), ...base },
        },
        post: {
          summary: 'Create a draft agreement (manage)',
          parameters: [idempotency],
          requestBody: { required: true, content: json(ref('AgreementWrite')) },
          responses: { '201': ok('created', record), ...write, '409': error('the id exists (`conflict`)') },
        },
      },
      '/agreements/import': {
        post: {
          summary:
            'Import agreement YAML (DESIGN §4): creates, or with If-Match updates an editable agreement (manage)',
          parameters: [{ ...ifMatch, required: false }, idempotency],
          requestBody: { required: true, content: { ...yaml, ...json(ref('AgreementImport')) } },
          responses: {
            '200': ok('updated', record),
            '201': ok('created', record),
            ...move,
            '400': error('invalid YAML: details.issues carry path, line and col'),
          },
        },
      },
      '/agreements/{id}': {
        parameters: [idParam],
        get: {
          summary: 'Read an agreement with pending signatures, consistency warnings and allowed transitions',
          responses: { '200': ok('the agreement', json(ref('AgreementDetail'))), ...write },
        },
        put: {
          summary: 'Replace the content of the revision being worked on (draft or negotiating; manage)',
          parameters: [ifMatch],
          requestBody: { required: true, content: json(ref('AgreementWrite')) },
          responses: { '200': ok('updated', record), ...move },
        },
      },
      '/agreements/{id}/transitions': {
        parameters: [idParam],
        post: {
          summary:
            'Move between draft, negotiating and pending_signature (manage); entering pending_signature freezes the revision',
          parameters: [ifMatch],
          requestBody: { required: true, content: json(input(transitionSchema)) },
          responses: { '200': ok('moved', record), ...move },
        },
      },
      '/agreements/{id}/amendments': {
        parameters: [idParam],
        post: {
          summary: 'Open an amendment (new draft revision) of an active agreement (manage)',
          parameters: [ifMatch],
          responses: { '201': ok('amendment opened', record), ...move },
        },
      },
      '/agreements/{id}/signatures': {
        parameters: [idParam],
        get: {
          summary: 'Every signature, all revisions',
          responses: { '200': ok('signatures', json(list('Signature'))), ...write },
        },
        post: {
          summary: 'Sign the pending version for a party, as the X-Grafana-User (manage)',
          parameters: [idempotency],
          requestBody: { required: true, content: json(input(signatureWriteSchema)) },
          responses: {
            '201': ok('signed', json(ref('Signature'))),
            ...write,
            '409': error(
              '`stale_hash` (not the pending version), `illegal_transition` (nothing pending) or `conflict` (already signed)'
            ),
          },
        },
      },
      '/agreements/{id}/comments': {
        parameters: [idParam],
        get: {
          summary: 'Negotiation comments, oldest first',
          responses: { '200': ok('comments', json(list('AgreementComment'))), ...write },
        },
        post: {
          summary: 'Add a comment, optionally anchored to a target (manage)',
          parameters: [idempotency],
          requestBody: { required: true, content: json(input(commentWriteSchema)) },
          responses: { '201': ok('added', json(ref('AgreementComment'))), ...write },
        },
      },
      '/agreements/{id}/versions': {
        parameters: [idParam],
        get: {
          summary: 'Frozen versions and the working revision',
          responses: { '200': ok('versions', json(list('AgreementVersion'))), ...write },
        },
      },
      '/agreements/{id}/versions/{rev}': {
        parameters: [idParam, revParam],
        get: {
          summary: 'One version with its document',
          responses: { '200': ok('the version', json(ref('AgreementVersion'))), ...write },
        },
      },
      '/agreements/{id}/versions/{rev}/diff': {
        parameters: [idParam, revParam, { name: 'against', in: 'query', required: true, schema: { type: 'integer' } }],
        get: {
          summary: 'Changes from revision `against` to revision `rev`',
          responses: {
            '200': ok(
              'changes',
              json({
                type: 'object',
                properties: {
                  from: { type: 'integer' },
                  to: { type: 'integer' },
                  changes: { type: 'array', items: output(changeSchema) },
                },
              })
            ),
            ...write,
          },
        },
      },
      '/agreements/{id}/consistency': {
        parameters: [idParam],
        get: {
          summary: 'Underpinning targets weaker than the targets they support',
          responses: { '200': ok('warnings', json(list('ConsistencyWarning'))), ...write },
        },
      },
      '/agreements/{id}/export': {
        parameters: [idParam],
        get: { summary: 'The agreement as YAML (DESIGN §4)', responses: { '200': ok('YAML', yaml), ...write } },
      },
      '/agreements/{id}/openslo': {
        parameters: [idParam, { name: 'format', in: 'query', required: false, schema: { enum: ['yaml', 'json'] } }],
        get: {
          summary: 'The targets as OpenSLO v1 SLO objects (multi-document YAML, or JSON {items})',
          responses: { '200': ok('OpenSLO', { ...yaml, ...json({ type: 'object' }) }), ...write },
        },
      },
      '/approvals/agreements/{id}/activate': {
        parameters: [idParam],
        post: {
          summary: 'Activate the pending version once every required signer signed its hash (own)',
          parameters: [ifMatch],
          responses: { '200': ok('active', record), ...move },
        },
      },
      '/approvals/agreements/{id}/terminate': {
        parameters: [idParam],
        post: {
          summary: 'Terminate an active agreement (own)',
          parameters: [ifMatch],
          requestBody: { required: false, content: json(input(terminateSchema)) },
          responses: { '200': ok('terminated', record), ...move },
        },
      },
    },
    schemas: {
      AgreementDocument: input(AgreementSchema),
      AgreementWrite: {
        ...input(agreementWriteSchema),
        properties: { ...(input(agreementWriteSchema).properties as object), document: ref('AgreementDocument') },
      },
      AgreementImport: input(agreementImportSchema),
      Agreement: output(agreementSchema),
      AgreementDetail: output(agreementDetailSchema),
      AgreementList: output(agreementListSchema),
      AgreementVersion: output(versionSchema),
      Signature: output(signatureSchema),
      AgreementComment: output(commentSchema),
      ConsistencyWarning: output(warningSchema),
    },
  };
}
