import { z } from 'zod';
import { keySchema } from '../services/schema';
import { pageQuery, pageSchema, recordMeta, searchParam } from '../shared';
import { AGREEMENT_STATES, AMENDMENT_STATES } from './tables';

export const AGREEMENT_TYPE_VALUES = ['SLA', 'OLA', 'UC'] as const;

/** Agreement ids as in the YAML `metadata.id` (e.g. SLA-2026-001). */
export const agreementIdSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/,
    'must be 1-100 characters: letters, digits, ".", "_" or "-", starting with a letter or digit'
  );

const signers = z
  .array(keySchema)
  .min(1, 'needs at least one signer')
  .max(20)
  .refine((s) => new Set(s).size === s.length, 'must not name a party twice')
  .describe('party keys whose signatures activation needs (default: provider and counterparty)');

/** Body of POST /agreements and PUT /agreements/:id. */
export const agreementWriteSchema = z.strictObject({
  document: z
    .record(z.string(), z.unknown())
    .describe('the agreement document (DESIGN §4, as JSON): apiVersion slm/v1, kind Agreement, metadata, spec'),
  requiredSigners: signers.optional(),
});
export type AgreementWrite = z.output<typeof agreementWriteSchema>;

/** Body of POST /agreements/import (JSON form; application/yaml bodies are the YAML itself). */
export const agreementImportSchema = z.strictObject({
  yaml: z.string().min(1, 'must not be empty').max(1_000_000),
  requiredSigners: signers.optional(),
});

export const transitionSchema = z.strictObject({
  to: z
    .enum(AGREEMENT_STATES)
    .describe('draft | negotiating | pending_signature (the others have their own endpoints)'),
});

export const signatureWriteSchema = z.strictObject({
  party: keySchema.describe('the party the signing user acts for; must be a required signer'),
  hash: z
    .string()
    .regex(/^sha256:[0-9a-f]{64}$/, 'must be a version hash "sha256:<64 hex digits>"')
    .describe('hash of the pending version being signed (pendingVersion.hash)'),
});

export const commentWriteSchema = z.strictObject({
  body: z.string().trim().min(1, 'must not be empty').max(10_000),
  targetId: z.string().min(1).max(100).optional().describe('anchor: a target id of the agreement'),
});

export const terminateSchema = z.strictObject({ reason: z.string().trim().max(2000).optional() });

export const agreementListQuerySchema = z.strictObject({
  ...pageQuery,
  q: searchParam.describe('case-insensitive search in id and title'),
  type: z.enum(AGREEMENT_TYPE_VALUES).optional(),
  state: z.enum(AGREEMENT_STATES).optional(),
  service: keySchema.optional(),
  party: keySchema.optional().describe('provider or counterparty'),
});
export type AgreementListQuery = z.output<typeof agreementListQuerySchema>;

export const diffQuerySchema = z.strictObject({
  against: z
    .string()
    .regex(/^\d{1,9}$/, 'must be a revision number')
    .transform(Number),
});

const effectiveSchema = z.strictObject({ from: z.string(), to: z.string().optional() });

const summaryFields = {
  id: z.string(),
  type: z.enum(AGREEMENT_TYPE_VALUES),
  title: z.string(),
  service: z.string(),
  provider: z.string(),
  counterparty: z.string(),
  state: z.enum(AGREEMENT_STATES),
  amendment: z
    .strictObject({ state: z.enum(AMENDMENT_STATES), revision: z.number().int() })
    .nullable()
    .describe('an amendment being worked on while the active revision stays in force'),
  revision: z.number().int().describe('the revision being worked on (content version number)'),
  activeRevision: z.number().int().nullable().describe('the revision in force'),
  effective: effectiveSchema.nullable(),
  requiredSigners: z.array(z.string()),
  underpinnedBy: z.array(z.string()),
  ...recordMeta,
};

export const agreementSummarySchema = z.strictObject({ ...summaryFields, targets: z.number().int() });
export const agreementListSchema = pageSchema(agreementSummarySchema);

export const changeSchema = z.strictObject({
  path: z.string(),
  op: z.enum(['added', 'removed', 'changed']),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});

export const warningSchema = z.strictObject({
  kind: z.enum(['objective', 'window', 'threshold', 'state']).describe('state: the underpinning agreement is not active while this one is active or awaiting signatures'),
  target: z.string(),
  underpinning: z.strictObject({ agreement: z.string(), type: z.string(), target: z.string().nullable() }),
  message: z.string(),
  supported: z.unknown(),
  underpinningValue: z.unknown(),
});

export const signatureSchema = z.strictObject({
  party: z.string(),
  user: z.string(),
  signedAt: z.iso.datetime(),
  revision: z.number().int(),
  hash: z.string(),
});

export const commentSchema = z.strictObject({
  id: z.number().int(),
  revision: z.number().int(),
  targetId: z.string().nullable(),
  body: z.string(),
  user: z.string(),
  createdAt: z.iso.datetime(),
});

export const versionSchema = z.strictObject({
  revision: z.number().int(),
  hash: z.string(),
  frozen: z.boolean().describe('false for the working revision not yet sent for signature'),
  status: z.enum(['working', 'pending_signature', 'in_force', 'superseded', 'withdrawn', 'expired', 'terminated']),
  frozenAt: z.iso.datetime().nullable(),
  frozenBy: z.string().nullable(),
  activatedAt: z.iso.datetime().nullable(),
  signatures: z.array(signatureSchema),
});

export const agreementSchema = z.strictObject({
  ...summaryFields,
  hash: z.string().describe('sha256 of the canonical JSON of the working document'),
  document: z.unknown().describe('the canonical agreement document of the working revision'),
});

export const agreementDetailSchema = agreementSchema.extend({
  pendingVersion: z
    .strictObject({
      revision: z.number().int(),
      hash: z.string(),
      signatures: z.array(signatureSchema),
      missing: z.array(z.string()),
    })
    .nullable()
    .describe('the frozen version awaiting signatures'),
  consistency: z.array(warningSchema),
  allowedTransitions: z.array(z.unknown()),
});
