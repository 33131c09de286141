/**
 * Two engines on one PostgreSQL, against a real Prometheus: they split the agreements between
 * them (both evaluate some), each agreement is backfilled once (its period's first slices are
 * requested once, by one engine), and the stored totals equal one full evaluation — a range folded twice would double its counts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Agreement } from '../../../src/domain';
import type { Store } from '../../../server/store/db';
import { rawRows } from '../../../server/monitor/testing';
import {
  assertTotalsEqualFullEvaluation,
  sleep,
  spawnEngine,
  startPostgresScenario,
  waitFor,
  M,
  WEEK,
  type EngineProcess,
  type PostgresScenario,
  type PromWorld,
} from './support';

const AGREEMENTS = 24;

describe('two engines on one PostgreSQL', () => {
  let scenario: PostgresScenario;
  let world: PromWorld;
  let db: PostgresScenario['db'];
  let docs: Agreement[];
  let store: Store;
  let engines: EngineProcess[];

  before(async () => {
    scenario = await startPostgresScenario(AGREEMENTS);
    ({ world, db, docs, store, engines } = scenario);
  });
  after(() => scenario?.dispose());

  it('split the work without evaluating an agreement twice at once', async () => {
    const secret = 'replica-test-secret-0123456789';
    engines.push(...(await Promise.all([0, 1].map(() => spawnEngine({ databaseUrl: db.url, standIn: world.standIn, secret, env: { SLM_MONITOR_CONCURRENCY: '2' } })))));
    const evaluations = async () => Number((await rawRows<{ n: string }>(store, 'select count(*) as n from monitor_agreements where state is not null'))[0].n);
    await waitFor('all agreements evaluated', async () => (await evaluations()) === AGREEMENTS, 50_000);
    await sleep(4000); // a few steady-state cycles
    await Promise.all(engines.map((e) => e.stop()));

    const requests = world.standIn.calls('/api/ds/query', 'POST');
    // A request serves a batch of agreements (X-SLM-Agreement lists them).
    const agreementsOf = (r: (typeof requests)[number]) => String(r.headers['x-slm-agreement']).split(', ');
    const byEngine = new Map<string, number>();
    for (const r of requests) {
      byEngine.set(String(r.headers['x-slm-engine']), (byEngine.get(String(r.headers['x-slm-engine'])) ?? 0) + agreementsOf(r).length);
    }
    assert.equal(byEngine.size, 2, 'both engines queried');
    for (const [engine, n] of byEngine) {
      assert.ok(n >= 5, `engine ${engine} did a share of the work (${n} agreement queries)`);
    }
    const byAgreement = new Map<string, typeof requests>();
    for (const r of requests) {
      for (const id of agreementsOf(r)) {
        byAgreement.set(id, [...(byAgreement.get(id) ?? []), r]);
      }
    }
    assert.equal(byAgreement.size, AGREEMENTS);
    for (const [id, list] of byAgreement) {
      // The backfill starts at the week's first slice: requested exactly once, by one engine, however the work was split.
      const firstChunk = list.filter((r) => Number((r.body as { from: string }).from) <= WEEK.from + M);
      assert.equal(firstChunk.length, 1, `${id}: backfilled once (${firstChunk.map((r) => r.headers['x-slm-engine']).join(', ')})`);
    }
    const checked = await assertTotalsEqualFullEvaluation(store, docs);
    assert.ok(checked >= AGREEMENTS);
    const leases = await rawRows<{ n: string }>(store, 'select count(*) as n from monitor_agreements where lease_token is not null');
    assert.equal(Number(leases[0].n), 0, 'SIGTERM gave every lease back');
    const instances = await rawRows<{ instance_id: string; cycle_agreements: number }>(store, 'select instance_id, cycle_agreements from monitor_instances');
    assert.equal(instances.length, 2);
  });
});
