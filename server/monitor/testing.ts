/**
 * Test and benchmark support for monitoring: active agreements written straight into the store
 * (catalog, parties, agreement, signed version in force), and a synthetic /api/ds/query answer
 * computed from per-slice functions (the frames Grafana's Prometheus datasource returns).
 */
import { sql } from 'kysely';
import { validateAgreement, type Agreement } from '../../src/domain';
import type { Store } from '../store/db';
import { contentHash } from '../resources/agreements/canonical';
import { insertAgreementsBulk } from '../resources/agreements/repository';

const PARTY_KINDS: Record<string, 'customer' | 'internal' | 'supplier'> = { SLA: 'customer', OLA: 'internal', UC: 'supplier' };

/** Inserts documents as active agreements (revision 1 in force) with the services and parties they name. */
export async function insertActiveAgreements(store: Store, orgId: number, inputs: unknown[]): Promise<Agreement[]> {
  const docs = inputs.map((input) => {
    const r = validateAgreement(input);
    if (!r.ok) {
      throw new Error(`invalid test agreement: ${JSON.stringify(r.errors)}`);
    }
    return r.agreement;
  });
  await store.db.transaction().execute(async (trx) => {
    for (const key of new Set(docs.map((d) => d.spec.service))) {
      await sql`insert into services (org_id, key, name, lifecycle, created_by, updated_by) values (${orgId}, ${key}, ${key}, 'live', 'test', 'test') on conflict do nothing`.execute(trx);
    }
    const parties = new Map<string, string>();
    for (const d of docs) {
      parties.set(d.spec.provider, 'internal');
      parties.set(d.spec.counterparty, PARTY_KINDS[d.spec.type]);
    }
    for (const [key, kind] of parties) {
      await sql`insert into parties (org_id, key, name, kind, created_by, updated_by) values (${orgId}, ${key}, ${key}, ${kind}, 'test', 'test') on conflict do nothing`.execute(trx);
    }
    await insertAgreementsBulk(trx, { orgId, user: 'test' }, docs);
    for (const d of docs) {
      await trx
        .insertInto('agreement_versions')
        .values({ org_id: orgId, agreement_id: d.metadata.id, revision: 1, document: JSON.stringify(d), hash: contentHash(d), frozen_by: 'test', activated_at: new Date() })
        .execute();
    }
    await trx
      .updateTable('agreements')
      .set({ state: 'active', active_revision: 1 })
      .where('org_id', '=', orgId)
      .where('id', 'in', docs.map((d) => d.metadata.id))
      .execute();
  });
  return docs;
}

/** Per-slice value of a query expression at a slice end (epoch ms), or null for no point. */
export type SyntheticSource = (expr: string, sliceEnd: number) => number | null;

interface DsQueryRequest {
  queries: Array<{ refId: string; expr: string; intervalMs: number }>;
  from: string;
  to: string;
}

/**
 * Answers a /api/ds/query body the way Grafana's Prometheus datasource does (one frame per
 * series, Time + Value), with points at every step in [from, to] aligned down to the step.
 */
export function syntheticDsQuery(body: DsQueryRequest, source: SyntheticSource): { results: Record<string, unknown> } {
  const from = Number(body.from);
  const to = Number(body.to);
  const results: Record<string, unknown> = {};
  for (const q of body.queries) {
    const step = q.intervalMs;
    const times: number[] = [];
    const values: number[] = [];
    for (let t = Math.floor(from / step) * step; t <= Math.floor(to / step) * step; t += step) {
      const v = source(q.expr, t);
      if (v !== null) {
        times.push(t);
        values.push(v);
      }
    }
    const fields = times.length
      ? [
          { name: 'Time', type: 'time', typeInfo: { frame: 'time.Time' } },
          { name: 'Value', type: 'number', typeInfo: { frame: 'float64' }, labels: {} },
        ]
      : [];
    results[q.refId] = {
      status: 200,
      frames: [{ schema: { name: '', refId: q.refId, meta: { type: 'timeseries-multi' }, fields }, data: { values: times.length ? [times, values] : [] } }],
    };
  }
  return { results };
}

/** Rows of a raw SQL query (tests outside server/ cannot import kysely themselves). */
export async function rawRows<T = Record<string, unknown>>(store: Store, text: string): Promise<T[]> {
  return (await sql.raw<T>(text).execute(store.db)).rows;
}
