/**
 * The due-time rule: an agreement is evaluated again only when its figures can change. Between
 * now and the due time every live figure (stored totals + provisional tail, burn rate, period)
 * equals the one at now and nothing new settles; a 5-minute-slice agreement is touched twice per
 * slice (slice end, settle), not at every scheduler interval.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { burnRateOver, durationMs, type TargetSeries } from '../../src/domain';
import { agreement, thresholdSli } from '../../src/domain/testHelpers';
import { applyChanges, foldTarget, HOUR_MS, liveTarget, nextDueAt, type StoredSegment } from './fold';

const M = 60_000;
const D = 24 * HOUR_MS;
const T0 = Date.UTC(2026, 2, 4, 7, 13);
const SETTLE = 2 * M;

const WINDOWS = {
  'month-utc': { window: { calendar: 'month' as const }, timezone: 'UTC' },
  'week-kolkata': { window: { calendar: 'week' as const }, timezone: 'Asia/Kolkata' },
  'rolling-6h': { window: { rolling: '6h' }, timezone: 'UTC' },
  'rolling-100m': { window: { rolling: '100m' }, timezone: 'UTC' },
};

function specOf(window: keyof typeof WINDOWS, slice: string, threshold: boolean) {
  const target = threshold ? { objective: 95, slice, sli: thresholdSli('lte', 300) } : { objective: 99, warning: 99.5, slice, budgeting: 'occurrences' as const };
  return agreement({ ...WINDOWS[window], noData: 'bad', minCoverage: 50 }, target).spec;
}

/** One point per slice end over [T0 − 40 d, T0 + 3 d), a few gaps and bad slices. */
function dataOf(sliceMs: number, seed: number): TargetSeries {
  const times: number[] = [];
  const good: number[] = [];
  const total: number[] = [];
  const value: number[] = [];
  for (let t = Math.ceil((T0 - 40 * D) / sliceMs) * sliceMs, i = seed; t < T0 + 3 * D; t += sliceMs, i++) {
    if (i % 17 === 0) {
      continue;
    }
    times.push(t);
    total.push(100 + (i % 5));
    good.push(i % 23 === 0 ? 80 : 100 + (i % 5));
    value.push(i % 29 === 0 ? 500 : 100);
  }
  const s = (v: number[]) => ({ times: Float64Array.from(times), values: Float64Array.from(v) });
  return { good: s(good), total: s(total), value: s(value) };
}

describe('due-time rule', () => {
  it('nothing a cycle would compute or fold changes before the agreement is due', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...(Object.keys(WINDOWS) as Array<keyof typeof WINDOWS>)),
        fc.constantFrom('5m', '8m', '15m', '1h'),
        fc.boolean(),
        fc.integer({ min: 0, max: 2 * D }),
        fc.integer({ min: 0, max: 1000 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }),
        (window, slice, threshold, offset, seed, fractions) => {
          const spec = specOf(window, slice, threshold);
          const target = spec.targets[0];
          const data = dataOf(durationMs(slice), seed);
          const now = T0 + offset;
          // A steady state: folded a while ago, then at `now`.
          let rows: StoredSegment[] = [];
          rows = applyChanges(rows, foldTarget(spec, target, rows, data, now - 3 * HOUR_MS, now - 3 * HOUR_MS, SETTLE));
          rows = applyChanges(rows, foldTarget(spec, target, rows, data, now, now, SETTLE));
          const due = nextDueAt(spec, now, SETTLE);
          assert.ok(due > now && due - now <= durationMs(slice) + 1, `due ${due - now} ms after now`);
          const atNow = liveTarget(spec, target, rows, data, now);
          const burnNow = burnRateOver(spec, target, data, HOUR_MS, now);
          const probes = [now + 1, due - 1, ...fractions.map((f) => now + 1 + Math.floor(f * (due - now - 2)))].filter((t) => t > now && t < due);
          for (const t of probes) {
            const what = `${window} ${slice} at +${t - now} ms (due +${due - now} ms)`;
            assert.deepEqual(foldTarget(spec, target, rows, data, t, t, SETTLE), [], `${what}: nothing new settles`);
            assert.deepEqual(liveTarget(spec, target, rows, data, t).evaluation, atNow.evaluation, `${what}: live figures`);
            assert.equal(liveTarget(spec, target, rows, data, t).settledUntil, atNow.settledUntil, `${what}: watermark`);
            assert.equal(burnRateOver(spec, target, data, HOUR_MS, t), burnNow, `${what}: burn rate`);
            if (spec.window.calendar) {
              assert.deepEqual(liveTarget(spec, target, rows, data, t).period, atNow.period, `${what}: period`);
            }
          }
        }
      ),
      { numRuns: 300 }
    );
  });

  it('a 5-minute-slice agreement is due twice per slice: when a slice ends and when it settles', () => {
    const spec = specOf('month-utc', '5m', false);
    const start = Date.UTC(2026, 2, 16, 12, 0, 30);
    const runs: string[] = [];
    // A scheduler running every minute evaluates the agreement at its first cycle past the due time.
    let due = start;
    for (let cycle = start; cycle < start + HOUR_MS; cycle += M) {
      if (cycle >= due) {
        runs.push(new Date(cycle).toISOString().slice(11, 19));
        due = nextDueAt(spec, cycle, SETTLE);
      }
    }
    assert.equal(runs.length, 1 + 2 * 12 - 1, runs.join(' '));
    assert.deepEqual(runs.slice(0, 5), ['12:00:30', '12:02:30', '12:05:30', '12:07:30', '12:10:30']);
  });

  it('the calendar period end is a due time even when it is not a slice boundary', () => {
    // Asia/Kolkata weeks start at 18:30 UTC; hour slices end on the full UTC hour.
    const spec = specOf('week-kolkata', '1h', true);
    const end = Date.UTC(2026, 2, 8, 18, 30);
    assert.equal(nextDueAt(spec, end - 10 * M, SETTLE), end);
  });
});
