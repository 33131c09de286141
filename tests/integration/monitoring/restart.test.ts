/**
 * Monitoring across engine restarts on PostgreSQL, against a real Prometheus with an injected
 * incident: the engine is killed with SIGKILL in the middle of its first (backfill) cycle,
 * restarted, stopped with SIGTERM and restarted again. The incident's breach is recorded exactly
 * once (one row, one audit "create"), and every stored total equals one full evaluation of the
 * same data, so no slice range was folded twice or skipped.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Agreement } from '../../../src/domain';
import type { Store } from '../../../server/store/db';
import { rawRows } from '../../../server/monitor/testing';
import {
  api,
  assertTotalsEqualFullEvaluation,
  INCIDENT,
  jobOf,
  sleep,
  spawnEngine,
  startPostgresScenario,
  waitFor,
  type EngineProcess,
  type PostgresScenario,
  type PromWorld,
} from './support';

const AGREEMENTS = 30;

describe('monitoring survives kill -9 and restarts (PostgreSQL, real Prometheus)', () => {
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

  const count = async (query: string) => Number((await rawRows<{ n: string }>(store, query))[0].n);
  const evaluated = () => count('select count(*) as n from monitor_agreements where state is not null and lease_token is null');

  it('records the breach once and keeps exact totals through SIGKILL mid-cycle and restarts', async () => {
    assert.ok(INCIDENT.to > INCIDENT.from);
    const secret = 'restart-test-secret-0123456789';
    // A slow datasource spaces the first engine's commits out, so that polling sees the cycle half done.
    world.standIn.dsQueryDelayMs = 500;
    const first = await spawnEngine({ databaseUrl: db.url, standIn: world.standIn, secret, env: { SLM_MONITOR_CONCURRENCY: '2' } });
    engines.push(first);
    // Mid-cycle: some agreements have committed backfill chunks, others not yet.
    await waitFor('the first backfill commits', async () => {
      const n = await count('select count(*) as n from monitor_periods');
      return n > 0 && n < AGREEMENTS;
    });
    await first.kill9();
    world.standIn.dsQueryDelayMs = 0;
    const partial = await count('select count(*) as n from monitor_periods');
    assert.ok(partial < AGREEMENTS, `killed mid-cycle (${partial} of ${AGREEMENTS} agreements had totals)`);
    const killedRequests = world.standIn.calls('/api/ds/query', 'POST').length;

    const second = await spawnEngine({ databaseUrl: db.url, standIn: world.standIn, secret });
    engines.push(second);
    await waitFor('every agreement evaluated after the restart', async () => (await evaluated()) === AGREEMENTS, 50_000);
    await second.stop(); // SIGTERM: finishes what it holds
    assert.equal(second.child.exitCode, 0, second.output());

    const third = await spawnEngine({ databaseUrl: db.url, standIn: world.standIn, secret });
    engines.push(third);
    const since = world.standIn.requests.length;
    // Agreements are due again when a slice ends or settles (every minute here), each request serving a batch.
    const queried = () => new Set(world.standIn.requests.slice(since).flatMap((r) => (r.headers['x-slm-engine'] ? String(r.headers['x-slm-agreement']).split(', ') : [])));
    await waitFor('a cycle of the third engine', async () => queried().size >= AGREEMENTS, 90_000);
    await sleep(1500);
    await third.stop();

    const engineIds = new Set(world.standIn.calls('/api/ds/query', 'POST').map((r) => r.headers['x-slm-engine']));
    assert.equal(engineIds.size, 3, 'three engine instances queried');
    assert.ok(killedRequests > 0);

    const incidentAgreements = docs.filter((d) => jobOf(d) === 'b').map((d) => d.metadata.id).sort();
    const breaches = await rawRows<{ agreement_id: string; severity: string; bad_intervals: Array<{ from: string; to: string }> }>(
      store,
      'select agreement_id, severity, bad_intervals from breaches order by agreement_id'
    );
    assert.deepEqual(breaches.map((b) => b.agreement_id), incidentAgreements, 'one breach per incident agreement, none for the healthy ones');
    for (const b of breaches) {
      assert.equal(b.severity, 'breached');
      assert.deepEqual(b.bad_intervals.map((i) => [Date.parse(i.from), Date.parse(i.to)]), [[INCIDENT.from, INCIDENT.to]]);
    }
    const creates = await count("select count(*) as n from audit_log where resource = 'breach' and action = 'create'");
    assert.equal(creates, incidentAgreements.length, 'each breach created once');

    const checked = await assertTotalsEqualFullEvaluation(store, docs);
    assert.ok(checked >= AGREEMENTS);
    const status = await api(third.child.exitCode === null ? third : await spawnAgain(), '/monitoring/evaluations?state=breached&limit=100');
    assert.equal(status.total, incidentAgreements.length);

    async function spawnAgain() {
      const e = await spawnEngine({ databaseUrl: db.url, standIn: world.standIn, secret, env: { SLM_MONITOR: 'off' } });
      engines.push(e);
      return e;
    }
  });
});
