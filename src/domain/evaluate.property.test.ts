/** @jest-environment node */
import fc from 'fast-check';
import { evaluateAgreement, type TargetEvaluation } from './evaluate';
import { agreement, perSlice, thresholdSli } from './testHelpers';

const M = 60_000;
const T0 = Date.UTC(2026, 2, 1);

/** A slice: [good, total] event counts, or null for no data. */
const sliceArb = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.integer({ min: 0, max: 1000 }).chain((t) => fc.tuple(fc.integer({ min: 0, max: t }), fc.constant(t))),
  },
  { weight: 1, arbitrary: fc.constant(null) }
);
const slicesArb = fc.array(sliceArb, { minLength: 1, maxLength: 60 });
const configArb = fc.record({
  objective: fc.constantFrom(50, 90, 99, 99.5, 99.9),
  budgeting: fc.constantFrom('occurrences' as const, 'timeslices' as const),
  noData: fc.constantFrom('ignore' as const, 'bad' as const, 'good' as const),
});

type Slice = [number, number] | null;
type Config = { objective: number; budgeting: 'occurrences' | 'timeslices'; noData: 'ignore' | 'bad' | 'good' };

function evaluate(
  slices: Slice[],
  cfg: Config,
  maintenance: Array<{ from: string; to: string }> = []
): TargetEvaluation {
  const a = agreement({ noData: cfg.noData, maintenance }, { objective: cfg.objective, budgeting: cfg.budgeting });
  const good = perSlice(
    T0,
    M,
    slices.map((s) => (s ? s[0] : null))
  );
  const total = perSlice(
    T0,
    M,
    slices.map((s) => (s ? s[1] : null))
  );
  const n = slices.length;
  return evaluateAgreement(
    a,
    { 't/good': good, 't/total': total },
    { at: T0 + n * M, period: { from: T0, to: T0 + n * M } }
  ).targets[0];
}

const minute = (i: number) => new Date(T0 + i * M).toISOString();

describe('evaluator properties', () => {
  it('compliance and coverage stay in [0, 100]', () => {
    fc.assert(
      fc.property(slicesArb, configArb, (slices, cfg) => {
        const e = evaluate(slices, cfg);
        for (const v of [e.compliance, e.coverage]) {
          expect(v === null || (v >= 0 && v <= 100)).toBe(true);
        }
      })
    );
  });

  it('turning a bad slice good never lowers compliance', () => {
    fc.assert(
      fc.property(slicesArb, configArb, fc.nat(), (slices, cfg, pick) => {
        const before = evaluate(slices, cfg);
        const bad = before.badIntervals.flatMap((b) =>
          Array.from({ length: (b.to - b.from) / M }, (_, k) => (b.from - T0) / M + k)
        );
        fc.pre(bad.length > 0);
        const i = bad[pick % bad.length];
        const fixed = slices.slice();
        const total = Math.max(slices[i]?.[1] ?? 0, 1);
        fixed[i] = [total, total];
        const after = evaluate(fixed, cfg);
        expect(after.compliance!).toBeGreaterThanOrEqual(before.compliance! - 1e-9);
      })
    );
  });

  it('an excluded slice changes nothing but coverage', () => {
    fc.assert(
      fc.property(slicesArb, configArb, fc.nat(), (slices, cfg, pick) => {
        const i = pick % slices.length;
        // Excluding slice i by maintenance equals evaluating with slice i carrying no data
        // under noData ignore — except for coverage, which only the exclusion leaves intact.
        const excluded = evaluate(slices, { ...cfg, noData: 'ignore' }, [{ from: minute(i), to: minute(i + 1) }]);
        const missing = slices.slice();
        missing[i] = null;
        const asNoData = evaluate(missing, { ...cfg, noData: 'ignore' });
        expect(excluded.compliance).toBe(asNoData.compliance);
        expect(excluded.errorBudgetRemaining).toBe(asNoData.errorBudgetRemaining);
        expect(excluded.badIntervals).toEqual(asNoData.badIntervals);
        expect(excluded.slices.counted).toBe(slices.length - 1);
        const withData = slices.filter((s, k) => k !== i && s !== null && s[1] > 0).length;
        expect(excluded.coverage).toBe(slices.length > 1 ? (100 * withData) / (slices.length - 1) : null);
      })
    );
  });

  it("an excluded slice's data changes nothing at all", () => {
    fc.assert(
      fc.property(slicesArb, configArb, fc.nat(), sliceArb, (slices, cfg, pick, other) => {
        const i = pick % slices.length;
        const window = [{ from: minute(i), to: minute(i + 1) }];
        const changed = slices.slice();
        changed[i] = other;
        expect(evaluate(changed, cfg, window)).toEqual(evaluate(slices, cfg, window));
      })
    );
  });

  it('timeslices compliance counts whole slices: good slices ÷ judged slices', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }), { minLength: 1, maxLength: 50 }),
        (values) => {
          const a = agreement({}, { sli: thresholdSli('lte', 0.5), objective: 90 });
          const n = values.length;
          const e = evaluateAgreement(
            a,
            { 't/value': perSlice(T0, M, values) },
            { at: T0 + n * M, period: { from: T0, to: T0 + n * M } }
          ).targets[0];
          const judged = values.filter((v) => v !== null);
          const good = judged.filter((v) => v! <= 0.5).length;
          expect(e.compliance).toBe(judged.length ? (100 * good) / judged.length : null);
        }
      )
    );
  });
});
