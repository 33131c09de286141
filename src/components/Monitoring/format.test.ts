import { formatPeriod } from './format';

describe('formatPeriod', () => {
  test('a calendar period reads as its days, the last one included', () => {
    expect(formatPeriod({ from: '2026-11-23T00:00:00.000Z', to: '2026-11-30T00:00:00.000Z' })).toBe(
      '2026-11-23 – 2026-11-29'
    );
  });

  test('an hourly bucket shows its times, the date once', () => {
    expect(formatPeriod({ from: '2026-11-24T13:00:00.000Z', to: '2026-11-24T14:00:00.000Z' })).toBe(
      '2026-11-24 13:00 – 14:00'
    );
  });

  test('a rolling window across days shows both instants', () => {
    expect(formatPeriod({ from: '2026-11-24T05:48:00.000Z', to: '2026-11-25T05:48:00.000Z' })).toBe(
      '2026-11-24 05:48 – 2026-11-25 05:48'
    );
  });
});
