import { z } from 'zod';

/**
 * Keys of catalog entries and parties: stable identifiers used in URLs, agreement YAML and
 * PromQL labels, so deliberately narrow.
 */
export const keySchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._-]{0,62}$/,
    'must be 1-63 characters: lowercase letters, digits, ".", "_" or "-", starting with a letter or digit'
  );

export const LIFECYCLES = ['planned', 'live', 'retired'] as const;
export const lifecycleSchema = z.enum(LIFECYCLES);

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const clockTime = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a time "HH:MM" from 00:00 to 24:00');

/** Same shape as `spec.serviceHours` of the agreement YAML (DESIGN §4); empty means 24x7. */
export const serviceHoursSchema = z
  .array(
    z
      .strictObject({ days: z.array(z.enum(DAYS)).min(1).max(7), from: clockTime, to: clockTime })
      .refine((h) => h.from < h.to, { message: '"from" must be before "to"', path: ['to'] })
  )
  .max(50);

export const dashboardLinkSchema = z.strictObject({
  uid: z.string().min(1).max(100).describe('Grafana dashboard UID'),
  title: z.string().max(200).optional(),
});

const text = (max: number) => z.string().max(max);
const list = <T extends z.ZodType>(item: T, max: number) => z.array(item).max(max);

const serviceFields = {
  key: keySchema.describe('catalog key, unique in the organisation; referenced by agreements'),
  name: z.string().trim().min(1, 'must not be empty').max(200),
  description: text(10_000).default(''),
  category: text(100).default(''),
  features: list(z.string().trim().min(1).max(500), 200).default([]),
  usageScenarios: list(z.string().trim().min(1).max(2000), 200).default([]),
  ownerTeam: keySchema.nullable().default(null).describe('party key of the owning team'),
  lifecycle: lifecycleSchema.default('planned'),
  serviceHours: serviceHoursSchema.default([]),
  dependencies: list(keySchema, 200)
    .default([])
    .refine((deps) => new Set(deps).size === deps.length, 'must not list a service twice')
    .describe('keys of the catalog services this one depends on'),
  dashboards: list(dashboardLinkSchema, 50).default([]),
};

function notSelfDependent(s: { key?: string; dependencies: string[] }, ctx: z.RefinementCtx): void {
  if (s.key !== undefined && s.dependencies.includes(s.key)) {
    ctx.addIssue({ code: 'custom', path: ['dependencies'], message: 'a service cannot depend on itself' });
  }
}

/** Body of POST /services. Unknown fields are rejected. */
export const serviceCreateSchema = z.strictObject(serviceFields).superRefine(notSelfDependent);
export type ServiceInput = z.output<typeof serviceCreateSchema>;

/** Body of PUT /services/:key: a full replacement; `key` may be repeated but not changed. */
export const serviceReplaceSchema = z
  .strictObject({ ...serviceFields, key: serviceFields.key.optional() })
  .superRefine(notSelfDependent);

/** A catalog entry as the API returns it. */
export const serviceSchema = z.strictObject({
  ...serviceFields,
  ownerTeam: keySchema.nullable(),
  version: z.number().int().min(1).describe('optimistic-locking version; send it back in If-Match'),
  createdAt: z.iso.datetime(),
  createdBy: z.string(),
  updatedAt: z.iso.datetime(),
  updatedBy: z.string(),
});
export type Service = z.output<typeof serviceSchema>;

const intParam = (min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a non-negative integer')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .default(fallback);

export const MAX_PAGE = 500;

/** Query string of GET /services. */
export const serviceListQuerySchema = z.strictObject({
  limit: intParam(1, MAX_PAGE, 50),
  offset: intParam(0, 1_000_000_000, 0),
  q: z.string().max(200).optional().describe('case-insensitive search in key, name and description'),
  lifecycle: lifecycleSchema.optional(),
  owner: keySchema.optional().describe('owner team key'),
});
export type ServiceListQuery = z.output<typeof serviceListQuerySchema>;

export const serviceListSchema = z.strictObject({
  items: z.array(serviceSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});
