/**
 * Service level reviews (engine `/reviews`): the list, one review, its period report, scheduling
 * from the agreements' review cadence and the shared review dashboard. Every write to a review
 * sends If-Match with the version the user saw; a closed review refuses every write (409 `closed`).
 */
import type { AgreementType, KpiFigures, TargetState } from '../domain';
import { EngineError, engineFetch, engineUrl, queryParams } from './engineClient';

export type ReviewStatus = 'scheduled' | 'held' | 'closed';
export const REVIEW_STATUSES: readonly ReviewStatus[] = ['scheduled', 'held', 'closed'];

export interface ReviewScope {
  /** Service keys. */
  services: string[];
  /** Party keys (provider or counterparty). */
  parties: string[];
  /** Agreement ids. */
  agreements: string[];
}

export interface ActionItem {
  text: string;
  owner?: string;
  /** YYYY-MM-DD */
  due?: string;
  done: boolean;
}

/** What a person edits: the body of POST /reviews and PUT /reviews/:id (the report stays the engine's). */
export interface ReviewInput {
  id?: string;
  title: string;
  scope: ReviewScope;
  /** Calendar dates, both included. */
  period: { from: string; to: string };
  /** ISO instant, or null when not fixed yet. */
  meetingDate: string | null;
  participants: string[];
  minutes: string;
  decisions: string[];
  actionItems: ActionItem[];
  status: ReviewStatus;
}

/** The review's shared Grafana dashboard, once one was created (engines before it do not send the field). */
export interface ReviewDashboardRef {
  uid: string;
  url: string;
  version: number;
  updatedAt: string;
}

