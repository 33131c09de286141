/**
 * The incremental fold against the evaluator: after any sequence of cycles (at random times,
 * with datasource failures, partial fetches and cycles whose writes were lost to a kill), every
 * stored segment equals one full evaluateTarget over the same slices, and the live figures equal
 * a full evaluation of the period at that time.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { evaluateTarget, type Agreement, type TargetEvaluation, type TargetSeries } from '../../src/domain';
import { agreement, thresholdSli } from '../../src/domain/testHelpers';
import {
  addTotals,
  applyChanges,
  emptyTotals,
  fetchStart,
  foldTarget,
  liveTarget,
  mergeIntervals,
  totalsOf,
  type StoredSegment,
} from './fold';

const M = 60_000;
const H = 60 * M;
const D = 24 * H;
// A Wednesday; the simulation crosses at least one week boundary.
const T0 = Date.UTC(2026, 2, 4, 7, 13);

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Config {
  window: 'week-utc' | 'week-kolkata' | 'rolling-6h' | 'rolling-90m';
  slice: '5m' | '15m' | '1h';
  sli: 'occurrences' | 'timeslices' | 'threshold';
  noData: 'ignore' | 'bad' | 'good';
  serviceHours: boolean;
  maintenance: boolean;
  seed: number;
}

function specOf(c: Config): Agreement {
  const window = c.window.startsWith('week') ? { calendar: 'week' as const } : { rolling: c.window === 'rolling-6h' ? '6h' : '90m' };
  const timezone = c.window === 'week-kolkata' ? 'Asia/Kolkata' : 'UTC';
  const target =
    c.sli === 'threshold'
      ? { objective: 95, slice: c.slice, sli: thresholdSli('lte', 300) }
      : { objective: 99, warning: 99.5, slice: c.slice, budgeting: c.sli };
  return agreement(
    {
      window,
      timezone,
      noData: c.noData,
      minCoverage: 50,
      ...(c.serviceHours ? { serviceHours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '18:30' }] } : {}),
      ...(c.maintenance ? { maintenance: [{ from: new Date(T0 + 2 * D + 17 * M).toISOString(), to: new Date(T0 + 2 * D + 3 * H).toISOString() }] } : {}),
    },
    target
  );
}

/** Per-slice data over [T0 − 8 d, T0 + 12 d): bad runs, gaps and zero-traffic slices; integer counts. */
function dataOf(c: Config, sliceMs: number): TargetSeries {
  const r = rng(c.seed);
  const from = T0 - 8 * D;
  const n = (20 * D) / sliceMs;
  const times: number[] = [];
  const good: number[] = [];
  const total: number[] = [];
  const value: number[] = [];
  let badLeft = 0;
  for (let i = 0; i < n; i++) {
    if (r() < 0.08) {
      continue; // no point: no data
    }
    if (badLeft === 0 && r() < 0.02) {
      badLeft = 1 + Math.floor(r() * 6);
    }
    const bad = badLeft > 0;
    badLeft = Math.max(0, badLeft - 1);
    const t = Math.floor(r() * 200) + (r() < 0.05 ? 0 : 50);
    times.push(from + (i + 1) * sliceMs);
    total.push(t);
    good.push(bad ? Math.floor(t * 0.9) : t - (r() < 0.3 ? 1 : 0));
    value.push(bad ? 500 : 100 + Math.floor(r() * 150));
  }
  const series = (values: number[]) => ({ times: Float64Array.from(times), values: Float64Array.from(values) });
  return c.sli === 'threshold' ? { value: series(value) } : { good: series(good), total: series(total) };
}

const configArb = fc.record({
  window: fc.constantFrom('week-utc' as const, 'week-kolkata' as const, 'rolling-6h' as const, 'rolling-90m' as const),
  slice: fc.constantFrom('5m' as const, '15m' as const, '1h' as const),
  sli: fc.constantFrom('occurrences' as const, 'timeslices' as const, 'threshold' as const),
  noData: fc.constantFrom('ignore' as const, 'bad' as const, 'good' as const),
  serviceHours: fc.boolean(),
  maintenance: fc.boolean(),
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
});

function assertSameEvaluation(actual: TargetEvaluation, expected: TargetEvaluation, what: string) {
  assert.deepEqual(actual, expected, what);
}

