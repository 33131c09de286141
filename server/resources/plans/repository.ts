import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../store/schema';
import {
  deleteRecord,
  getRecord,
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
import type { Plan, PlanInput, PlanListQuery } from './schema';

export const plans: RecordTable<Plan> = {
  table: 'plans',
  idColumn: 'id',
  resource: 'plan',
  describe: (id) => `improvement plan "${id}"`,
  toApi: (row): Plan => ({
    id: row.id,
    title: row.title,
    goal: row.goal,
    measures: row.measures,
    owner: row.owner,
    dueDate: row.due_date,
    status: row.status,
    links: row.links,
    verification: row.verification,
    ...metaOf(row),
  }),
};

type Writer = { orgId: number; user: string };
type Content = Omit<PlanInput, 'id'>;

const columns = (input: Content) => ({
  title: input.title,
  goal: json(input.goal),
  measures: json(input.measures),
  owner: input.owner,
  due_date: input.dueDate,
  status: input.status,
  links: json(input.links),
  verification: input.verification === null ? null : json(input.verification),
});

/** Linked breaches and reviews must exist in the same organisation. */
async function checkLinks(trx: Transaction<Database>, orgId: number, links: Content['links']): Promise<void> {
  for (const [field, table] of [['breaches', 'breaches'], ['reviews', 'reviews']] as const) {
    const ids = links[field];
    if (!ids.length) {continue;}
    const found = await (trx as unknown as Kysely<any>).selectFrom(table).select('id').where('org_id', '=', orgId).where('id', 'in', ids).execute();
    const missing = ids.filter((id) => !found.some((f) => f.id === id));
    if (missing.length) {
      throw invalidField(`links.${field}`, `no ${table === 'breaches' ? 'breach' : 'review'} ${missing.map((m) => `"${m}"`).join(', ')}`, { missing });
    }
  }
}

export async function listPlans(db: Kysely<Database>, orgId: number, query: PlanListQuery): Promise<Page<Plan>> {
  let base = scoped(db, 'plans', orgId);
  if (query.q) {
    const pattern = likePattern(query.q);
    base = base.where((eb) => eb.or([eb('id', 'ilike', pattern), eb('title', 'ilike', pattern), eb('owner', 'ilike', pattern)]));
  }
  if (query.status) {
    base = base.where('status', '=', query.status);
  }
  if (query.owner) {
    base = base.where('owner', '=', query.owner);
  }
  if (query.overdue !== undefined) {
    const today = new Date().toISOString().slice(0, 10);
    const overdue = (eb: any) => eb.and([eb('due_date', 'is not', null), eb('due_date', '<', today), eb('status', 'not in', ['done', 'cancelled'])]);
    base = base.where((eb) => (query.overdue ? overdue(eb) : eb.not(overdue(eb))));
  }
  // jsonb containment: works on PGlite and PostgreSQL alike, and a GIN index could serve it.
  if (query.review) {
    base = base.where(sql<boolean>`links @> ${json({ reviews: [query.review] })}::jsonb`);
  }
  if (query.breach) {
    base = base.where(sql<boolean>`links @> ${json({ breaches: [query.breach] })}::jsonb`);
  }
  if (query.agreement) {
    base = base.where(sql<boolean>`goal @> ${json({ agreementId: query.agreement })}::jsonb`);
  }
  return pageOf(base, plans, query, ['id']);
}

export const getPlan = (db: Kysely<Database>, orgId: number, id: string) => getRecord(db, plans, orgId, id);

export async function createPlan(trx: Transaction<Database>, writer: Writer, input: PlanInput): Promise<Plan> {
  const { id = newId(), ...content } = input;
  await checkLinks(trx, writer.orgId, content.links);
  return insertRecord(trx, plans, writer, id, columns(content));
}

export async function replacePlan(trx: Transaction<Database>, writer: Writer, id: string, version: number, input: Content): Promise<Plan> {
  const before = await lockRecord(trx, plans, writer.orgId, id, version);
  await checkLinks(trx, writer.orgId, input.links);
  return updateRecord(trx, plans, writer, id, before, columns(input));
}

export async function deletePlan(trx: Transaction<Database>, writer: Writer, id: string, version: number): Promise<void> {
  const before = await lockRecord(trx, plans, writer.orgId, id, version);
  await deleteRecord(trx, plans, writer, id, before);
}