export interface Review extends Required<Omit<ReviewInput, 'id'>> {
  id: string;
  /** The stored period report (a ReviewReport when the engine generated it); null until generated. */
  report: Record<string, unknown> | null;
  dashboard?: ReviewDashboardRef | null;
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export interface ReviewPage {
  items: Review[];
  total: number;
  limit: number;
  offset: number;
}

export interface ReviewQuery {
  q?: string;
  status?: ReviewStatus;
  limit?: number;
  offset?: number;
}

// The period report, as server/resources/reviews/reportSchema.ts defines it.

export interface ReportPeriod {
  from: string;
  to: string;
  state: TargetState;
  compliance: number | null;
  coverage: number | null;
  errorBudgetRemaining: number | null;
  complete: boolean;
  serviceCredit?: number | null;
}

export interface ReportTarget {
  id: string;
  name?: string;
  objective: number;
  warning?: number;
  budgeting: 'occurrences' | 'timeslices';
  state: TargetState;
  compliance: number | null;
  coverage: number | null;
  errorBudgetRemaining: number | null;
  slices: { counted: number; withData: number; inDenominator: number; good: number; bad: number };
  events?: { good: number; total: number };
  badIntervals: Array<{ from: string; to: string }>;
  complete: boolean;
  periods: ReportPeriod[];
  trend: ReportPeriod[];
  /** What periods and trend are: calendar periods, rolling windows or days (absent from older reports: calendar). */
  periodKind?: 'calendar' | 'window' | 'day';
  serviceCredits?: Array<{ below: number; credit: number }>;
}

export interface ReportUnderpinning {
  id: string;
  type: AgreementType | null;
  title: string | null;
  state: TargetState | null;
  targets: Array<{ id: string; objective: number; compliance: number | null; state: TargetState }>;
}

export interface ReportAgreement {
  id: string;
  type: AgreementType;
  title: string;
  service: string;
  provider: string;
  counterparty: string;
  timezone: string;
  window: string;
  revisions: number[];
  state: TargetState;
  range: { from: string; to: string };
  targets: ReportTarget[];
  underpinnedBy: ReportUnderpinning[];
}

export interface ReportBreach {
  id: string;
  agreementId: string;
  targetId: string;
  period: { from: string; to: string };
  severity: string;
  status: string;
  measured: number | null;
  objective: number;
  badIntervals: number;
  report: { summary: string; rootCause: string; impact: string; actions: string[] } | null;
  improvementPlanIds: string[];
}

export interface ReportCredit {
  agreementId: string;
  targetId: string;
  period: { from: string; to: string };
  compliance: number;
  credit: number;
}

export interface ReviewReport {
  kind: 'slm-review-report';
  schemaVersion: 1;
  reviewId: string;
  title: string;
  period: { from: string; to: string };
  scope: ReviewScope;
  generatedAt: string;
  generatedBy: string;
  state: TargetState | null;
  agreements: ReportAgreement[];
  breaches: ReportBreach[];
  credits: ReportCredit[];
  kpis: Record<AgreementType | 'all', KpiFigures>;
  meeting: {
    date: string | null;
    participants: string[];
    minutes: string;
    decisions: string[];
    actionItems: ActionItem[];
  };
}

/** GET /reviews/:id/report */
export interface ReportEnvelope {
  reviewId: string;
  status: ReviewStatus;
  /** stored: generated (frozen once closed); preview: computed now, not saved. */
  source: 'stored' | 'preview';
  frozen: boolean;
  /** A ReviewReport, or whatever an older client stored. */
  report: Record<string, unknown>;
}

export interface ScheduleResult {
  created: string[];
  existing: string[];
}

export interface DashboardResult {
  reviewId: string;
  uid: string;
  url: string;
  version: number;
  folderUid: string;
  agreements: string[];
  panels: number;
}

export type PlanStatus = 'planned' | 'in_progress' | 'done' | 'cancelled';

/** An improvement plan as GET /plans lists it (the fields a review shows). */
export interface ReviewPlan {
  id: string;
  title: string;
  owner: string;
  dueDate: string | null;
  status: PlanStatus;
  goal?: { agreementId?: string; targetId?: string };
  links?: { breaches: string[]; reviews: string[] };
  version: number;
}

const reviewPath = (id: string) => `/reviews/${encodeURIComponent(id)}`;

function itemsOrThrow<P extends { items: unknown[] }>(data: P | null | undefined, what: string): P {
  if (!data || !Array.isArray(data.items)) {
    throw new EngineError({ kind: 'invalid', message: `the ${what} list has no items`, status: 200, source: 'engine' });
  }
  return data;
}

/** One page of reviews, latest period first. */
export async function listReviews(query: ReviewQuery = {}): Promise<ReviewPage> {
  return itemsOrThrow(await engineFetch<ReviewPage>({ path: '/reviews', params: queryParams(query) }), 'review');
}

export function getReview(id: string): Promise<Review> {
  return engineFetch<Review>({ path: reviewPath(id) });
}

export function createReview(input: ReviewInput): Promise<Review> {
  return engineFetch<Review>({ method: 'POST', path: '/reviews', body: input });
}

/** The editable fields of a review: what PUT takes back (the engine refuses its own fields). */
export function reviewInputOf(review: Review): ReviewInput {
  const { title, scope, period, meetingDate, participants, minutes, decisions, actionItems, status } = review;
  return { title, scope, period, meetingDate, participants, minutes, decisions, actionItems, status };
}

/** Full replace; without a report in the body the engine keeps the stored one. */
export function replaceReview(id: string, input: ReviewInput, version: number): Promise<Review> {
  const { id: _id, ...body } = input;
  return engineFetch<Review>({ method: 'PUT', path: reviewPath(id), body, ifMatch: version });
}

export function deleteReview(id: string, version: number): Promise<void> {
  return engineFetch<void>({ method: 'DELETE', path: reviewPath(id), ifMatch: version });
}

/** Creates the reviews that are due by the agreements' review cadence. */
export function scheduleReviews(): Promise<ScheduleResult> {
  return engineFetch<ScheduleResult>({ method: 'POST', path: '/reviews/schedule', body: {} });
}

/** Generates the period report now and stores it in the review; answers the updated review. */
export function generateReport(id: string, version: number): Promise<Review> {
  return engineFetch<Review>({ method: 'POST', path: `${reviewPath(id)}/report`, body: {}, ifMatch: version });
}

/** The stored report, or a preview computed now when none was generated yet. */
export function getReviewReport(id: string): Promise<ReportEnvelope> {
  return engineFetch<ReportEnvelope>({ path: `${reviewPath(id)}/report` });
}

/** A download link through Grafana's plugin proxy. */
export function reviewReportUrl(id: string, format: 'md' | 'pdf'): string {
  return engineUrl(`${reviewPath(id)}/report.${format}`);
}

/** Creates or updates the review's dashboard in Grafana (409 `monitoring_not_connected` without a connection). */
export function publishReviewDashboard(id: string): Promise<DashboardResult> {
  return engineFetch<DashboardResult>({ method: 'POST', path: `${reviewPath(id)}/dashboard`, body: {} });
}

/** The improvement plans linked to a review. */
export async function listReviewPlans(reviewId: string): Promise<ReviewPlan[]> {
  const data = await engineFetch<{ items: ReviewPlan[] }>({ path: '/plans', params: { review: reviewId, limit: 500 } });
  return itemsOrThrow(data, 'plan').items;
}

/** The report when it is one the engine generated (an older or hand-written one is not shown as such). */
export function generatedReport(report: unknown): ReviewReport | null {
  const r = report as Partial<ReviewReport> | null;
  return r && r.kind === 'slm-review-report' && r.schemaVersion === 1 && Array.isArray(r.agreements)
    ? (r as ReviewReport)
    : null;
}

/** The engine's reason for a refused write (`closed`, `monitoring_not_connected`), if it gave one. */
export function refusalReason(error: EngineError): string | undefined {
  const reason = (error.details as { reason?: unknown } | undefined)?.reason;
  return typeof reason === 'string' ? reason : undefined;
}

/** Due by the plan's date (UTC) and neither done nor cancelled — as the engine's `overdue` filter. */
export function isOverdue(
  plan: Pick<ReviewPlan, 'dueDate' | 'status'>,
  today = new Date().toISOString().slice(0, 10)
): boolean {
  return plan.dueDate !== null && plan.dueDate < today && plan.status !== 'done' && plan.status !== 'cancelled';
}
