import type { Kysely, Transaction } from 'kysely';
import { ApiError } from '../../http/errors';
import type { Database } from '../../store/schema';
import {
  deleteRecord,
  getRecord,
  insertRecord,
  json,
  likePattern,
  lockRecord,
  metaOf,
  type Page,
  pageOf,
  type RecordTable,
  scoped,
  updateRecord,
} from '../shared';
import type { Party, PartyInput, PartyListQuery } from './schema';

export const parties: RecordTable<Party> = {
  table: 'parties',
  idColumn: 'key',
  resource: 'party',
  describe: (key) => `party "${key}"`,
  toApi: (row): Party => ({
    key: row.key,
    name: row.name,
    kind: row.kind,
    description: row.description,
    contacts: row.contacts,
    ...metaOf(row),
  }),
};

type Writer = { orgId: number; user: string };

const columns = (input: Omit<PartyInput, 'key'>) => ({
  name: input.name,
  kind: input.kind,
  description: input.description,
  contacts: json(input.contacts),
});

export async function listParties(db: Kysely<Database>, orgId: number, query: PartyListQuery): Promise<Page<Party>> {
  let base = scoped(db, 'parties', orgId);
  if (query.q) {
    const pattern = likePattern(query.q);
    base = base.where((eb) => eb.or([eb('key', 'ilike', pattern), eb('name', 'ilike', pattern), eb('description', 'ilike', pattern)]));
  }
  if (query.kind) {
    base = base.where('kind', '=', query.kind);
  }
  return pageOf(base, parties, query, ['key']);
}

export const getParty = (db: Kysely<Database>, orgId: number, key: string) => getRecord(db, parties, orgId, key);

export function createParty(trx: Transaction<Database>, writer: Writer, input: PartyInput): Promise<Party> {
  return insertRecord(trx, parties, writer, input.key, columns(input));
}

/**
 * Changing the kind of a party that contracts name as their customer would make those contracts
 * point at a non-customer: refused.
 */
export async function replaceParty(
  trx: Transaction<Database>,
  writer: Writer,
  key: string,
  version: number,
  input: Omit<PartyInput, 'key'>
): Promise<Party> {
  const before = await lockRecord(trx, parties, writer.orgId, key, version);
  if (before.kind === 'customer' && input.kind !== 'customer') {
    const contracts = await referencingContracts(trx, writer.orgId, key);
    if (contracts.length) {
      throw new ApiError(409, 'in_use', `party "${key}" is the customer of contract(s) ${contracts.join(', ')}; its kind must stay customer`, {
        key,
        contracts,
      });
    }
  }
  return updateRecord(trx, parties, writer, key, before, columns(input));
}

/**
 * A party still named by a contract or as a service's owner team cannot be deleted. Agreements
 * (and anything else) that reference parties through a foreign key to parties(org_id, key) are
 * covered by the database: the FK violation becomes a 409 `in_use` too.
 */
export async function deleteParty(trx: Transaction<Database>, writer: Writer, key: string, version: number): Promise<void> {
  const before = await lockRecord(trx, parties, writer.orgId, key, version);
  const contracts = await referencingContracts(trx, writer.orgId, key);
  const services = (
    await trx.selectFrom('services').select('key').where('org_id', '=', writer.orgId).where('owner_team', '=', key).orderBy('key').limit(20).execute()
  ).map((s) => s.key);
  if (contracts.length || services.length) {
    const uses = [
      contracts.length ? `customer of contract(s) ${contracts.join(', ')}` : '',
      services.length ? `owner team of service(s) ${services.join(', ')}` : '',
    ].filter(Boolean);
    throw new ApiError(409, 'in_use', `party "${key}" is still in use (${uses.join('; ')}) and cannot be deleted`, { key, contracts, services });
  }
  await deleteRecord(trx, parties, writer, key, before);
}

async function referencingContracts(trx: Transaction<Database>, orgId: number, key: string): Promise<string[]> {
  const rows = await (trx as unknown as Kysely<any>)
    .selectFrom('contracts')
    .select('ref')
    .where('org_id', '=', orgId)
    .where('customer', '=', key)
    .orderBy('ref')
    .limit(20)
    .execute();
  return rows.map((r) => r.ref as string);
}
