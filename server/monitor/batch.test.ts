/**
 * Batching, on both stores: due agreements are claimed in batches, each batch asks Grafana ONE
 * /api/ds/query request per time range (refIds prefixed per agreement and mapped back) and
 * commits in one fenced transaction where a lost lease drops only that agreement's result; an
 * agreement is not evaluated again before its figures can change.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { evaluateTarget, type Agreement } from '../../src/domain';
import { GrafanaStandIn } from '../../tests/support/grafanaStandIn';
import { monitorConfig } from '../config';
import { contentHash } from '../resources/agreements/canonical';
import { createTestStore, STORE_KINDS, storeSuiteOptions, type TestStore } from '../testing/stores';
import { totalsOf } from './fold';
import { claimSize, startMonitoring, type MonitoringHandle } from './scheduler';
import { loadSegments } from './store';
import { insertActiveAgreements, syntheticDsQuery } from './testing';

const M = 60_000;
const SLICE = 5 * M;
// Three days into the month: a backfill fits one request range.
const T0 = Date.UTC(2026, 4, 4, 9, 1, 30);
const AGREEMENTS = 8;

function source(expr: string, t: number): number | null {
  const job = Number(/job="j(\d+)"/.exec(expr)?.[1] ?? 0);
  const total = 500 + ((t / SLICE + job) % 9);
  if (expr.includes('latency')) {
    return (t / SLICE + job) % 41 === 0 ? 0.9 : 0.1;
  }
  return expr.includes('good') ? ((t / SLICE) % (13 + job) === 0 ? total - 3 : total) : total;
}

function doc(i: number) {
  const q = (m: string) => ({ datasource: 'prom', expr: `${m}{job="j${i}"}` });
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
      targets: [
        { id: 'availability', objective: 99, slice: '5m', budgeting: 'occurrences', sli: { ratio: { good: q('good'), total: q('total') } } },
        { id: 'latency', objective: 95, slice: '5m', sli: { threshold: { query: q('latency'), op: 'lte', value: 0.5 } } },
      ],
    },
  };
}

const series = (expr: string, from: number, to: number) => {
  const times: number[] = [];
  const values: number[] = [];
  for (let t = from; t <= to; t += SLICE) {
    times.push(t);
    values.push(source(expr, t)!);
  }
  return { times: Float64Array.from(times), values: Float64Array.from(values) };
};

const agreementsOf = (r: { headers: Record<string, unknown> }) => String(r.headers['x-slm-agreement']).split(', ');

for (const kind of STORE_KINDS) {
  describe(`monitoring in batches [${kind}]`, storeSuiteOptions(kind), () => {
    let ts: TestStore;
    let standIn: GrafanaStandIn;
    let monitor: MonitoringHandle;
    let docs: Agreement[];
    let clock = T0;

    before(async () => {
      ts = await createTestStore(kind);
      standIn = await new GrafanaStandIn({ tokens: ['glsa_test'] }).start();
      standIn.route('POST', '/api/ds/query', (req) => ({ status: 200, body: syntheticDsQuery(req.body as never, source) }));
      docs = await insertActiveAgreements(ts.store, 1, Array.from({ length: AGREEMENTS }, (_, i) => doc(i)));
      const config = { ...monitorConfig({}), intervalMs: M, settleMs: 2 * M, concurrency: 1, batchSize: 4 };
      monitor = startMonitoring(
        { store: ts.store, logger: pino({ level: 'silent' }), config, now: () => clock, grafanaTargets: async () => [{ url: standIn.url, token: 'glsa_test', orgId: 1 }] },
        { loop: false }
      );
    });
    after(async () => {
      await monitor?.stop();
      await standIn?.stop();
      await ts?.dispose();
    });

    const monitored = () => ts.store.db.selectFrom('monitor_agreements').selectAll().orderBy('agreement_id').execute();

    async function assertTotalsEqualFullEvaluation() {
      for (const a of docs) {
        const segments = await loadSegments(ts.store, 1, a.metadata.id, contentHash(a), 0);
        for (const t of a.spec.targets) {
          const [row] = segments.get(t.id) ?? [];
          assert.ok(row, `${a.metadata.id}/${t.id} has totals`);
          const data = t.sli.ratio
            ? { good: series(t.sli.ratio.good.expr, row.segment.from, row.settledUntil), total: series(t.sli.ratio.total.expr, row.segment.from, row.settledUntil) }
            : { value: series(t.sli.threshold!.query.expr, row.segment.from, row.settledUntil) };
          const full = evaluateTarget(a.spec, t, data, { from: row.segment.from, to: row.segment.to }, row.settledUntil);
          assert.ok(full.slices.counted > 800);
          assert.deepEqual(row.totals, totalsOf(full), `${a.metadata.id}/${t.id}`);
        }
      }
    }

    it('shares the due agreements among the workers in batches of at most the batch size', () => {
      assert.equal(claimSize(1000, 4, 50), 50);
      assert.equal(claimSize(8, 1, 4), 4);
      assert.equal(claimSize(24, 2, 50), 6);
      assert.equal(claimSize(0, 4, 50), 1);
    });

    it('asks Grafana once per batch, with every agreement’s refIds prefixed, and maps the answers back', async () => {
      const summary = await monitor.runOnce();
      assert.deepEqual([summary.agreements, summary.failed], [AGREEMENTS, 0]);
      const requests = standIn.calls('/api/ds/query', 'POST');
      assert.equal(requests.length, 2, 'two batches of four, one request each');
      for (const r of requests) {
        const ids = agreementsOf(r);
        assert.equal(ids.length, 4);
        const refIds = (r.body as { queries: Array<{ refId: string; expr: string }> }).queries.map((q) => q.refId);
        assert.equal(refIds.length, 4 * 3);
        assert.deepEqual(refIds.slice(0, 3), ['0|availability/good', '0|availability/total', '0|latency/value']);
        assert.equal(new Set(refIds).size, refIds.length);
      }
      assert.deepEqual(requests.flatMap(agreementsOf).sort(), docs.map((d) => d.metadata.id).sort());
      await assertTotalsEqualFullEvaluation();
      // Each agreement got its own data: the incidents differ per job.
      const live = (await monitored()).map((m) => (m.live as Array<{ compliance: number }>)[0].compliance);
      assert.ok(new Set(live).size > 1, `distinct compliance per agreement: ${live.join(', ')}`);
      for (const m of await monitored()) {
        assert.equal(m.lease_token, null);
        assert.equal(m.evaluated_at!.getTime(), clock);
      }
    });

    it('evaluates nothing before a slice ends or settles, then every agreement once', async () => {
      const at = (h: number, m: number, sec = 0) => Date.UTC(2026, 4, 4, h, m, sec);
      const dueTimes = async () => [...new Set((await monitored()).map((m) => m.next_run_at.toISOString()))];
      // Evaluated at 09:01:30: the slice that ended at 09:00 settles at 09:02.
      assert.deepEqual(await dueTimes(), [new Date(at(9, 2)).toISOString()]);
      const before = standIn.requests.length;
      clock = at(9, 1, 50);
      assert.equal((await monitor.runOnce()).agreements, 0);
      assert.equal(standIn.requests.length, before, 'no request while nothing can change');
      clock = at(9, 2, 30);
      assert.equal((await monitor.runOnce()).agreements, AGREEMENTS);
      assert.equal(standIn.requests.length, before + 2, 'one request per batch');
      // Next: the slice ending at 09:05.
      assert.deepEqual(await dueTimes(), [new Date(at(9, 5)).toISOString()]);
      clock = at(9, 4, 30);
      assert.equal((await monitor.runOnce()).agreements, 0);
      clock = at(9, 5, 30);
      assert.equal((await monitor.runOnce()).agreements, AGREEMENTS);
      assert.deepEqual(await dueTimes(), [new Date(at(9, 7)).toISOString()]);
      await assertTotalsEqualFullEvaluation();
    });

    it('a lost lease in a batch drops only that agreement’s result', async () => {
      const beforeRows = new Map((await monitored()).map((m) => [m.agreement_id, m]));
      const victim = 'SLA-5';
      const periodsBefore = await loadSegments(ts.store, 1, victim, contentHash(docs[5]), 0);
      standIn.route('POST', '/api/ds/query', async (req) => {
        if (agreementsOf(req).includes(victim)) {
          // Another engine takes the lease over while this batch is being evaluated.
          await ts.store.db.updateTable('monitor_agreements').set({ lease_token: 'other-engine:1', lease_owner: 'other-engine' }).where('agreement_id', '=', victim).execute();
        }
        return { status: 200, body: syntheticDsQuery(req.body as never, source) };
      });
      clock = Date.UTC(2026, 4, 4, 10, 2, 30); // the slices up to 10:00 settled: the hour since the watermark is folded
      const summary = await monitor.runOnce();
      assert.equal(summary.agreements, AGREEMENTS);
      assert.equal(summary.failed, 1, 'only the agreement whose lease was lost');
      for (const m of await monitored()) {
        if (m.agreement_id === victim) {
          assert.equal(m.evaluated_at!.getTime(), beforeRows.get(victim)!.evaluated_at!.getTime(), 'its result was not written');
          assert.equal(m.lease_token, 'other-engine:1', 'the new owner keeps its lease');
        } else {
          assert.equal(m.evaluated_at!.getTime(), clock, `${m.agreement_id} written`);
          assert.equal(m.lease_token, null);
          assert.ok(m.settled_until!.getTime() > beforeRows.get(m.agreement_id)!.settled_until!.getTime(), `${m.agreement_id} folded further`);
        }
      }
      assert.deepEqual(await loadSegments(ts.store, 1, victim, contentHash(docs[5]), 0), periodsBefore, 'its totals are untouched');
      await assertTotalsEqualFullEvaluation();
    });
  });
}
