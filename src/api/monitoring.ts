/**
 * The engine's continuous monitoring as the pages read it (engine `/monitoring`): whether it runs,
 * the live evaluation of each active agreement with its previous periods, and the KPIs per month.
 * Numbers are percentages, times ISO-8601 UTC (DESIGN §6 report).
 */
import type { AgreementState, AgreementType, Kpis, TargetState } from '../domain';
import { EngineError, engineFetch } from './engineClient';
import type { TimeRange } from './breaches';

export interface MonitoringCycle {
  startedAt: string;
  finishedAt: string | null;
  agreements: number;
  failed: number;
}

export interface MonitoringFailure {
  agreementId: string;
  error: string;
  since: string;
  retryAt: string | null;
}

export interface MonitoringStatus {
  enabled: boolean;
  grafanaUrl: string | null;
  source: 'connection' | 'environment' | null;
  intervalMs: number;
  lastCycle: MonitoringCycle | null;
  monitoredAgreements: number;
  failing: MonitoringFailure[];
}

export interface SliceCounts {
  counted: number;
  withData: number;
  inDenominator: number;
  good: number;
  bad: number;
}

export interface TargetStatus {
  id: string;
  state: TargetState;
  compliance: number | null;
  objective: number;
  warning?: number;
  coverage: number | null;
  errorBudgetRemaining: number | null;
  /** Over the last hour; null without data in it. */
  burnRate: number | null;
  badIntervals: TimeRange[];
  slices: SliceCounts;
  events?: { good: number; total: number };
}

export interface AgreementStatus {
  agreementId: string;
  type: AgreementType;
  title: string;
  service: string;
  provider: string;
  counterparty: string;
  /** Null until the first evaluation. */
  period: TimeRange | null;
  state: AgreementState | null;
  evaluatedAt: string | null;
  settledUntil: string | null;
  /** The last datasource error while it lasts (coverage drops, no breach is made of it). */
  error: string | null;
  targets: TargetStatus[];
}

export interface AgreementStatusPage {
  items: AgreementStatus[];
  total: number;
  limit: number;
  offset: number;
}

export interface EvaluationQuery {
  type?: AgreementType;
  state?: AgreementState;
  service?: string;
  agreement?: string;
  limit?: number;
  cursor?: string;
}

export interface PastPeriod {
  period: TimeRange;
  state: AgreementState;
  targets: Array<Pick<TargetStatus, 'id' | 'state' | 'compliance' | 'coverage' | 'errorBudgetRemaining'>>;
}

export interface AgreementEvaluation {
  current: AgreementStatus;
  /** Previous closed periods, newest first. */
  history: PastPeriod[];
}

export interface KpiPeriod {
  period: TimeRange & { label: string };
  kpis: Kpis;
}

export interface KpiReport {
  /** Newest first. */
  periods: KpiPeriod[];
}

export function getMonitoringStatus(): Promise<MonitoringStatus> {
  return engineFetch<MonitoringStatus>({ path: '/monitoring/status' });
}

export async function listEvaluations(query: EvaluationQuery = {}): Promise<AgreementStatusPage> {
  const params: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(query)) {
    if (typeof value === 'number' || (typeof value === 'string' && value.trim() !== '')) {
      params[key] = typeof value === 'string' ? value.trim() : value;
    }
  }
  const data = await engineFetch<AgreementStatusPage>({ path: '/monitoring/evaluations', params });
  if (!data || !Array.isArray(data.items)) {
    throw new EngineError({ kind: 'invalid', message: 'the evaluation list has no items', status: 200, source: 'engine' });
  }
  return data;
}

/** The live evaluation and `periods` previous ones; 404 (kind not_found) when the agreement is not monitored. */
export function getEvaluation(agreementId: string, periods = 6): Promise<AgreementEvaluation> {
  return engineFetch<AgreementEvaluation>({
    path: `/monitoring/evaluations/${encodeURIComponent(agreementId)}`,
    params: { periods },
  });
}

export async function getKpis(periods = 6, timezone = 'UTC'): Promise<KpiReport> {
  const data = await engineFetch<KpiReport>({ path: '/monitoring/kpis', params: { periods, timezone } });
  if (!data || !Array.isArray(data.periods)) {
    throw new EngineError({ kind: 'invalid', message: 'the KPI report has no periods', status: 200, source: 'engine' });
  }
  return data;
}

export interface AlertRuleSummary {
  uid: string;
  title: string;
  state?: string;
}

/**
 * POST /alert-rules/:agreementId: creates or updates the agreement's Grafana alert rules (monitor
 * permission). If-Match carries the agreement version the user saw, so rules are never built from
 * targets the user has not seen.
 */
export async function createAlertRules(agreementId: string, agreementVersion?: number): Promise<AlertRuleSummary[]> {
  const data = await engineFetch<AlertRuleSummary[] | { items?: AlertRuleSummary[]; rules?: AlertRuleSummary[] }>({
    method: 'POST',
    path: `/alert-rules/${encodeURIComponent(agreementId)}`,
    body: {},
    ifMatch: agreementVersion,
  });
  return Array.isArray(data) ? data : (data?.items ?? data?.rules ?? []);
}
