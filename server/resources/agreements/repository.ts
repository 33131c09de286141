import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import { DateTime } from 'luxon';
import { validateAgreement, type Agreement } from '../../../src/domain';
import { ApiError, notFound } from '../../http/errors';
import type { Store } from '../../store/db';
import type { Database } from '../../store/schema';
import { appendAudit } from '../audit/repository';
import { likePattern, metaOf, type Page } from '../shared';
import { type Change, contentHash, diffDocuments } from './canonical';
import {
  afterManagerMove,
  allowedMoves,
  checkManagerMove,
  illegalTransition,
  isEditable,
  type LifecyclePosition,
  workingState,
} from './lifecycle';
import type { AgreementListQuery } from './schema';
import type { AgreementsTable, AmendmentState } from './tables';
import {
  checkUnderpinning,
  type ConsistencyWarning,
  consistencyWarnings,
  stateWarnings,
  type Issue,
  referenceError,
} from './underpinning';

const RESOURCE = 'agreement';

export interface Writer {
  orgId: number;
  user: string;
}

export interface AgreementSummary {
  id: string;
  type: Agreement['spec']['type'];
  title: string;
  service: string;
  provider: string;
  counterparty: string;
  state: AgreementsTable['state'];
  amendment: { state: AmendmentState; revision: number } | null;
  revision: number;
  activeRevision: number | null;
  effective: { from: string; to?: string } | null;
  requiredSigners: string[];
  underpinnedBy: string[];
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export interface AgreementRecord extends AgreementSummary {
  hash: string;
  document: Agreement;
}

export interface Signature {
  party: string;
  user: string;
  signedAt: string;
  revision: number;
  hash: string;
}

type Row = Selectable<AgreementsTable>;

/** True when the row is active but its effective period has ended (expiry applied lazily on read). */
function lapsed(row: Pick<Row, 'state' | 'expires_at'>, now: Date): boolean {
  return row.state === 'active' && row.expires_at !== null && row.expires_at.getTime() <= now.getTime();
}

function position(row: Pick<Row, 'state' | 'amendment_state' | 'expires_at'>, now: Date): LifecyclePosition {
  return lapsed(row, now)
    ? { state: 'expired', amendmentState: null }
    : { state: row.state, amendmentState: row.amendment_state };
}

function summaryOf(row: Omit<Row, 'document' | 'target_count'>, now: Date): AgreementSummary {
  const p = position(row, now);
  return {
    id: row.id,
    type: row.type,
    title: row.title,
    service: row.service,
    provider: row.provider,
    counterparty: row.counterparty,
    state: p.state,
    amendment: p.amendmentState ? { state: p.amendmentState, revision: row.revision } : null,
    revision: row.revision,
    activeRevision: row.active_revision,
    effective: row.effective_from
      ? { from: row.effective_from, ...(row.effective_to ? { to: row.effective_to } : {}) }
      : null,
    requiredSigners: row.required_signers as string[],
    underpinnedBy: row.underpinned_by as string[],
    ...metaOf(row),
  };
}

/** The stored document in canonical form (jsonb keeps no key order; validation restores it). */
export function canonicalDocument(stored: unknown): Agreement {
  const result = validateAgreement(stored);
  if (!result.ok) {
    throw new Error(`stored agreement document no longer validates: ${JSON.stringify(result.errors)}`);
  }
  return result.agreement;
}

function toRecord(row: Row, now: Date): AgreementRecord {
  const document = canonicalDocument(row.document);
  return { ...summaryOf(row, now), hash: contentHash(document), document };
}

const SUMMARY_COLUMNS = [
  'id',
  'type',
  'title',
  'service',
  'provider',
  'counterparty',
  'state',
  'amendment_state',
  'revision',
  'active_revision',
  'underpinned_by',
  'required_signers',
  'effective_from',
  'effective_to',
  'expires_at',
  'version',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
  'org_id',
] as const;

/**
 * A page of agreement summaries, in id order, with the exact total of matches. The page is found
 * by key first (an index-only scan of the primary key or a filter index, skipping `offset` index
 * entries) and only its rows are then read from the table: an agreement row carries its whole
 * document, so stepping over thousands of them to reach a deep page cost milliseconds per page.
 */
export async function listAgreements(
  db: Kysely<Database>,
  orgId: number,
  query: AgreementListQuery,
  now = new Date()
): Promise<Page<AgreementSummary & { targets: number }>> {
  let base = db.selectFrom('agreements').where('org_id', '=', orgId);
  if (query.q) {
    const pattern = likePattern(query.q);
    base = base.where((eb) => eb.or([eb('id', 'ilike', pattern), eb('title', 'ilike', pattern)]));
  }
  if (query.type) {
    base = base.where('type', '=', query.type);
  }
  if (query.service) {
    base = base.where('service', '=', query.service);
  }
  if (query.party) {
    const party = query.party;
    base = base.where((eb) => eb.or([eb('provider', '=', party), eb('counterparty', '=', party)]));
  }
  if (query.state === 'active') {
    base = base
      .where('state', '=', 'active')
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]));
  } else if (query.state === 'expired') {
    base = base.where((eb) =>
      eb.or([eb('state', '=', 'expired'), eb.and([eb('state', '=', 'active'), eb('expires_at', '<=', now)])])
    );
  } else if (query.state) {
    base = base.where('state', '=', query.state);
  }
  const pageKeys = base.select(['org_id', 'id']).orderBy('id').limit(query.limit).offset(query.offset);
  const [rows, count] = await Promise.all([
    db
      .selectFrom('agreements as a')
      .innerJoin(pageKeys.as('k'), (join) => join.onRef('k.org_id', '=', 'a.org_id').onRef('k.id', '=', 'a.id'))
      .select([...SUMMARY_COLUMNS.map((c) => `a.${c}` as const), 'a.target_count'])
      .orderBy('a.id')
      .execute(),
    base.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => ({ ...summaryOf(r as Omit<Row, 'document'>, now), targets: r.target_count })),
    total: Number(count.n),
    limit: query.limit,
    offset: query.offset,
  };
}

