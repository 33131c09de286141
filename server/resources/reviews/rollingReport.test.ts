/**
 * The review report of rolling-window agreements on both stores, from a quarter of history the
 * monitor itself stored (its pruning of buckets that left the window is held back by a rule, as
 * if the history were kept): the review period split into windows of the rolling length ending
 * at its end (7d window, 28-day review) or into days (60d window), the trend continuing the
 * split backwards; every figure equals the domain evaluator's over the same window and data.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { evaluateTarget, type Agreement, type TargetEvaluation } from '../../../src/domain';
import { createTestApi, STORE_KINDS, storeSuiteOptions, type TestApi } from '../../testing/stores';
import { rollingPeriods } from './report';
import { H, INCIDENTS, monitorFirstQuarter, quarterDoc, seriesOf, sh } from './testing';

const DAY = 24 * H;
const WEEK = 7 * DAY;
const iso = (t: number) => new Date(t).toISOString();
/** The review period 2026-03-04 … 2026-03-31 in Shanghai: four whole weeks. */
const RANGE = { from: sh(3, 4), to: sh(4, 1) };

function expected(a: Agreement, targetId: string, w: { from: number; to: number }): TargetEvaluation {
  const target = a.spec.targets.find((t) => t.id === targetId)!;
  return evaluateTarget(a.spec, target, seriesOf(a, targetId, w.from - H, w.to + H), w, w.to);
}

function assertSame(actual: any, e: TargetEvaluation, what: string) {
  assert.deepEqual(
    [actual.state, actual.compliance, actual.coverage, actual.errorBudgetRemaining],
    [e.state, e.compliance, e.coverage, e.errorBudgetRemaining],
    what
  );
}

describe('rolling periods of a review range', () => {
  const spec = (rolling: string) => ({ window: { rolling }, timezone: 'Asia/Shanghai' }) as never;
  it('splits into whole windows ending at the range end; the remainder starts the trend', () => {
    const r = rollingPeriods(spec('7d'), { from: sh(3, 1), to: sh(4, 1) });
    assert.equal(r.kind, 'window');
    assert.deepEqual(r.periods, [4, 3, 2, 1].map((k) => ({ from: sh(4, 1) - k * WEEK, to: sh(4, 1) - (k - 1) * WEEK })));
    assert.equal(r.trend.length, 6);
    assert.deepEqual(r.trend[5], { from: sh(3, 4) - WEEK, to: sh(3, 4) }, 'the 3 remaining days of March are in the newest trend window');
    assert.deepEqual(r.trend[0], { from: sh(3, 4) - 6 * WEEK, to: sh(3, 4) - 5 * WEEK });
  });
  it('splits per calendar day in the zone when the window is longer than the range', () => {
    const r = rollingPeriods(spec('30d'), { from: sh(3, 1), to: sh(3, 4) });
    assert.equal(r.kind, 'day');
    assert.deepEqual(r.periods, [{ from: sh(3, 1), to: sh(3, 2) }, { from: sh(3, 2), to: sh(3, 3) }, { from: sh(3, 3), to: sh(3, 4) }]);
    assert.deepEqual(r.trend.map((d) => d.from), [6, 5, 4, 3, 2, 1].map((n) => sh(3, 1) - n * DAY));
  });
});

