/**
 * PGlite has no autovacuum: after a cycle the monitor vacuums and analyzes its tables itself,
 * when their counters say autovacuum would; PostgreSQL is left to its own autovacuum.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestStore, STORE_KINDS, storeSuiteOptions, type TestStore } from '../testing/stores';
import { tidyMonitorTables, upkeepOf } from './housekeeping';
import { syncMonitored } from './store';
import { insertActiveAgreements } from './testing';

function doc(i: number) {
  return {
    apiVersion: 'slm/v1',
    kind: 'Agreement',
    metadata: { id: `SLA-${i}`, title: `Agreement ${i}` },
    spec: {
      type: 'SLA',
      service: 'mail',
      provider: 'it-operations',
      counterparty: 'finance',
      timezone: 'UTC',
      window: { calendar: 'month' },
      targets: [{ id: 'latency', objective: 95, slice: '5m', sli: { threshold: { query: { datasource: 'prom', expr: `latency{job="j${i}"}` }, op: 'lte', value: 0.5 } } }],
    },
  };
}

describe('upkeepOf', () => {
  it('vacuums past 50 + 20 % dead rows and analyzes a table never analyzed or whose row count moved by half', () => {
    assert.equal(upkeepOf({ live: 1000, dead: 250, planned: 1000, analyzed: true }), null);
    assert.equal(upkeepOf({ live: 1000, dead: 251, planned: 1000, analyzed: true }), 'vacuum');
    assert.equal(upkeepOf({ live: 1000, dead: 0, planned: 1000, analyzed: false }), 'analyze');
    assert.equal(upkeepOf({ live: 0, dead: 0, planned: -1, analyzed: false }), null);
    assert.equal(upkeepOf({ live: 1000, dead: 0, planned: 600, analyzed: true }), 'analyze');
    assert.equal(upkeepOf({ live: 1000, dead: 5000, planned: 400, analyzed: true }), 'vacuum analyze');
  });
});

for (const kind of STORE_KINDS) {
  describe(`monitor table housekeeping [${kind}]`, storeSuiteOptions(kind), () => {
    let ts: TestStore;
    const stats = async () =>
      (
        await sql<{ n_dead_tup: string | number; vacuumed: boolean; analyzed: boolean }>`
          select n_dead_tup, last_vacuum is not null as vacuumed, last_analyze is not null as analyzed
          from pg_stat_user_tables where relname = 'monitor_agreements'`.execute(ts.store.db)
      ).rows[0];

    before(async () => {
      ts = await createTestStore(kind);
      await insertActiveAgreements(ts.store, 1, Array.from({ length: 40 }, (_, i) => doc(i)));
      await syncMonitored(ts.store, 1);
      // Rewrites like a few busy cycles do: every row updated several times (over the 50 + 20 % × 40 = 58 dead rows that call for a vacuum).
      for (let k = 0; k < 5; k++) {
        await sql`update monitor_agreements set failures = failures + 1`.execute(ts.store.db);
      }
      // Table counters reach pg_stat_user_tables at most once a second unless asked.
      await sql`select pg_stat_force_next_flush()`.execute(ts.store.db);
    });
    after(async () => {
      await ts?.dispose();
    });

    if (kind === 'pglite') {
      it('vacuums and analyzes the rewritten monitor table, then leaves it alone', async () => {
        const before = await stats();
        assert.ok(Number(before.n_dead_tup) > 58, `dead rows before: ${JSON.stringify(before)}`);
        const done = await tidyMonitorTables(ts.store);
        assert.equal(done.get('monitor_agreements'), 'vacuum analyze');
        const after = await stats();
        assert.equal(Number(after.n_dead_tup), 0);
        assert.ok(after.vacuumed && after.analyzed);
        assert.equal((await tidyMonitorTables(ts.store)).get('monitor_agreements'), undefined, 'nothing left to do');
      });
    } else {
      it('leaves PostgreSQL to its autovacuum', async () => {
        assert.equal((await tidyMonitorTables(ts.store)).size, 0);
        assert.equal((await stats()).vacuumed, false);
      });
    }
  });
}
