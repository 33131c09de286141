/**
 * The month grid of an agreement's calendar, in the agreement's time zone (DESIGN §5.2): which
 * hours of each day are service hours, which days are holidays and which parts of a day fall in
 * a maintenance window. Values that do not parse (a form half typed) are left out, not thrown.
 */
import { DateTime } from 'luxon';

export const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekdayKey = (typeof WEEKDAY_KEYS)[number];

export interface CalendarInput {
  timezone: string;
  serviceHours?: Array<{ days: readonly string[]; from: string; to: string }>;
  holidays?: readonly string[];
  maintenance?: Array<{ from: string; to: string; reason?: string }>;
}

/** The part of one maintenance window that falls on one day, as local clock times (`24:00` = end of day). */
export interface MaintenancePart {
  /** Index of the window in `maintenance`. */
  index: number;
  from: string;
  to: string;
  reason?: string;
  /** The window started on an earlier day / goes on into the next day. */
  continuesBefore: boolean;
  continuesAfter: boolean;
}

export interface DayCell {
  /** Local date, `YYYY-MM-DD`. */
  date: string;
  day: number;
  weekday: WeekdayKey;
  inMonth: boolean;
  today: boolean;
  holiday: boolean;
  /** Service hours of this weekday; empty on a day without service. Holidays keep them (shown struck). */
  hours: Array<{ from: string; to: string }>;
  /** No service hours at all: measured 24×7. */
  allDay: boolean;
  maintenance: MaintenancePart[];
}

export interface MonthGrid {
  /** `YYYY-MM`. */
  month: string;
  /** Weeks from Monday to Sunday, covering the whole month. */
  weeks: DayCell[][];
}

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** `2026-03` → { year: 2026, month: 3 }, or null. */
export function parseMonth(text: string): { year: number; month: number } | null {
  const m = MONTH.exec(text);
  return m ? { year: Number(m[1]), month: Number(m[2]) } : null;
}

/** The month `delta` months after `month` (`YYYY-MM`). */
export function shiftMonth(month: string, delta: number): string {
  const parsed = parseMonth(month);
  if (!parsed) {
    return month;
  }
  return DateTime.fromObject({ year: parsed.year, month: parsed.month, day: 1 }, { zone: 'UTC' })
    .plus({ months: delta })
    .toFormat('yyyy-MM');
}

/** The current month in `timezone` (UTC when the zone is not valid). */
export function currentMonth(timezone: string, now: number = Date.now()): string {
  return localNow(timezone, now).toFormat('yyyy-MM');
}

function localNow(timezone: string, now: number): DateTime {
  const local = DateTime.fromMillis(now, { zone: timezone });
  return local.isValid ? local : DateTime.fromMillis(now, { zone: 'UTC' });
}

/** A maintenance instant: with an offset it is absolute, without one it is local to the agreement's zone. */
function instant(text: string, zone: string): number | null {
  const parsed = DateTime.fromISO(text, { zone });
  return parsed.isValid ? parsed.toMillis() : null;
}

function hoursByWeekday(input: CalendarInput): Map<WeekdayKey, Array<{ from: string; to: string }>> {
  const byDay = new Map<WeekdayKey, Array<{ from: string; to: string }>>();
  for (const h of input.serviceHours ?? []) {
    if (!CLOCK.test(h.from) || !CLOCK.test(h.to) || h.from >= h.to) {
      continue;
    }
    for (const d of h.days) {
      const key = d as WeekdayKey;
      if (WEEKDAY_KEYS.includes(key)) {
        byDay.set(
          key,
          [...(byDay.get(key) ?? []), { from: h.from, to: h.to }].sort((a, b) => a.from.localeCompare(b.from))
        );
      }
    }
  }
  return byDay;
}

function maintenanceParts(input: CalendarInput, zone: string, dayStart: DateTime, dayEnd: DateTime): MaintenancePart[] {
  const start = dayStart.toMillis();
  const end = dayEnd.toMillis();
  const parts: MaintenancePart[] = [];
  (input.maintenance ?? []).forEach((w, index) => {
    const from = instant(w.from, zone);
    const to = instant(w.to, zone);
    if (from === null || to === null || from >= to || to <= start || from >= end) {
      return;
    }
    const partFrom = Math.max(from, start);
    const partTo = Math.min(to, end);
    parts.push({
      index,
      from: DateTime.fromMillis(partFrom, { zone }).toFormat('HH:mm'),
      to: partTo === end ? '24:00' : DateTime.fromMillis(partTo, { zone }).toFormat('HH:mm'),
      reason: w.reason || undefined,
      continuesBefore: from < start,
      continuesAfter: to > end,
    });
  });
  return parts;
}

/**
 * The grid of `month` (`YYYY-MM`) in the input's time zone: whole weeks, Monday first, days of
 * the neighbouring months marked `inMonth: false`.
 */
export function monthGrid(input: CalendarInput, month: string, now: number = Date.now()): MonthGrid {
  const zone = DateTime.local().setZone(input.timezone).isValid ? input.timezone : 'UTC';
  const parsed = parseMonth(month) ?? parseMonth(currentMonth(zone, now))!;
  const first = DateTime.fromObject({ year: parsed.year, month: parsed.month, day: 1 }, { zone });
  const gridStart = first.minus({ days: first.weekday - 1 });
  const last = first.endOf('month');
  const gridDays = Math.ceil((last.diff(gridStart, 'days').days + 1) / 7) * 7;
  const hours = hoursByWeekday(input);
  const holidays = new Set(input.holidays ?? []);
  const today = localNow(zone, now).toISODate();
  const always = (input.serviceHours ?? []).length === 0;

  const cells: DayCell[] = [];
  for (let i = 0; i < gridDays; i++) {
    const dayStart = gridStart.plus({ days: i }).startOf('day');
    const date = dayStart.toISODate()!;
    const weekday = WEEKDAY_KEYS[dayStart.weekday - 1];
    cells.push({
      date,
      day: dayStart.day,
      weekday,
      inMonth: dayStart.month === parsed.month,
      today: date === today,
      holiday: holidays.has(date),
      hours: hours.get(weekday) ?? [],
      allDay: always,
      maintenance: maintenanceParts(input, zone, dayStart, dayStart.plus({ days: 1 }).startOf('day')),
    });
  }
  const weeks: DayCell[][] = [];
  for (let i = 0; i < cells.length; i += 7) {
    weeks.push(cells.slice(i, i + 7));
  }
  return { month: first.toFormat('yyyy-MM'), weeks };
}