for (const kind of STORE_KINDS) {
  describe(`review report of rolling-window agreements [${kind}]`, storeSuiteOptions(kind), () => {
    let api: TestApi;
    let docs: Map<string, Agreement>;
    before(async () => {
      api = await createTestApi(kind);
      // Keep the buckets the monitor prunes once they leave the window: a quarter of history.
      await sql`create rule keep_buckets as on delete to monitor_periods where old.kind = 'bucket' do instead nothing`.execute(api.store.db);
      const monitored = await monitorFirstQuarter(api.store, [
        quarterDoc('SLA-R7', 'b', { window: { rolling: '7d' } }),
        quarterDoc('SLA-R60', 'b', { window: { rolling: '60d' } }),
      ]);
      docs = new Map(monitored.map((d) => [d.metadata.id, d]));
      const res = await api.request({ method: 'POST', url: '/api/v1/reviews', body: { id: 'R-MAR', title: 'March', scope: { services: ['mail'] }, period: { from: '2026-03-04', to: '2026-03-31' } } });
      assert.equal(res.statusCode, 201, res.body);
    });
    after(() => api?.dispose());

    let generated: Map<string, unknown> | undefined;
    const report = async () => {
      if (!generated) {
        const res = await api.request({ method: 'POST', url: '/api/v1/reviews/R-MAR/report', headers: { 'if-match': '1' } });
        assert.equal(res.statusCode, 200, res.body);
        generated = new Map(res.json().report.agreements.map((a: any) => [a.id, a]));
      }
      return generated;
    };

    it('7d window, 28-day review: four weekly windows and six earlier ones, each equal to the evaluator', async () => {
      const a: any = (await report()).get('SLA-R7');
      assert.equal(a.window, 'rolling:7d');
      const doc = docs.get('SLA-R7')!;
      for (const t of a.targets) {
        assert.equal(t.periodKind, 'window');
        assertSame(t, expected(doc, t.id, RANGE), `${t.id} over the review`);
        const weeks = [4, 3, 2, 1].map((k) => ({ from: RANGE.to - k * WEEK, to: RANGE.to - (k - 1) * WEEK }));
        assert.deepEqual(t.periods.map((p: any) => [p.from, p.to]), weeks.map((w) => [iso(w.from), iso(w.to)]));
        t.periods.forEach((p: any, i: number) => assertSame(p, expected(doc, t.id, weeks[i]), `${t.id} week ${i}`));
        assert.ok(t.periods.every((p: any) => p.complete && p.serviceCredit === undefined));
        const earlier = [6, 5, 4, 3, 2, 1].map((k) => ({ from: RANGE.from - k * WEEK, to: RANGE.from - (k - 1) * WEEK }));
        assert.deepEqual(t.trend.map((p: any) => p.from), earlier.map((w) => iso(w.from)));
        t.trend.forEach((p: any, i: number) => assertSame(p, expected(doc, t.id, earlier[i]), `${t.id} trend ${i}`));
      }
      // The February incident falls into one earlier week, which is breached; the weeks of March are met.
      const availability = a.targets.find((t: any) => t.id === 'availability');
      const hit = availability.trend.filter((p: any) => Date.parse(p.from) <= INCIDENTS[1].from && INCIDENTS[1].to <= Date.parse(p.to));
      assert.deepEqual(hit.map((p: any) => p.state), ['breached']);
      assert.ok(availability.periods.every((p: any) => p.state === 'met'));
    });

    it('60d window, 28-day review: per day, six days of trend, each equal to the evaluator', async () => {
      const a: any = (await report()).get('SLA-R60');
      const doc = docs.get('SLA-R60')!;
      for (const t of a.targets) {
        assert.equal(t.periodKind, 'day');
        assert.equal(t.periods.length, 28);
        t.periods.forEach((p: any, i: number) => {
          const day = { from: RANGE.from + i * DAY, to: RANGE.from + (i + 1) * DAY };
          assert.deepEqual([p.from, p.to], [iso(day.from), iso(day.to)]);
          assertSame(p, expected(doc, t.id, day), `${t.id} day ${i}`);
        });
        assert.deepEqual(t.trend.map((p: any) => p.from), [6, 5, 4, 3, 2, 1].map((n) => iso(RANGE.from - n * DAY)));
        t.trend.forEach((p: any, i: number) => assertSame(p, expected(doc, t.id, { from: RANGE.from - (6 - i) * DAY, to: RANGE.from - (5 - i) * DAY }), `${t.id} trend day ${i}`));
      }
      const md = (await api.request({ url: '/api/v1/reviews/R-MAR/report.md' })).body;
      assert.match(md, /\| Window \(rolling 7d\) \| Compliance/);
      assert.match(md, /\| Day \| Compliance/);
    });

    it('leaves out the windows the history no longer holds and marks partial ones incomplete', async () => {
      // What the monitor's pruning does: buckets before 25 March gone (for both agreements).
      await sql`drop rule keep_buckets on monitor_periods`.execute(api.store.db);
      await sql`delete from monitor_periods where kind = 'bucket' and period_from < ${new Date(sh(3, 25) + 5 * H)}`.execute(api.store.db);
      const created = await api.request({ method: 'POST', url: '/api/v1/reviews', body: { id: 'R-MAR-2', title: 'March again', scope: { agreements: ['SLA-R7'] }, period: { from: '2026-03-04', to: '2026-03-31' } } });
      assert.equal(created.statusCode, 201, created.body);
      const res = await api.request({ url: '/api/v1/reviews/R-MAR-2/report' });
      assert.equal(res.json().source, 'preview');
      const availability = res.json().report.agreements.find((x: any) => x.id === 'SLA-R7').targets.find((t: any) => t.id === 'availability');
      assert.deepEqual(availability.trend, []);
      assert.deepEqual(availability.periods.map((p: any) => [p.from, p.complete]), [[iso(sh(3, 25)), false]]);
      assert.equal(availability.complete, false);
    });
  });
}
