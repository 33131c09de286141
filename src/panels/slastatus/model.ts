/**
 * What the panel draws for each target, all from src/domain: the evaluation itself
 * (evaluateAgreement, one target at a time so the work can be split between frames), the
 * budget burn-down (the same evaluator as of earlier instants), breach regions (its bad
 * intervals) and the shading of slices that do not count (countedRanges, maintenance).
 */
import {
  agreementState,
  alignToGrid,
  countedRanges,
  currentPeriod,
  durationMs,
  evaluateAgreement,
  parseInstant,
  previousCalendarPeriod,
  sliceGrid,
  targetSeries,
  type Agreement,
  type AgreementState,
  type Interval,
  type Period,
  type Target,
  type TargetEvaluation,
  type TargetSeries,
} from '../../domain';
import type { Mapped } from './mapping';
import type { PeriodChoice } from './types';

export interface TimeWindow {
  from: number;
  to: number;
}

export interface ResolvedPeriod {
  period: Period;
  /** Evaluation time: now for the current period, its end for past ones. */
  at: number;
}

/** The compliance period to show: the window's current or previous one, or the dashboard's range. */
export function resolvePanelPeriod(
  agreement: Agreement,
  choice: PeriodChoice,
  now: number,
  range?: TimeWindow
): ResolvedPeriod {
  const { window, timezone } = agreement.spec;
  if (choice === 'custom' && range && range.to > range.from) {
    return { period: { from: range.from, to: range.to }, at: Math.min(now, range.to) };
  }
  const current = currentPeriod(window, timezone, now);
  if (choice === 'previous') {
    const period = window.calendar
      ? previousCalendarPeriod(window.calendar, timezone, now)
      : { from: current.from - (current.to - current.from), to: current.from };
    return { period, at: period.to };
  }
  return { period: current, at: now };
}

export interface ChartSeries {
  /** Bucket end times (epoch ms) and the worst slice of each bucket: percent for ratios, the value for thresholds. */
  times: number[];
  values: number[];
}

export interface TargetModel {
  target: Target;
  evaluation: TargetEvaluation;
  sli: ChartSeries;
  /** Bad intervals of the evaluation: the breach regions of the chart. */
  regions: Interval[];
  outOfHours: Interval[];
  maintenance: Interval[];
  /** Error budget remaining (percent) as of instants through the period, the last one `at`. */
  burnDown: Array<{ t: number; remaining: number | null }>;
}

export interface PanelModel {
  agreement: Agreement;
  period: Period;
  at: number;
  state: AgreementState;
  targets: TargetModel[];
}

export interface ModelOptions {
  /** Chart resolution: buckets across the period. */
  points: number;
  /** Burn-down resolution. */
  burnDownPoints: number;
}

export const DEFAULT_MODEL_OPTIONS: ModelOptions = { points: 400, burnDownPoints: 8 };

/**
 * The model as a list of steps, each a few milliseconds at most, so that a caller can hand the
 * main thread back between them (useModel.ts). Steps: the evaluation of every target (targets
 * with the same slice share the calendar work inside evaluateAgreement), one step per burn-down
 * instant, then the chart series of each target.
 */
export function modelSteps(mapped: Mapped, resolved: ResolvedPeriod, opts: ModelOptions = DEFAULT_MODEL_OPTIONS) {
  const { agreement, series } = mapped;
  const { period, at } = resolved;
  const targets = agreement.spec.targets;
  let evaluations: TargetEvaluation[] = [];
  const shading = new Map<number, Pick<TargetModel, 'outOfHours' | 'maintenance'>>();
  const burn: Array<TargetModel['burnDown']> = targets.map(() => []);
  const charts: ChartSeries[] = [];
  const end = Math.min(at, period.to);
  const instants = end > period.from ? Array.from({ length: opts.burnDownPoints }, (_, k) =>
    k === opts.burnDownPoints - 1 ? end : period.from + ((end - period.from) * (k + 1)) / opts.burnDownPoints) : [];

  const steps: Array<() => void> = [
    () => {
      evaluations = evaluateAgreement(agreement, series, { at, period }).targets;
      for (const t of targets) {
        const sliceMs = durationMs(t.slice);
        if (!shading.has(sliceMs)) {
          shading.set(sliceMs, notCounted(agreement, period, sliceMs));
        }
      }
    },
    // The budget as the evaluator saw it at earlier instants; the last one is `at` itself.
    ...instants.map((t, k) => () => {
      const e = k === instants.length - 1 ? evaluations : evaluateAgreement(agreement, series, { at: t, period }).targets;
      e.forEach((te, i) => burn[i].push({ t, remaining: te.errorBudgetRemaining }));
    }),
    ...targets.map((target) => () => {
      charts.push(chartSeries(target, targetSeries(target, series), sliceGrid(period, at, durationMs(target.slice)), period, opts.points));
    }),
  ];
  const result = (): PanelModel => {
    const models = targets.map((target, i) => ({
      target,
      evaluation: evaluations[i],
      sli: charts[i],
      regions: evaluations[i].badIntervals,
      ...shading.get(durationMs(target.slice))!,
      burnDown: burn[i],
    }));
    return panelModel(models, agreement, resolved);
  };
  return { steps, result };
}

