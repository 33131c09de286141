/**
 * The monitor's incremental arithmetic, pure. The evaluator is additive over disjoint slice
 * ranges (counts and events add, bad intervals concatenate and merge when touching), so a
 * period's figures are kept as running Totals: the slices that settled are folded a bucket length
 * (≥ 1 h) at a time, and each cycle evaluates the slices after the watermark (the settled ones not
 * yet folded and the younger, provisional ones) afresh. `finish` turns Totals into the same
 * TargetEvaluation one full `evaluateTarget` over the same slices gives.
 *
 * Segments: a calendar window folds into one segment per period (kept as history); a rolling
 * window folds into epoch-aligned buckets of ≥ 1 h so that the window can slide (buckets fully
 * inside + a freshly evaluated head fragment + the provisional tail).
 */
import {
  budgetingOf,
  calendarPeriod as computePeriod,
  durationMs as parseDurationMs,
  errorBudgetRemaining,
  evaluateTarget,
  serviceCredit,
  targetState,
  type AgreementSpec,
  type Interval,
  type Period,
  type SliceCounts,
  type Target,
  type TargetEvaluation,
  type TargetSeries,
} from '../../src/domain';

const durations = new Map<string, number>();

/** durationMs, remembered: a cycle asks for the same few slice and window lengths thousands of times. */
export function durationMs(text: string): number {
  let ms = durations.get(text);
  if (ms === undefined) {
    ms = parseDurationMs(text);
    if (durations.size < 1000) {
      durations.set(text, ms);
    }
  }
  return ms;
}

export interface Totals {
  counts: SliceCounts;
  sumGood: number;
  sumTotal: number;
  badIntervals: Interval[];
}

export const HOUR_MS = 3_600_000;

export function emptyTotals(): Totals {
  return { counts: { counted: 0, withData: 0, inDenominator: 0, good: 0, bad: 0 }, sumGood: 0, sumTotal: 0, badIntervals: [] };
}

/** a then b (b's slices all after a's): counts and events add, touching bad intervals merge. */
export function addTotals(a: Totals, b: Totals): Totals {
  return {
    ...sumCounts(a, b),
    badIntervals: a.badIntervals.length + b.badIntervals.length === 0 ? [] : mergeIntervals(a.badIntervals.concat(b.badIntervals)),
  };
}

function sumCounts(a: Totals, b: Totals): Omit<Totals, 'badIntervals'> {
  return {
    counts: {
      counted: a.counts.counted + b.counts.counted,
      withData: a.counts.withData + b.counts.withData,
      inDenominator: a.counts.inDenominator + b.counts.inDenominator,
      good: a.counts.good + b.counts.good,
      bad: a.counts.bad + b.counts.bad,
    },
    sumGood: a.sumGood + b.sumGood,
    sumTotal: a.sumTotal + b.sumTotal,
  };
}

/** Sorted, with intervals that touch or overlap joined. */
export function mergeIntervals(intervals: Interval[]): Interval[] {
  // Totals are added in time order, so the input is nearly always sorted already.
  const inOrder = intervals.every((x, k) => k === 0 || intervals[k - 1].from <= x.from);
  const sorted = inOrder ? intervals : [...intervals].sort((x, y) => x.from - y.from);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.from <= last.to) {
      last.to = Math.max(last.to, i.to);
    } else {
      out.push({ ...i });
    }
  }
  return out;
}

export function totalsOf(e: TargetEvaluation): Totals {
  return {
    counts: { ...e.slices },
    sumGood: e.events?.good ?? 0,
    sumTotal: e.events?.total ?? 0,
    badIntervals: e.badIntervals.map((b) => ({ ...b })),
  };
}

/** Totals of the slices starting in [from, to) (slice-aligned), all of them ended. */
export function evaluateSlices(spec: AgreementSpec, target: Target, data: TargetSeries, from: number, to: number): Totals {
  if (to <= from) {
    return emptyTotals();
  }
  return totalsOf(evaluateTarget(spec, target, data, { from, to }, to));
}

