/**
 * The evaluator: DESIGN §5, rule by rule. Each target is one pass over typed arrays of its
 * slices (counted ranges, good/total or value), so the panel, the engine and the CLI compute the
 * same numbers from the same frames.
 */
import {
  budgetingOf,
  refIdsOf,
  type Agreement,
  type AgreementSpec,
  type AgreementState,
  type AgreementType,
  type Budgeting,
  type Target,
  type TargetState,
  type ThresholdOp,
} from './agreement';
import { durationMs } from './duration';
import { seriesFromResponse, type ReadOptions, type Series } from './frames';
import { currentPeriod, parsePeriod, type Period } from './period';
import { alignToGrid, countedRanges, sliceGrid, type AlignMemo, type SliceGrid } from './slices';

/** A target's series by role; a missing series means "no data" for every slice. */
export interface TargetSeries {
  good?: Pick<Series, 'times' | 'values'>;
  total?: Pick<Series, 'times' | 'values'>;
  value?: Pick<Series, 'times' | 'values'>;
}

export type SeriesByRefId =
  Map<string, Pick<Series, 'times' | 'values'>> | Record<string, Pick<Series, 'times' | 'values'>>;

/** [from, to) in epoch ms. */
export interface Interval {
  from: number;
  to: number;
}

export interface SliceCounts {
  /** Counted slices (in service hours, not holiday, no maintenance) that have ended. */
  counted: number;
  /** Counted slices with data. */
  withData: number;
  /** Slices in the compliance denominator (timeslices) or with events (occurrences). */
  inDenominator: number;
  good: number;
  bad: number;
}

export interface TargetEvaluation {
  id: string;
  state: TargetState;
  /** Percent, null with nothing in the denominator. */
  compliance: number | null;
  objective: number;
  warning?: number;
  /** Percent of counted slices with data, null when no slice counts. */
  coverage: number | null;
  /** Percent, may be negative; null when compliance is. */
  errorBudgetRemaining: number | null;
  budgeting: Budgeting;
  slices: SliceCounts;
  /** Σgood and Σtotal under occurrences budgeting. */
  events?: { good: number; total: number };
  badIntervals: Interval[];
  /** Credit (percent) of the service-credit tier reached, when tiers are defined. */
  serviceCredit?: number | null;
}

export interface AgreementEvaluation {
  id: string;
  type: AgreementType;
  title: string;
  period: Period;
  at: number;
  state: AgreementState;
  targets: TargetEvaluation[];
}

export interface EvaluateOptions {
  /** Evaluation time (epoch ms): only slices ended by then count. */
  at: number;
  /** Explicit period; default the agreement window's period current at `at`. */
  period?: Period;
}

/** Evaluates every target of an agreement over one period. */
export function evaluateAgreement(
  agreement: Agreement,
  data: SeriesByRefId,
  opts: EvaluateOptions
): AgreementEvaluation {
  const { spec } = agreement;
  const period = opts.period ?? currentPeriod(spec.window, spec.timezone, opts.at);
  // Targets with the same slice share one grid: its calendar work and time-array checks.
  const shared = new Map<number, { ranges: number[]; memo: AlignMemo }>();
  const targets = spec.targets.map((t) => {
    const grid = sliceGrid(period, opts.at, durationMs(t.slice));
    let s = shared.get(grid.sliceMs);
    if (!s) {
      s = { ranges: countedRanges(spec, grid), memo: new Map() };
      shared.set(grid.sliceMs, s);
    }
    return evaluateOnGrid(spec, t, targetSeries(t, data), grid, s.ranges, s.memo);
  });
  return {
    id: agreement.metadata.id,
    type: spec.type,
    title: agreement.metadata.title,
    period,
    at: opts.at,
    state: agreementState(targets.map((t) => t.state)),
    targets,
  };
}

/** Evaluates one target over a period, as of `at`. */
export function evaluateTarget(
  spec: AgreementSpec,
  target: Target,
  data: TargetSeries,
  period: Period,
  at: number
): TargetEvaluation {
  const grid = sliceGrid(period, at, durationMs(target.slice));
  return evaluateOnGrid(spec, target, data, grid, countedRanges(spec, grid));
}

/** The series of a target picked from refIds `<id>/good`, `<id>/total`, `<id>/value`. */
export function targetSeries(target: Target, data: SeriesByRefId): TargetSeries {
  const get = (refId: string) => (data instanceof Map ? data.get(refId) : data[refId]);
  return target.sli.ratio
    ? { good: get(`${target.id}/good`), total: get(`${target.id}/total`) }
    : { value: get(`${target.id}/value`) };
}

const EMPTY = { times: new Float64Array(0), values: new Float64Array(0) };

