/** OpenAPI paths and schemas of the monitoring read endpoints, generated from their zod schemas. */
import { z } from 'zod';
import {
  agreementHistorySchema,
  evaluationListQuerySchema,
  evaluationListSchema,
  historyQuerySchema,
  kpiQuerySchema,
  kpiResponseSchema,
  monitoringStatusSchema,
  agreementStatusSchema,
} from './schema';

type JsonSchema = Record<string, unknown>;
const strip = ({ $schema: _ignored, ...rest }: JsonSchema): JsonSchema => rest;
const input = (schema: z.ZodType): JsonSchema => strip(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }));
const output = (schema: z.ZodType): JsonSchema => strip(z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }));
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ 'application/json': { schema } });
const error = (description: string) => ({ description, content: json(ref('Error')) });
const common = {
  '400': error('invalid query string (`validation_failed`)'),
  '401': error('missing or wrong X-SLM-Secret (`unauthenticated`)'),
  '403': error('the X-SLM-Permission does not cover the operation (`forbidden`)'),
};
const query = (schema: z.ZodObject) =>
  Object.entries(schema.shape).map(([name, field]) => ({ name, in: 'query', required: false, schema: input(field as z.ZodType) }));

export function monitoringOpenApi(): { paths: Record<string, unknown>; schemas: Record<string, unknown> } {
  return {
    paths: {
      '/monitoring/status': {
        get: {
          summary: "The monitor as this organisation sees it: enabled, Grafana, last cycle, agreements failing on datasource errors",
          responses: { '200': { description: 'monitoring status', content: json(ref('MonitoringStatus')) }, ...common },
        },
      },
      '/monitoring/evaluations': {
        get: {
          summary: 'Live status of every monitored (active) agreement, with its targets',
          parameters: query(evaluationListQuerySchema),
          responses: { '200': { description: 'a page of agreement statuses', content: json(ref('AgreementStatusList')) }, ...common },
        },
      },
      '/monitoring/evaluations/{agreementId}': {
        parameters: [{ name: 'agreementId', in: 'path', required: true, schema: { type: 'string' } }],
        get: {
          summary: "One agreement's live status and its closed periods, newest first",
          parameters: query(historyQuerySchema),
          responses: {
            '200': { description: 'status and history', content: json(ref('AgreementHistory')) },
            '404': error('the agreement is not monitored (not active) (`not_found`)'),
            ...common,
          },
        },
      },
      '/monitoring/kpis': {
        get: {
          summary: 'Process KPIs per month (monitored and breach ratios per agreement type), newest first',
          parameters: query(kpiQuerySchema),
          responses: { '200': { description: 'KPIs per month', content: json(ref('MonitoringKpis')) }, ...common },
        },
      },
    },
    schemas: {
      MonitoringStatus: output(monitoringStatusSchema),
      AgreementStatus: output(agreementStatusSchema),
      AgreementStatusList: output(evaluationListSchema),
      AgreementHistory: output(agreementHistorySchema),
      MonitoringKpis: output(kpiResponseSchema),
    },
  };
}
