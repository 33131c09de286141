import { z } from 'zod';
import { keySchema } from '../services/schema';
import { nonEmptyText, pageQuery, pageSchema, recordMeta, searchParam, text } from '../shared';

export const PARTY_KINDS = ['customer', 'internal', 'supplier'] as const;
export const partyKindSchema = z.enum(PARTY_KINDS);

/** A person to reach; `grafanaContactPoint` names the Grafana alerting contact point that routes breach notifications. */
export const contactSchema = z.strictObject({
  name: nonEmptyText(200),
  email: z.email().max(320).optional(),
  phone: z.string().regex(/^\+?[0-9 ()./-]{3,40}$/, 'must be a phone number (digits, spaces, + ( ) . / -)').optional(),
  role: text(100).optional().describe('e.g. signer, escalation, service owner'),
  grafanaContactPoint: nonEmptyText(200).optional().describe('name of a Grafana alerting contact point'),
});

const partyFields = {
  key: keySchema.describe('party key, unique in the organisation; referenced by agreements and contracts'),
  name: nonEmptyText(200),
  kind: partyKindSchema.describe('customer (SLA counterparty), internal team (OLA) or supplier (UC)'),
  description: text(10_000).default(''),
  contacts: z.array(contactSchema).max(100).default([]),
};

/** Body of POST /parties. */
export const partyCreateSchema = z.strictObject(partyFields);
export type PartyInput = z.output<typeof partyCreateSchema>;

/** Body of PUT /parties/:key: a full replacement; `key` may be repeated but not changed. */
export const partyReplaceSchema = z.strictObject({ ...partyFields, key: partyFields.key.optional() });

export const partySchema = z.strictObject({ ...partyFields, ...recordMeta });
export type Party = z.output<typeof partySchema>;

export const partyListQuerySchema = z.strictObject({
  ...pageQuery,
  q: searchParam.describe('case-insensitive search in key, name and description'),
  kind: partyKindSchema.optional(),
});
export type PartyListQuery = z.output<typeof partyListQuerySchema>;

export const partyListSchema = pageSchema(partySchema);
