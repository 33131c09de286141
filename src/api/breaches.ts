/**
 * Breaches of agreement targets (engine `/breaches`): the list with its filters, one breach, the
 * monitor's status transitions and report, the underpinning breaches of an SLA breach and the
 * report exports. Every write sends If-Match with the version the user saw.
 */
import type { AgreementType, TargetState } from '../domain';
import { EngineError, engineFetch, engineUrl } from './engineClient';

export type BreachStatus = 'open' | 'acknowledged' | 'resolved';
export type BreachSeverity = 'at_risk' | 'breached';

export const BREACH_STATUSES: readonly BreachStatus[] = ['open', 'acknowledged', 'resolved'];
export const BREACH_SEVERITIES: readonly BreachSeverity[] = ['at_risk', 'breached'];
/** What the breaches page shows unless told otherwise: every breach somebody still has to handle. */
export const UNRESOLVED: readonly BreachStatus[] = ['open', 'acknowledged'];

export interface TimeRange {
  from: string;
  to: string;
}

export interface BreachReport {
  summary: string;
  impact: string;
  rootCause: string;
  actions: string[];
}

export interface BreachNotification {
  party: string;
  contactPoint: string | null;
  at: string;
}

export interface Breach {
  id: string;
  agreementId: string;
  targetId: string;
  /** Null only when the agreement is no longer in the registry. */
  agreementType: AgreementType | null;
  service: string | null;
  provider: string | null;
  counterparty: string | null;
  period: TimeRange;
  severity: BreachSeverity;
  /** Compliance measured in the period, percent; null with nothing in the denominator. */
  measured: number | null;
  objective: number;
  coverage: number | null;
  /** The target's latest state while its period runs; null for a breach recorded by hand. */
  currentState: TargetState | null;
  lastEvaluatedAt: string | null;
  badIntervals: TimeRange[];
  status: BreachStatus;
  assignee: string | null;
  report: BreachReport | null;
  notified: BreachNotification[];
  improvementPlanIds: string[];
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export interface BreachPage {
  items: Breach[];
  total: number;
  limit: number;
  offset: number;
}

export interface BreachQuery {
  /** One status, or several (the engine takes them comma-separated); empty = every status. */
  status?: readonly BreachStatus[];
  severity?: BreachSeverity;
  type?: AgreementType;
  service?: string;
  /** Provider or counterparty. */
  party?: string;
  agreement?: string;
  target?: string;
  limit?: number;
  offset?: number;
}

const breachPath = (id: string) => `/breaches/${encodeURIComponent(id)}`;

/** The engine query string for a breach query: unset and blank fields are left out. */
export function breachParams(query: BreachQuery): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(query)) {
    if (key === 'status') {
      const statuses = value as readonly BreachStatus[] | undefined;
      if (statuses && statuses.length > 0 && statuses.length < BREACH_STATUSES.length) {
        params.status = statuses.join(',');
      }
    } else if (typeof value === 'number') {
      params[key] = value;
    } else if (typeof value === 'string' && value.trim() !== '') {
      params[key] = value.trim();
    }
  }
  return params;
}

/** One page of breaches, newest first. */
export async function listBreaches(query: BreachQuery = {}): Promise<BreachPage> {
  const data = await engineFetch<BreachPage>({ path: '/breaches', params: breachParams(query) });
  if (!data || !Array.isArray(data.items)) {
    throw new EngineError({ kind: 'invalid', message: 'the breach list has no items', status: 200, source: 'engine' });
  }
  return data;
}

export function getBreach(id: string): Promise<Breach> {
  return engineFetch<Breach>({ path: breachPath(id) });
}

export type BreachTransition = 'acknowledge' | 'resolve';

/** open → acknowledged → resolved; 409 version_conflict when the breach changed since `version`. */
export function transitionBreach(id: string, action: BreachTransition, version: number): Promise<Breach> {
  return engineFetch<Breach>({ method: 'POST', path: `${breachPath(id)}/${action}`, body: {}, ifMatch: version });
}

export function acknowledgeBreach(id: string, version: number): Promise<Breach> {
  return transitionBreach(id, 'acknowledge', version);
}

export function resolveBreach(id: string, version: number): Promise<Breach> {
  return transitionBreach(id, 'resolve', version);
}

export interface BreachPatch {
  report?: BreachReport | null;
  assignee?: string | null;
  improvementPlanIds?: string[];
}

/** Only the fields given change. */
export function patchBreach(id: string, patch: BreachPatch, version: number): Promise<Breach> {
  return engineFetch<Breach>({ method: 'PATCH', path: breachPath(id), body: patch, ifMatch: version });
}

/** The underpinning OLA/UC breaches that overlap an SLA breach in time. */
export async function relatedBreaches(id: string): Promise<Breach[]> {
  const data = await engineFetch<{ items: Breach[] } | Breach[]>({ path: `${breachPath(id)}/related` });
  return Array.isArray(data) ? data : (data?.items ?? []);
}

export type ReportFormat = 'md' | 'pdf';

/** A link the browser follows through Grafana's plugin proxy (which adds the engine secret). */
export function breachReportUrl(id: string, format: ReportFormat): string {
  return engineUrl(`${breachPath(id)}/report.${format}`);
}

/** The report of every breach in [from, to], dates as YYYY-MM-DD. */
export function periodReportUrl(from: string, to: string, format: ReportFormat): string {
  const query = new URLSearchParams({ from, to, format });
  return `${engineUrl('/breach-reports')}?${query}`;
}
