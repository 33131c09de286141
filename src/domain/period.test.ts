/** @jest-environment node */
import { calendarPeriod, currentPeriod, parsePeriod, PeriodError, previousCalendarPeriod } from './period';
import { iso } from './testHelpers';

const H = 3_600_000;

describe('calendarPeriod', () => {
  it.each([
    // Shanghai is UTC+8 all year: March starts at 2026-02-28T16:00Z.
    ['month', 'Asia/Shanghai', '2026-02-28T16:30:00Z', '2026-02-28T16:00:00Z', '2026-03-31T16:00:00Z'],
    // 15:59:59Z on the last day of February is still February in Shanghai.
    ['month', 'Asia/Shanghai', '2026-02-28T15:59:59Z', '2026-01-31T16:00:00Z', '2026-02-28T16:00:00Z'],
    // New York switches to EDT on Sunday 2026-03-08: the week is 167 hours long.
    ['week', 'America/New_York', '2026-03-08T12:00:00Z', '2026-03-02T05:00:00Z', '2026-03-09T04:00:00Z'],
    // Berlin switches to CEST on Sunday 2026-03-29 (167 h) and back on 2026-10-25 (169 h).
    ['week', 'Europe/Berlin', '2026-03-29T12:00:00Z', '2026-03-22T23:00:00Z', '2026-03-29T22:00:00Z'],
    ['week', 'Europe/Berlin', '2026-10-25T12:00:00Z', '2026-10-18T22:00:00Z', '2026-10-25T23:00:00Z'],
    ['quarter', 'UTC', '2026-05-15T00:00:00Z', '2026-04-01T00:00:00Z', '2026-07-01T00:00:00Z'],
    ['quarter', 'America/New_York', '2026-01-01T04:59:59Z', '2025-10-01T04:00:00Z', '2026-01-01T05:00:00Z'],
  ] as const)('%s in %s at %s is [%s, %s)', (unit, zone, at, from, to) => {
    expect(calendarPeriod(unit, zone, iso(at))).toEqual({ from: iso(from), to: iso(to) });
  });

  it('gives DST weeks their real length', () => {
    const ny = calendarPeriod('week', 'America/New_York', iso('2026-03-08T12:00:00Z'));
    expect((ny.to - ny.from) / H).toBe(167);
    const berlinAutumn = calendarPeriod('week', 'Europe/Berlin', iso('2026-10-25T12:00:00Z'));
    expect((berlinAutumn.to - berlinAutumn.from) / H).toBe(169);
  });

  it('finds the previous period', () => {
    expect(previousCalendarPeriod('month', 'Asia/Shanghai', iso('2026-03-10T00:00:00Z'))).toEqual({
      from: iso('2026-01-31T16:00:00Z'),
      to: iso('2026-02-28T16:00:00Z'),
    });
  });

  it('ends rolling windows at the evaluation time', () => {
    const at = iso('2026-03-10T10:07:00Z');
    expect(currentPeriod({ rolling: '28d' }, 'Europe/Berlin', at)).toEqual({ from: at - 28 * 24 * H, to: at });
  });
});

describe('parsePeriod', () => {
  it.each([
    ['2026-03', 'Asia/Shanghai', '2026-02-28T16:00:00Z', '2026-03-31T16:00:00Z'],
    ['2026-Q1', 'UTC', '2026-01-01T00:00:00Z', '2026-04-01T00:00:00Z'],
    ['2026-Q4', 'Europe/Berlin', '2026-09-30T22:00:00Z', '2026-12-31T23:00:00Z'],
    // ISO week 10 of 2026 is Monday 2 March to Sunday 8 March (the NY DST week).
    ['2026-W10', 'America/New_York', '2026-03-02T05:00:00Z', '2026-03-09T04:00:00Z'],
    // 2026 starts on a Thursday, so it has an ISO week 53, starting Monday 28 December.
    ['2026-W53', 'UTC', '2026-12-28T00:00:00Z', '2027-01-04T00:00:00Z'],
    // ISO week 1 of 2026 starts in 2025.
    ['2026-W01', 'UTC', '2025-12-29T00:00:00Z', '2026-01-05T00:00:00Z'],
  ])('%s in %s', (text, zone, from, to) => {
    expect(parsePeriod(text, zone)).toEqual({ from: iso(from), to: iso(to) });
  });

  it.each([
    ['2026-13', 'month must be 01 to 12'],
    ['2025-W53', '2025 has no ISO week 53'],
    ['2026-W00', '2026 has no ISO week 00'],
    ['2026-Q5', 'must look like'],
    ['March', 'must look like'],
  ])('rejects %s', (text, message) => {
    expect(() => parsePeriod(text, 'UTC')).toThrow(PeriodError);
    expect(() => parsePeriod(text, 'UTC')).toThrow(message);
  });
});