/**
 * Totals of slices that could not be fetched (datasource outage): counted but without data,
 * whatever noData says, so that an outage lowers coverage and never counts a slice bad.
 */
export function unfetchedSlices(spec: AgreementSpec, target: Target, from: number, to: number, at: number): Totals {
  if (to <= from || at <= from) {
    return emptyTotals();
  }
  return totalsOf(evaluateTarget({ ...spec, noData: 'ignore' }, target, {}, { from, to }, at));
}

/** The evaluation the totals stand for, computed exactly as the evaluator does. */
export function finish(spec: AgreementSpec, target: Target, totals: Totals): TargetEvaluation {
  const budgeting = budgetingOf(target);
  const { counts } = totals;
  const occurrences = !!target.sli.ratio && budgeting === 'occurrences';
  const compliance = occurrences
    ? totals.sumTotal > 0
      ? (100 * totals.sumGood) / totals.sumTotal
      : null
    : counts.inDenominator > 0
      ? (100 * counts.good) / counts.inDenominator
      : null;
  const coverage = counts.counted > 0 ? (100 * counts.withData) / counts.counted : null;
  return {
    id: target.id,
    state: targetState({ compliance, coverage, objective: target.objective, warning: target.warning }, spec.minCoverage),
    compliance,
    objective: target.objective,
    ...(target.warning !== undefined ? { warning: target.warning } : {}),
    coverage,
    errorBudgetRemaining: errorBudgetRemaining(compliance, target.objective),
    budgeting,
    slices: { ...counts },
    ...(occurrences ? { events: { good: totals.sumGood, total: totals.sumTotal } } : {}),
    badIntervals: totals.badIntervals.map((b) => ({ ...b })),
    ...(target.serviceCredits ? { serviceCredit: serviceCredit(compliance, target.serviceCredits) } : {}),
  };
}

type CalendarUnit = NonNullable<AgreementSpec['window']['calendar']>;
const periods = new Map<string, Period[]>();

/**
 * calendarPeriod, remembered: the monitor asks for the same few periods (this one and the last,
 * per unit and time zone) thousands of times a cycle, and each answer costs a luxon computation.
 */
export function calendarPeriod(unit: CalendarUnit, timezone: string, t: number): Period {
  const key = `${unit}|${timezone}`;
  const known = periods.get(key) ?? [];
  const hit = known.find((p) => p.from <= t && t < p.to);
  if (hit) {
    return { ...hit };
  }
  const p = computePeriod(unit, timezone, t);
  periods.set(key, [p, ...known.slice(0, 3)]);
  return { ...p };
}

export const alignUp = (t: number, step: number) => Math.ceil(t / step) * step;
export const alignDown = (t: number, step: number) => Math.floor(t / step) * step;

/** Bucket length of a rolling window: whole slices, at least an hour. */
export const bucketMs = (sliceMs: number) => sliceMs * Math.ceil(HOUR_MS / sliceMs);

/** Where a target's settled slices are kept: [from, to) of the period or bucket, and the slice starts it holds. */
export interface Segment {
  kind: 'period' | 'bucket';
  /** The period (calendar) or bucket bounds. */
  from: number;
  to: number;
  /** Slice starts belonging to it: [firstSlice, endSlice), slice-aligned. */
  firstSlice: number;
  endSlice: number;
}

export interface Layout {
  sliceMs: number;
  /** The segment holding the slice that starts at t (slice-aligned). */
  segmentAt(t: number): Segment;
  rolling: boolean;
}

