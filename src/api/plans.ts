/**
 * Improvement plans (engine `/plans`): the list with its filters, one plan, create, full replace,
 * delete and the effect verification. Every write to an existing plan sends If-Match with the
 * version the user saw.
 */
import { EngineError, engineFetch, queryParams, writeWithVersion } from './engineClient';

export type PlanStatus = 'planned' | 'in_progress' | 'done' | 'cancelled';
export const PLAN_STATUSES: readonly PlanStatus[] = ['planned', 'in_progress', 'done', 'cancelled'];
/** Statuses in which a plan is finished: it cannot be overdue any more. */
export const CLOSED_STATUSES: readonly PlanStatus[] = ['done', 'cancelled'];

export interface PlanGoal {
  agreementId?: string;
  targetId?: string;
  /** The level to reach, percent; without it the target's objective. */
  objective?: number;
  /** YYYY-MM-DD. */
  by?: string;
  description?: string;
}

export interface Measure {
  text: string;
  done: boolean;
}

export interface PlanLinks {
  breaches: string[];
  reviews: string[];
}

export interface VerifiedPeriod {
  from: string;
  to: string;
  compliance: number | null;
  state: 'met' | 'at_risk' | 'breached' | 'no_data';
  /** Settled: the period is over and its data is in. */
  complete: boolean;
}

export interface VerificationSide {
  from: string;
  to: string;
  /** Over all the periods of the side, as one evaluation. */
  compliance: number | null;
  coverage: number | null;
  periods: VerifiedPeriod[];
}

/** The engine's `verificationSchema` (server/resources/plans/verify.ts). */
export interface Verification {
  kind: 'slm-plan-verification';
  verifiedAt: string;
  verifiedBy: string;
  agreementId: string;
  targetId: string;
  /** Null while the plan is not done. */
  completedAt: string | null;
  /** The before/after split: the completion, or the verification time for a plan not done yet. */
  pivot: string;
  /** The goal level, percent. */
  level: number;
  /** The goal date, else the due date. */
  by: string | null;
  before: VerificationSide | null;
  after: VerificationSide | null;
  improved: boolean | null;
  /** Null while it cannot be told yet. */
  goalReached: boolean | null;
  judgedOn: { from: string; to: string } | null;
}

/** What a person edits: the body of POST /plans and PUT /plans/:id. */
export interface PlanInput {
  id?: string;
  title: string;
  goal: PlanGoal;
  measures: Measure[];
  owner: string;
  dueDate: string | null;
  status: PlanStatus;
  links: PlanLinks;
  /** Kept as is on a full replace; only the engine's verify writes it. */
  verification: Verification | null;
}

export interface Plan extends PlanInput {
  id: string;
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export interface PlanPage {
  items: Plan[];
  total: number;
  limit: number;
  offset: number;
}

export interface PlanQuery {
  q?: string;
  status?: PlanStatus;
  owner?: string;
  overdue?: boolean;
  agreement?: string;
  review?: string;
  breach?: string;
  limit?: number;
  offset?: number;
}

const planPath = (id: string) => `/plans/${encodeURIComponent(id)}`;

/** The engine query string: blank fields are left out, `overdue` as `true`/`false`. */
export function planParams(query: PlanQuery): Record<string, string | number> {
  const { overdue, ...rest } = query;
  const params = queryParams(rest);
  if (overdue !== undefined) {
    params.overdue = String(overdue);
  }
  return params;
}

export async function listPlans(query: PlanQuery = {}): Promise<PlanPage> {
  const data = await engineFetch<PlanPage>({ path: '/plans', params: planParams(query) });
  if (!data || !Array.isArray(data.items)) {
    throw new EngineError({ kind: 'invalid', message: 'the plan list has no items', status: 200, source: 'engine' });
  }
  return data;
}

export function getPlan(id: string): Promise<Plan> {
  return engineFetch<Plan>({ path: planPath(id) });
}

export function createPlan(input: PlanInput): Promise<Plan> {
  return engineFetch<Plan>({ method: 'POST', path: '/plans', body: input });
}

/** Full replace; a stale version becomes a StaleVersionError carrying the plan as it is now. */
export function replacePlan(id: string, input: PlanInput, version: number): Promise<Plan> {
  const { id: _id, ...body } = input;
  return writeWithVersion(
    () => engineFetch<Plan>({ method: 'PUT', path: planPath(id), body, ifMatch: version }),
    () => getPlan(id)
  );
}

export function deletePlan(id: string, version: number): Promise<void> {
  return writeWithVersion(
    () => engineFetch<void>({ method: 'DELETE', path: planPath(id), ifMatch: version }),
    () => getPlan(id)
  );
}

/**
 * Compares the goal target's compliance before and after the plan's completion; `completedAt`
 * when it was completed outside the app. Answers the plan with its new `verification`.
 */
export function verifyPlan(id: string, version: number, completedAt?: string): Promise<Plan> {
  return engineFetch<Plan>({
    method: 'POST',
    path: `${planPath(id)}/verify`,
    body: completedAt ? { completedAt } : {},
    ifMatch: version,
  });
}

/** The body that replaces a plan with itself plus `change` (status moves, measure ticks). */
export function inputOf(plan: Plan, change: Partial<PlanInput> = {}): PlanInput {
  const { title, goal, measures, owner, dueDate, status, links, verification } = plan;
  return { title, goal, measures, owner, dueDate, status, links, verification, ...change };
}

/** Today as the engine judges overdue plans: the UTC date. */
export function todayUtc(now = Date.now()): string {
  return new Date(now).toISOString().slice(0, 10);
}

/** Due date past (UTC) and neither done nor cancelled, as the engine's `overdue=true`. */
export function isOverdue(plan: Pick<Plan, 'dueDate' | 'status'>, now = Date.now()): boolean {
  return !!plan.dueDate && plan.dueDate < todayUtc(now) && !CLOSED_STATUSES.includes(plan.status);
}
