/**
 * The engine's own review scheduling on both stores: every organisation with active agreements
 * gets its due reviews, written as slm-engine, again and again without duplicates; on
 * PostgreSQL, two engines scheduling at the same moment create each review once (the second
 * waits on the first's insert and reports it as existing). SLM_REVIEW_SCHEDULE_INTERVAL parsing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { pino } from 'pino';
import { ConfigError, reviewScheduleInterval, serveConfig } from '../../config';
import { insertActiveAgreements } from '../../monitor/testing';
import { createTestStore, STORE_KINDS, storeSuiteOptions, type TestStore } from '../../testing/stores';
import { ENGINE_USER, scheduleAllOrgs, startReviewScheduling } from './autoSchedule';
import { scheduleReviews } from './schedule';
import { QUARTER_DOCS, quarterDoc } from './testing';

const silent = pino({ level: 'silent' });
/** 01:00 on 1 April 2026 in Shanghai: March and the first quarter are due. */
const APRIL = Date.parse('2026-03-31T17:00:00Z');
const MAY = Date.parse('2026-05-01T00:00:00+08:00');

async function reviewRows(t: TestStore) {
  const { rows } = await sql<{ org_id: number; id: string; created_by: string }>`select org_id, id, created_by from reviews order by org_id, id`.execute(t.store.db);
  return rows;
}

describe('SLM_REVIEW_SCHEDULE_INTERVAL', () => {
  it('defaults to an hour; takes a duration; 0 or off turns it off; refuses nonsense', () => {
    assert.equal(reviewScheduleInterval({}), 3_600_000);
    assert.equal(serveConfig({}, {}).reviewScheduleIntervalMs, 3_600_000);
    assert.equal(reviewScheduleInterval({ SLM_REVIEW_SCHEDULE_INTERVAL: '15m' }), 900_000);
    for (const off of ['0', 'off', 'OFF', ' false ']) {
      assert.equal(reviewScheduleInterval({ SLM_REVIEW_SCHEDULE_INTERVAL: off }), 0, off);
    }
    for (const bad of ['soon', '-1h', '1d']) {
      assert.throws(() => reviewScheduleInterval({ SLM_REVIEW_SCHEDULE_INTERVAL: bad }), ConfigError, bad);
    }
  });
});

for (const kind of STORE_KINDS) {
  describe(`automatic review scheduling [${kind}]`, storeSuiteOptions(kind), () => {
    let t: TestStore;
    before(async () => {
      t = await createTestStore(kind);
      await insertActiveAgreements(t.store, 1, QUARTER_DOCS);
      await insertActiveAgreements(t.store, 2, [quarterDoc('SLA-X', 'x', { review: { cadence: 'month' } })]);
      // Org 3 has active agreements but no review cadence: nothing to create there.
      await insertActiveAgreements(t.store, 3, [quarterDoc('SLA-Y', 'y')]);
    });
    after(() => t?.dispose());

    it('creates the due reviews of every organisation as slm-engine, and nothing more when run again', async () => {
      const handle = startReviewScheduling({ store: t.store, logger: silent, intervalMs: 3_600_000, now: () => APRIL }, { loop: false });
      const first = await handle.runOnce();
      assert.deepEqual(first, [
        { orgId: 1, created: ['REV-mail-2026-03', 'REV-mail-2026-Q1'], existing: [] },
        { orgId: 2, created: ['REV-mail-2026-03'], existing: [] },
        { orgId: 3, created: [], existing: [] },
      ]);
      const rows = await reviewRows(t);
      assert.deepEqual(rows.map((r) => [r.org_id, r.id, r.created_by]), [
        [1, 'REV-mail-2026-03', ENGINE_USER],
        [1, 'REV-mail-2026-Q1', ENGINE_USER],
        [2, 'REV-mail-2026-03', ENGINE_USER],
      ]);
      const { rows: audit } = await sql<{ org_id: number; user_login: string; action: string }>`select org_id, user_login, action from audit_log where resource = 'review'`.execute(t.store.db);
      assert.deepEqual(audit.map((a) => [a.user_login, a.action]), Array(3).fill([ENGINE_USER, 'create']));
      const again = await handle.runOnce();
      assert.deepEqual(again.map((r) => r.created), [[], [], []]);
      assert.deepEqual(again[0].existing, ['REV-mail-2026-03', 'REV-mail-2026-Q1']);
      assert.equal((await reviewRows(t)).length, 3);
      await handle.stop();
    });

    it('runs at start and then every interval by itself; stop ends it', async () => {
      let clock = APRIL;
      const handle = startReviewScheduling({ store: t.store, logger: silent, intervalMs: 20, now: () => clock });
      clock = MAY; // April is due from the next run on (the one at start may already have read the clock)
      const deadline = Date.now() + 10_000;
      while (!(await reviewRows(t)).some((r) => r.id === 'REV-mail-2026-04') && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
      }
      await handle.stop();
      const ids = (await reviewRows(t)).map((r) => `${r.org_id}/${r.id}`);
      assert.deepEqual(ids, ['1/REV-mail-2026-03', '1/REV-mail-2026-04', '1/REV-mail-2026-Q1', '2/REV-mail-2026-03', '2/REV-mail-2026-04']);
      const count = ids.length;
      await new Promise((r) => setTimeout(r, 100));
      clock = Date.parse('2026-06-01T00:00:00+08:00');
      await new Promise((r) => setTimeout(r, 100));
      assert.equal((await reviewRows(t)).length, count, 'stopped: May is never scheduled');
    });

    it('does nothing with an interval of 0', async () => {
      const handle = startReviewScheduling({ store: t.store, logger: silent, intervalMs: 0, now: () => Date.parse('2026-08-01T00:00:00+08:00') });
      const before = (await reviewRows(t)).length;
      await new Promise((r) => setTimeout(r, 100));
      await handle.stop();
      assert.equal((await reviewRows(t)).length, before);
    });
  });
}

