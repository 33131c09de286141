/** Query and response schemas of the monitoring read endpoints (validated queries, documented responses). */
import { z } from 'zod';
import { pageQuery, pageSchema, refSchema } from '../resources/shared';

const TARGET_STATES = ['met', 'at_risk', 'breached', 'no_data'] as const;
const stateSchema = z.enum(TARGET_STATES);
const typeSchema = z.enum(['SLA', 'OLA', 'UC']);
const intervalSchema = z.strictObject({ from: z.iso.datetime(), to: z.iso.datetime() });
const intParam = (min: number, max: number, fallback: number) =>
  z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(min).max(max)).default(fallback);

export const evaluationListQuerySchema = z.strictObject({
  ...pageQuery,
  type: typeSchema.optional(),
  state: stateSchema.optional().describe("the agreement's state"),
  service: refSchema.optional().describe('service key'),
  agreement: refSchema.optional().describe('agreement id'),
});
export type EvaluationListQuery = z.output<typeof evaluationListQuerySchema>;

export const historyQuerySchema = z.strictObject({ periods: intParam(0, 36, 6).describe('closed periods to return, newest first') });

export const kpiQuerySchema = z.strictObject({
  periods: intParam(1, 36, 6).describe('months, newest (current) first'),
  timezone: z
    .string()
    .max(64)
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone')
    .default('UTC'),
});

const slicesSchema = z.strictObject({ counted: z.number(), withData: z.number(), inDenominator: z.number(), good: z.number(), bad: z.number() });

export const targetStatusSchema = z.strictObject({
  id: z.string(),
  state: stateSchema,
  compliance: z.number().nullable().describe('percent'),
  objective: z.number(),
  warning: z.number().optional(),
  coverage: z.number().nullable().describe('percent of counted slices with data'),
  errorBudgetRemaining: z.number().nullable().describe('percent, may be negative'),
  burnRate: z.number().nullable().describe('over the last hour; null without data'),
  badIntervals: z.array(intervalSchema),
  slices: slicesSchema,
  events: z.strictObject({ good: z.number(), total: z.number() }).optional(),
  settledUntil: z.iso.datetime().describe('slices starting before this are final; later ones are provisional'),
});

export const agreementStatusSchema = z.strictObject({
  agreementId: z.string(),
  type: typeSchema,
  title: z.string(),
  service: z.string(),
  provider: z.string(),
  counterparty: z.string(),
  period: intervalSchema.nullable(),
  state: stateSchema.nullable().describe('null until the first evaluation'),
  evaluatedAt: z.iso.datetime().nullable(),
  settledUntil: z.iso.datetime().nullable(),
  error: z.string().nullable().describe('last datasource error while it persists'),
  targets: z.array(targetStatusSchema),
});
export type AgreementStatus = z.output<typeof agreementStatusSchema>;

export const evaluationListSchema = pageSchema(agreementStatusSchema);

export const agreementHistorySchema = z.strictObject({
  current: agreementStatusSchema,
  history: z.array(
    z.strictObject({
      period: intervalSchema,
      state: stateSchema,
      targets: z.array(
        z.strictObject({ id: z.string(), state: stateSchema, compliance: z.number().nullable(), coverage: z.number().nullable(), errorBudgetRemaining: z.number().nullable() })
      ),
    })
  ),
});

const kpiFiguresSchema = z.strictObject({
  active: z.number().int(),
  monitored: z.number().int(),
  monitoredRatio: z.number().nullable(),
  breached: z.number().int(),
  breachRatio: z.number().nullable(),
});

export const kpiResponseSchema = z.strictObject({
  periods: z.array(
    z.strictObject({
      period: z.strictObject({ from: z.iso.datetime(), to: z.iso.datetime(), label: z.string() }),
      kpis: z.strictObject({ SLA: kpiFiguresSchema, OLA: kpiFiguresSchema, UC: kpiFiguresSchema, all: kpiFiguresSchema }),
    })
  ),
});

export const monitoringStatusSchema = z.strictObject({
  enabled: z.boolean(),
  grafanaUrl: z.string().nullable(),
  source: z.enum(['connection', 'environment']).nullable(),
  intervalMs: z.number().int(),
  lastCycle: z
    .strictObject({ startedAt: z.iso.datetime(), finishedAt: z.iso.datetime(), agreements: z.number().int(), failed: z.number().int() })
    .nullable(),
  monitoredAgreements: z.number().int(),
  failing: z.array(z.strictObject({ agreementId: z.string(), error: z.string(), since: z.iso.datetime().nullable(), retryAt: z.iso.datetime().nullable() })),
});