export function layoutOf(spec: AgreementSpec, target: Target): Layout {
  const sliceMs = durationMs(target.slice);
  const unit = spec.window.calendar;
  if (unit) {
    return {
      sliceMs,
      rolling: false,
      segmentAt: (t) => {
        const p = calendarPeriod(unit, spec.timezone, t);
        return { kind: 'period', from: p.from, to: p.to, firstSlice: alignUp(p.from, sliceMs), endSlice: alignUp(p.to, sliceMs) };
      },
    };
  }
  const b = bucketMs(sliceMs);
  return {
    sliceMs,
    rolling: true,
    segmentAt: (t) => {
      const from = alignDown(t, b);
      return { kind: 'bucket', from, to: from + b, firstSlice: from, endSlice: from + b };
    },
  };
}

/** [from, to) (slice-aligned) cut at segment boundaries. */
export function piecesOf(layout: Layout, from: number, to: number): Array<{ segment: Segment; from: number; to: number }> {
  const out: Array<{ segment: Segment; from: number; to: number }> = [];
  for (let t = from; t < to; ) {
    const segment = layout.segmentAt(t);
    const end = Math.min(to, segment.endSlice);
    out.push({ segment, from: t, to: end });
    t = end;
  }
  return out;
}

/**
 * What a target's live figures are made of at `now`: the period (calendar) or window (rolling),
 * the range whose settled totals come from storage, and the fresh head (rolling) before it.
 */
export interface LivePlan {
  period: Period;
  /** Slices starting in [headFrom, foldFrom) are evaluated fresh each cycle (rolling head fragment). */
  headFrom: number;
  /** Stored totals cover slices starting in [foldFrom, watermark). */
  foldFrom: number;
}

/** Settled totals must not be folded beyond this: slices that ended more than `settleMs` ago. */
export function settledEnd(now: number, settleMs: number, sliceMs: number): number {
  return alignDown(now - settleMs, sliceMs);
}

/**
 * Where a fold resuming at `from` stops, given the slices settled before `settled`: at the last
 * whole bucket length (≥ 1 h, epoch-aligned) — or at the end of the segment `from` is in, once
 * that settled (a finished period is stored whole at once). Folding a bucket length at a time
 * rather than every settled slice spares most cycles a write of every segment; the slices after
 * the watermark are evaluated each cycle with the provisional tail (they are fetched anyway, the
 * burn rate needing the last hour).
 */
export function foldUntil(layout: Layout, from: number, settled: number): number {
  const whole = alignDown(settled, bucketMs(layout.sliceMs));
  const segmentEnd = layout.segmentAt(from).endSlice;
  return segmentEnd <= settled ? Math.max(whole, segmentEnd) : whole;
}

/**
 * The live plan at `now`, or null when a rolling window is too short for buckets (≤ 2 buckets):
 * then the whole window is evaluated fresh each cycle, which is cheap at that size.
 */
export function livePlan(spec: AgreementSpec, target: Target, now: number): LivePlan | null {
  const layout = layoutOf(spec, target);
  const sliceMs = layout.sliceMs;
  if (!layout.rolling) {
    const p = calendarPeriod(spec.window.calendar!, spec.timezone, now);
    const start = alignUp(p.from, sliceMs);
    return { period: p, headFrom: start, foldFrom: start };
  }
  const length = durationMs(spec.window.rolling!);
  const b = bucketMs(sliceMs);
  if (length <= 2 * b) {
    return null;
  }
  const period = { from: now - length, to: now };
  const windowStart = alignUp(period.from, sliceMs);
  return { period, headFrom: windowStart, foldFrom: alignUp(windowStart, b) };
}

/**
 * Where folding resumes: the stored watermark when it is still useful (inside the live range, or
 * finishing the previous calendar period), else the start of the live range (a new agreement,
 * or a gap longer than a period, e.g. the engine was down).
 */
export function resumeFrom(spec: AgreementSpec, target: Target, plan: LivePlan, watermark: number | null): number {
  if (watermark === null) {
    return plan.foldFrom;
  }
  if (watermark >= plan.foldFrom) {
    return watermark;
  }
  const layout = layoutOf(spec, target);
  if (!layout.rolling) {
    const previous = layout.segmentAt(plan.foldFrom - layout.sliceMs);
    if (watermark >= previous.firstSlice && watermark < previous.endSlice) {
      return watermark;
    }
  }
  return plan.foldFrom;
}

