import { planGapAnalysis, toGapAnalysis } from './gapAnalysis';

const NOW = Date.UTC(2026, 2, 15, 10, 7, 30);
const ratio = { ratio: { good: { datasource: 'prom', expr: 'g' }, total: { datasource: 'prom', expr: 't' } } };

describe('planGapAnalysis', () => {
  test('a ratio SLI: rolling window of N days in UTC ending with the last whole slice, queries named for the evaluator', () => {
    const plan = planGapAnalysis({ objective: 99.5, sli: ratio, slice: '15m', days: 3 }, NOW);
    if (!('agreement' in plan)) {
      throw new Error(JSON.stringify(plan));
    }
    const at = Date.UTC(2026, 2, 15, 10, 0);
    expect(plan.at).toBe(at);
    expect(plan.period).toEqual({ from: at - 3 * 86_400_000, to: at });
    expect(plan.agreement.spec.window).toEqual({ rolling: '3d' });
    expect(plan.agreement.spec.timezone).toBe('UTC');
    expect(plan.agreement.spec.targets).toMatchObject([{ id: 'sli', objective: 99.5, slice: '15m', sli: ratio }]);
    expect(plan.queries).toEqual([
      { refId: 'sli/good', datasource: 'prom', expr: 'g', intervalMs: 900_000 },
      { refId: 'sli/total', datasource: 'prom', expr: 't', intervalMs: 900_000 },
    ]);
  });

  test('a threshold SLI keeps its operator and value', () => {
    const sli = { threshold: { query: { datasource: 'prom', expr: 'p95' }, op: 'lte' as const, value: 0.3 } };
    const plan = planGapAnalysis({ objective: 99, sli, slice: '5m', days: 28 }, NOW);
    expect('agreement' in plan && plan.agreement.spec.targets[0].sli).toEqual(sli);
    expect('agreement' in plan && plan.queries.map((q) => q.refId)).toEqual(['sli/value']);
  });

  test('an incomplete SLI or a bad slice is refused with the validator’s messages', () => {
    const empty = { ratio: { good: { datasource: '', expr: 'g' }, total: { datasource: '', expr: '' } } };
    const issue = planGapAnalysis({ objective: 99, sli: empty, slice: '5m', days: 28 }, NOW);
    expect(issue).toEqual({
      kind: 'missing',
      paths: ['ratio.good.datasource', 'ratio.total.datasource', 'ratio.total.expr'],
    });
    const nan = { threshold: { query: { datasource: 'prom', expr: 'p95' }, op: 'lte' as const, value: NaN } };
    expect(planGapAnalysis({ objective: 99, sli: nan, slice: '5m', days: 28 }, NOW)).toMatchObject({ kind: 'invalid' });
    const slice = planGapAnalysis({ objective: 99, sli: ratio, slice: '7m', days: 28 }, NOW);
    expect(slice).toMatchObject({ kind: 'invalid', errors: [expect.stringContaining('must divide one day evenly')] });
  });
});

describe('toGapAnalysis', () => {
  const target = {
    id: 'sli',
    state: 'breached' as const,
    objective: 99.9,
    compliance: 99.5,
    coverage: null,
    errorBudgetRemaining: null,
    budgeting: 'timeslices' as const,
    slices: { counted: 0, withData: 0, inDenominator: 0, good: 0, bad: 0 },
    badIntervals: [{ from: Date.UTC(2026, 2, 1), to: Date.UTC(2026, 2, 1, 0, 5) }],
  };

  test('met is compliance ≥ objective, null without compliance; times are ISO; coverage never null', () => {
    expect(toGapAnalysis(target, 28, Date.UTC(2026, 2, 2))).toEqual({
      evaluatedAt: '2026-03-02T00:00:00.000Z',
      days: 28,
      compliance: 99.5,
      met: false,
      coverage: 0,
      badIntervals: [{ from: '2026-03-01T00:00:00.000Z', to: '2026-03-01T00:05:00.000Z' }],
    });
    expect(toGapAnalysis({ ...target, compliance: 99.9 }, 28, 0).met).toBe(true);
    expect(toGapAnalysis({ ...target, compliance: null }, 28, 0).met).toBeNull();
  });
});
