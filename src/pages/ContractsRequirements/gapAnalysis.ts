/**
 * Gap analysis: would the service, as measured over the last N days, have met a requirement's
 * objective? The requirement becomes an ad-hoc agreement built exactly as the SLA status panel
 * builds its ad-hoc objective (buildAdhocAgreement, validated by the shared schema), its SLI runs
 * through Grafana's query API and the shared evaluator computes the numbers.
 */
import { queryRange, type DsQueryResponse, type RangeQuery } from '../../api/dsQuery';
import type { GapAnalysis, RequirementSli } from '../../api/contracts';
import { durationMs, evaluateResponse, isoUtc, type Agreement, type Period, type TargetEvaluation } from '../../domain';
import { buildAdhocAgreement, isIssue, type PanelIssue } from '../../panels/slastatus/mapping';
import { DEFAULT_OPTIONS, type QueryMapping } from '../../panels/slastatus/types';

const DAY_MS = 86_400_000;
export const DEFAULT_DAYS = 28;
export const DEFAULT_SLICE = '5m';
/** The engine stores at most this many bad intervals (gapAnalysisSchema). */
export const MAX_BAD_INTERVALS = 10_000;

export interface GapInput {
  objective: number;
  sli: RequirementSli;
  slice: string;
  days: number;
}

export interface GapPlan {
  agreement: Agreement;
  queries: RangeQuery[];
  period: Period;
  at: number;
}

const TARGET = 'sli';

function mappings(sli: RequirementSli): {
  rows: QueryMapping[];
  queries: Record<string, { datasource: string; expr: string }>;
} {
  if (sli.ratio) {
    return {
      rows: [
        { refId: 'good', target: TARGET, role: 'good' },
        { refId: 'total', target: TARGET, role: 'total' },
      ],
      queries: { good: sli.ratio.good, total: sli.ratio.total },
    };
  }
  const th = sli.threshold!;
  return {
    rows: [{ refId: 'value', target: TARGET, role: 'value', op: th.op, threshold: th.value }],
    queries: { value: th.query },
  };
}

/** An SLI field left empty, by its path in the SLI (`ratio.good.expr`). */
export interface MissingFields {
  kind: 'missing';
  paths: string[];
}

/** Empty datasources and expressions (the panel's builder would put placeholders in their place). */
export function missingFields(sli: RequirementSli): string[] {
  const queries: Array<[string, { datasource: string; expr: string }]> = sli.ratio
    ? [
        ['ratio.good', sli.ratio.good],
        ['ratio.total', sli.ratio.total],
      ]
    : [['threshold.query', sli.threshold!.query]];
  return queries.flatMap(([path, q]) => [
    ...(q.datasource.trim() ? [] : [`${path}.datasource`]),
    ...(q.expr.trim() ? [] : [`${path}.expr`]),
  ]);
}

/**
 * The ad-hoc agreement (a rolling window of `days` days in UTC), its queries (refIds
 * `sli/good`… as the evaluator expects) and the period: the `days` days ending with the last
 * whole slice before `now`.
 */
export function planGapAnalysis(input: GapInput, now: number): GapPlan | PanelIssue | MissingFields {
  const missing = missingFields(input.sli);
  if (missing.length > 0) {
    return { kind: 'missing', paths: missing };
  }
  const { rows, queries } = mappings(input.sli);
  const agreement = buildAdhocAgreement(
    {
      ...DEFAULT_OPTIONS,
      source: 'adhoc',
      objective: input.objective,
      window: 'rolling',
      rolling: `${input.days}d`,
      timezone: 'UTC',
      slice: input.slice,
    },
    rows,
    { timeZone: 'UTC', queries }
  );
  if (isIssue(agreement)) {
    return agreement;
  }
  const sliceMs = durationMs(agreement.spec.targets[0].slice);
  const at = Math.floor(now / sliceMs) * sliceMs;
  const period = { from: at - input.days * DAY_MS, to: at };
  return {
    agreement,
    period,
    at,
    queries: rows.map((r) => ({
      refId: `${TARGET}/${r.role}`,
      datasource: queries[r.refId].datasource,
      expr: queries[r.refId].expr,
      intervalMs: sliceMs,
    })),
  };
}

/** The stored result from the evaluator's answer for the one target. */
export function toGapAnalysis(target: TargetEvaluation, days: number, evaluatedAt: number): GapAnalysis {
  return {
    evaluatedAt: isoUtc(evaluatedAt),
    days,
    compliance: target.compliance,
    met: target.compliance === null ? null : target.compliance >= target.objective,
    coverage: target.coverage ?? 0,
    badIntervals: target.badIntervals
      .slice(0, MAX_BAD_INTERVALS)
      .map((i) => ({ from: isoUtc(i.from), to: isoUtc(i.to) })),
  };
}

/** Evaluates a plan on a `/api/ds/query` response (a query without series is no data). */
export function evaluateGap(plan: GapPlan, response: DsQueryResponse, days: number): GapAnalysis {
  const evaluation = evaluateResponse(plan.agreement, response, { at: plan.at, period: plan.period, allowEmpty: true });
  return toGapAnalysis(evaluation.targets[0], days, plan.at);
}

/** Runs the SLI queries through Grafana and evaluates them. */
export async function runGapAnalysis(plan: GapPlan, days: number): Promise<GapAnalysis> {
  const response = await queryRange(plan.queries, { from: plan.period.from, to: plan.at });
  return evaluateGap(plan, response, days);
}
