/**
 * The slice grid of a period and which of its slices count (DESIGN §5.1–5.2). Calendar logic
 * (service hours, holidays) runs once per local day with luxon; everything per slice is plain
 * arithmetic on a Uint8Array, so a month of 1-minute slices costs microseconds.
 */
import { DateTime } from 'luxon';
import type { AgreementSpec } from './agreement';
import { clockMinutes, parseInstant } from './schema';
import type { Period } from './period';

/** Slices aligned to the Unix epoch: slice i spans [start + i·sliceMs, start + (i+1)·sliceMs). */
export interface SliceGrid {
  sliceMs: number;
  /** Start of slice 0 (epoch ms, a multiple of sliceMs). */
  start: number;
  count: number;
}

/**
 * Slices whose start lies in [period.from, period.to) and that have ended by `at`.
 */
export function sliceGrid(period: Period, at: number, sliceMs: number): SliceGrid {
  const start = Math.ceil(period.from / sliceMs) * sliceMs;
  const inPeriod = Math.ceil((period.to - start) / sliceMs);
  const ended = Math.floor((at - start) / sliceMs);
  return { sliceMs, start, count: Math.max(0, Math.min(inPeriod, ended)) };
}

const WEEKDAY_INDEX: Record<string, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

type CalendarSpec = Pick<AgreementSpec, 'timezone' | 'serviceHours' | 'holidays' | 'maintenance'>;

/**
 * Counted slices as sorted, disjoint, non-touching index ranges, flat: [lo0, hi0, lo1, hi1, …]
 * (hi exclusive). A slice counts when its start lies in service hours, not on a holiday, and it
 * does not overlap maintenance. A gap between two ranges is a run of left-out slices.
 */
export function countedRanges(spec: CalendarSpec, grid: SliceGrid): number[] {
  if (grid.count === 0) {
    return [];
  }
  const base =
    !spec.serviceHours && !(spec.holidays && spec.holidays.length) ? [0, grid.count] : serviceHourRanges(spec, grid);
  const cuts: number[] = [];
  for (const m of spec.maintenance ?? []) {
    const from = parseInstant(m.from, spec.timezone);
    const to = parseInstant(m.to, spec.timezone);
    // A slice [s, s+slice) overlaps [from, to) when s < to and s + slice > from.
    const lo = Math.max(0, Math.floor((from - grid.start) / grid.sliceMs));
    const hi = Math.min(grid.count, Math.ceil((to - grid.start) / grid.sliceMs));
    if (lo < hi) {
      cuts.push(lo, hi);
    }
  }
  return cuts.length ? subtract(base, normalize(cuts)) : base;
}

/** 1 for each counted slice (the ranges of countedRanges as a mask). */
export function countedMask(spec: CalendarSpec, grid: SliceGrid): Uint8Array {
  const mask = new Uint8Array(grid.count);
  const ranges = countedRanges(spec, grid);
  for (let k = 0; k < ranges.length; k += 2) {
    mask.fill(1, ranges[k], ranges[k + 1]);
  }
  return mask;
}

function serviceHourRanges(spec: CalendarSpec, grid: SliceGrid): number[] {
  const holidays = new Set(spec.holidays ?? []);
  const end = grid.start + grid.count * grid.sliceMs;
  const out: number[] = [];
  let day = DateTime.fromMillis(grid.start, { zone: spec.timezone }).startOf('day');
  while (day.toMillis() < end) {
    const next = day.plus({ days: 1 }).startOf('day');
    if (!holidays.has(day.toISODate() as string)) {
      for (const [from, to] of localRanges(spec, day, next)) {
        // Slices whose start lies in [from, to).
        const lo = Math.max(0, Math.ceil((from - grid.start) / grid.sliceMs));
        const hi = Math.min(grid.count, Math.ceil((to - grid.start) / grid.sliceMs));
        if (lo < hi) {
          out.push(lo, hi);
        }
      }
    }
    day = next;
  }
  return normalize(out);
}