/** A segment as stored: its totals over the slices starting in [segment.firstSlice, settledUntil). */
export interface StoredSegment {
  segment: Pick<Segment, 'kind' | 'from' | 'to'>;
  settledUntil: number;
  totals: Totals;
  /** The state stored with it, when read from the database (the current period's: its latest). */
  state?: string | null;
}

/** A segment written by a fold; `expected` is the watermark it had when read (null: new), checked on write. */
export interface SegmentChange extends StoredSegment {
  expected: number | null;
}

const sameSegment = (a: StoredSegment['segment'], b: StoredSegment['segment']) => a.kind === b.kind && a.from === b.from;

export const watermarkOf = (rows: readonly StoredSegment[]): number | null =>
  rows.length ? Math.max(...rows.map((r) => r.settledUntil)) : null;

/** A rolling window's head fragment (slice starts [from, to)), fetched by a request of its own; null when there is none. */
export function headRange(spec: AgreementSpec, target: Target, now: number): { from: number; to: number } | null {
  const plan = livePlan(spec, target, now);
  return plan && plan.headFrom < plan.foldFrom ? { from: plan.headFrom, to: plan.foldFrom } : null;
}

/** First slice start the main request needs: the unfolded slices and the last hour (burn rate); the head has its own request. */
export function fetchStart(spec: AgreementSpec, target: Target, rows: readonly StoredSegment[], now: number): number {
  const sliceMs = durationMs(target.slice);
  const hourAgo = alignDown(now - HOUR_MS, sliceMs);
  const plan = livePlan(spec, target, now);
  if (!plan) {
    return Math.min(alignUp(now - durationMs(spec.window.rolling!), sliceMs), hourAgo);
  }
  return Math.min(resumeFrom(spec, target, plan, watermarkOf(rows)), hourAgo);
}

/**
 * Folds the slices that settled (ended more than settleMs before now) and whose data was fetched
 * (points up to `fetchedUntil`) into their segments, a bucket length at a time (foldUntil). Returns the segments to write; `rows` are
 * the target's stored segments (those of the monitored revision).
 */
export function foldTarget(
  spec: AgreementSpec,
  target: Target,
  rows: readonly StoredSegment[],
  data: TargetSeries,
  fetchedUntil: number,
  now: number,
  settleMs: number
): SegmentChange[] {
  const plan = livePlan(spec, target, now);
  if (!plan) {
    return [];
  }
  const layout = layoutOf(spec, target);
  const from = resumeFrom(spec, target, plan, watermarkOf(rows));
  const to = Math.min(foldUntil(layout, from, settledEnd(now, settleMs, layout.sliceMs)), alignDown(fetchedUntil, layout.sliceMs));
  return piecesOf(layout, from, to).map((piece) => {
    const existing = rows.find((r) => sameSegment(r.segment, piece.segment));
    if (existing && existing.settledUntil !== piece.from) {
      throw new Error(`segment ${new Date(piece.segment.from).toISOString()} of ${target.id} is settled until ${new Date(existing.settledUntil).toISOString()}, not ${new Date(piece.from).toISOString()}`);
    }
    return {
      segment: { kind: piece.segment.kind, from: piece.segment.from, to: piece.segment.to },
      settledUntil: piece.to,
      totals: addTotals(existing?.totals ?? emptyTotals(), evaluateSlices(spec, target, data, piece.from, piece.to)),
      expected: existing?.settledUntil ?? null,
    };
  });
}

