import { z } from 'zod';
import { SliSchema, WindowSchema } from '../../../src/domain';
import { SliceSchema } from '../../../src/domain/schema';
import { keySchema } from '../services/schema';
import { pageQuery, pageSchema, recordMeta, refSchema, searchParam, text } from '../shared';

export const METRIC_KINDS = ['availability', 'latency', 'response_time', 'error_rate', 'throughput', 'other'] as const;
export const metricKindSchema = z.enum(METRIC_KINDS);

const percentOpen = z
  .number()
  .refine((v) => v > 0 && v < 100, 'must be a percentage between 0 and 100 (exclusive)')
  .describe('percent');
const percentClosed = z.number().min(0).max(100).describe('percent');

const instant = z.iso.datetime({ offset: true });

/**
 * Result of a gap analysis: would the service, as measured over the last `days` days, have met
 * the requested objective? Computed by the app with the shared evaluator; the engine stores it.
 */
export const gapAnalysisSchema = z
  .strictObject({
    evaluatedAt: instant,
    days: z.number().int().min(1).max(366),
    compliance: percentClosed.nullable().describe('null when nothing could be measured'),
    met: z.boolean().nullable().describe('null exactly when compliance is null'),
    coverage: percentClosed,
    badIntervals: z
      .array(
        z
          .strictObject({ from: instant, to: instant })
          .refine((i) => Date.parse(i.from) < Date.parse(i.to), { message: '"from" must be before "to"', path: ['to'] })
      )
      .max(10_000),
  })
  .refine((g) => (g.compliance === null) === (g.met === null), {
    message: 'met must be null exactly when compliance is null',
    path: ['met'],
  });
export type GapAnalysis = z.output<typeof gapAnalysisSchema>;

const requirementFields = {
  id: refSchema.describe('requirement id, unique in the organisation; generated when omitted'),
  serviceKey: keySchema.describe('catalog key of the service the requirement is about'),
  metric: metricKindSchema,
  objective: percentOpen.describe('requested objective in percent, e.g. 99.9'),
  description: text(10_000).default(''),
  sli: SliSchema.nullable().default(null).describe('how to measure it: same shape as a target sli (DESIGN §4)'),
  slice: SliceSchema.nullable().default(null).describe('evaluation step for the gap analysis, e.g. 5m'),
  window: WindowSchema.default({ calendar: 'month' }),
};

/** Body of POST /contracts/:ref/requirements. */
export const requirementCreateSchema = z.strictObject({ ...requirementFields, id: requirementFields.id.optional() });
export type RequirementInput = z.output<typeof requirementCreateSchema>;

/** Body of PUT /contracts/:ref/requirements/:id; `id` may be repeated but not changed. */
export const requirementReplaceSchema = requirementCreateSchema;

export const requirementSchema = z.strictObject({
  ...requirementFields,
  contractRef: refSchema,
  gapAnalysis: gapAnalysisSchema.nullable().describe('latest gap analysis; cleared when the requirement changes'),
  ...recordMeta,
});
export type Requirement = z.output<typeof requirementSchema>;

export const requirementListQuerySchema = z.strictObject({
  ...pageQuery,
  q: searchParam.describe('case-insensitive search in id and description'),
  contract: refSchema.optional().describe('contract reference'),
  service: keySchema.optional().describe('service key'),
  customer: keySchema.optional().describe('customer party key (of the contract)'),
  metric: metricKindSchema.optional(),
});
export type RequirementListQuery = z.output<typeof requirementListQuerySchema>;

export const requirementListSchema = pageSchema(requirementSchema);
