/** Request and response shapes of the engine's Grafana-facing endpoints (connection, alert rules, breach reports). */
import { z } from 'zod';
import { refSchema } from '../resources/shared';

const httpUrl = z
  .string()
  .trim()
  .max(2_000)
  .refine((value) => {
    try {
      return ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// URL under which the engine reaches Grafana');

/** Body of PUT /monitoring/connection, sent by the app configuration page right after it created the token. */
export const connectionPutSchema = z.strictObject({
  grafanaUrl: httpUrl.describe('Grafana as the ENGINE reaches it, e.g. http://grafana:3000'),
  token: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(1_000)
    .describe('service account token (glsa_…); stored encrypted, never returned'),
  serviceAccountId: z
    .number()
    .int()
    .positive()
    .nullable()
    .default(null)
    .describe("the token's service account, revoked when monitoring is disabled"),
});
export type ConnectionPut = z.output<typeof connectionPutSchema>;

export const connectionSchema = z.strictObject({
  connected: z.boolean(),
  grafanaUrl: z.string().nullable(),
  serviceAccountId: z.number().int().nullable(),
  connectedBy: z.string().nullable(),
  connectedAt: z.iso.datetime().nullable(),
  source: z
    .enum(['connection', 'environment'])
    .nullable()
    .describe('connection: made in the app; environment: SLM_GRAFANA_URL/SLM_GRAFANA_TOKEN'),
  version: z.number().int().min(0).describe('0 while nothing is stored; send it in If-Match'),
  problem: z
    .string()
    .nullable()
    .describe('why the stored connection cannot be used (e.g. the shared secret changed), with the fix'),
});
export type Connection = z.output<typeof connectionSchema>;

export const agreementIdParam = refSchema;

export const alertRulesQuerySchema = z.strictObject({
  metricsDatasource: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/, 'must be a Grafana datasource uid')
    .optional()
    .describe(
      "uid of the Prometheus datasource that scrapes the engine's /metrics (default SLM_METRICS_DATASOURCE or prometheus)"
    ),
});

export const alertRuleSummarySchema = z.strictObject({
  uid: z.string(),
  title: z.string(),
  targetId: z.string().nullable(),
  kind: z.enum(['burn_rate', 'breach']),
  severity: z.string(),
  state: z
    .string()
    .nullable()
    .describe('Grafana evaluation state (inactive, pending, firing, …) when Grafana reports it'),
});

export const alertRulesSchema = z.strictObject({
  agreementId: z.string(),
  folderUid: z.string(),
  ruleGroup: z.string(),
  rules: z.array(alertRuleSummarySchema),
});
export type AlertRulesResult = z.output<typeof alertRulesSchema>;

/** Today (UTC) as YYYY-MM-DD, and the first day of its month: the default range of the period report. */
const today = () => new Date().toISOString().slice(0, 10);
const monthStart = () => `${today().slice(0, 8)}01`;

export const reportQuerySchema = z
  .strictObject({
    from: z.iso.date().default(monthStart).describe('first day (UTC), default the first day of this month'),
    to: z.iso.date().default(today).describe('last day (UTC), default today'),
    format: z.enum(['md', 'pdf']).default('md'),
  })
  .refine((q) => q.from <= q.to, { message: '"from" must not be after "to"', path: ['to'] });