describe('two engines scheduling at the same moment [postgres]', storeSuiteOptions('postgres'), () => {
  let t: TestStore;
  before(async () => {
    t = await createTestStore('postgres');
    await insertActiveAgreements(t.store, 1, QUARTER_DOCS);
  });
  after(() => t?.dispose());

  it('creates each review once: the second waits on the first insert, then reports it as existing', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let firstResult: unknown;
    // Engine 1 schedules and keeps its transaction open (not committed yet)…
    const first = t.store.db.transaction().execute(async (trx) => {
      firstResult = await scheduleReviews(trx, { orgId: 1, user: ENGINE_USER }, APRIL);
      await held;
    });
    while (firstResult === undefined) {
      await new Promise((r) => setTimeout(r, 10));
    }
    // …while engine 2 runs: it cannot see the uncommitted reviews, so it tries to insert and blocks.
    const second = scheduleAllOrgs(t.store, APRIL, silent);
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { rows } = await sql<{ n: string }>`select count(*) as n from pg_locks where not granted`.execute(t.store.db);
      if (Number(rows[0].n) > 0) {
        break;
      }
      assert.ok(Date.now() < deadline, 'engine 2 never waited for engine 1');
      await new Promise((r) => setTimeout(r, 10));
    }
    release();
    await first;
    assert.deepEqual(firstResult, { created: ['REV-mail-2026-03', 'REV-mail-2026-Q1'], existing: [] });
    assert.deepEqual(await second, [{ orgId: 1, created: [], existing: ['REV-mail-2026-03', 'REV-mail-2026-Q1'] }]);
    assert.equal((await reviewRows(t)).length, 2);
    const { rows } = await sql<{ n: string }>`select count(*) as n from audit_log where resource = 'review'`.execute(t.store.db);
    assert.equal(Number(rows[0].n), 2, 'one audit row per review');
  });

  it('many runs at once on separate connections leave one review per period', async () => {
    const asOf = Date.parse('2026-07-01T01:00:00+08:00');
    const runs = await Promise.all(Array.from({ length: 5 }, () => scheduleAllOrgs(t.store, asOf, silent)));
    const created = runs.flatMap((r) => r[0].created).sort();
    assert.deepEqual(created, ['REV-mail-2026-06', 'REV-mail-2026-Q2'], 'each created by exactly one run');
    assert.ok(runs.every((r) => r[0].created.length + r[0].existing.length === 2));
    assert.equal((await reviewRows(t)).length, 4);
  });
});