describe('incremental fold', () => {
  it('merges touching and overlapping bad intervals, keeps gaps', () => {
    assert.deepEqual(
      mergeIntervals([
        { from: 10, to: 20 },
        { from: 0, to: 5 },
        { from: 20, to: 30 },
        { from: 25, to: 26 },
        { from: 31, to: 40 },
      ]),
      [
        { from: 0, to: 5 },
        { from: 10, to: 30 },
        { from: 31, to: 40 },
      ]
    );
    const a = { ...emptyTotals(), badIntervals: [{ from: 0, to: 5 }] };
    assert.deepEqual(addTotals(a, { ...emptyTotals(), badIntervals: [{ from: 5, to: 9 }] }).badIntervals, [{ from: 0, to: 9 }]);
  });

  it('stored totals and live figures equal one full evaluation after any sequence of cycles, failures and kills', () => {
    fc.assert(
      fc.property(configArb, fc.array(fc.integer({ min: 1, max: 40 * 60 }), { minLength: 8, maxLength: 24 }), (c, stepsMin) => {
        const doc = specOf(c);
        const spec = doc.spec;
        const target = spec.targets[0];
        const sliceMs = { '5m': 5 * M, '15m': 15 * M, '1h': H }[c.slice];
        const data = dataOf(c, sliceMs);
        const r = rng(c.seed ^ 0x5bd1e995);
        const settleMs = 2 * M;
        let rows: StoredSegment[] = [];
        let now = T0;
        for (const step of stepsMin) {
          now += step * M + Math.floor(r() * M);
          const failed = r() < 0.15;
          const killed = r() < 0.15;
          const start = fetchStart(spec, target, rows, now);
          const fetchedUntil = !failed && r() < 0.2 ? start + Math.floor(r() * (now - start)) : now;
          if (!failed) {
            const changes = foldTarget(spec, target, rows, data, fetchedUntil, now, settleMs);
            if (!killed) {
              rows = applyChanges(rows, changes);
            }
          }
          for (const row of rows) {
            const full = evaluateTarget(spec, target, data, { from: row.segment.from, to: row.segment.to }, row.settledUntil);
            assert.deepEqual(row.totals, totalsOf(full), `segment ${new Date(row.segment.from).toISOString()} at ${new Date(now).toISOString()}`);
          }
          const live = liveTarget(spec, target, rows, failed ? null : data, now);
          const expected = evaluateTarget(spec, target, data, live.period, now);
          if (failed) {
            const stored = rows.filter((x) => x.segment.from >= live.period.from - sliceMs && x.segment.from < live.period.to);
            assert.ok(live.evaluation.slices.bad <= stored.reduce((n, x) => n + x.totals.counts.bad, 0), 'an outage adds no bad slice');
            assert.equal(live.evaluation.slices.counted, expected.slices.counted, 'unfetched slices still count');
            assert.ok(live.evaluation.slices.withData <= expected.slices.withData, 'an outage lowers coverage');
          } else {
            assertSameEvaluation(live.evaluation, expected, `live at ${new Date(now).toISOString()}`);
          }
        }
      }),
      { numRuns: 120 }
    );
  });

  it('a calendar period folded cycle by cycle ends with exactly the full evaluation of the period', () => {
    const c: Config = { window: 'week-kolkata', slice: '15m', sli: 'occurrences', noData: 'ignore', serviceHours: true, maintenance: true, seed: 7 };
    const doc = specOf(c);
    const target = doc.spec.targets[0];
    const data = dataOf(c, 15 * M);
    let rows: StoredSegment[] = [];
    for (let now = T0; now < T0 + 9 * D; now += 37 * M) {
      rows = applyChanges(rows, foldTarget(doc.spec, target, rows, data, now, now, 2 * M));
    }
    const week = rows.find((x) => x.segment.to < T0 + 9 * D - H && x.segment.from > T0 - 7 * D);
    assert.ok(week, 'a whole week was folded');
    const full = evaluateTarget(doc.spec, target, data, { from: week.segment.from, to: week.segment.to }, week.segment.to + H);
    assert.ok(full.slices.bad > 0 && full.badIntervals.length > 0, 'the data has incidents');
    assert.deepEqual(week.totals, totalsOf(full));
  });
});
