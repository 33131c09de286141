/** @jest-environment node */
import type { Agreement, TargetState } from './agreement';
import {
  agreementState,
  burnRate,
  burnRateOver,
  errorBudgetRemaining,
  evaluateAgreement,
  evaluateTarget,
  serviceCredit,
  targetState,
  type TargetEvaluation,
} from './evaluate';
import { parsePeriod } from './period';
import { agreement, iso, perSlice, thresholdSli } from './testHelpers';

const M = 60_000;
const H = 60 * M;
const T0 = iso('2026-03-01T00:00:00Z');
const at = (i: number) => new Date(T0 + i * M).toISOString();

type V = Array<number | null>;

/** Evaluates target `t` over n one-minute slices from T0, all ended. */
function run(a: Agreement, series: { good?: V; total?: V; value?: V }): TargetEvaluation {
  const n = Math.max(...Object.values(series).map((s) => s!.length));
  const data = Object.fromEntries(Object.entries(series).map(([k, v]) => [`t/${k}`, perSlice(T0, M, v!)]));
  return evaluateAgreement(a, data, { at: T0 + n * M, period: { from: T0, to: T0 + n * M } }).targets[0];
}

describe('occurrences budgeting (ratio SLI)', () => {
  it.each([
    {
      name: 'Σgood ÷ Σtotal, a slice at the objective is not bad',
      target: { objective: 99 },
      good: [100, 99, 90, 100],
      total: [100, 100, 100, 100],
      // 389/400; only slice 2 (90 %) is below 99 %.
      compliance: 97.25,
      coverage: 100,
      budget: -175,
      state: 'breached',
      bad: [[2, 3]],
    },
    {
      name: 'zero-traffic and missing slices have no data, are left out and break bad runs',
      target: { objective: 99 },
      good: [98, 0, 97, 100, null],
      total: [100, 0, 100, 100, null],
      compliance: (100 * 295) / 300,
      coverage: 60, // 3 of 5 counted slices have data
      budget: 100 * (1 - (100 - (100 * 295) / 300) / 1),
      state: 'breached',
      bad: [
        [0, 1],
        [2, 3],
      ],
    },
    {
      name: 'compliance exactly the objective is met with 0 budget left',
      target: { objective: 99.9 },
      good: [1000, 998],
      total: [1000, 1000],
      compliance: 99.9, // 1998/2000
      coverage: 100,
      budget: 0,
      state: 'met',
      bad: [[1, 2]],
    },
    {
      name: 'below the warning is at risk',
      target: { objective: 99, warning: 99.5 },
      good: [990, 999],
      total: [1000, 1000],
      compliance: 99.45,
      coverage: 100,
      budget: 45, // 100 × (1 − 0.55 / 1)
      state: 'at_risk',
      bad: [], // 990/1000 is exactly the objective: not a bad slice
    },
    {
      name: 'good above total (scrape skew) is clamped to total',
      target: { objective: 99 },
      good: [105, 50],
      total: [100, 100],
      compliance: 75,
      coverage: 100,
      budget: -2400,
      state: 'breached',
      bad: [[1, 2]],
    },
    {
      name: 'no data at all: compliance null, state no_data',
      target: { objective: 99 },
      good: [0, null],
      total: [0, null],
      compliance: null,
      coverage: 0,
      budget: null,
      state: 'no_data',
      bad: [],
    },
  ])('$name', ({ target, good, total, compliance, coverage, budget, state, bad }) => {
    const e = run(agreement({}, target), { good, total });
    expect(e.budgeting).toBe('occurrences');
    expect(e.compliance).toBe(compliance);
    expect(e.coverage).toBe(coverage);
    if (budget === null) {
      expect(e.errorBudgetRemaining).toBeNull();
    } else {
      expect(e.errorBudgetRemaining).toBeCloseTo(budget, 9);
    }
    expect(e.state).toBe(state);
    expect(e.badIntervals).toEqual(bad.map(([f, t]) => ({ from: T0 + f * M, to: T0 + t * M })));
  });

  it('reports event sums and slice counts', () => {
    const e = run(agreement(), { good: [98, 0, 97, 100, null], total: [100, 0, 100, 100, null] });
    expect(e.events).toEqual({ good: 295, total: 300 });
    expect(e.slices).toEqual({ counted: 5, withData: 3, inDenominator: 3, good: 1, bad: 2 });
  });
});

