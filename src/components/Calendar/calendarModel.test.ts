import { currentMonth, monthGrid, shiftMonth, type CalendarInput, type DayCell } from './calendarModel';

const SHANGHAI: CalendarInput = {
  timezone: 'Asia/Shanghai',
  serviceHours: [
    { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '18:00' },
    { days: ['sat'], from: '09:00', to: '12:00' },
    { days: ['sat'], from: '14:00', to: '16:00' },
  ],
  holidays: ['2026-10-01', '2026-10-02'],
  maintenance: [
    // local to the agreement's zone (no offset), across local midnight
    { from: '2026-10-10T22:00', to: '2026-10-11T02:00', reason: 'database upgrade' },
    // absolute (UTC): one UTC day, but 23:00 to 02:30 the next day in Shanghai
    { from: '2026-10-20T15:00:00Z', to: '2026-10-20T18:30:00Z' },
  ],
};

function cells(input: CalendarInput, month: string): Map<string, DayCell> {
  return new Map(
    monthGrid(input, month, Date.UTC(2026, 9, 15))
      .weeks.flat()
      .map((c) => [c.date, c])
  );
}

test('the grid covers whole weeks from Monday, with the neighbouring months marked', () => {
  const grid = monthGrid(SHANGHAI, '2026-10', Date.UTC(2026, 9, 15));
  expect(grid.month).toBe('2026-10');
  expect(grid.weeks).toHaveLength(5);
  expect(grid.weeks.every((w) => w.length === 7 && w[0].weekday === 'mon')).toBe(true);
  expect(grid.weeks[0][0]).toMatchObject({ date: '2026-09-28', inMonth: false });
  expect(grid.weeks[0][3]).toMatchObject({ date: '2026-10-01', day: 1, weekday: 'thu', inMonth: true });
  expect(grid.weeks[4][6]).toMatchObject({ date: '2026-11-01', inMonth: false });
  expect(
    grid.weeks
      .flat()
      .filter((c) => c.today)
      .map((c) => c.date)
  ).toEqual(['2026-10-15']);
});

test('service hours land on their weekdays; a day without any has none', () => {
  const days = cells(SHANGHAI, '2026-10');
  expect(days.get('2026-10-05')!.hours).toEqual([{ from: '08:00', to: '18:00' }]); // Monday
  expect(days.get('2026-10-09')!.hours).toEqual([{ from: '08:00', to: '18:00' }]); // Friday
  expect(days.get('2026-10-03')!.hours).toEqual([
    { from: '09:00', to: '12:00' },
    { from: '14:00', to: '16:00' },
  ]); // Saturday: two ranges, in order
  expect(days.get('2026-10-04')!.hours).toEqual([]); // Sunday
  expect(days.get('2026-10-04')!.allDay).toBe(false);
  // without service hours the service is measured 24×7
  expect(cells({ timezone: 'Asia/Shanghai' }, '2026-10').get('2026-10-04')!.allDay).toBe(true);
});

test('holidays are whole local days', () => {
  const days = cells(SHANGHAI, '2026-10');
  const holidays = [...days.values()].filter((c) => c.holiday).map((c) => c.date);
  expect(holidays).toEqual(['2026-10-01', '2026-10-02']);
});

test('a maintenance window across midnight in Asia/Shanghai is cut at local midnight, on the right days', () => {
  const days = cells(SHANGHAI, '2026-10');
  expect(days.get('2026-10-10')!.maintenance).toEqual([
    { index: 0, from: '22:00', to: '24:00', reason: 'database upgrade', continuesBefore: false, continuesAfter: true },
  ]);
  expect(days.get('2026-10-11')!.maintenance).toEqual([
    { index: 0, from: '00:00', to: '02:00', reason: 'database upgrade', continuesBefore: true, continuesAfter: false },
  ]);
  // 15:00–18:30 UTC is 23:00–02:30 in Shanghai (UTC+8)
  expect(days.get('2026-10-20')!.maintenance).toEqual([
    { index: 1, from: '23:00', to: '24:00', continuesBefore: false, continuesAfter: true },
  ]);
  expect(days.get('2026-10-21')!.maintenance).toEqual([
    { index: 1, from: '00:00', to: '02:30', continuesBefore: true, continuesAfter: false },
  ]);
  const withMaintenance = [...days.values()].filter((c) => c.maintenance.length > 0).map((c) => c.date);
  expect(withMaintenance).toEqual(['2026-10-10', '2026-10-11', '2026-10-20', '2026-10-21']);
  // the same UTC window read in UTC stays on one day
  const utc = cells({ ...SHANGHAI, timezone: 'UTC' }, '2026-10');
  expect(utc.get('2026-10-20')!.maintenance).toMatchObject([{ from: '15:00', to: '18:30' }]);
  expect(utc.get('2026-10-21')!.maintenance).toEqual([]);
});

test('values a half-typed form holds are left out instead of breaking the grid', () => {
  const days = cells(
    {
      timezone: 'Asia/Shanghai',
      serviceHours: [{ days: ['mon'], from: '25:00', to: '18:00' }],
      holidays: ['2026-10-'],
      maintenance: [
        { from: '2026-10-1', to: '' },
        { from: '2026-10-12T10:00', to: '2026-10-12T09:00' },
      ],
    },
    '2026-10'
  );
  expect(days.get('2026-10-05')!.hours).toEqual([]);
  expect([...days.values()].some((c) => c.holiday || c.maintenance.length)).toBe(false);
});

test('months shift across years; the current month is that of the agreement’s zone', () => {
  expect(shiftMonth('2026-12', 1)).toBe('2027-01');
  expect(shiftMonth('2026-01', -1)).toBe('2025-12');
  // 2026-10-31T20:00Z is already November in Shanghai
  expect(currentMonth('Asia/Shanghai', Date.UTC(2026, 9, 31, 20))).toBe('2026-11');
  expect(currentMonth('UTC', Date.UTC(2026, 9, 31, 20))).toBe('2026-10');
});
