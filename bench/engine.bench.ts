/**
 * The engine over HTTP on loopback, for PGlite and for PostgreSQL (a fresh database): 10,000
 * agreements loaded through the repository's bulk insert, then autocannon drives
 *   1. a baseline: GET /healthz (no auth, no database) — the HTTP floor of this machine;
 *   2. 50 concurrent readers of agreement list pages (GET /api/v1/agreements?limit=50&offset=…);
 *   3. a write mix: creates (POST /agreements) and negotiation comments (POST …/comments).
 * Figures are printed with their ratio to the baseline measured in the same run. After the write
 * mix, the rows are counted: every acknowledged write must be there exactly once.
 * Goals: list page p99 < 20 ms with 50 readers; ≥ 500 writes/s on PostgreSQL, nothing lost or doubled.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Bench } from './run';

const AGREEMENTS = 10_000;
const READERS = 50;
const WRITERS = 50;
const SECONDS = { baseline: 5, reads: 8, writes: 8 };
const SECRET = 'bench-secret-0123456789abcdef';
const PG_URL = process.env.SLM_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  failed: number;
}

function doc(id: string, type: 'SLA' | 'OLA' | 'UC', i: number) {
  const counterparty = { SLA: 'finance', OLA: 'network-team', UC: 'cloudco' }[type];
  return {
    apiVersion: 'slm/v1' as const,
    kind: 'Agreement' as const,
    metadata: { id, title: `${type} ${i} — 邮件服务 ${i % 97}` },
    spec: {
      type,
      service: i % 2 ? 'mail' : 'portal',
      provider: 'it-operations',
      counterparty,
      timezone: 'Asia/Shanghai',
      window: { calendar: 'month' as const },
      noData: 'ignore' as const,
      minCoverage: 90,
      targets: [
        {
          id: 'availability',
          objective: 99 + (i % 10) / 10,
          slice: '5m',
          budgeting: 'occurrences' as const,
          sli: {
            ratio: {
              good: { datasource: 'prometheus', expr: `sum(increase(http_requests_total{job="mail",code!~"5.."}[5m]))` },
              total: { datasource: 'prometheus', expr: `sum(increase(http_requests_total{job="mail"}[5m]))` },
            },
          },
        },
      ],
    },
  };
}

async function freshPostgres(): Promise<{ url: string; drop: () => Promise<void> } | undefined> {
  const pg = (await import('pg')).default;
  const name = `slm_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
    await admin.query(`create database ${name}`);
  } catch (err) {
    console.log(`  PostgreSQL at ${PG_URL} not reachable (${(err as Error).message}): skipped`);
    return undefined;
  } finally {
    await admin.end().catch(() => undefined);
  }
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

async function drive(options: Record<string, unknown>): Promise<Figures> {
  const autocannon = (await import('autocannon')).default;
  const result = await autocannon({ connections: READERS, ...options } as never);
  const r = result as unknown as { requests: { average: number }; latency: { p50: number; p99: number }; '2xx': number; non2xx: number; errors: number; timeouts: number };
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, ok: r['2xx'], failed: r.non2xx + r.errors + r.timeouts };
}

const fmt = (f: Figures, base: Figures) =>
  `${f.rps.toFixed(0).padStart(6)} req/s (${(f.rps / base.rps).toFixed(2)}× baseline)  p50 ${f.p50.toFixed(1)} ms  p99 ${f.p99.toFixed(1)} ms ` +
  `(${(f.p99 / Math.max(base.p99, 0.1)).toFixed(1)}× baseline)  ${f.ok} ok, ${f.failed} failed`;

async function runOn(kind: 'pglite' | 'postgres'): Promise<void> {
  const { openStore } = await import('../server/store/db');
  const { migrateToLatest } = await import('../server/store/migrate');
  const { buildApp } = await import('../server/http/app');
  const { insertAgreementsBulk } = await import('../server/resources/agreements/repository');
  const { createService } = await import('../server/resources/services/repository');
  const { createParty } = await import('../server/resources/parties/repository');
  const { validateAgreement } = await import('../src/domain');
  const { pino } = await import('pino');

  let cleanup: () => Promise<void>;
  let store;
  if (kind === 'pglite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'slm-bench-'));
    store = await openStore({ dataDir: dir });
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const pgdb = await freshPostgres();
    if (!pgdb) return;
    store = await openStore({ databaseUrl: pgdb.url });
    cleanup = pgdb.drop;
  }
  const app = await buildApp({ store, secret: SECRET, logger: pino({ level: 'silent' }) });
  try {
    await migrateToLatest(store.db);
    const writer = { orgId: 1, user: 'bench' };
    const t0 = Date.now();
    await store.db.transaction().execute(async (trx) => {
      for (const key of ['mail', 'portal']) await createService(trx, 1, 'bench', { key, name: key, description: '', category: '', features: [], usageScenarios: [], ownerTeam: null, lifecycle: 'live', serviceHours: [], dependencies: [], dashboards: [] });
      for (const [key, k] of [['it-operations', 'internal'], ['network-team', 'internal'], ['finance', 'customer'], ['cloudco', 'supplier']] as const) {
        await createParty(trx, writer, { key, name: key, kind: k, description: '', contacts: [] });
      }
      const docs = Array.from({ length: AGREEMENTS }, (_, i) => {
        const type = (['SLA', 'OLA', 'UC'] as const)[i % 3];
        const r = validateAgreement(doc(`${type}-B-${String(i).padStart(5, '0')}`, type, i));
        if (!r.ok) throw new Error(JSON.stringify(r.errors));
        return r.agreement;
      });
      await insertAgreementsBulk(trx, writer, docs);
    });
    // Fresh statistics, as autovacuum would have after a bulk load: otherwise the planner sorts.
    await store.db.executeQuery({ sql: 'analyze', parameters: [], query: { kind: 'RawNode' } } as never);
    console.log(`  [${kind}] loaded ${AGREEMENTS} agreements in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const headers = { 'x-slm-secret': SECRET, 'x-slm-permission': 'manage', 'x-grafana-user': 'bench', 'content-type': 'application/json' };

    const base = await drive({ url: `${address}/healthz`, duration: SECONDS.baseline });
    console.log(`  [${kind}] baseline GET /healthz, ${READERS} conns:`.padEnd(58) + fmt(base, base));

    let page = 0;
    const reads = await drive({
      url: address,
      duration: SECONDS.reads,
      headers,
      requests: [{ method: 'GET', setupRequest: (req: Record<string, unknown>) => ({ ...req, path: `/api/v1/agreements?limit=50&offset=${(page++ % 200) * 50}` }) }],
    });
    const readGoal = reads.p99 < 20 && reads.failed === 0 ? 'MET' : 'NOT MET';
    console.log(`  [${kind}] list page (50 items), ${READERS} readers:`.padEnd(58) + fmt(reads, base) + `   goal p99 < 20 ms: ${readGoal}`);

    const created = new Set<string>();
    const commented: number[] = [];
    let n = 0;
    const writes = await drive({
      url: address,
      duration: SECONDS.writes,
      connections: WRITERS,
      headers,
      requests: [
        {
          method: 'POST',
          path: '/api/v1/agreements',
          setupRequest: (req: Record<string, unknown>) => {
            const i = n++;
            return { ...req, body: JSON.stringify({ document: doc(`UC-W-${process.pid}-${i}`, 'UC', i) }) };
          },
          onResponse: (status: number, body: string) => {
            if (status === 201) created.add(JSON.parse(body).id);
          },
        },
        {
          method: 'POST',
          setupRequest: (req: Record<string, unknown>) => ({ ...req, path: `/api/v1/agreements/SLA-B-${String((n++ % 3333) * 3).padStart(5, '0')}/comments`, body: JSON.stringify({ body: 'bench comment', targetId: 'availability' }) }),
          onResponse: (status: number, body: string) => {
            if (status === 201) commented.push(JSON.parse(body).id);
          },
        },
      ],
    });
    const [agreements, comments] = await Promise.all([
      store.db.selectFrom('agreements').select('id').where('id', 'like', 'UC-W-%').execute(),
      store.db.selectFrom('agreement_comments').select('id').execute(),
    ]);
    const rowsCreated = agreements.length;
    const rowsCommented = comments.length;
    // Nothing lost: every acknowledged write is there. Nothing doubled: no id twice. Rows beyond
    // the acknowledged ones are writes still in flight when autocannon stopped (at most one per connection).
    const createdIds = new Set(agreements.map((a) => a.id));
    const commentIds = new Set(comments.map((c) => Number(c.id)));
    const lost = [...created].filter((id) => !createdIds.has(id)).length + commented.filter((id) => !commentIds.has(id)).length;
    const doubled = agreements.length - createdIds.size + (comments.length - commentIds.size) + (commented.length - new Set(commented).size);
    const inFlight = rowsCreated + rowsCommented - created.size - commented.length;
    const exact = lost === 0 && doubled === 0 && inFlight >= 0 && inFlight <= WRITERS;
    const writeGoal = kind === 'postgres' ? `   goal ≥ 500 writes/s, nothing lost or doubled: ${writes.rps >= 500 && exact ? 'MET' : 'NOT MET'}` : '';
    console.log(`  [${kind}] write mix (create + comment), ${WRITERS} writers:`.padEnd(58) + fmt(writes, base) + writeGoal);
    console.log(
      `  [${kind}] rows after the write mix: ${rowsCreated} agreements / ${created.size} acknowledged, ${rowsCommented} comments / ` +
        `${commented.length} acknowledged: lost ${lost}, doubled ${doubled}, unacknowledged in flight at stop ${inFlight} — ${exact ? 'OK' : 'MISMATCH'}`
    );
  } finally {
    await app.close();
    await store.close();
    await cleanup();
  }
}

export const engineBench: Bench = {
  name: 'engine',
  description: `engine HTTP API on loopback over ${AGREEMENTS} agreements (autocannon), PGlite and PostgreSQL`,
  async run() {
    await runOn('pglite');
    await runOn('postgres');
  },
};
