import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../store/schema';
import { appendAudit } from '../audit/repository';
import { requirements } from '../requirements/repository';
import {
  deleteRecord,
  getRecord,
  insertRecord,
  invalidField,
  likePattern,
  lockRecord,
  metaOf,
  type Page,
  pageOf,
  type RecordTable,
  scoped,
  updateRecord,
} from '../shared';
import type { Contract, ContractInput, ContractListQuery } from './schema';

export const contracts: RecordTable<Contract> = {
  table: 'contracts',
  idColumn: 'ref',
  resource: 'contract',
  describe: (ref) => `contract "${ref}"`,
  toApi: (row): Contract => ({
    ref: row.ref,
    customer: row.customer,
    title: row.title,
    signedDate: row.signed_date,
    term: { from: row.term_from, to: row.term_to },
    documentUrl: row.document_url,
    notes: row.notes,
    ...metaOf(row),
  }),
};

type Writer = { orgId: number; user: string };

const columns = (input: Omit<ContractInput, 'ref'>) => ({
  customer: input.customer,
  title: input.title,
  signed_date: input.signedDate,
  term_from: input.term.from,
  term_to: input.term.to,
  document_url: input.documentUrl,
  notes: input.notes,
});

/** The customer must be a party of kind customer; its row is share-locked so it cannot change kind meanwhile. */
async function checkCustomer(trx: Transaction<Database>, orgId: number, key: string): Promise<void> {
  const party = await (trx as unknown as Kysely<any>)
    .selectFrom('parties')
    .select('kind')
    .where('org_id', '=', orgId)
    .where('key', '=', key)
    .forShare()
    .executeTakeFirst();
  if (!party) {
    throw invalidField('customer', `no party "${key}" exists; create the customer first`, { customer: key });
  }
  if (party.kind !== 'customer') {
    throw invalidField('customer', `party "${key}" is a ${party.kind} party, not a customer`, { customer: key, kind: party.kind });
  }
}

export async function listContracts(db: Kysely<Database>, orgId: number, query: ContractListQuery): Promise<Page<Contract>> {
  let base = scoped(db, 'contracts', orgId);
  if (query.q) {
    const pattern = likePattern(query.q);
    base = base.where((eb) => eb.or([eb('ref', 'ilike', pattern), eb('title', 'ilike', pattern), eb('notes', 'ilike', pattern)]));
  }
  if (query.customer) {
    base = base.where('customer', '=', query.customer);
  }
  return pageOf(base, contracts, query, ['ref']);
}

export const getContract = (db: Kysely<Database>, orgId: number, ref: string) => getRecord(db, contracts, orgId, ref);

export async function createContract(trx: Transaction<Database>, writer: Writer, input: ContractInput): Promise<Contract> {
  await checkCustomer(trx, writer.orgId, input.customer);
  return insertRecord(trx, contracts, writer, input.ref, columns(input));
}

export async function replaceContract(
  trx: Transaction<Database>,
  writer: Writer,
  ref: string,
  version: number,
  input: Omit<ContractInput, 'ref'>
): Promise<Contract> {
  const before = await lockRecord(trx, contracts, writer.orgId, ref, version);
  await checkCustomer(trx, writer.orgId, input.customer);
  return updateRecord(trx, contracts, writer, ref, before, columns(input));
}

/** Deleting a contract deletes its requirements too, each with its own audit row. */
export async function deleteContract(trx: Transaction<Database>, writer: Writer, ref: string, version: number): Promise<void> {
  const before = await lockRecord(trx, contracts, writer.orgId, ref, version);
  const removed = await (trx as unknown as Kysely<any>)
    .deleteFrom('requirements')
    .where('org_id', '=', writer.orgId)
    .where('contract_ref', '=', ref)
    .returningAll()
    .execute();
  for (const row of removed) {
    const requirement = requirements.toApi(row);
    await appendAudit(trx, {
      orgId: writer.orgId,
      user: writer.user,
      action: 'delete',
      resource: requirements.resource,
      resourceId: requirement.id,
      before: requirement,
      after: null,
    });
  }
  await deleteRecord(trx, contracts, writer, ref, before);
}
