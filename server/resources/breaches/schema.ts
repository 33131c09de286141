import { z } from 'zod';
import { nonEmptyText, pageQuery, pageSchema, recordMeta, refSchema, text } from '../shared';

export const BREACH_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export const BREACH_SEVERITIES = ['at_risk', 'breached'] as const;
export const breachSeveritySchema = z.enum(BREACH_SEVERITIES);
const TARGET_STATES = ['met', 'at_risk', 'breached', 'no_data'] as const;
export const breachStatusSchema = z.enum(BREACH_STATUSES);

const instant = z.iso.datetime({ offset: true });
const percent = z.number().min(0).max(100);

export const intervalSchema = z
  .strictObject({ from: instant, to: instant })
  .refine((i) => Date.parse(i.from) < Date.parse(i.to), { message: '"from" must be before "to"', path: ['to'] });

/** Body of POST /breaches: recording a breach of one target in one period (idempotent per agreement, target and period start). */
export const breachRecordSchema = z.strictObject({
  agreementId: refSchema,
  targetId: refSchema,
  period: intervalSchema,
  measured: percent.nullable().describe('compliance measured in the period, percent'),
  objective: z.number().refine((v) => v > 0 && v < 100, 'must be between 0 and 100 (exclusive)'),
  badIntervals: z.array(intervalSchema).max(10_000).default([]),
});
export type BreachRecord = z.output<typeof breachRecordSchema>;

/** The breach report written by the service level monitor. */
export const breachReportSchema = z.strictObject({
  summary: nonEmptyText(5_000),
  rootCause: text(20_000).default(''),
  impact: text(20_000).default(''),
  actions: z.array(nonEmptyText(2_000)).max(100).default([]),
});

export const notificationSchema = z.strictObject({
  party: z.string(),
  contactPoint: z.string().nullable(),
  at: z.iso.datetime(),
});

/** Body of PATCH /breaches/:id: only the fields given change. */
export const breachPatchSchema = z
  .strictObject({
    report: breachReportSchema.nullable().optional(),
    assignee: z.string().trim().min(1, 'must not be empty').max(200).nullable().optional().describe('who handles the breach (a Grafana login); null clears it'),
    improvementPlanIds: z
      .array(refSchema)
      .max(100)
      .refine((ids) => new Set(ids).size === ids.length, 'must not list a plan twice')
      .optional(),
  })
  .refine((p) => p.report !== undefined || p.improvementPlanIds !== undefined || p.assignee !== undefined, 'give report, improvementPlanIds and/or assignee');
export type BreachPatch = z.output<typeof breachPatchSchema>;

/** Body of the status transitions (acknowledge, resolve): nothing, or an empty object. */
export const transitionBodySchema = z.strictObject({}).optional();

export const breachSchema = z.strictObject({
  id: z.string(),
  agreementId: z.string(),
  targetId: z.string(),
  period: z.strictObject({ from: z.iso.datetime(), to: z.iso.datetime() }),
  measured: percent.nullable(),
  objective: z.number(),
  badIntervals: z.array(z.strictObject({ from: z.string(), to: z.string() })),
  status: breachStatusSchema,
  report: breachReportSchema.nullable(),
  notified: z.array(notificationSchema),
  improvementPlanIds: z.array(z.string()),
  acknowledgedAt: z.iso.datetime().nullable(),
  acknowledgedBy: z.string().nullable(),
  resolvedAt: z.iso.datetime().nullable(),
  resolvedBy: z.string().nullable(),
  severity: breachSeveritySchema.describe('at_risk: below the warning level; breached: below the objective. Escalates, never downgrades'),
  agreementType: z.enum(['SLA', 'OLA', 'UC']).nullable(),
  service: z.string().nullable(),
  provider: z.string().nullable(),
  counterparty: z.string().nullable(),
  assignee: z.string().nullable(),
  currentState: z.enum(TARGET_STATES).nullable().describe("the target's latest state in the breach's period"),
  coverage: z.number().nullable().describe('percent of counted slices with data, latest evaluation'),
  lastEvaluatedAt: z.iso.datetime().nullable(),
  ...recordMeta,
});
export type Breach = z.output<typeof breachSchema>;

export const breachListQuerySchema = z.strictObject({
  ...pageQuery,
  status: z
    .string()
    .transform((s) => s.split(','))
    .pipe(z.array(breachStatusSchema).min(1))
    .optional()
    .describe('one status or several, comma-separated (e.g. open,acknowledged)'),
  agreement: refSchema.optional().describe('agreement id'),
  target: refSchema.optional().describe('target id'),
  severity: breachSeveritySchema.optional(),
  type: z.enum(['SLA', 'OLA', 'UC']).optional().describe('agreement type'),
  service: refSchema.optional().describe('service key'),
  party: refSchema.optional().describe('provider or counterparty party key'),
});
export type BreachListQuery = z.output<typeof breachListQuerySchema>;

export const breachListSchema = pageSchema(breachSchema);