describe('timeslices budgeting', () => {
  const ratio = { good: [99, 98, 100, null, 0], total: [100, 100, 100, null, 0] };
  it.each([
    // Slices: good (99 % ≥ 99 %), bad, good, no data, no data (total 0).
    ['ignore', (100 * 2) / 3, [[1, 2]]],
    [
      'bad',
      40,
      [
        [1, 2],
        [3, 5],
      ],
    ],
    ['good', 80, [[1, 2]]],
  ] as const)('ratio SLI with noData %s', (noData, compliance, bad) => {
    const e = run(agreement({ noData }, { budgeting: 'timeslices' }), ratio);
    expect(e.compliance).toBe(compliance);
    expect(e.coverage).toBe(60);
    expect(e.badIntervals).toEqual(bad.map(([f, t]) => ({ from: T0 + f * M, to: T0 + t * M })));
  });

  const values = [0.1, 0.3, 0.5, null];
  it.each([
    ['lte', (100 * 2) / 3, [[2, 3]]],
    ['lt', 100 / 3, [[1, 3]]],
    ['gt', 100 / 3, [[0, 2]]],
    ['gte', (100 * 2) / 3, [[0, 1]]],
  ] as const)('threshold SLI value %s 0.3', (op, compliance, bad) => {
    const e = run(agreement({}, { sli: thresholdSli(op, 0.3), objective: 50 }), { value: values });
    expect(e.budgeting).toBe('timeslices');
    expect(e.compliance).toBe(compliance);
    expect(e.coverage).toBe(75);
    expect(e.slices).toMatchObject({ counted: 4, withData: 3, inDenominator: 3 });
    expect(e.badIntervals).toEqual(bad.map(([f, t]) => ({ from: T0 + f * M, to: T0 + t * M })));
  });

  it('threshold with noData bad joins a missing slice to a bad run', () => {
    const e = run(agreement({ noData: 'bad' }, { sli: thresholdSli('lte', 0.3) }), { value: [0.1, 0.5, null, 0.2] });
    expect(e.compliance).toBe(50);
    expect(e.badIntervals).toEqual([{ from: T0 + M, to: T0 + 3 * M }]);
  });
});

describe('counted slices', () => {
  it('leaves maintenance out of the denominator and lets it break bad runs', () => {
    const a = agreement({ maintenance: [{ from: at(2), to: at(3) }] }, { objective: 99 });
    const e = run(a, { good: [90, 90, 90, 90, 90], total: [100, 100, 100, 100, 100] });
    expect(e.slices.counted).toBe(4);
    expect(e.compliance).toBe(90);
    expect(e.badIntervals).toEqual([
      { from: T0, to: T0 + 2 * M },
      { from: T0 + 3 * M, to: T0 + 5 * M },
    ]);
  });

  it('a maintenance window cutting a slice removes the whole slice', () => {
    // 00:01:30–00:02:10 overlaps the slices starting 00:01 and 00:02.
    const a = agreement({ maintenance: [{ from: '2026-03-01T00:01:30Z', to: '2026-03-01T00:02:10Z' }] });
    const e = run(a, { good: [100, 0, 0, 100], total: [100, 100, 100, 100] });
    expect(e.slices.counted).toBe(2);
    expect(e.compliance).toBe(100);
  });

  it('only counts slices whose start lies in service hours', () => {
    // 2026-03-01 is a Sunday; service hours 00:02–00:04 count slices 2 and 3.
    const a = agreement({ serviceHours: [{ days: ['sun'], from: '00:02', to: '00:04' }] });
    const e = run(a, { good: [0, 0, 100, 99, 0], total: [100, 100, 100, 100, 100] });
    expect(e.slices.counted).toBe(2);
    expect(e.compliance).toBe(99.5);
    expect(e.state).toBe('met');
  });
});