export function panelModel(targets: TargetModel[], agreement: Agreement, resolved: ResolvedPeriod): PanelModel {
  return {
    agreement,
    period: resolved.period,
    at: resolved.at,
    state: agreementState(targets.map((t) => t.evaluation.state)),
    targets,
  };
}

/** Synchronous form (tests, bench): every step in turn. */
export function computeModel(mapped: Mapped, resolved: ResolvedPeriod, opts: ModelOptions = DEFAULT_MODEL_OPTIONS): PanelModel {
  const { steps, result } = modelSteps(mapped, resolved, opts);
  steps.forEach((step) => step());
  return result();
}

/**
 * The SLI per chart bucket. Each bucket shows its worst slice (lowest ratio; for a threshold the
 * value farthest on the bad side), so a short dip stays visible at any zoom and lines up with the
 * breach regions.
 */
function chartSeries(target: Target, data: TargetSeries, grid: ReturnType<typeof sliceGrid>, period: Period, points: number): ChartSeries {
  const out: ChartSeries = { times: [], values: [] };
  if (grid.count === 0) {
    return out;
  }
  const empty = { times: new Float64Array(0), values: new Float64Array(0) };
  const ratio = !!target.sli.ratio;
  const a = alignToGrid((ratio ? data.good : data.value)?.times ?? empty.times, (ratio ? data.good : data.value)?.values ?? empty.values, grid);
  const total = ratio ? alignToGrid(data.total?.times ?? empty.times, data.total?.values ?? empty.values, grid) : null;
  const op = target.sli.threshold?.op;
  const highIsBad = op === 'lt' || op === 'lte';
  const periodSlices = Math.max(1, Math.ceil((period.to - grid.start) / grid.sliceMs));
  const perBucket = Math.max(1, Math.ceil(periodSlices / points));
  for (let lo = 0; lo < grid.count; lo += perBucket) {
    const hi = Math.min(grid.count, lo + perBucket);
    let worst = NaN;
    for (let i = lo; i < hi; i++) {
      let v: number;
      if (total) {
        const t = total[i];
        v = t > 0 && t < Infinity && a[i] >= 0 ? (100 * Math.min(a[i], t)) / t : NaN;
      } else {
        v = a[i];
      }
      if (!Number.isNaN(v) && (Number.isNaN(worst) || (ratio || !highIsBad ? v < worst : v > worst))) {
        worst = v;
      }
    }
    out.times.push(grid.start + hi * grid.sliceMs);
    out.values.push(worst);
  }
  return out;
}

/** Out-of-service-hours (and holiday) slices and maintenance windows within the whole period. */
function notCounted(agreement: Agreement, period: Period, sliceMs: number): Pick<TargetModel, 'outOfHours' | 'maintenance'> {
  const { spec } = agreement;
  const grid = sliceGrid(period, period.to, sliceMs);
  const outOfHours: Interval[] = [];
  if (spec.serviceHours || spec.holidays?.length) {
    const ranges = countedRanges({ ...spec, maintenance: undefined }, grid);
    let prev = 0;
    for (let k = 0; k <= ranges.length; k += 2) {
      const lo = k < ranges.length ? ranges[k] : grid.count;
      if (lo > prev) {
        outOfHours.push({ from: grid.start + prev * sliceMs, to: grid.start + lo * sliceMs });
      }
      prev = k < ranges.length ? ranges[k + 1] : grid.count;
    }
  }
  const maintenance = (spec.maintenance ?? [])
    .map((m) => ({ from: parseInstant(m.from, spec.timezone), to: parseInstant(m.to, spec.timezone) }))
    .filter((m) => m.to > period.from && m.from < period.to)
    .map((m) => ({ from: Math.max(m.from, period.from), to: Math.min(m.to, period.to) }));
  return { outOfHours, maintenance };
}
