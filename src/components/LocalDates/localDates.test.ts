import { fromLocalInput, lastFullMonth, toLocalInput } from './localDates';

describe('review dates', () => {
  test('the last full month, across a year boundary and in a leap year', () => {
    expect(lastFullMonth(new Date(2026, 2, 15, 10))).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(lastFullMonth(new Date(2026, 0, 1, 0, 5))).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(lastFullMonth(new Date(2024, 2, 31))).toEqual({ from: '2024-02-01', to: '2024-02-29' });
  });

  test('a meeting time goes through the local input and back to the same instant', () => {
    const iso = new Date(2026, 2, 5, 10, 30).toISOString();
    expect(toLocalInput(iso)).toBe('2026-03-05T10:30');
    expect(fromLocalInput(toLocalInput(iso))).toBe(iso);
    expect(toLocalInput(null)).toBe('');
    expect(fromLocalInput(' ')).toBeNull();
  });
});
