/** @jest-environment node */
import { evaluateAgreement } from './evaluate';
import { toReport } from './report';
import { agreement, iso, perSlice } from './testHelpers';

describe('toReport', () => {
  it('has the DESIGN §6 shape: ISO-8601 UTC times, percentages in percent', () => {
    const a = agreement({ timezone: 'Asia/Shanghai' }, { objective: 99, warning: 99.5, slice: '1h' });
    const from = iso('2026-02-28T16:00:00Z');
    const good = perSlice(from, 3_600_000, [100, 90, 100]);
    const total = perSlice(from, 3_600_000, [100, 100, 100]);
    const report = toReport(evaluateAgreement(a, { 't/good': good, 't/total': total }, { at: from + 3 * 3_600_000 }));
    expect(report).toMatchObject({
      agreement: 'SLA-T',
      period: { from: '2026-02-28T16:00:00.000Z', to: '2026-03-31T16:00:00.000Z' },
      state: 'breached',
      evaluatedAt: '2026-02-28T19:00:00.000Z',
      targets: [
        {
          id: 't',
          state: 'breached',
          compliance: (100 * 290) / 300,
          objective: 99,
          warning: 99.5,
          coverage: 100,
          badIntervals: [{ from: '2026-02-28T17:00:00.000Z', to: '2026-02-28T18:00:00.000Z' }],
        },
      ],
    });
    expect(report.targets[0].errorBudgetRemaining).toBeCloseTo(100 * (1 - (100 - (100 * 290) / 300) / 1), 9);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});
