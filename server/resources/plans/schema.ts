import { z } from 'zod';
import { dateSchema, nonEmptyText, pageQuery, pageSchema, recordMeta, refSchema, searchParam, text } from '../shared';

export const PLAN_STATUSES = ['planned', 'in_progress', 'done', 'cancelled'] as const;
export const planStatusSchema = z.enum(PLAN_STATUSES);

const uniqueIds = (what: string) =>
  z
    .array(refSchema)
    .max(500)
    .refine((xs) => new Set(xs).size === xs.length, `must not list a ${what} twice`)
    .default([]);

export const planGoalSchema = z.strictObject({
  agreementId: refSchema.optional(),
  targetId: refSchema.optional(),
  objective: z
    .number()
    .refine((v) => v > 0 && v < 100, 'must be between 0 and 100 (exclusive)')
    .optional()
    .describe('the level to reach, percent'),
  by: dateSchema.optional().describe('when the goal should be reached'),
  description: text(5_000).optional(),
});

export const measureSchema = z.strictObject({ text: nonEmptyText(2_000), done: z.boolean().default(false) });

export const planLinksSchema = z.strictObject({ breaches: uniqueIds('breach'), reviews: uniqueIds('review') });

const planFields = {
  id: refSchema.describe('plan id, unique in the organisation; generated when omitted'),
  title: nonEmptyText(300),
  goal: planGoalSchema.default({}),
  measures: z.array(measureSchema).max(200).default([]),
  owner: nonEmptyText(200).describe('who is responsible (user login or team key)'),
  dueDate: dateSchema.nullable().default(null),
  status: planStatusSchema.default('planned'),
  links: planLinksSchema.default({ breaches: [], reviews: [] }),
  verification: z
    .record(z.string(), z.unknown())
    .nullable()
    .default(null)
    .describe('result of verifying the effect against later evaluations'),
};

/** Body of POST /plans. */
export const planCreateSchema = z.strictObject({ ...planFields, id: planFields.id.optional() });
export type PlanInput = z.output<typeof planCreateSchema>;

/** Body of PUT /plans/:id. */
export const planReplaceSchema = planCreateSchema;

export const planSchema = z.strictObject({ ...planFields, ...recordMeta });
export type Plan = z.output<typeof planSchema>;

export const planListQuerySchema = z.strictObject({
  ...pageQuery,
  q: searchParam.describe('case-insensitive search in id, title and owner'),
  status: planStatusSchema.optional(),
  owner: z.string().max(200).optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('true: due date past (UTC) and status neither done nor cancelled; false: the others'),
  review: refSchema.optional().describe('plans linked to this review (links.reviews lists it)'),
  breach: refSchema.optional().describe('plans linked to this breach (links.breaches lists it)'),
  agreement: refSchema.optional().describe('plans whose goal is on this agreement (goal.agreementId)'),
});
export type PlanListQuery = z.output<typeof planListQuerySchema>;

export const planListSchema = pageSchema(planSchema);
