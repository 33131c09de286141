/**
 * OpenAPI paths and component schemas of parties, contracts, requirements, breaches, reviews and
 * improvement plans, generated from the zod schemas their routes validate with.
 */
import { z } from 'zod';
import {
  breachListQuerySchema,
  breachListSchema,
  breachPatchSchema,
  breachRecordSchema,
  breachSchema,
  transitionBodySchema,
} from './breaches/schema';
import { contractCreateSchema, contractListQuerySchema, contractListSchema, contractReplaceSchema, contractSchema } from './contracts/schema';
import { partyCreateSchema, partyListQuerySchema, partyListSchema, partyReplaceSchema, partySchema } from './parties/schema';
import { planCreateSchema, planListQuerySchema, planListSchema, planReplaceSchema, planSchema } from './plans/schema';
import {
  gapAnalysisSchema,
  requirementCreateSchema,
  requirementListQuerySchema,
  requirementListSchema,
  requirementReplaceSchema,
  requirementSchema,
} from './requirements/schema';
import { reviewCreateSchema, reviewListQuerySchema, reviewListSchema, reviewReplaceSchema, reviewSchema } from './reviews/schema';

type JsonSchema = Record<string, unknown>;

function strip(schema: JsonSchema): JsonSchema {
  const { $schema: _ignored, ...rest } = schema;
  return rest;
}
const input = (schema: z.ZodType): JsonSchema => strip(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }));
const output = (schema: z.ZodType): JsonSchema => strip(z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }));
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ 'application/json': { schema } });
const error = (description: string) => ({ description, content: json(ref('Error')) });

const common = {
  '401': error('missing or wrong X-SLM-Secret (`unauthenticated`)'),
  '403': error('the X-SLM-Permission does not cover the operation (`forbidden`), or a write without X-Grafana-User (`user_required`)'),
};
const writeErrors = {
  ...common,
  '400': error('invalid body, unknown fields or malformed JSON (`validation_failed`, `bad_request`)'),
  '413': error('body larger than the limit (`payload_too_large`)'),
  '415': error('body is not JSON (`unsupported_media_type`)'),
};
const versioned = {
  '404': error('no such record (`not_found`)'),
  '409': error('stale If-Match (`version_conflict`, details.currentVersion) or a rule of the resource (`conflict`, `in_use`)'),
  '428': error('If-Match missing (`precondition_required`)'),
};
const ifMatch = {
  name: 'If-Match',
  in: 'header',
  required: true,
  description: 'the version read (the ETag); missing → 428, stale → 409 `version_conflict`',
  schema: { type: 'string', examples: ['"3"'] },
};
const idempotencyKey = { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 } };
const etagHeader = { ETag: { description: 'the record version, quoted', schema: { type: 'string' } } };
const pathParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });

function queryParameters(schema: z.ZodObject): unknown[] {
  return Object.entries(schema.shape).map(([name, field]) => ({ name, in: 'query', required: false, schema: input(field as z.ZodType) }));
}

const ok = (description: string, schema: string) => ({ description, headers: etagHeader, content: json(ref(schema)) });

interface Crud {
  path: string;
  params: string[];
  name: string;
  plural: string;
  listQuery: z.ZodObject;
  permission?: string;
  withReplace?: boolean;
  withDelete?: boolean;
}

/** list + create on the collection, read + replace + delete on the record. */
function crud(c: Crud): Record<string, unknown> {
  const [collection, record] = [c.path, `${c.path}/{${c.params[c.params.length - 1]}}`];
  const collectionParams = c.params.slice(0, -1).map(pathParam);
  const needs = c.permission ?? 'manage';
  return {
    [collection]: {
      ...(collectionParams.length ? { parameters: collectionParams } : {}),
      get: {
        summary: `List ${c.plural}`,
        parameters: queryParameters(c.listQuery),
        responses: { '200': { description: `a page of ${c.plural}`, content: json(ref(`${c.name}List`)) }, ...common },
      },
      post: {
        summary: `Create a ${c.name.toLowerCase()} (needs ${needs})`,
        parameters: [idempotencyKey],
        requestBody: { required: true, content: json(ref(`${c.name}Create`)) },
        responses: {
          '201': ok('created', c.name),
          ...writeErrors,
          '409': error('the id is taken (`conflict`)'),
          '422': error('Idempotency-Key reused for a different request (`idempotency_key_reused`)'),
        },
      },
    },
    [record]: {
      parameters: c.params.map(pathParam),
      get: { summary: `Read one ${c.name.toLowerCase()}`, responses: { '200': ok(`the ${c.name.toLowerCase()}`, c.name), '404': versioned['404'], ...common } },
      ...(c.withReplace === false
        ? {}
        : {
            put: {
              summary: `Replace a ${c.name.toLowerCase()} (needs ${needs})`,
              parameters: [ifMatch],
              requestBody: { required: true, content: json(ref(`${c.name}Replace`)) },
              responses: { '200': ok('updated', c.name), ...writeErrors, ...versioned },
            },
          }),
      ...(c.withDelete === false
        ? {}
        : {
            delete: {
              summary: `Delete a ${c.name.toLowerCase()} (needs ${needs})`,
              parameters: [ifMatch],
              responses: { '204': { description: 'deleted' }, ...common, ...versioned },
            },
          }),
    },
  };
}

