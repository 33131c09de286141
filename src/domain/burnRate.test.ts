/** @jest-environment node */
import { burnRateRules, evaluateBurnRates, SRE_WORKBOOK_RULES, THIRTY_DAYS_MS } from './burnRate';
import { agreement, perSlice } from './testHelpers';

const M = 60_000;
const H = 60 * M;
const D = 24 * H;

describe('burnRateRules', () => {
  it('are the SRE Workbook rules for a 30-day budget: burn = budget spent × 30 d ÷ long window', () => {
    for (const r of SRE_WORKBOOK_RULES) {
      expect(r.burnRate).toBeCloseTo(((r.budgetSpent / 100) * THIRTY_DAYS_MS) / r.longWindowMs, 9);
      expect(r.shortWindowMs * 12).toBe(r.longWindowMs);
    }
    expect(burnRateRules(THIRTY_DAYS_MS, M).map((r) => [r.longWindowMs, r.shortWindowMs, r.burnRate])).toEqual([
      [H, 5 * M, 14.4],
      [6 * H, 30 * M, 6],
      [3 * D, 6 * H, 1],
    ]);
  });

  it('scale the windows with the budget window and round them up to whole slices', () => {
    // A 7-day budget: 1 h × 7/30 = 14 min; its short window 70 s → two 1-minute slices.
    expect(burnRateRules(7 * D, M).map((r) => [r.longWindowMs, r.shortWindowMs, r.burnRate])).toEqual([
      [14 * M, 2 * M, 14.4],
      [84 * M, 7 * M, 6],
      [1008 * M, 84 * M, 1],
    ]);
    // Windows never shrink below one slice.
    expect(burnRateRules(7 * D, 5 * M)[0].shortWindowMs).toBe(5 * M);
  });
});

describe('evaluateBurnRates', () => {
  const a = agreement({}, { objective: 99.9, slice: '5m' });
  const t = a.spec.targets[0];
  const start = Date.UTC(2026, 2, 1);
  const n = (3 * D) / (5 * M); // three days of 5-minute slices
  const end = start + 3 * D;

  const run = (badFrom: number, errorRate: number) => {
    const total = Array.from({ length: n }, () => 1000);
    const good = total.map((v, i) => (i >= badFrom ? v * (1 - errorRate) : v));
    return evaluateBurnRates(
      a.spec,
      t,
      { good: perSlice(start, 5 * M, good), total: perSlice(start, 5 * M, total) },
      end
    );
  };

  it('pages when the last hour burns at 20× (2 % errors against a 0.1 % budget)', () => {
    const [fast, slow, ticket] = run(n - 12, 0.02);
    expect(fast.longBurnRate).toBeCloseTo(20, 9);
    expect(fast.shortBurnRate).toBeCloseTo(20, 9);
    expect(fast.firing).toBe(true);
    expect(slow.longBurnRate).toBeCloseTo(20 / 6, 9); // 1 bad hour in 6
    expect(slow.firing).toBe(false);
    expect(ticket.longBurnRate).toBeCloseTo(20 / 72, 9);
    expect(ticket.firing).toBe(false);
  });

  it('stops paging once the short window is clean again', () => {
    // Errors from 65 to 5 minutes ago: the 1 h window still burns, the last 5 m do not.
    const total = Array.from({ length: n }, () => 1000);
    const good = total.map((v, i) => (i >= n - 13 && i < n - 1 ? v * 0.98 : v));
    const [fast] = evaluateBurnRates(
      a.spec,
      t,
      { good: perSlice(start, 5 * M, good), total: perSlice(start, 5 * M, total) },
      end
    );
    expect(fast.longBurnRate).toBeCloseTo(20 * (11 / 12), 9);
    expect(fast.shortBurnRate).toBe(0);
    expect(fast.firing).toBe(false);
  });

  it('opens a ticket for a slow, steady burn over three days', () => {
    const alerts = run(0, 0.0015); // burn 1.5 everywhere
    expect(alerts.map((x) => x.firing)).toEqual([false, false, true]);
    expect(alerts[2].longBurnRate).toBeCloseTo(1.5, 9);
  });
});