/** Sorts flat [lo, hi) pairs and merges overlapping or touching ones. */
function normalize(flat: number[]): number[] {
  const pairs: Array<[number, number]> = [];
  for (let k = 0; k < flat.length; k += 2) {
    pairs.push([flat[k], flat[k + 1]]);
  }
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [lo, hi] of pairs) {
    const last = out.length - 1;
    if (last > 0 && lo <= out[last]) {
      out[last] = Math.max(out[last], hi);
    } else {
      out.push(lo, hi);
    }
  }
  return out;
}

/** Ranges of `base` minus `cuts` (both normalized). */
function subtract(base: number[], cuts: number[]): number[] {
  const out: number[] = [];
  for (let k = 0; k < base.length; k += 2) {
    let lo = base[k];
    const hi = base[k + 1];
    for (let c = 0; c < cuts.length && lo < hi; c += 2) {
      if (cuts[c + 1] <= lo || cuts[c] >= hi) {
        continue;
      }
      if (cuts[c] > lo) {
        out.push(lo, cuts[c]);
      }
      lo = Math.max(lo, cuts[c + 1]);
    }
    if (lo < hi) {
      out.push(lo, hi);
    }
  }
  return out;
}

/** The day's counted local ranges as epoch ms; 24x7 when there are no service hours. */
function localRanges(spec: CalendarSpec, day: DateTime, next: DateTime): Array<[number, number]> {
  if (!spec.serviceHours) {
    return [[day.toMillis(), next.toMillis()]];
  }
  const ranges: Array<[number, number]> = [];
  for (const h of spec.serviceHours) {
    if (h.days.some((d) => WEEKDAY_INDEX[d] === day.weekday)) {
      ranges.push([atClock(day, next, h.from), atClock(day, next, h.to)]);
    }
  }
  return ranges;
}

/** Local wall-clock time on `day`; a time skipped by a DST change moves forward, like luxon. */
function atClock(day: DateTime, next: DateTime, clock: string): number {
  const minutes = clockMinutes(clock);
  if (minutes === 24 * 60) {
    return next.toMillis();
  }
  return day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60 }).toMillis();
}

/**
 * Per-evaluation memo of which time arrays are regular on a grid (one point per slice, stamped
 * at its end): series sharing a time array (wide frames) are then checked once.
 */
export type AlignMemo = Map<ArrayLike<number>, number>;

/** Places a series on the grid: a point stamped t describes the slice (end − slice, end], end = ⌈t/slice⌉·slice. */
export function alignToGrid(
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  grid: SliceGrid,
  memo?: AlignMemo
): Float64Array {
  const { sliceMs, start, count } = grid;
  const n = times.length;
  // Fast path: the shape Grafana returns for step = slice — no copy at all.
  if (n >= count && count > 0 && values instanceof Float64Array && values.length === n) {
    let first = memo?.get(times);
    if (first === undefined) {
      first = regularFrom(times, grid);
      memo?.set(times, first);
    }
    if (first >= 0) {
      return values.subarray(first, first + count);
    }
  }
  const out = new Float64Array(count).fill(NaN);
  for (let k = 0; k < n; k++) {
    const idx = Math.ceil(times[k] / sliceMs) - 1 - start / sliceMs;
    if (idx >= 0 && idx < count) {
      // Several points in one slice: the latest describes it (points are in time order).
      out[idx] = values[k];
    }
  }
  return out;
}

/** Index of the point ending slice 0 when `count` points from there end consecutive slices; else -1. */
function regularFrom(times: ArrayLike<number>, grid: SliceGrid): number {
  const { sliceMs, start, count } = grid;
  const first = binarySearchEnd(times, start + sliceMs);
  if (first + count > times.length || times[first] !== start + sliceMs) {
    return -1;
  }
  let expected = start + sliceMs;
  for (let i = first, end = first + count; i < end; i++, expected += sliceMs) {
    if (times[i] !== expected) {
      return -1;
    }
  }
  return first;
}

/** First index whose time is >= t (times ascending). */
function binarySearchEnd(times: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] < t) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}
