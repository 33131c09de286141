/**
 * Multi-window, multi-burn-rate alerting from the Google SRE Workbook (ch. 5, "Alerting on
 * SLOs"). For a 30-day budget: page when 2 % of the budget burns in 1 h (burn 14.4) or 5 % in
 * 6 h (burn 6); open a ticket when 10 % burns in 3 d (burn 1). Each long window has a short
 * window of 1/12 its length so an alert stops soon after the burning stops. For other budget
 * windows the windows scale with the window length and the burn rates stay the same, so each
 * rule still means "this share of the budget is gone".
 */
import type { AgreementSpec, Target } from './agreement';
import { durationMs } from './duration';
import { burnRateOver, type TargetSeries } from './evaluate';

export const THIRTY_DAYS_MS = 30 * 86_400_000;

export interface BurnRateRule {
  severity: 'page' | 'ticket';
  /** Share of the error budget (percent) spent within the long window when the rule fires. */
  budgetSpent: number;
  longWindowMs: number;
  shortWindowMs: number;
  burnRate: number;
}

const HOUR = 3_600_000;

/** The Workbook's rules for a 30-day budget. */
export const SRE_WORKBOOK_RULES: readonly BurnRateRule[] = [
  { severity: 'page', budgetSpent: 2, longWindowMs: 1 * HOUR, shortWindowMs: HOUR / 12, burnRate: 14.4 },
  { severity: 'page', budgetSpent: 5, longWindowMs: 6 * HOUR, shortWindowMs: HOUR / 2, burnRate: 6 },
  { severity: 'ticket', budgetSpent: 10, longWindowMs: 72 * HOUR, shortWindowMs: 6 * HOUR, burnRate: 1 },
];

/**
 * The rules for a budget window of `windowMs`, with windows rounded up to whole slices (a
 * window shorter than a slice would contain no slice at all).
 */
export function burnRateRules(windowMs: number, sliceMs: number): BurnRateRule[] {
  const scale = windowMs / THIRTY_DAYS_MS;
  const toSlices = (ms: number) => Math.max(sliceMs, Math.ceil(ms / sliceMs) * sliceMs);
  return SRE_WORKBOOK_RULES.map((r) => ({
    ...r,
    longWindowMs: toSlices(r.longWindowMs * scale),
    shortWindowMs: toSlices((r.longWindowMs * scale) / 12),
  }));
}

export interface BurnRateAlert extends BurnRateRule {
  longBurnRate: number | null;
  shortBurnRate: number | null;
  /** Both windows burn faster than the rule's rate. */
  firing: boolean;
}

/** Evaluates the multi-window rules for one target at `at`, for a budget window of `windowMs`. */
export function evaluateBurnRates(
  spec: AgreementSpec,
  target: Target,
  data: TargetSeries,
  at: number,
  windowMs: number = THIRTY_DAYS_MS
): BurnRateAlert[] {
  return burnRateRules(windowMs, durationMs(target.slice)).map((rule) => {
    const longBurnRate = burnRateOver(spec, target, data, rule.longWindowMs, at);
    const shortBurnRate = burnRateOver(spec, target, data, rule.shortWindowMs, at);
    const firing =
      longBurnRate !== null && shortBurnRate !== null && longBurnRate > rule.burnRate && shortBurnRate > rule.burnRate;
    return { ...rule, longBurnRate, shortBurnRate, firing };
  });
}
