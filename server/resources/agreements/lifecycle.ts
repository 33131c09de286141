/**
 * The agreement lifecycle: draft → negotiating → pending_signature → active → expired | terminated.
 *
 * An active agreement can be amended: the amendment is a new revision that walks draft →
 * negotiating → pending_signature again while the active revision stays in force; activating
 * it supersedes the active revision. `workingState` is the state of the revision being worked on.
 */
import { ApiError } from '../../http/errors';
import type { Permission } from '../../http/auth';
import type { AgreementLifecycleState, AmendmentState } from './tables';

export interface LifecyclePosition {
  state: AgreementLifecycleState;
  amendmentState: AmendmentState | null;
}

/** Where the manager may move a revision that is not yet active. */
const MANAGER_MOVES: Record<AmendmentState, AmendmentState[]> = {
  draft: ['negotiating'],
  negotiating: ['draft', 'pending_signature'],
  pending_signature: ['draft', 'negotiating'],
};

export type TransitionTarget = AmendmentState | 'active' | 'terminated' | 'expired' | 'amendment';

export interface AllowedMove {
  to: TransitionTarget;
  method: 'POST';
  path: string;
  permission: Permission;
  note?: string;
}

/** The state of the revision being worked on: the amendment's, else the agreement's. */
export function workingState(p: LifecyclePosition): AgreementLifecycleState {
  return p.amendmentState ?? p.state;
}

export function isEditable(p: LifecyclePosition): boolean {
  const s = workingState(p);
  return s === 'draft' || s === 'negotiating';
}

/** Every move possible from here, with the endpoint and permission each needs. */
export function allowedMoves(id: string, p: LifecyclePosition): AllowedMove[] {
  const base = `/api/v1/agreements/${id}`;
  const approvals = `/api/v1/approvals/agreements/${id}`;
  const working = workingState(p);
  const moves: AllowedMove[] = [];
  if (working === 'draft' || working === 'negotiating' || working === 'pending_signature') {
    for (const to of MANAGER_MOVES[working]) {
      moves.push({ to, method: 'POST', path: `${base}/transitions`, permission: 'manage' });
    }
  }
  if (working === 'pending_signature') {
    moves.push({
      to: 'active',
      method: 'POST',
      path: `${approvals}/activate`,
      permission: 'own',
      note: 'every required signer must have signed the pending version',
    });
  }
  if (p.state === 'active') {
    if (p.amendmentState === null) {
      moves.push({ to: 'amendment', method: 'POST', path: `${base}/amendments`, permission: 'manage' });
    }
    moves.push({ to: 'terminated', method: 'POST', path: `${approvals}/terminate`, permission: 'own' });
    moves.push({
      to: 'expired',
      method: 'POST',
      path: '(automatic)',
      permission: 'own',
      note: 'when the effective period ends',
    });
  }
  return moves;
}

export function illegalTransition(id: string, p: LifecyclePosition, to: string): ApiError {
  const from = p.amendmentState ? `${p.state} (amendment ${p.amendmentState})` : p.state;
  const allowed = allowedMoves(id, p);
  const list = allowed.length
    ? allowed.map((m) => `${m.to} (${m.method} ${m.path}, ${m.permission})`).join(', ')
    : 'none: the agreement is closed';
  return new ApiError(
    409,
    'illegal_transition',
    `agreement "${id}" cannot go from ${from} to ${to}; allowed: ${list}`,
    {
      id,
      from: p.state,
      amendmentState: p.amendmentState,
      to,
      allowed,
    }
  );
}

/** Checks a manager move between draft, negotiating and pending_signature. */
export function checkManagerMove(id: string, p: LifecyclePosition, to: AmendmentState): void {
  const working = workingState(p);
  const ok =
    (working === 'draft' || working === 'negotiating' || working === 'pending_signature') &&
    MANAGER_MOVES[working].includes(to);
  if (!ok) {
    throw illegalTransition(id, p, to);
  }
}

/** The position after a manager move. */
export function afterManagerMove(p: LifecyclePosition, to: AmendmentState): LifecyclePosition {
  return p.amendmentState !== null ? { state: 'active', amendmentState: to } : { state: to, amendmentState: null };
}
