import type { Measure, Plan, PlanInput, PlanStatus, Verification } from '../../api/plans';

/**
 * What the plan form edits, flat: a concurrent save is re-applied field by field (reapply), so the
 * goal's parts are fields of their own. Numbers and dates stay text until sent.
 */
export interface PlanDraft {
  id: string;
  title: string;
  agreementId: string;
  targetId: string;
  objective: string;
  by: string;
  description: string;
  measures: Measure[];
  owner: string;
  dueDate: string;
  status: PlanStatus;
  breaches: string[];
  reviews: string[];
  /** Not edited: carried so that a full replace keeps the last verification. */
  verification: Verification | null;
}

export const EMPTY_DRAFT: PlanDraft = {
  id: '',
  title: '',
  agreementId: '',
  targetId: '',
  objective: '',
  by: '',
  description: '',
  measures: [],
  owner: '',
  dueDate: '',
  status: 'planned',
  breaches: [],
  reviews: [],
  verification: null,
};

/** A new plan from the links of a review or breach page: `?review=&agreement=&target=&breach=`. */
export function draftFromParams(params: URLSearchParams): PlanDraft {
  const one = (key: string) => params.get(key)?.trim() ?? '';
  const list = (key: string) => (one(key) ? [one(key)] : []);
  return {
    ...EMPTY_DRAFT,
    agreementId: one('agreement'),
    targetId: one('agreement') ? one('target') : '',
    breaches: list('breach'),
    reviews: list('review'),
  };
}

export function draftOf(plan: Plan): PlanDraft {
  const { goal } = plan;
  return {
    id: plan.id,
    title: plan.title,
    agreementId: goal.agreementId ?? '',
    targetId: goal.targetId ?? '',
    objective: goal.objective === undefined ? '' : String(goal.objective),
    by: goal.by ?? '',
    description: goal.description ?? '',
    measures: plan.measures,
    owner: plan.owner,
    dueDate: plan.dueDate ?? '',
    status: plan.status,
    breaches: plan.links.breaches,
    reviews: plan.links.reviews,
    verification: plan.verification,
  };
}

/** Trimmed, rows without text dropped (kept out of the form too, so messages keep their row numbers). */
export function cleaned(draft: PlanDraft): PlanDraft {
  const ids = (xs: string[]) => [...new Set(xs.map((x) => x.trim()).filter(Boolean))];
  return {
    ...draft,
    id: draft.id.trim(),
    title: draft.title.trim(),
    objective: draft.objective.trim(),
    owner: draft.owner.trim(),
    description: draft.description.trim(),
    measures: draft.measures.map((m) => ({ ...m, text: m.text.trim() })).filter((m) => m.text !== ''),
    breaches: ids(draft.breaches),
    reviews: ids(draft.reviews),
  };
}

/**
 * The engine's body. An objective that is not a number is sent as the text, so that the engine's
 * message shows at the field rather than a silently dropped value.
 */
export function inputOfDraft(draft: PlanDraft): PlanInput {
  const objective = draft.objective === '' ? undefined : Number(draft.objective);
  const goal = {
    ...(draft.agreementId && { agreementId: draft.agreementId }),
    ...(draft.agreementId && draft.targetId && { targetId: draft.targetId }),
    ...(objective !== undefined && {
      objective: Number.isFinite(objective) ? objective : (draft.objective as unknown as number),
    }),
    ...(draft.by && { by: draft.by }),
    ...(draft.description && { description: draft.description }),
  };
  return {
    ...(draft.id && { id: draft.id }),
    title: draft.title,
    goal,
    measures: draft.measures,
    owner: draft.owner,
    dueDate: draft.dueDate || null,
    status: draft.status,
    links: { breaches: draft.breaches, reviews: draft.reviews },
    verification: draft.verification,
  };
}

/** Every path the form shows an engine message at. */
export function fieldPaths(draft: PlanDraft): string[] {
  return [
    'id',
    'title',
    'goal.agreementId',
    'goal.targetId',
    'goal.objective',
    'goal.by',
    'goal.description',
    'measures',
    ...draft.measures.map((_, i) => `measures.${i}.text`),
    'owner',
    'dueDate',
    'status',
    'links.breaches',
    'links.reviews',
  ];
}