/** Stored rows after changes are applied. */
export function applyChanges(rows: readonly StoredSegment[], changes: readonly SegmentChange[]): StoredSegment[] {
  const out = rows.filter((r) => !changes.some((c) => sameSegment(c.segment, r.segment)));
  for (const c of changes) {
    out.push({ segment: c.segment, settledUntil: c.settledUntil, totals: c.totals });
  }
  return out.sort((a, b) => a.segment.from - b.segment.from);
}

export interface LiveTarget {
  period: Period;
  evaluation: TargetEvaluation;
  /** Slices starting before this are settled (stored). */
  settledUntil: number;
}

/**
 * The target's figures at `now`: stored totals plus the head fragment and the provisional tail,
 * evaluated on `data`; with `data` null (datasource error) those slices count as counted without
 * data whatever noData says, so an outage lowers coverage and never adds a bad slice.
 */
export function liveTarget(
  spec: AgreementSpec,
  target: Target,
  rows: readonly StoredSegment[],
  data: TargetSeries | null,
  now: number
): LiveTarget {
  const plan = livePlan(spec, target, now);
  const fresh = (from: number, to: number, at: number): Totals =>
    data ? (to > from ? totalsOf(evaluateTarget(spec, target, data, { from, to }, at)) : emptyTotals()) : unfetchedSlices(spec, target, from, to, at);
  if (!plan) {
    const period = { from: now - durationMs(spec.window.rolling!), to: now };
    const start = alignUp(period.from, durationMs(target.slice));
    return { period, evaluation: finish(spec, target, fresh(start, now, now)), settledUntil: start };
  }
  const inRange = rows
    .filter((r) => r.segment.from >= plan.foldFrom && r.segment.from < plan.period.to)
    .sort((a, b) => a.segment.from - b.segment.from);
  let stored = emptyTotals();
  let watermark = plan.foldFrom;
  for (const r of inRange) {
    stored = addTotals(stored, r.totals);
    watermark = Math.max(watermark, r.settledUntil);
  }
  const head = fresh(plan.headFrom, plan.foldFrom, plan.foldFrom);
  const tail = fresh(watermark, plan.period.to, now);
  return { period: plan.period, evaluation: finish(spec, target, addTotals(addTotals(head, stored), tail)), settledUntil: watermark };
}

/** Rolling-window buckets entirely before the window at `now` (to delete). */
export function prunableBefore(spec: AgreementSpec, target: Target, now: number): number | null {
  const plan = livePlan(spec, target, now);
  return plan && layoutOf(spec, target).rolling ? plan.headFrom : null;
}

/**
 * The next time a target's live figures can differ from those at `now` (with the same data):
 * a slice ends (new provisional data), a provisional slice settles (ended + settleMs), the
 * last-hour burn-rate window or a rolling window starts on another slice, or the calendar period
 * ends. Slices are epoch-aligned and only ended slices count, so nothing between these instants
 * changes any figure; an agreement is due again at the earliest of its targets'.
 */
export function nextChangeAt(spec: AgreementSpec, target: Target, now: number, settleMs: number): number {
  const sliceMs = durationMs(target.slice);
  // Counts (floor-based) change AT a boundary; a window start (ceil-based: alignUp(t − length))
  // changes one millisecond AFTER it.
  const counted = (offset: number) => alignDown(now - offset, sliceMs) + sliceMs + offset;
  const windowStart = (length: number) => alignUp(now - length, sliceMs) + length + 1;
  const candidates = [counted(0), counted(settleMs), windowStart(HOUR_MS)];
  if (spec.window.calendar) {
    candidates.push(calendarPeriod(spec.window.calendar, spec.timezone, now).to);
  } else {
    candidates.push(windowStart(durationMs(spec.window.rolling!)));
  }
  return Math.min(...candidates);
}

/** When an agreement's figures can change next (its targets' earliest change). */
export function nextDueAt(spec: AgreementSpec, now: number, settleMs: number): number {
  return Math.min(...spec.targets.map((t) => nextChangeAt(spec, t, now, settleMs)));
}
