/**
 * A datasource outage, with the engine on its embedded database (PGlite) and a real Prometheus:
 * first Grafana's query API fails (502), then Prometheus itself is stopped (per-query errors in a
 * 400 answer). Neither creates a breach — even with `noData: bad` — while coverage drops and the
 * failure is reported with back-off; after recovery the engine catches up and its totals equal a
 * full evaluation of the data.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Agreement } from '../../../src/domain';
import { openStore } from '../../../server/store/db';
import { rawRows } from '../../../server/monitor/testing';
import {
  agreementDoc,
  api,
  assertTotalsEqualFullEvaluation,
  restartPrometheus,
  seed,
  spawnEngine,
  startPromWorld,
  waitFor,
  type EngineProcess,
  type PromWorld,
} from './support';

describe('datasource outage (PGlite, real Prometheus)', () => {
  let world: PromWorld;
  let dataDir: string;
  let docs: Agreement[];
  let engine: EngineProcess | undefined;

  before(async () => {
    world = await startPromWorld();
    dataDir = mkdtempSync(join(tmpdir(), 'slm-outage-'));
    docs = await seed({ dataDir }, [agreementDoc('SLA-A', 'a'), agreementDoc('SLA-C', 'c')]);
  });
  after(async () => {
    await engine?.stop().catch(() => undefined);
    await world?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const coverageOf = (status: any) => status.items.map((i: any) => i.targets[0].coverage as number);

  it('creates no breach, lowers coverage, backs off, and catches up after recovery', async () => {
    engine = await spawnEngine({ dataDir, standIn: world.standIn });
    const e = engine;
    const healthy = await waitFor('both agreements evaluated', async () => {
      const s = await api(e, '/monitoring/evaluations');
      return s.items.length === 2 && s.items.every((i: any) => i.state === 'met') && s;
    });
    assert.deepEqual(coverageOf(healthy), [100, 100]);

    world.standIn.failDsQuery = { status: 502, message: 'bad gateway' };
    // Noticed when the agreements are next due: the next minute's slice end at the latest.
    const failing = await waitFor('the outage noticed', async () => {
      const s = await api(e, '/monitoring/status');
      return s.failing.length === 2 && s;
    }, 90_000);
    assert.match(failing.failing[0].error, /502/);
    assert.ok(failing.failing[0].retryAt);
    const during = await waitFor('coverage to drop', async () => {
      const s = await api(e, '/monitoring/evaluations');
      return coverageOf(s).every((c: number) => c < 100) && s;
    }, 200_000);
    const badBefore = new Map(healthy.items.map((i: any) => [i.agreementId, i.targets[0].slices.bad]));
    assert.equal(badBefore.get('SLA-C'), 0, 'job c never fails');
    for (const item of during.items) {
      // noData is bad, yet the unfetched slices add no bad slice (job a has a few genuinely bad ones).
      assert.ok(item.targets[0].slices.bad <= (badBefore.get(item.agreementId) as number), `${item.agreementId}: no bad slice from the outage`);
      assert.equal(item.state, 'met');
      assert.match(item.error, /502/);
    }

    // The datasource itself down: Grafana answers 400 with an error on each query.
    world.standIn.failDsQuery = null;
    await world.prometheus.stop();
    const since = world.standIn.requests.length;
    await waitFor('query errors from a stopped Prometheus', async () => {
      const s = await api(e, '/monitoring/status');
      return world.standIn.requests.length > since && s.failing.length === 2 && s.failing.every((f: any) => /refused|fetch failed|query_range/i.test(f.error)) && s;
    });
    assert.equal((await api(e, '/breaches')).total, 0, 'no breach from an outage');

    await restartPrometheus(world);
    const recovered = await waitFor('recovery', async () => {
      const s = await api(e, '/monitoring/evaluations');
      return s.items.every((i: any) => i.error === null && i.targets[0].coverage === 100) && s;
    });
    assert.deepEqual(recovered.items.map((i: any) => i.state), ['met', 'met']);
    assert.equal((await api(e, '/monitoring/status')).failing.length, 0);
    assert.equal((await api(e, '/breaches')).total, 0);
    await e.stop();
    engine = undefined;

    const store = await openStore({ dataDir });
    try {
      assert.ok((await assertTotalsEqualFullEvaluation(store, docs)) >= 2);
      const rows = await rawRows<{ failures: number }>(store, 'select failures from monitor_agreements');
      assert.deepEqual(rows.map((r) => r.failures), [0, 0]);
    } finally {
      await store.close();
    }
  });
});