export function recordsOpenApi(): { paths: Record<string, unknown>; schemas: Record<string, unknown> } {
  const breachPaths = crud({ path: '/breaches', params: ['id'], name: 'Breach', plural: 'breaches', listQuery: breachListQuerySchema, permission: 'monitor', withReplace: false, withDelete: false }) as Record<string, any>;
  breachPaths['/breaches'].post = {
    summary: 'Record a breach (needs monitor); idempotent per agreement, target and period start',
    parameters: [idempotencyKey],
    requestBody: { required: true, content: json(ref('BreachRecord')) },
    responses: { '201': ok('recorded', 'Breach'), '200': ok('already recorded: the existing breach, unchanged', 'Breach'), ...writeErrors },
  };
  breachPaths['/breaches/{id}'].patch = {
    summary: 'Set the breach report and linked improvement plans (needs monitor)',
    parameters: [ifMatch],
    requestBody: { required: true, content: json(ref('BreachPatch')) },
    responses: { '200': ok('updated', 'Breach'), ...writeErrors, ...versioned },
  };
  for (const [action, from, to] of [['acknowledge', 'open', 'acknowledged'], ['resolve', 'acknowledged', 'resolved']]) {
    breachPaths[`/breaches/{id}/${action}`] = {
      parameters: [pathParam('id')],
      post: {
        summary: `Move a breach from ${from} to ${to} (needs monitor); any other status → 409 conflict (details.reason illegal_transition)`,
        parameters: [ifMatch],
        requestBody: { required: false, content: json(ref('BreachTransition')) },
        responses: { '200': ok(to, 'Breach'), ...writeErrors, ...versioned },
      },
    };
  }
  const requirementPaths = crud({ path: '/contracts/{ref}/requirements', params: ['ref', 'id'], name: 'Requirement', plural: 'requirements of a contract', listQuery: requirementListQuerySchema.omit({ contract: true }) });
  return {
    paths: {
      ...crud({ path: '/parties', params: ['key'], name: 'Party', plural: 'parties (customers, internal teams, suppliers)', listQuery: partyListQuerySchema }),
      ...crud({ path: '/contracts', params: ['ref'], name: 'Contract', plural: 'customer contracts', listQuery: contractListQuerySchema }),
      ...requirementPaths,
      '/contracts/{ref}/requirements/{id}/gap-analysis': {
        parameters: [pathParam('ref'), pathParam('id')],
        put: {
          summary: 'Store the gap analysis of a requirement (needs manage); computed by the app with the shared evaluator',
          parameters: [ifMatch],
          requestBody: { required: true, content: json(ref('GapAnalysis')) },
          responses: { '200': ok('stored', 'Requirement'), ...writeErrors, ...versioned },
        },
      },
      '/requirements': {
        get: {
          summary: 'List requirements across contracts',
          parameters: queryParameters(requirementListQuerySchema),
          responses: { '200': { description: 'a page of requirements', content: json(ref('RequirementList')) }, ...common },
        },
      },
      '/requirements/{id}': {
        parameters: [pathParam('id')],
        get: { summary: 'Read one requirement', responses: { '200': ok('the requirement', 'Requirement'), '404': versioned['404'], ...common } },
      },
      ...breachPaths,
      ...crud({ path: '/reviews', params: ['id'], name: 'Review', plural: 'service level reviews', listQuery: reviewListQuerySchema }),
      ...crud({ path: '/plans', params: ['id'], name: 'Plan', plural: 'improvement plans', listQuery: planListQuerySchema }),
    },
    schemas: {
      Party: output(partySchema),
      PartyCreate: input(partyCreateSchema),
      PartyReplace: input(partyReplaceSchema),
      PartyList: output(partyListSchema),
      Contract: output(contractSchema),
      ContractCreate: input(contractCreateSchema),
      ContractReplace: input(contractReplaceSchema),
      ContractList: output(contractListSchema),
      Requirement: output(requirementSchema),
      RequirementCreate: input(requirementCreateSchema),
      RequirementReplace: input(requirementReplaceSchema),
      RequirementList: output(requirementListSchema),
      GapAnalysis: input(gapAnalysisSchema),
      Breach: output(breachSchema),
      BreachRecord: input(breachRecordSchema),
      BreachPatch: input(breachPatchSchema),
      BreachTransition: input(transitionBodySchema.unwrap()),
      BreachList: output(breachListSchema),
      Review: output(reviewSchema),
      ReviewCreate: input(reviewCreateSchema),
      ReviewReplace: input(reviewReplaceSchema),
      ReviewList: output(reviewListSchema),
      Plan: output(planSchema),
      PlanCreate: input(planCreateSchema),
      PlanReplace: input(planReplaceSchema),
      PlanList: output(planListSchema),
    },
  };
}