describe('state', () => {
  it.each([
    // compliance, coverage, objective, warning, minCoverage → state (first match wins)
    [50, 70, 99, undefined, 80, 'no_data'],
    [50, 80, 99, undefined, 80, 'breached'],
    [null, 100, 99, undefined, 0, 'no_data'],
    [99, 100, 99, 99.5, 0, 'at_risk'],
    [99.5, 100, 99, 99.5, 0, 'met'],
    [98.99, 100, 99, 99.5, 0, 'breached'],
    [100, null, 99, undefined, 0, 'no_data'],
  ] as const)('compliance %s coverage %s objective %s warning %s minCoverage %s → %s', (c, cov, o, w, min, state) => {
    expect(targetState({ compliance: c, coverage: cov, objective: o, warning: w }, min)).toBe(state);
  });

  it.each([
    [['met', 'met'], 'met'],
    [['met', 'no_data'], 'no_data'],
    [['no_data', 'at_risk', 'met'], 'at_risk'],
    [['at_risk', 'breached', 'no_data'], 'breached'],
  ] as Array<[TargetState[], TargetState]>)('agreement of %j is %s', (states, expected) => {
    expect(agreementState(states)).toBe(expected);
  });

  it('minCoverage turns a breached target into no_data, and the agreement follows', () => {
    const a = agreement({ minCoverage: 80 });
    const e = run(a, { good: [50, null], total: [100, null] });
    expect([e.coverage, e.compliance, e.state]).toEqual([50, 50, 'no_data']);
  });
});

describe('periods end to end', () => {
  it('Asia/Shanghai month boundary: slices belong to the month their start lies in', () => {
    const a = agreement({ timezone: 'Asia/Shanghai' }, { slice: '1h' });
    const hourly = (from: string, good: number[]) => perSlice(iso(from), H, good);
    // Points stamped 13:00Z … 21:00Z describe the slices 12:00Z … 20:00Z.
    const good = hourly('2026-02-28T12:00:00Z', [100, 100, 100, 0, 100, 100, 97, 100, 0]);
    const total = hourly('2026-02-28T12:00:00Z', [100, 100, 100, 100, 100, 100, 100, 100, 100]);
    const data = { 't/good': good, 't/total': total };
    // 20:00Z: four March slices (16:00Z–20:00Z, i.e. 00:00–04:00 local) have ended.
    const march = evaluateAgreement(a, data, { at: iso('2026-02-28T20:00:00Z') });
    expect(march.period).toEqual({ from: iso('2026-02-28T16:00:00Z'), to: iso('2026-03-31T16:00:00Z') });
    expect(march.targets[0].slices.counted).toBe(4);
    expect(march.targets[0].compliance).toBe(99.25);
    expect(march.targets[0].badIntervals).toEqual([
      { from: iso('2026-02-28T18:00:00Z'), to: iso('2026-02-28T19:00:00Z') },
    ]);
    // February ends with the bad 15:00Z slice, stamped 16:00Z.
    const feb = evaluateAgreement(a, data, {
      at: iso('2026-03-05T00:00:00Z'),
      period: parsePeriod('2026-02', 'Asia/Shanghai'),
    });
    expect(feb.targets[0].slices.withData).toBe(4);
    expect(feb.targets[0].compliance).toBe(75);
  });

  it('America/New_York DST week has 167 hourly slices', () => {
    const a = agreement(
      { timezone: 'America/New_York', window: { calendar: 'week' } },
      { slice: '1h', sli: thresholdSli('lte', 0.3) }
    );
    const week = parsePeriod('2026-W10', 'America/New_York');
    const values = Array.from({ length: 170 }, (_, i) => ([3, 50, 51].includes(i) ? 0.9 : 0.1));
    const e = evaluateAgreement(a, { 't/value': perSlice(week.from, H, values) }, { at: week.to + H, period: week })
      .targets[0];
    expect(e.slices.counted).toBe(167);
    expect(e.compliance).toBe((100 * 164) / 167);
    expect(e.badIntervals).toEqual([
      { from: week.from + 3 * H, to: week.from + 4 * H },
      { from: week.from + 50 * H, to: week.from + 52 * H },
    ]);
  });

  it('Europe/Berlin autumn DST week with service hours: exactly the objective', () => {
    const a = agreement(
      {
        timezone: 'Europe/Berlin',
        window: { calendar: 'week' },
        serviceHours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '08:00', to: '10:00' }],
      },
      { slice: '1h' }
    );
    const week = parsePeriod('2026-W43', 'Europe/Berlin');
    expect((week.to - week.from) / H).toBe(169);
    const n = 169;
    const start = week.from;
    const good = Array.from({ length: n }, () => 100);
    // Sunday 25 Oct 09:00 CET = 08:00Z (in service hours): 86 good of 100.
    good[(iso('2026-10-25T08:00:00Z') - start) / H] = 86;
    // Sunday 25 Oct 11:00 CET = 10:00Z is outside service hours: ignored.
    good[(iso('2026-10-25T10:00:00Z') - start) / H] = 0;
    const e = evaluateAgreement(
      a,
      {
        't/good': perSlice(start, H, good),
        't/total': perSlice(
          start,
          H,
          good.map(() => 100)
        ),
      },
      { at: week.to, period: week }
    ).targets[0];
    expect(e.slices.counted).toBe(14);
    expect(e.compliance).toBe(99); // 1386 / 1400
    expect(e.state).toBe('met');
    expect(e.errorBudgetRemaining).toBe(0);
  });

  it('rolling window: the slices that started in the last hour and have ended', () => {
    const a = agreement({ window: { rolling: '1h' } }, { slice: '5m' });
    const good = [0, ...Array.from({ length: 12 }, () => 100)];
    const data = {
      't/good': perSlice(T0, 5 * M, good),
      't/total': perSlice(
        T0,
        5 * M,
        good.map(() => 100)
      ),
    };
    // At 01:02 the window [00:02, 01:02) holds the slices starting 00:05 … 00:55.
    const e = evaluateAgreement(a, data, { at: T0 + H + 2 * M });
    expect(e.period).toEqual({ from: T0 + 2 * M, to: T0 + H + 2 * M });
    expect(e.targets[0].slices.counted).toBe(11);
    expect(e.targets[0].compliance).toBe(100);
  });

  it('a period that has not started has no counted slices', () => {
    const a = agreement();
    const e = evaluateTarget(a.spec, a.spec.targets[0], {}, { from: T0, to: T0 + H }, T0 - 1);
    expect([e.slices.counted, e.coverage, e.compliance, e.state]).toEqual([0, null, null, 'no_data']);
  });
});

