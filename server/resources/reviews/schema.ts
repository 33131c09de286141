import { z } from 'zod';
import { keySchema } from '../services/schema';
import { dateSchema, nonEmptyText, pageQuery, pageSchema, recordMeta, refSchema, searchParam, text } from '../shared';

export const REVIEW_STATUSES = ['scheduled', 'held', 'closed'] as const;
export const reviewStatusSchema = z.enum(REVIEW_STATUSES);

const unique = <T extends z.ZodType>(item: T, max: number, what: string) =>
  z
    .array(item)
    .max(max)
    .refine((xs) => new Set(xs).size === xs.length, `must not list a ${what} twice`)
    .default([]);

export const reviewScopeSchema = z.strictObject({
  services: unique(keySchema, 500, 'service'),
  parties: unique(keySchema, 500, 'party'),
  agreements: unique(refSchema, 1000, 'agreement'),
});

export const reviewPeriodSchema = z
  .strictObject({ from: dateSchema, to: dateSchema })
  .refine((p) => p.to >= p.from, { message: '"to" must not be before "from"', path: ['to'] });

export const actionItemSchema = z.strictObject({
  text: nonEmptyText(2_000),
  owner: text(200).optional(),
  due: dateSchema.optional(),
  done: z.boolean().default(false),
});

const reviewFields = {
  id: refSchema.describe('review id, unique in the organisation; generated when omitted'),
  title: nonEmptyText(300),
  scope: reviewScopeSchema.default({ services: [], parties: [], agreements: [] }),
  period: reviewPeriodSchema.describe('the period whose service levels are reviewed'),
  meetingDate: z.iso.datetime({ offset: true }).nullable().default(null),
  participants: z.array(nonEmptyText(200)).max(200).default([]),
  minutes: text(100_000).default(''),
  decisions: z.array(nonEmptyText(5_000)).max(500).default([]),
  actionItems: z.array(actionItemSchema).max(500).default([]),
  status: reviewStatusSchema
    .default('scheduled')
    .describe('scheduled → held → closed; a closed review (and its report) is frozen'),
  report: z.record(z.string(), z.unknown()).nullable().default(null).describe('the generated review report'),
};

/** Body of POST /reviews. */
export const reviewCreateSchema = z.strictObject({ ...reviewFields, id: reviewFields.id.optional() });
export type ReviewInput = z.output<typeof reviewCreateSchema>;

/** Body of PUT /reviews/:id. */
export const reviewReplaceSchema = reviewCreateSchema;

/** Where the review's dashboard was last published in Grafana; written by the engine only. */
export const reviewDashboardRefSchema = z.strictObject({
  uid: z.string().describe('stable per review: publishing again updates the same dashboard'),
  url: z.string().describe("the dashboard's path in Grafana"),
  version: z.number().int().describe("Grafana's dashboard version"),
  updatedAt: z.iso.datetime(),
});
export type ReviewDashboardRef = z.output<typeof reviewDashboardRefSchema>;

export const reviewSchema = z.strictObject({
  ...reviewFields,
  meetingDate: z.iso.datetime().nullable(),
  dashboard: reviewDashboardRefSchema
    .nullable()
    .describe('read-only: set by POST /reviews/{id}/dashboard (null until then); refused in POST and PUT bodies'),
  ...recordMeta,
});
export type Review = z.output<typeof reviewSchema>;

export const reviewListQuerySchema = z.strictObject({
  ...pageQuery,
  q: searchParam.describe('case-insensitive search in id, title and minutes'),
  status: reviewStatusSchema.optional(),
});
export type ReviewListQuery = z.output<typeof reviewListQuerySchema>;

export const reviewListSchema = pageSchema(reviewSchema);
