import { z } from 'zod';
import { nonEmptyText, pageQuery, pageSchema, recordMeta, refSchema, text } from '../shared';

export const BREACH_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
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
    improvementPlanIds: z
      .array(refSchema)
      .max(100)
      .refine((ids) => new Set(ids).size === ids.length, 'must not list a plan twice')
      .optional(),
  })
  .refine((p) => p.report !== undefined || p.improvementPlanIds !== undefined, 'give report and/or improvementPlanIds');
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
  ...recordMeta,
});
export type Breach = z.output<typeof breachSchema>;

export const breachListQuerySchema = z.strictObject({
  ...pageQuery,
  status: breachStatusSchema.optional(),
  agreement: refSchema.optional().describe('agreement id'),
  target: refSchema.optional().describe('target id'),
});
export type BreachListQuery = z.output<typeof breachListQuerySchema>;

export const breachListSchema = pageSchema(breachSchema);