describe('error budget, burn rate, service credit', () => {
  it.each([
    [99.9, 99.9, 0, 1],
    [99.95, 99.9, 50, 0.5],
    [99.8, 99.9, -100, 2],
    [100, 99, 100, 0],
    [null, 99, null, null],
  ])('compliance %s objective %s → budget %s, burn %s', (c, o, budget, burn) => {
    if (budget === null || burn === null) {
      expect(errorBudgetRemaining(c, o)).toBeNull();
      expect(burnRate(c, o)).toBeNull();
    } else {
      expect(errorBudgetRemaining(c, o)).toBeCloseTo(budget, 9);
      expect(burnRate(c, o)).toBeCloseTo(burn, 9);
    }
  });

  it('burn rate over any lookback', () => {
    const a = agreement({}, { objective: 99 });
    const t = a.spec.targets[0];
    // 60 one-minute slices, the last 10 at 95 % good.
    const good = Array.from({ length: 60 }, (_, i) => (i >= 50 ? 95 : 100));
    const data = {
      good: perSlice(T0, M, good),
      total: perSlice(
        T0,
        M,
        good.map(() => 100)
      ),
    };
    const end = T0 + H;
    expect(burnRateOver(a.spec, t, data, 10 * M, end)).toBeCloseTo(5, 9); // 5 % bad / 1 %
    expect(burnRateOver(a.spec, t, data, 20 * M, end)).toBeCloseTo(2.5, 9);
    expect(burnRateOver(a.spec, t, data, H, end)).toBeCloseTo(5 / 6, 9);
  });

  it.each([
    [99.95, 0],
    [99.5, 10],
    [98, 25],
    [null, null],
  ])('service credit at compliance %s is %s', (c, credit) => {
    expect(
      serviceCredit(c, [
        { below: 99.9, credit: 10 },
        { below: 99, credit: 25 },
      ])
    ).toBe(credit);
  });
});
