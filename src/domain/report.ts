/** The evaluation report of DESIGN §6: percentages in percent, times as ISO-8601 UTC. */
import type { AgreementState, AgreementType, Budgeting, TargetState } from './agreement';
import type { AgreementEvaluation, TargetEvaluation } from './evaluate';

export interface ReportInterval {
  from: string;
  to: string;
}

export interface ReportTarget {
  id: string;
  state: TargetState;
  compliance: number | null;
  objective: number;
  coverage: number | null;
  errorBudgetRemaining: number | null;
  badIntervals: ReportInterval[];
  warning?: number;
  budgeting: Budgeting;
  slices: TargetEvaluation['slices'];
  events?: TargetEvaluation['events'];
  serviceCredit?: number | null;
}

export interface Report {
  agreement: string;
  period: ReportInterval;
  state: AgreementState;
  targets: ReportTarget[];
  type: AgreementType;
  title: string;
  evaluatedAt: string;
}

export const isoUtc = (ms: number): string => new Date(ms).toISOString();

export function toReport(e: AgreementEvaluation): Report {
  return {
    agreement: e.id,
    period: { from: isoUtc(e.period.from), to: isoUtc(e.period.to) },
    state: e.state,
    targets: e.targets.map(toReportTarget),
    type: e.type,
    title: e.title,
    evaluatedAt: isoUtc(e.at),
  };
}

function toReportTarget(t: TargetEvaluation): ReportTarget {
  return {
    id: t.id,
    state: t.state,
    compliance: t.compliance,
    objective: t.objective,
    coverage: t.coverage,
    errorBudgetRemaining: t.errorBudgetRemaining,
    badIntervals: t.badIntervals.map((b) => ({ from: isoUtc(b.from), to: isoUtc(b.to) })),
    ...(t.warning !== undefined ? { warning: t.warning } : {}),
    budgeting: t.budgeting,
    slices: t.slices,
    ...(t.events ? { events: t.events } : {}),
    ...(t.serviceCredit !== undefined ? { serviceCredit: t.serviceCredit } : {}),
  };
}
