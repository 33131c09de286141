/**
 * 10,000 agreements in a fresh PostgreSQL database, written through the engine's store API (the
 * repository's bulk insert) before an engine is started on it: shared by `npm run bench list10k`
 * and tests/integration/browser/agreementList10k.browser.test.ts.
 */
export const LIST10K_AGREEMENTS = 10_000;
const PG_URL = process.env.SLM_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface SeededDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A new, empty PostgreSQL database next to the test one (dropped by `drop`). */
export async function freshDatabase(prefix = 'slm_list10k'): Promise<SeededDatabase> {
  const pg = (await import('pg')).default;
  const name = `${prefix}_${Date.now().toString(36)}_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
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

/** Agreement `i` of the load: SLA, OLA and UC in turn, ids `SLA-L-00000`… (the list's id order). */
export function listAgreementId(i: number): string {
  const type = (['SLA', 'OLA', 'UC'] as const)[i % 3];
  return `${type}-L-${String(i).padStart(5, '0')}`;
}

function agreementDocument(i: number) {
  const type = (['SLA', 'OLA', 'UC'] as const)[i % 3];
  return {
    apiVersion: 'slm/v1' as const,
    kind: 'Agreement' as const,
    metadata: { id: listAgreementId(i), title: `${type} ${i} — 邮件服务 ${i % 97}` },
    spec: {
      type,
      service: i % 2 ? 'mail' : 'portal',
      provider: 'it-operations',
      counterparty: { SLA: 'finance', OLA: 'network-team', UC: 'cloudco' }[type],
      timezone: 'Asia/Shanghai',
      window: { calendar: 'month' as const },
      targets: [
        {
          id: 'availability',
          objective: 99 + (i % 10) / 10,
          slice: '5m',
          sli: {
            ratio: {
              good: {
                datasource: 'prometheus',
                expr: 'sum(increase(http_requests_total{job="mail",code!~"5.."}[5m]))',
              },
              total: { datasource: 'prometheus', expr: 'sum(increase(http_requests_total{job="mail"}[5m]))' },
            },
          },
        },
      ],
    },
  };
}

/**
 * The catalog, parties and `count` agreements written straight through the engine's store API
 * (the repository's bulk insert), before the engine starts on the same database.
 */
export async function seedAgreements(databaseUrl: string, count = LIST10K_AGREEMENTS): Promise<void> {
  const { openStore } = await import('../server/store/db');
  const { migrateToLatest } = await import('../server/store/migrate');
  const { insertAgreementsBulk } = await import('../server/resources/agreements/repository');
  const { createService } = await import('../server/resources/services/repository');
  const { createParty } = await import('../server/resources/parties/repository');
  const { validateAgreement } = await import('../src/domain');
  const store = await openStore({ databaseUrl });
  try {
    await migrateToLatest(store.db);
    const writer = { orgId: 1, user: 'seed' };
    await store.db.transaction().execute(async (trx) => {
      for (const key of ['mail', 'portal']) {
        await createService(trx, 1, 'seed', {
          key,
          name: key,
          description: '',
          category: '',
          features: [],
          usageScenarios: [],
          ownerTeam: null,
          lifecycle: 'live',
          serviceHours: [],
          dependencies: [],
          dashboards: [],
        });
      }
      for (const [key, kind] of [
        ['it-operations', 'internal'],
        ['network-team', 'internal'],
        ['finance', 'customer'],
        ['cloudco', 'supplier'],
      ] as const) {
        await createParty(trx, writer, { key, name: key, kind, description: '', contacts: [] });
      }
      const docs = Array.from({ length: count }, (_, i) => {
        const r = validateAgreement(agreementDocument(i));
        if (!r.ok) {
          throw new Error(JSON.stringify(r.errors));
        }
        return r.agreement;
      });
      await insertAgreementsBulk(trx, writer, docs);
    });
    // what autovacuum would do shortly after a bulk insert (see engine.bench.ts)
    await store.db.executeQuery({ sql: 'vacuum analyze', parameters: [], query: { kind: 'RawNode' } } as never);
  } finally {
    await store.close();
  }
}

/** The engine's agreement-list requests a page made, with how many rows each one asked for and got. */
export function listRequests(urls: Array<{ url: string; items?: number }>) {
  return urls
    .map(({ url, items }) => ({ url: new URL(url), items }))
    .filter(({ url }) => /\/api\/v1\/agreements$/.test(url.pathname))
    .map(({ url, items }) => ({
      limit: Number(url.searchParams.get('limit')),
      offset: Number(url.searchParams.get('offset') ?? 0),
      items,
    }));
}
