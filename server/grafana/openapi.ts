/**
 * OpenAPI paths and schemas of the Grafana-facing endpoints: the monitoring connection, alert
 * rules, related breaches and breach reports (merged by server/openapi.ts).
 */
import { z } from 'zod';
import {
  alertRulesQuerySchema,
  alertRulesSchema,
  connectionPutSchema,
  connectionSchema,
  reportQuerySchema,
} from './schema';

type JsonSchema = Record<string, unknown>;
const strip = ({ $schema: _ignored, ...rest }: JsonSchema) => rest;
const input = (s: z.ZodType): JsonSchema => strip(z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }));
const output = (s: z.ZodType): JsonSchema => strip(z.toJSONSchema(s, { io: 'output', unrepresentable: 'any' }));
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ 'application/json': { schema } });
const error = (description: string) => ({ description, content: json(ref('Error')) });
const pathParam = (name: string, description: string) => ({
  name,
  in: 'path',
  required: true,
  schema: { type: 'string' },
  description,
});
const etagHeader = { ETag: { description: 'the version, quoted', schema: { type: 'string' } } };
const ifMatch = {
  name: 'If-Match',
  in: 'header',
  required: true,
  description:
    'the version read (ETag of GET; "0" while nothing is stored); missing → 428, stale → 409 `version_conflict`',
  schema: { type: 'string' },
};
const common = {
  '401': error('missing or wrong X-SLM-Secret (`unauthenticated`)'),
  '403': error(
    'the X-SLM-Permission does not cover the operation (`forbidden`), or a write without X-Grafana-User (`user_required`)'
  ),
};
const writeErrors = { ...common, '400': error('invalid body or query (`validation_failed`, `bad_request`)') };

function queryParameters(schema: z.ZodObject): unknown[] {
  return Object.entries(schema.shape).map(([name, field]) => ({
    name,
    in: 'query',
    required: false,
    schema: input(field as z.ZodType),
  }));
}

const connectionPaths = {
  '/monitoring/connection': {
    get: {
      summary: "Monitoring's connection to Grafana (never the token)",
      responses: {
        '200': { description: 'the connection', headers: etagHeader, content: json(ref('MonitoringConnection')) },
        ...common,
      },
    },
    put: {
      summary:
        'Store the service account token monitoring uses (needs own); Grafana is asked first whether it accepts the token',
      parameters: [ifMatch],
      requestBody: { required: true, content: json(ref('MonitoringConnectionPut')) },
      responses: {
        '200': { description: 'stored (encrypted)', headers: etagHeader, content: json(ref('MonitoringConnection')) },
        ...writeErrors,
        '409': error('stale If-Match (`version_conflict`)'),
        '422': error('Grafana refused the token with 401 or 403 (`grafana_token_rejected`)'),
        '424': error('Grafana did not answer at grafanaUrl, or not like Grafana (`grafana_unreachable`)'),
        '428': error('If-Match missing (`precondition_required`)'),
      },
    },
    delete: {
      summary: 'Forget the token (needs own); the app revokes it in Grafana by deleting the service account',
      parameters: [ifMatch],
      responses: {
        '204': { description: 'forgotten' },
        ...common,
        '404': error('no connection stored (`not_found`)'),
        '409': error('stale If-Match (`version_conflict`)'),
        '428': error('If-Match missing (`precondition_required`)'),
      },
    },
  },
};

const agreementParam = pathParam('agreementId', 'agreement id, e.g. SLA-2026-001');
const grafanaErrors = {
  '404': error('no such agreement (`not_found`)'),
  '409': error('the agreement has no active revision to alert on, or monitoring is not connected (`conflict`)'),
  '424': error('Grafana refused or failed the provisioning request (`grafana_unreachable`, details.grafanaStatus)'),
};

const alertRulePaths = {
  '/alert-rules/{agreementId}': {
    parameters: [agreementParam],
    get: {
      summary: "The agreement's Grafana alert rules (uid, title, state)",
      responses: { '200': { description: 'the rules', content: json(ref('AlertRules')) }, ...common, ...grafanaErrors },
    },
    post: {
      summary:
        "Create or update the agreement's Grafana alert rules (needs monitor): multi-window burn-rate rules per target and a breach rule, in folder slm, one rule group per agreement",
      parameters: queryParameters(alertRulesQuerySchema),
      responses: {
        '200': { description: 'the rules as provisioned', content: json(ref('AlertRules')) },
        ...writeErrors,
        ...grafanaErrors,
      },
    },
    delete: {
      summary: "Delete the agreement's Grafana alert rules (needs monitor)",
      responses: { '204': { description: 'deleted (or there were none)' }, ...common, ...grafanaErrors },
    },
  },
};

const breachParam = pathParam('id', 'breach id');
const markdown = { 'text/markdown': { schema: { type: 'string' } } };
const pdf = { 'application/pdf': { schema: { type: 'string', format: 'binary' } } };

const breachReportPaths = {
  '/breaches/{id}/related': {
    parameters: [breachParam],
    get: {
      summary: "Breaches of the agreements underpinning this SLA breach's agreement that overlap it in time",
      responses: {
        '200': { description: 'overlapping OLA/UC breaches', content: json(ref('RelatedBreaches')) },
        '404': error('no such breach'),
        ...common,
      },
    },
  },
  '/breaches/{id}/report.md': {
    parameters: [breachParam],
    get: {
      summary: 'Breach report as Markdown',
      responses: { '200': { description: 'the report', content: markdown }, '404': error('no such breach'), ...common },
    },
  },
  '/breaches/{id}/report.pdf': {
    parameters: [breachParam],
    get: {
      summary: 'Breach report as PDF',
      responses: { '200': { description: 'the report', content: pdf }, '404': error('no such breach'), ...common },
    },
  },
  '/breach-reports': {
    get: {
      summary: 'Period report of every breach whose period overlaps [from, to] (dates in UTC)',
      parameters: queryParameters(reportQuerySchema),
      responses: {
        '200': { description: 'the report', content: { ...markdown, ...pdf } },
        '400': error('invalid query'),
        ...common,
      },
    },
  },
};

export function grafanaOpenApi(): { paths: Record<string, unknown>; schemas: Record<string, unknown> } {
  return {
    paths: { ...connectionPaths, ...alertRulePaths, ...breachReportPaths },
    schemas: {
      MonitoringConnection: output(connectionSchema),
      MonitoringConnectionPut: input(connectionPutSchema),
      AlertRules: output(alertRulesSchema),
      RelatedBreaches: output(z.strictObject({ items: z.array(z.record(z.string(), z.unknown())) })),
    },
  };
}