async function findRow(db: Kysely<Database>, orgId: number, id: string): Promise<Row | undefined> {
  return db.selectFrom('agreements').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

export async function getAgreement(
  db: Kysely<Database>,
  orgId: number,
  id: string,
  now = new Date()
): Promise<AgreementRecord> {
  const row = await findRow(db, orgId, id);
  if (!row) {
    throw notFound(`agreement "${id}"`, { id });
  }
  return toRecord(row, now);
}

export interface AgreementDetail extends AgreementRecord {
  pendingVersion: { revision: number; hash: string; signatures: Signature[]; missing: string[] } | null;
  consistency: ConsistencyWarning[];
  allowedTransitions: ReturnType<typeof allowedMoves>;
}

/** GET /agreements/:id: the record with what a reader needs next (signatures, warnings, moves). */
export async function getAgreementDetail(
  db: Kysely<Database>,
  orgId: number,
  id: string,
  now = new Date()
): Promise<AgreementDetail> {
  const record = await getAgreement(db, orgId, id, now);
  const [pendingVersion, consistency] = await Promise.all([
    pendingOf(db, orgId, record),
    consistencyOf(db, orgId, record.document, positionOfRecord(record)),
  ]);
  return { ...record, pendingVersion, consistency, allowedTransitions: allowedMoves(id, positionOfRecord(record)) };
}

async function pendingOf(
  db: Kysely<Database>,
  orgId: number,
  record: AgreementRecord
): Promise<AgreementDetail['pendingVersion']> {
  if (workingState(positionOfRecord(record)) !== 'pending_signature') {
    return null;
  }
  const version = await db
    .selectFrom('agreement_versions')
    .select(['hash'])
    .where('org_id', '=', orgId)
    .where('agreement_id', '=', record.id)
    .where('revision', '=', record.revision)
    .executeTakeFirstOrThrow();
  const signatures = await signaturesOf(db, orgId, record.id, record.revision);
  const valid = signatures.filter((s) => s.hash === version.hash);
  const missing = record.requiredSigners.filter((p) => !valid.some((s) => s.party === p));
  return { revision: record.revision, hash: version.hash, signatures, missing };
}

export function positionOfRecord(record: AgreementSummary): LifecyclePosition {
  return { state: record.state, amendmentState: record.amendment?.state ?? null };
}

/**
 * Consistency warnings of a document against the agreements it names (their revision in force,
 * else their working one); with the agreement's lifecycle position, also the underpinning ones
 * not in force while it is in force or awaiting signatures.
 */
export async function consistencyOf(
  db: Kysely<Database>,
  orgId: number,
  document: Agreement,
  position?: LifecyclePosition
): Promise<ConsistencyWarning[]> {
  const links = document.spec.underpinnedBy ?? [];
  if (links.length === 0) {
    return [];
  }
  const rows = await db
    .selectFrom('agreements as a')
    .leftJoin('agreement_versions as v', (join) =>
      join
        .onRef('v.org_id', '=', 'a.org_id')
        .onRef('v.agreement_id', '=', 'a.id')
        .onRef('v.revision', '=', 'a.active_revision')
    )
    .select(['a.id', 'a.state', 'a.document', 'v.document as active_document'])
    .where('a.org_id', '=', orgId)
    .where('a.id', 'in', links)
    .execute();
  const found = links.flatMap((link) => {
    const row = rows.find((r) => r.id === link);
    return row ? [{ document: canonicalDocument(row.active_document ?? row.document), state: row.state as string }] : [];
  });
  const binding = position !== undefined && (position.state === 'active' || workingState(position) === 'pending_signature');
  return [
    ...consistencyWarnings(
      document,
      found.map((f) => f.document)
    ),
    ...stateWarnings(document, binding, found),
  ];
}

/** Columns derived from the document, shared by insert and update. */
function documentColumns(document: Agreement, requiredSigners: string[]) {
  const effective = document.spec.effective;
  return {
    type: document.spec.type,
    title: document.metadata.title,
    service: document.spec.service,
    provider: document.spec.provider,
    counterparty: document.spec.counterparty,
    document: JSON.stringify(document),
    target_count: document.spec.targets.length,
    underpinned_by: JSON.stringify(document.spec.underpinnedBy ?? []),
    required_signers: JSON.stringify(requiredSigners),
    effective_from: effective?.from ?? null,
    effective_to: effective?.to ?? null,
  };
}

/** The instant the effective period ends: the start of the day after `to`, in the agreement's time zone. */
export function expiryOf(document: Agreement): Date | null {
  const to = document.spec.effective?.to;
  if (!to) {
    return null;
  }
  return DateTime.fromISO(to, { zone: document.spec.timezone }).plus({ days: 1 }).startOf('day').toJSDate();
}

const COUNTERPARTY_KIND = { SLA: 'customer', OLA: 'internal', UC: 'supplier' } as const;

/** Rules the schema cannot see: references to the catalog, parties and other agreements. */
async function checkReferences(
  trx: Transaction<Database>,
  orgId: number,
  document: Agreement,
  requiredSigners: string[]
): Promise<void> {
  const { spec } = document;
  const issues: Issue[] = [];
  if (spec.effective?.to && spec.effective.to < spec.effective.from) {
    issues.push({
      path: 'spec.effective.to',
      code: 'custom',
      message: `must not be before from (${spec.effective.from})`,
    });
  }
  const service = await trx
    .selectFrom('services')
    .select('key')
    .where('org_id', '=', orgId)
    .where('key', '=', spec.service)
    .executeTakeFirst();
  if (!service) {
    issues.push({
      path: 'spec.service',
      code: 'invalid_reference',
      message: `no service "${spec.service}" in the catalog`,
    });
  }
  const keys = [...new Set([spec.provider, spec.counterparty, ...requiredSigners])];
  const parties = await (trx as unknown as Kysely<any>)
    .selectFrom('parties')
    .select(['key', 'kind'])
    .where('org_id', '=', orgId)
    .where('key', 'in', keys)
    .execute();
  const kind = new Map<string, string>(parties.map((p: { key: string; kind: string }) => [p.key, p.kind]));
  const expectKind = (path: string, key: string, wanted: string, role: string) => {
    if (!kind.has(key)) {
      issues.push({ path, code: 'invalid_reference', message: `no party "${key}"` });
    } else if (kind.get(key) !== wanted) {
      issues.push({
        path,
        code: 'wrong_kind',
        message: `the ${role} must be a ${wanted} party; "${key}" is ${kind.get(key)}`,
      });
    }
  };
  expectKind('spec.provider', spec.provider, 'internal', `provider of an ${spec.type}`);
  expectKind(
    'spec.counterparty',
    spec.counterparty,
    COUNTERPARTY_KIND[spec.type],
    `counterparty of a${spec.type === 'SLA' ? 'n' : 'n'} ${spec.type}`
  );
  if (spec.provider === spec.counterparty) {
    issues.push({ path: 'spec.counterparty', code: 'custom', message: 'must differ from the provider' });
  }
  requiredSigners.forEach((key, i) => {
    if (!kind.has(key)) {
      issues.push({ path: `requiredSigners[${i}]`, code: 'invalid_reference', message: `no party "${key}"` });
    }
  });
  if (issues.length) {
    throw referenceError(issues);
  }
  await checkUnderpinning(trx, orgId, document.metadata.id, spec.type, spec.underpinnedBy ?? []);
}

const defaultSigners = (document: Agreement) => [...new Set([document.spec.provider, document.spec.counterparty])];

async function audit(
  trx: Transaction<Database>,
  writer: Writer,
  action: string,
  id: string,
  before: unknown,
  after: unknown,
  resource = RESOURCE
) {
  await appendAudit(trx, { orgId: writer.orgId, user: writer.user, action, resource, resourceId: id, before, after });
}

export async function createAgreement(
  trx: Transaction<Database>,
  writer: Writer,
  document: Agreement,
  requiredSigners?: string[],
  now = new Date()
): Promise<AgreementRecord> {
  const signers = requiredSigners ?? defaultSigners(document);
  await checkReferences(trx, writer.orgId, document, signers);
  const row = await trx
    .insertInto('agreements')
    .values({
      org_id: writer.orgId,
      id: document.metadata.id,
      state: 'draft',
      amendment_state: null,
      ...documentColumns(document, signers),
      created_by: writer.user,
      updated_by: writer.user,
    })
    .onConflict((oc) => oc.columns(['org_id', 'id']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) {
    throw new ApiError(409, 'conflict', `an agreement with id "${document.metadata.id}" already exists`, {
      id: document.metadata.id,
    });
  }
  const created = toRecord(row, now);
  await audit(trx, writer, 'create', created.id, null, created);
  return created;
}

/** Locks the row, checks the version the client read (when given) and applies lazy expiry. */
async function lockRow(
  trx: Transaction<Database>,
  orgId: number,
  id: string,
  expectedVersion: number | null
): Promise<Row> {
  const row = await trx
    .selectFrom('agreements')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) {
    throw notFound(`agreement "${id}"`, { id });
  }
  if (expectedVersion !== null && row.version !== expectedVersion) {
    throw new ApiError(
      409,
      'version_conflict',
      `agreement "${id}" was changed by someone else: you sent version ${expectedVersion}, the current version is ${row.version}; reload and retry`,
      { id, expectedVersion, currentVersion: row.version }
    );
  }
  return row;
}

async function updateRow(
  trx: Transaction<Database>,
  writer: Writer,
  before: Row,
  columns: Partial<{ [K in keyof AgreementsTable]: unknown }>,
  action: string,
  now: Date
): Promise<AgreementRecord> {
  const row = await trx
    .updateTable('agreements')
    .set({
      ...(columns as object),
      version: before.version + 1,
      updated_at: sql<Date>`now()` as never,
      updated_by: writer.user,
    })
    .where('org_id', '=', writer.orgId)
    .where('id', '=', before.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const after = toRecord(row, now);
  await audit(trx, writer, action, before.id, toRecord(before, now), after);
  return after;
}

function notEditable(id: string, p: LifecyclePosition): ApiError {
  const state = workingState(p);
  const hint =
    p.state === 'active' && p.amendmentState === null
      ? `open an amendment first (POST /api/v1/agreements/${id}/amendments)`
      : state === 'pending_signature'
        ? `move it back to negotiating or draft first (POST /api/v1/agreements/${id}/transitions)`
        : 'it is closed';
  return new ApiError(409, 'not_editable', `agreement "${id}" is ${state}: its content cannot be edited; ${hint}`, {
    id,
    state: p.state,
    amendmentState: p.amendmentState,
    allowed: allowedMoves(id, p),
  });
}

/** Replaces the content of the revision being worked on (draft or negotiating only). */
export async function replaceAgreement(
  trx: Transaction<Database>,
  writer: Writer,
  id: string,
  expectedVersion: number,
  document: Agreement,
  requiredSigners?: string[],
  now = new Date()
): Promise<AgreementRecord> {
  const before = await lockRow(trx, writer.orgId, id, expectedVersion);
  const p = position(before, now);
  if (!isEditable(p)) {
    throw notEditable(id, p);
  }
  if (document.spec.type !== before.type) {
    throw referenceError([
      { path: 'spec.type', code: 'custom', message: `the type of an agreement cannot change (it is ${before.type})` },
    ]);
  }
  const signers = requiredSigners ?? (before.required_signers as string[]);
  await checkReferences(trx, writer.orgId, document, signers);
  return updateRow(trx, writer, before, documentColumns(document, signers), 'update', now);
}

export async function transitionAgreement(
  trx: Transaction<Database>,
  writer: Writer,
  id: string,
  expectedVersion: number,
  to: AgreementsTable['state'],
  now = new Date()
): Promise<AgreementRecord> {
  const before = await lockRow(trx, writer.orgId, id, expectedVersion);
  const p = position(before, now);
  if (to !== 'draft' && to !== 'negotiating' && to !== 'pending_signature') {
    throw illegalTransition(id, p, to);
  }
  checkManagerMove(id, p, to);
  const next = afterManagerMove(p, to);
  const columns: Partial<Record<keyof AgreementsTable, unknown>> = {
    state: next.state,
    amendment_state: next.amendmentState,
  };
  if (to === 'pending_signature') {
    // Freeze the revision: from now on its content is what the parties sign.
    const document = canonicalDocument(before.document);
    await trx
      .insertInto('agreement_versions')
      .values({
        org_id: writer.orgId,
        agreement_id: id,
        revision: before.revision,
        document: JSON.stringify(document),
        hash: contentHash(document),
        frozen_by: writer.user,
      })
      .execute();
  } else if (workingState(p) === 'pending_signature') {
    // The frozen revision is withdrawn unchanged; further edits make a new revision.
    columns.revision = before.revision + 1;
  }
  return updateRow(trx, writer, before, columns, `transition:${to}`, now);
}

/** Opens a new draft revision of an active agreement; the active revision stays in force. */
export async function amendAgreement(
  trx: Transaction<Database>,
  writer: Writer,
  id: string,
  expectedVersion: number,
  now = new Date()
): Promise<AgreementRecord> {
  const before = await lockRow(trx, writer.orgId, id, expectedVersion);
  const p = position(before, now);
  if (p.state !== 'active' || p.amendmentState !== null) {
    throw illegalTransition(id, p, 'amendment');
  }
  return updateRow(trx, writer, before, { amendment_state: 'draft', revision: before.revision + 1 }, 'amend', now);
}

async function signaturesOf(db: Kysely<Database>, orgId: number, id: string, revision?: number): Promise<Signature[]> {
  let q = db.selectFrom('agreement_signatures').selectAll().where('org_id', '=', orgId).where('agreement_id', '=', id);
  if (revision !== undefined) {
    q = q.where('revision', '=', revision);
  }
  const rows = await q.orderBy('id').execute();
  return rows.map((r) => ({
    party: r.party,
    user: r.user_login,
    signedAt: r.signed_at.toISOString(),
    revision: r.revision,
    hash: r.hash,
  }));
}

export async function listSignatures(db: Kysely<Database>, orgId: number, id: string): Promise<Signature[]> {
  await getAgreement(db, orgId, id);
  return signaturesOf(db, orgId, id);
}

/** A party's signature on the pending version, given by the user acting for it. */
export async function signAgreement(
  trx: Transaction<Database>,
  writer: Writer,
  id: string,
  input: { party: string; hash: string },
  now = new Date()
): Promise<Signature> {
  const row = await lockRow(trx, writer.orgId, id, null); // serialises with transitions and activation
  const p = position(row, now);
  if (workingState(p) !== 'pending_signature') {
    throw new ApiError(
      409,
      'illegal_transition',
      `agreement "${id}" is not awaiting signatures (it is ${workingState(p)})`,
      {
        id,
        from: p.state,
        amendmentState: p.amendmentState,
        to: 'signed',
        allowed: allowedMoves(id, p),
      }
    );
  }
  const version = await trx
    .selectFrom('agreement_versions')
    .select('hash')
    .where('org_id', '=', writer.orgId)
    .where('agreement_id', '=', id)
    .where('revision', '=', row.revision)
    .executeTakeFirstOrThrow();
  if (input.hash !== version.hash) {
    throw new ApiError(
      409,
      'stale_hash',
      `the hash signed is not that of the version pending signature (revision ${row.revision}, ${version.hash}); reload the agreement and sign what it now says`,
      { id, revision: row.revision, currentHash: version.hash, signedHash: input.hash }
    );
  }
  const signers = row.required_signers as string[];
  if (!signers.includes(input.party)) {
    throw referenceError([
      {
        path: 'party',
        code: 'invalid_reference',
        message: `"${input.party}" is not a required signer (${signers.join(', ')})`,
      },
    ]);
  }
  const inserted = await trx
    .insertInto('agreement_signatures')
    .values({
      org_id: writer.orgId,
      agreement_id: id,
      revision: row.revision,
      hash: version.hash,
      party: input.party,
      user_login: writer.user,
    })
    .onConflict((oc) => oc.columns(['org_id', 'agreement_id', 'revision', 'party']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!inserted) {
    throw new ApiError(
      409,
      'conflict',
      `party "${input.party}" has already signed revision ${row.revision} of "${id}"`,
      { id, party: input.party }
    );
  }
  const signature = {
    party: inserted.party,
    user: inserted.user_login,
    signedAt: inserted.signed_at.toISOString(),
    revision: inserted.revision,
    hash: inserted.hash,
  };
  await audit(trx, writer, 'sign', id, null, signature);
  return signature;
}

/** Owner approval: the pending version comes into force once every required signer signed its hash. */
export async function activateAgreement(
  trx: Transaction<Database>,
  writer: Writer,
  id: string,
  expectedVersion: number,
  now = new Date()
): Promise<AgreementRecord> {
  const before = await lockRow(trx, writer.orgId, id, expectedVersion);
  const p = position(before, now);
  if (workingState(p) !== 'pending_signature') {
    throw illegalTransition(id, p, 'active');
  }
  const version = await trx
    .selectFrom('agreement_versions')
    .select(['hash', 'document'])
    .where('org_id', '=', writer.orgId)
    .where('agreement_id', '=', id)
    .where('revision', '=', before.revision)
    .executeTakeFirstOrThrow();
  const signed = new Set(
    (await signaturesOf(trx, writer.orgId, id, before.revision))
      .filter((s) => s.hash === version.hash)
      .map((s) => s.party)
  );
  const missing = (before.required_signers as string[]).filter((party) => !signed.has(party));
  if (missing.length) {
    throw new ApiError(
      409,
      'signatures_incomplete',
      `agreement "${id}" revision ${before.revision} cannot be activated: no signature yet from ${missing.join(', ')} on ${version.hash}`,
      { id, revision: before.revision, hash: version.hash, missing }
    );
  }
  await trx
    .updateTable('agreement_versions')
    .set({ activated_at: now })
    .where('org_id', '=', writer.orgId)
    .where('agreement_id', '=', id)
    .where('revision', '=', before.revision)
    .execute();
  const document = canonicalDocument(version.document);
  return updateRow(
    trx,
    writer,
    before,
    { state: 'active', amendment_state: null, active_revision: before.revision, expires_at: expiryOf(document) },
    'activate',
    now
  );
}

export async function terminateAgreement(
  trx: Transaction<Database>,
  writer: Writer,
  id: string,
  expectedVersion: number,
  reason: string | undefined,
  now = new Date()
): Promise<AgreementRecord> {
  const before = await lockRow(trx, writer.orgId, id, expectedVersion);
  const p = position(before, now);
  if (p.state !== 'active') {
    throw illegalTransition(id, p, 'terminated');
  }
  const after = await updateRow(trx, writer, before, { state: 'terminated', amendment_state: null }, 'terminate', now);
  if (reason) {
    await addComment(trx, writer, id, { body: `Terminated: ${reason}` }, now);
  }
  return after;
}

/**
 * Persists the expiry of every active agreement whose effective period has ended (reads already
 * show them expired). Called by the scheduler; returns what it expired.
 */
export async function expireDue(
  store: Pick<Store, 'db'>,
  now = new Date()
): Promise<Array<{ orgId: number; id: string }>> {
  return store.db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('agreements')
      .selectAll()
      .where('state', '=', 'active')
      .where('expires_at', '<=', now)
      .forUpdate()
      .skipLocked()
      .execute();
    for (const row of due) {
      await updateRow(
        trx,
        { orgId: row.org_id, user: 'system' },
        row,
        { state: 'expired', amendment_state: null },
        'expire',
        now
      );
    }
    return due.map((r) => ({ orgId: r.org_id, id: r.id }));
  });
}

export interface Comment {
  id: number;
  revision: number;
  targetId: string | null;
  body: string;
  user: string;
  createdAt: string;
}

export async function addComment(
  trx: Transaction<Database>,
  writer: Writer,
  id: string,
  input: { body: string; targetId?: string },
  now = new Date()
): Promise<Comment> {
  const row = await findRow(trx, writer.orgId, id);
  if (!row) {
    throw notFound(`agreement "${id}"`, { id });
  }
  if (
    input.targetId !== undefined &&
    !canonicalDocument(row.document).spec.targets.some((t) => t.id === input.targetId)
  ) {
    throw referenceError([
      { path: 'targetId', code: 'invalid_reference', message: `agreement "${id}" has no target "${input.targetId}"` },
    ]);
  }
  void now;
  const inserted = await trx
    .insertInto('agreement_comments')
    .values({
      org_id: writer.orgId,
      agreement_id: id,
      revision: row.revision,
      target_id: input.targetId ?? null,
      body: input.body,
      user_login: writer.user,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const comment = commentOf(inserted);
  await audit(trx, writer, 'comment', id, null, comment);
  return comment;
}

function commentOf(r: Selectable<Database['agreement_comments']>): Comment {
  return {
    id: Number(r.id),
    revision: r.revision,
    targetId: r.target_id,
    body: r.body,
    user: r.user_login,
    createdAt: r.created_at.toISOString(),
  };
}

export async function listComments(db: Kysely<Database>, orgId: number, id: string): Promise<Comment[]> {
  await getAgreement(db, orgId, id);
  const rows = await db
    .selectFrom('agreement_comments')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('agreement_id', '=', id)
    .orderBy('id')
    .execute();
  return rows.map(commentOf);
}

export interface VersionInfo {
  revision: number;
  hash: string;
  frozen: boolean;
  status: 'working' | 'pending_signature' | 'in_force' | 'superseded' | 'withdrawn' | 'expired' | 'terminated';
  frozenAt: string | null;
  frozenBy: string | null;
  activatedAt: string | null;
  signatures: Signature[];
}

/** Every frozen revision, plus the working revision when it is not frozen yet; oldest first. */
export async function listVersions(
  db: Kysely<Database>,
  orgId: number,
  id: string,
  now = new Date()
): Promise<Array<VersionInfo & { document: Agreement }>> {
  const record = await getAgreement(db, orgId, id, now);
  const [rows, signatures] = await Promise.all([
    db
      .selectFrom('agreement_versions')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('agreement_id', '=', id)
      .orderBy('revision')
      .execute(),
    signaturesOf(db, orgId, id),
  ]);
  const pending = workingState(positionOfRecord(record)) === 'pending_signature';
  const versions = rows.map((v): VersionInfo & { document: Agreement } => {
    let status: VersionInfo['status'];
    if (v.revision === record.activeRevision) {
      status = record.state === 'active' ? 'in_force' : record.state === 'expired' ? 'expired' : 'terminated';
    } else if (pending && v.revision === record.revision) {
      status = 'pending_signature';
    } else {
      status = v.activated_at ? 'superseded' : 'withdrawn';
    }
    return {
      revision: v.revision,
      hash: v.hash,
      frozen: true,
      status,
      frozenAt: v.frozen_at.toISOString(),
      frozenBy: v.frozen_by,
      activatedAt: v.activated_at ? v.activated_at.toISOString() : null,
      signatures: signatures.filter((s) => s.revision === v.revision),
      document: canonicalDocument(v.document),
    };
  });
  if (!rows.some((v) => v.revision === record.revision)) {
    versions.push({
      revision: record.revision,
      hash: record.hash,
      frozen: false,
      status: 'working',
      frozenAt: null,
      frozenBy: null,
      activatedAt: null,
      signatures: [],
      document: record.document,
    });
  }
  return versions;
}

export async function getVersion(db: Kysely<Database>, orgId: number, id: string, revision: number, now = new Date()) {
  const version = (await listVersions(db, orgId, id, now)).find((v) => v.revision === revision);
  if (!version) {
    throw notFound(`revision ${revision} of agreement "${id}"`, { id, revision });
  }
  return version;
}

/** Changes from revision `against` to revision `revision`. */
export async function diffVersions(
  db: Kysely<Database>,
  orgId: number,
  id: string,
  revision: number,
  against: number
): Promise<{ from: number; to: number; changes: Change[] }> {
  const versions = await listVersions(db, orgId, id);
  const find = (r: number) => {
    const v = versions.find((x) => x.revision === r);
    if (!v) {
      throw notFound(`revision ${r} of agreement "${id}"`, {
        id,
        revision: r,
        available: versions.map((x) => x.revision),
      });
    }
    return v;
  };
  const [to, from] = [find(revision), find(against)];
  return { from: against, to: revision, changes: diffDocuments(from.document, to.document) };
}

/**
 * Inserts many draft agreements in a few statements (seed data, benchmarks), with their audit
 * rows. References are not checked beyond what the database enforces.
 */
export async function insertAgreementsBulk(
  trx: Transaction<Database>,
  writer: Writer,
  documents: Agreement[]
): Promise<number> {
  const BATCH = 500;
  for (let i = 0; i < documents.length; i += BATCH) {
    const batch = documents.slice(i, i + BATCH);
    await trx
      .insertInto('agreements')
      .values(
        batch.map((d) => ({
          org_id: writer.orgId,
          id: d.metadata.id,
          state: 'draft' as const,
          amendment_state: null,
          ...documentColumns(d, defaultSigners(d)),
          created_by: writer.user,
          updated_by: writer.user,
        }))
      )
      .execute();
    await trx
      .insertInto('audit_log')
      .values(
        batch.map((d) => ({
          org_id: writer.orgId,
          user_login: writer.user,
          action: 'create',
          resource: RESOURCE,
          resource_id: d.metadata.id,
          before: null,
          after: JSON.stringify({ id: d.metadata.id, state: 'draft', document: d }),
        }))
      )
      .execute();
  }
  return documents.length;
}