function evaluateOnGrid(
  spec: AgreementSpec,
  target: Target,
  data: TargetSeries,
  grid: SliceGrid,
  ranges: number[],
  memo?: AlignMemo
): TargetEvaluation {
  const budgeting = budgetingOf(target);
  const align = (s?: Pick<Series, 'times' | 'values'>) =>
    alignToGrid((s ?? EMPTY).times, (s ?? EMPTY).values, grid, memo);
  let scan: Scan;
  if (target.sli.ratio) {
    const good = align(data.good);
    const total = align(data.total);
    scan =
      budgeting === 'occurrences'
        ? scanOccurrences(ranges, good, total, target.objective)
        : scanRatioSlices(ranges, good, total, target.objective, spec.noData);
  } else {
    const t = target.sli.threshold!;
    scan = scanThresholdSlices(ranges, align(data.value), t.op, t.value, spec.noData);
  }
  const { counts } = scan;
  const coverage = counts.counted > 0 ? (100 * counts.withData) / counts.counted : null;
  const compliance = scan.compliance;
  return {
    id: target.id,
    state: targetState(
      { compliance, coverage, objective: target.objective, warning: target.warning },
      spec.minCoverage
    ),
    compliance,
    objective: target.objective,
    ...(target.warning !== undefined ? { warning: target.warning } : {}),
    coverage,
    errorBudgetRemaining: errorBudgetRemaining(compliance, target.objective),
    budgeting,
    slices: counts,
    ...(scan.events ? { events: scan.events } : {}),
    badIntervals: toIntervals(scan.runs, grid),
    ...(target.serviceCredits ? { serviceCredit: serviceCredit(compliance, target.serviceCredits) } : {}),
  };
}

interface Scan {
  compliance: number | null;
  counts: SliceCounts;
  events?: { good: number; total: number };
  /** Bad runs as slice index pairs [first, end). */
  runs: number[];
}

/**
 * Occurrences: Σgood ÷ Σtotal over counted slices with data. Slices without data (missing, or
 * total = 0) are left out and break bad runs. good is clamped to [0, total] because counters
 * scraped at slightly different times can report a few more good than total events.
 */
function scanOccurrences(ranges: number[], good: Float64Array, total: Float64Array, objective: number): Scan {
  const runs: number[] = [];
  let runStart = -1;
  let counted = 0;
  let withData = 0;
  let badSlices = 0;
  let sumGood = 0;
  let sumTotal = 0;
  const clearlyGood = (objective / 100) * (1 + 1e-9);
  // Counted slices come as index ranges; the gap between two ranges is left out and ends a run.
  for (let k = 0; k < ranges.length; k += 2) {
    const lo = ranges[k];
    const hi = ranges[k + 1];
    counted += hi - lo;
    for (let i = lo; i < hi; i++) {
      const t = total[i];
      let g = good[i];
      let bad = false;
      if (t > 0 && t < Infinity && g >= 0) {
        if (g > t) {
          g = t;
        }
        withData++;
        sumGood += g;
        sumTotal += t;
        // Clearly above the objective: one multiplication; near or below it, the exact test.
        bad = g <= clearlyGood * t && belowObjective(g, t, objective);
      }
      if (bad) {
        badSlices++;
        if (runStart < 0) {
          runStart = i;
        }
      } else if (runStart >= 0) {
        runs.push(runStart, i);
        runStart = -1;
      }
    }
    if (runStart >= 0) {
      runs.push(runStart, hi);
      runStart = -1;
    }
  }
  return {
    compliance: sumTotal > 0 ? (100 * sumGood) / sumTotal : null,
    counts: { counted, withData, inDenominator: withData, good: withData - badSlices, bad: badSlices },
    events: { good: sumGood, total: sumTotal },
    runs,
  };
}

/**
 * good ÷ total < objective for one slice: 100·g/t is correctly rounded, so it equals the
 * objective exactly when the slice is exactly at it (999 of 1000 against 99.9).
 */
function belowObjective(good: number, total: number, objective: number): boolean {
  return (100 * good) / total < objective;
}

/** Slice verdicts: 1 good, 0 bad, -1 left out. */
type Verdict = 1 | 0 | -1;

function noDataVerdict(noData: AgreementSpec['noData']): Verdict {
  return noData === 'good' ? 1 : noData === 'bad' ? 0 : -1;
}

/** Timeslices on a ratio SLI: a slice is good when its own good ÷ total ≥ objective. */
function scanRatioSlices(
  ranges: number[],
  good: Float64Array,
  total: Float64Array,
  objective: number,
  noData: AgreementSpec['noData']
): Scan {
  const missing = noDataVerdict(noData);
  return scanSlices(ranges, missing, (i) => {
    const t = total[i];
    const g = good[i];
    if (!(t > 0 && t < Infinity && g >= 0)) {
      return null;
    }
    return belowObjective(Math.min(g, t), t, objective) ? 0 : 1;
  });
}

/** Timeslices on a threshold SLI: a slice is good when value <op> threshold. */
function scanThresholdSlices(
  ranges: number[],
  value: Float64Array,
  op: ThresholdOp,
  threshold: number,
  noData: AgreementSpec['noData']
): Scan {
  const missing = noDataVerdict(noData);
  const test = COMPARE[op];
  return scanSlices(ranges, missing, (i) => {
    const v = value[i];
    return Number.isNaN(v) ? null : test(v, threshold) ? 1 : 0;
  });
}

