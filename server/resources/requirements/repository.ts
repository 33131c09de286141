import { isDeepStrictEqual } from 'node:util';
import type { Kysely, Transaction } from 'kysely';
import { notFound } from '../../http/errors';
import type { Database } from '../../store/schema';
import { contracts } from '../contracts/repository';
import {
  deleteRecord,
  findRecord,
  insertRecord,
  invalidField,
  json,
  likePattern,
  lockRecord,
  metaOf,
  newId,
  type Page,
  pageOf,
  type RecordTable,
  scoped,
  updateRecord,
} from '../shared';
import type { GapAnalysis, Requirement, RequirementInput, RequirementListQuery } from './schema';

export const requirements: RecordTable<Requirement> = {
  table: 'requirements',
  idColumn: 'id',
  resource: 'requirement',
  describe: (id) => `requirement "${id}"`,
  toApi: (row): Requirement => ({
    id: row.id,
    contractRef: row.contract_ref,
    serviceKey: row.service_key,
    metric: row.metric,
    objective: row.objective,
    description: row.description,
    sli: row.sli,
    slice: row.slice,
    window: row.window,
    gapAnalysis: row.gap_analysis,
    ...metaOf(row),
  }),
};

type Writer = { orgId: number; user: string };
type Content = Omit<RequirementInput, 'id'>;

const columns = (input: Content) => ({
  service_key: input.serviceKey,
  metric: input.metric,
  objective: input.objective,
  description: input.description,
  sli: input.sli === null ? null : json(input.sli),
  slice: input.slice,
  window: json(input.window),
});

const any = (db: Kysely<Database> | Transaction<Database>) => db as unknown as Kysely<any>;

/** The service must exist; its row is share-locked so it cannot vanish before the commit. */
async function checkService(trx: Transaction<Database>, orgId: number, key: string): Promise<void> {
  const service = await trx.selectFrom('services').select('key').where('org_id', '=', orgId).where('key', '=', key).forShare().executeTakeFirst();
  if (!service) {
    throw invalidField('serviceKey', `no service "${key}" in the catalog`, { serviceKey: key });
  }
}

/** The contract must exist (404 otherwise); share-locked so it cannot be deleted meanwhile. */
async function lockContract(trx: Transaction<Database>, orgId: number, ref: string): Promise<void> {
  const found = await any(trx).selectFrom('contracts').select('ref').where('org_id', '=', orgId).where('ref', '=', ref).forShare().executeTakeFirst();
  if (!found) {
    throw notFound(contracts.describe(ref), { ref });
  }
}

export async function listRequirements(db: Kysely<Database>, orgId: number, query: RequirementListQuery): Promise<Page<Requirement>> {
  let base = scoped(db, 'requirements', orgId);
  if (query.q) {
    const pattern = likePattern(query.q);
    base = base.where((eb) => eb.or([eb('id', 'ilike', pattern), eb('description', 'ilike', pattern)]));
  }
  if (query.contract) {
    base = base.where('contract_ref', '=', query.contract);
  }
  if (query.service) {
    base = base.where('service_key', '=', query.service);
  }
  if (query.metric) {
    base = base.where('metric', '=', query.metric);
  }
  if (query.customer) {
    const customer = query.customer;
    base = base.where('contract_ref', 'in', (eb: any) =>
      eb.selectFrom('contracts').select('ref').where('org_id', '=', orgId).where('customer', '=', customer)
    );
  }
  return pageOf(base, requirements, query, ['contract_ref', 'id']);
}

/** Nested reads answer 404 when the contract does not exist, even for an empty list. */
export async function listContractRequirements(
  db: Kysely<Database>,
  orgId: number,
  ref: string,
  query: RequirementListQuery
): Promise<Page<Requirement>> {
  if (!(await findRecord(db, contracts, orgId, ref))) {
    throw notFound(contracts.describe(ref), { ref });
  }
  return listRequirements(db, orgId, { ...query, contract: ref });
}

/** A requirement, optionally only when it belongs to contract `ref` (nested routes). */
export async function getRequirement(db: Kysely<Database>, orgId: number, id: string, ref?: string): Promise<Requirement> {
  const found = await findRecord(db, requirements, orgId, id);
  if (!found || (ref !== undefined && found.contractRef !== ref)) {
    throw notFound(requirements.describe(id), { id, ...(ref !== undefined ? { contractRef: ref } : {}) });
  }
  return found;
}

async function lockRequirement(trx: Transaction<Database>, orgId: number, ref: string, id: string, version: number): Promise<Requirement> {
  const current = await findRecord(trx as unknown as Kysely<Database>, requirements, orgId, id);
  if (!current || current.contractRef !== ref) {
    throw notFound(requirements.describe(id), { id, contractRef: ref });
  }
  return lockRecord(trx, requirements, orgId, id, version);
}

export async function createRequirement(trx: Transaction<Database>, writer: Writer, ref: string, input: RequirementInput): Promise<Requirement> {
  await lockContract(trx, writer.orgId, ref);
  await checkService(trx, writer.orgId, input.serviceKey);
  const { id = newId(), ...content } = input;
  return insertRecord(trx, requirements, writer, id, { contract_ref: ref, ...columns(content), gap_analysis: null });
}

/** What a gap analysis depends on: changing any of it makes the stored analysis stale. */
const measuredBy = (r: Content) => [r.serviceKey, r.objective, r.sli, r.slice, r.window];

export async function replaceRequirement(
  trx: Transaction<Database>,
  writer: Writer,
  ref: string,
  id: string,
  version: number,
  input: Content
): Promise<Requirement> {
  const before = await lockRequirement(trx, writer.orgId, ref, id, version);
  await checkService(trx, writer.orgId, input.serviceKey);
  // Compared structurally: jsonb does not keep the key order of what was written.
  const stale = !isDeepStrictEqual(measuredBy(before), measuredBy(input));
  return updateRecord(trx, requirements, writer, id, before, {
    ...columns(input),
    ...(stale ? { gap_analysis: null } : {}),
  });
}

export async function recordGapAnalysis(
  trx: Transaction<Database>,
  writer: Writer,
  ref: string,
  id: string,
  version: number,
  analysis: GapAnalysis
): Promise<Requirement> {
  const before = await lockRequirement(trx, writer.orgId, ref, id, version);
  return updateRecord(trx, requirements, writer, id, before, { gap_analysis: json(analysis) }, 'gap-analysis');
}

export async function deleteRequirement(trx: Transaction<Database>, writer: Writer, ref: string, id: string, version: number): Promise<void> {
  const before = await lockRequirement(trx, writer.orgId, ref, id, version);
  await deleteRecord(trx, requirements, writer, id, before);
}
