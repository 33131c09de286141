/**
 * OpenAPI paths and schemas of the review actions (period report, scheduling, shared dashboard),
 * generated from the zod schemas their routes validate with; merged by server/openapi.ts.
 */
import { z } from 'zod';
import { dashboardResultSchema } from './dashboard';
import { actionBodySchema, reportEnvelopeSchema, reviewReportSchema, scheduleBodySchema, scheduleResultSchema } from './reportSchema';

type JsonSchema = Record<string, unknown>;
const strip = ({ $schema: _ignored, ...rest }: JsonSchema) => rest;
const input = (s: z.ZodType): JsonSchema => strip(z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }));
const output = (s: z.ZodType): JsonSchema => strip(z.toJSONSchema(s, { io: 'output', unrepresentable: 'any' }));
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ 'application/json': { schema } });
const error = (description: string) => ({ description, content: json(ref('Error')) });
const id = { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'review id' };
const ifMatch = {
  name: 'If-Match',
  in: 'header',
  required: true,
  description: 'the version read (the ETag); missing → 428, stale → 409 `version_conflict`',
  schema: { type: 'string' },
};
const common = {
  '401': error('missing or wrong X-SLM-Secret (`unauthenticated`)'),
  '403': error('the X-SLM-Permission does not cover the operation (`forbidden`), or a write without X-Grafana-User (`user_required`)'),
};
const writeErrors = { ...common, '400': error('invalid body (`validation_failed`, `bad_request`)'), '415': error('body is not JSON') };
const etagHeader = { ETag: { description: 'the record version, quoted', schema: { type: 'string' } } };
const document = (what: string, type: string) => ({
  description: what,
  headers: { 'Content-Disposition': { description: 'attachment; filename="review-<id>-<from>-<to>.<ext>"', schema: { type: 'string' } } },
  content: { [type]: { schema: { type: 'string', ...(type === 'application/pdf' ? { format: 'binary' } : {}) } } },
});

export function reviewsOpenApi(): { paths: Record<string, unknown>; schemas: Record<string, unknown> } {
  const reportDocs = Object.fromEntries(
    (
      [
        ['md', 'text/markdown', 'Markdown'],
        ['pdf', 'application/pdf', 'PDF (pdfkit; Chinese text needs a CJK font on the engine, see SLM_REPORT_FONT)'],
      ] as const
    ).map(([ext, type, label]) => [
      `/reviews/{id}/report.${ext}`,
      {
        parameters: [id],
        get: {
          summary: `The period report as ${label}: the stored one, else a preview computed now`,
          responses: { '200': document(`the report (${label})`, type), '404': error('no such review (`not_found`)'), ...common },
        },
      },
    ])
  );
  return {
    paths: {
      '/reviews/schedule': {
        post: {
          summary:
            "Create the reviews due from the active agreements' review cadence (spec.review.cadence; needs manage): one per service, cadence and ended period, with a stable id, so calling it again creates nothing",
          requestBody: { required: false, content: json(ref('ReviewSchedule')) },
          responses: { '200': { description: 'created and already existing reviews', content: json(ref('ReviewScheduleResult')) }, ...writeErrors },
        },
      },
      '/reviews/{id}/report': {
        parameters: [id],
        get: {
          summary: 'The period report: the stored one (frozen once the review is closed), else a preview computed now and not stored',
          responses: { '200': { description: 'the report', content: json(ref('ReviewReportEnvelope')) }, '404': error('no such review (`not_found`)'), ...common },
        },
        post: {
          summary:
            "Generate the period report from the monitoring history and the period's breaches and store it in the review (needs manage); a closed review's report is frozen: 409 `conflict` (details.reason closed)",
          parameters: [ifMatch],
          requestBody: { required: false, content: json(ref('ReviewAction')) },
          responses: {
            '200': { description: 'the review with its new report', headers: etagHeader, content: json(ref('Review')) },
            ...writeErrors,
            '404': error('no such review (`not_found`)'),
            '409': error('stale If-Match (`version_conflict`) or the review is closed (`conflict`, details.reason closed)'),
            '428': error('If-Match missing (`precondition_required`)'),
          },
        },
      },
      ...reportDocs,
      '/reviews/{id}/dashboard': {
        parameters: [id],
        post: {
          summary:
            "Create or update the review's shared Grafana dashboard (needs manage) through Grafana's POST /api/dashboards/db, in folder `slm`: an SLA status panel per agreement in scope (a closed review: per agreement of its frozen report), the KPI panel and the breach annotations. The review remembers it in its read-only `dashboard` field ({uid, url, version, updatedAt}), written with the audit row; that is a write, so the review's version goes up (allowed on a closed review, whose report stays as it is)",
          requestBody: { required: false, content: json(ref('ReviewAction')) },
          responses: {
            '200': { description: "the dashboard saved; ETag: the review's new version", headers: etagHeader, content: json(ref('ReviewDashboard')) },
            ...writeErrors,
            '404': error('no such review (`not_found`)'),
            '409': error('monitoring is not connected to Grafana (`conflict`, details.reason monitoring_not_connected)'),
            '422': error('Grafana refused the monitoring token (`grafana_token_rejected`)'),
            '424': error('Grafana failed or did not answer (`grafana_unreachable`)'),
          },
        },
      },
    },
    schemas: {
      ReviewReport: output(reviewReportSchema),
      ReviewReportEnvelope: output(reportEnvelopeSchema),
      ReviewAction: input(actionBodySchema.unwrap()),
      ReviewSchedule: input(scheduleBodySchema.unwrap()),
      ReviewScheduleResult: output(scheduleResultSchema),
      ReviewDashboard: output(dashboardResultSchema),
    },
  };
}