const COMPARE: Record<ThresholdOp, (v: number, t: number) => boolean> = {
  lt: (v, t) => v < t,
  lte: (v, t) => v <= t,
  gt: (v, t) => v > t,
  gte: (v, t) => v >= t,
};

/** Shared timeslices loop over the counted ranges; `judge` returns null for a slice without data. */
function scanSlices(ranges: number[], missing: Verdict, judge: (i: number) => Verdict | null): Scan {
  const runs: number[] = [];
  let runStart = -1;
  let counted = 0;
  let withData = 0;
  let goodSlices = 0;
  let badSlices = 0;
  for (let k = 0; k < ranges.length; k += 2) {
    const lo = ranges[k];
    const hi = ranges[k + 1];
    counted += hi - lo;
    for (let i = lo; i < hi; i++) {
      let verdict = judge(i);
      if (verdict === null) {
        verdict = missing;
      } else {
        withData++;
      }
      if (verdict === 0) {
        badSlices++;
        if (runStart < 0) {
          runStart = i;
        }
      } else {
        if (verdict === 1) {
          goodSlices++;
        }
        if (runStart >= 0) {
          runs.push(runStart, i);
          runStart = -1;
        }
      }
    }
    if (runStart >= 0) {
      runs.push(runStart, hi);
      runStart = -1;
    }
  }
  const den = goodSlices + badSlices;
  return {
    compliance: den > 0 ? (100 * goodSlices) / den : null,
    counts: { counted, withData, inDenominator: den, good: goodSlices, bad: badSlices },
    runs,
  };
}

function toIntervals(runs: number[], grid: SliceGrid): Interval[] {
  const out: Interval[] = [];
  for (let k = 0; k < runs.length; k += 2) {
    out.push({ from: grid.start + runs[k] * grid.sliceMs, to: grid.start + runs[k + 1] * grid.sliceMs });
  }
  return out;
}

/** DESIGN §5.6, first match wins. */
export function targetState(
  e: { compliance: number | null; coverage: number | null; objective: number; warning?: number },
  minCoverage: number
): TargetState {
  if (e.compliance === null || e.coverage === null || e.coverage < minCoverage) {
    return 'no_data';
  }
  if (e.compliance < e.objective) {
    return 'breached';
  }
  if (e.warning !== undefined && e.compliance < e.warning) {
    return 'at_risk';
  }
  return 'met';
}

/** Breached if any target is; else at_risk, no_data, met in that order. */
export function agreementState(states: TargetState[]): AgreementState {
  for (const s of ['breached', 'at_risk', 'no_data'] as const) {
    if (states.includes(s)) {
      return s;
    }
  }
  return 'met';
}

/**
 * 100 × (1 − (1 − c) ÷ (1 − o)), computed on percentages so that c = o gives exactly 0.
 */
export function errorBudgetRemaining(compliance: number | null, objective: number): number | null {
  if (compliance === null) {
    return null;
  }
  return 100 * (1 - (100 - compliance) / (100 - objective));
}

/** (1 − c) ÷ (1 − o): 1 spends the budget exactly over the window. */
export function burnRate(compliance: number | null, objective: number): number | null {
  return compliance === null ? null : (100 - compliance) / (100 - objective);
}

/** Burn rate over the `lookbackMs` before `at`, on the same counted slices as compliance. */
export function burnRateOver(
  spec: AgreementSpec,
  target: Target,
  data: TargetSeries,
  lookbackMs: number,
  at: number
): number | null {
  const e = evaluateTarget(spec, target, data, { from: at - lookbackMs, to: at }, at);
  return burnRate(e.compliance, target.objective);
}

/** The largest credit among tiers whose `below` the compliance falls under; 0 when none. */
export function serviceCredit(
  compliance: number | null,
  tiers: Array<{ below: number; credit: number }>
): number | null {
  if (compliance === null) {
    return null;
  }
  return tiers.reduce((max, t) => (compliance < t.below && t.credit > max ? t.credit : max), 0);
}

/** The period to evaluate: `YYYY-MM|YYYY-Qn|YYYY-Www` in the agreement's zone, or the window's current one. */
export function resolvePeriod(agreement: Agreement, at: number, period?: string | Period): Period {
  if (typeof period === 'string') {
    return parsePeriod(period, agreement.spec.timezone);
  }
  return period ?? currentPeriod(agreement.spec.window, agreement.spec.timezone, at);
}

/**
 * Evaluates an agreement on a `/api/ds/query` response whose refIds are `<target>/good`,
 * `<target>/total` or `<target>/value`. Throws FrameError for unusable frames.
 */
export function evaluateResponse(
  agreement: Agreement,
  response: unknown,
  opts: { at: number; period?: string | Period } & Pick<ReadOptions, 'allowEmpty'>
): AgreementEvaluation {
  const expected = agreement.spec.targets.flatMap(refIdsOf);
  const series = seriesFromResponse(response, { expected, allowEmpty: opts.allowEmpty, instantAt: opts.at });
  return evaluateAgreement(agreement, series, { at: opts.at, period: resolvePeriod(agreement, opts.at, opts.period) });
}
