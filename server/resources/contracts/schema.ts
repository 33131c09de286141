import { z } from 'zod';
import { keySchema } from '../services/schema';
import { dateSchema, nonEmptyText, pageQuery, pageSchema, recordMeta, refSchema, searchParam, text } from '../shared';

export const termSchema = z
  .strictObject({
    from: dateSchema.describe('first day the contract is in force'),
    to: dateSchema.nullable().default(null).describe('last day; null for open-ended'),
  })
  .refine((t) => t.to === null || t.to >= t.from, { message: '"to" must not be before "from"', path: ['to'] });

const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .max(2000);

const contractFields = {
  ref: refSchema.describe('the contract reference, unique in the organisation (e.g. CT-2026-001)'),
  customer: keySchema.describe('party key of the customer (a party of kind customer)'),
  title: nonEmptyText(300),
  signedDate: dateSchema.nullable().default(null),
  term: termSchema,
  documentUrl: httpUrl.nullable().default(null).describe('link to the signed document'),
  notes: text(20_000).default(''),
};

/** Body of POST /contracts. */
export const contractCreateSchema = z.strictObject(contractFields);
export type ContractInput = z.output<typeof contractCreateSchema>;

/** Body of PUT /contracts/:ref: a full replacement; `ref` may be repeated but not changed. */
export const contractReplaceSchema = z.strictObject({ ...contractFields, ref: contractFields.ref.optional() });

export const contractSchema = z.strictObject({ ...contractFields, ...recordMeta });
export type Contract = z.output<typeof contractSchema>;

export const contractListQuerySchema = z.strictObject({
  ...pageQuery,
  q: searchParam.describe('case-insensitive search in reference, title and notes'),
  customer: keySchema.optional().describe('customer party key'),
});
export type ContractListQuery = z.output<typeof contractListQuerySchema>;

export const contractListSchema = pageSchema(contractSchema);
