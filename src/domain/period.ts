/**
 * Compliance periods (DESIGN §5.1): calendar weeks (from Monday), months and quarters start at
 * local midnight in the agreement's time zone; rolling windows end at the evaluation time.
 * All results are epoch milliseconds, [from, to).
 */
import { DateTime } from 'luxon';
import type { Window } from './agreement';
import { durationMs } from './duration';

export interface Period {
  from: number;
  to: number;
}

export class PeriodError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PeriodError';
  }
}

export type CalendarUnit = 'week' | 'month' | 'quarter';

/** The calendar period of `unit` that contains `at`, in `zone`. */
export function calendarPeriod(unit: CalendarUnit, zone: string, at: number): Period {
  const start = DateTime.fromMillis(at, { zone }).startOf(unit);
  return { from: start.toMillis(), to: start.plus({ [`${unit}s`]: 1 }).toMillis() };
}

/** The calendar period of `unit` that comes right before the one containing `at`. */
export function previousCalendarPeriod(unit: CalendarUnit, zone: string, at: number): Period {
  const current = calendarPeriod(unit, zone, at);
  return calendarPeriod(unit, zone, current.from - 1);
}

/** The period of an agreement's window that is current at `at`. */
export function currentPeriod(window: Window, zone: string, at: number): Period {
  if (window.calendar) {
    return calendarPeriod(window.calendar, zone, at);
  }
  return { from: at - durationMs(window.rolling as string), to: at };
}

/** Nominal length of a window, used to scale burn-rate windows (a calendar month → its length at `at`). */
export function windowLength(window: Window, zone: string, at: number): number {
  const p = currentPeriod(window, zone, at);
  return p.to - p.from;
}

const MONTH_RE = /^(\d{4})-(\d{2})$/;
const QUARTER_RE = /^(\d{4})-Q([1-4])$/;
const WEEK_RE = /^(\d{4})-W(\d{2})$/;

/** Parses `YYYY-MM`, `YYYY-Qn` or `YYYY-Www` (ISO week) into a period in `zone`. */
export function parsePeriod(text: string, zone: string): Period {
  let m = MONTH_RE.exec(text);
  if (m) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) {
      throw new PeriodError(`period '${text}': month must be 01 to 12`);
    }
    return span(DateTime.fromObject({ year: Number(m[1]), month }, { zone }), { months: 1 });
  }
  m = QUARTER_RE.exec(text);
  if (m) {
    const month = (Number(m[2]) - 1) * 3 + 1;
    return span(DateTime.fromObject({ year: Number(m[1]), month }, { zone }), { months: 3 });
  }
  m = WEEK_RE.exec(text);
  if (m) {
    const start = DateTime.fromObject({ weekYear: Number(m[1]), weekNumber: Number(m[2]), weekday: 1 }, { zone });
    if (!start.isValid || start.weekNumber !== Number(m[2])) {
      throw new PeriodError(`period '${text}': ${m[1]} has no ISO week ${m[2]}`);
    }
    return span(start, { weeks: 1 });
  }
  throw new PeriodError(`period '${text}' must look like 2026-03 (month), 2026-Q1 (quarter) or 2026-W09 (ISO week)`);
}

function span(start: DateTime, length: { months?: number; weeks?: number }): Period {
  if (!start.isValid) {
    throw new PeriodError(`invalid period: ${start.invalidExplanation ?? start.invalidReason}`);
  }
  return { from: start.toMillis(), to: start.plus(length).toMillis() };
}
