import { useState } from 'react';
import { type EngineError, StaleVersionError, toEngineError } from '../../api/engineClient';
import { type Plan, getPlan } from '../../api/plans';

/** One write to a plan, described so that it can be made again on a newer version. */
export interface PlanAction {
  /** What the user asked for, e.g. "Complete". */
  label: string;
  /** The write against `plan` as given (its content and its version for If-Match). */
  write: (plan: Plan) => Promise<Plan>;
  /** Whether the write still makes sense on `current` (e.g. not "Start" on a plan that is done). */
  allowed?: (current: Plan) => boolean;
}

export type PlanWriteOutcome =
  | { kind: 'idle' }
  | { kind: 'busy'; action: PlanAction }
  | { kind: 'done'; action: PlanAction }
  | { kind: 'conflict'; action: PlanAction; current: Plan | null }
  | { kind: 'failed'; action: PlanAction; error: EngineError };

/**
 * Writes to a plan with the version the user saw. A stale version (409 version_conflict) fetches
 * the plan as it is now, so the user can compare before making the same write on that version.
 */
export function usePlanWrite(plan: Plan, onChanged: (plan: Plan) => void) {
  const [outcome, setOutcome] = useState<PlanWriteOutcome>({ kind: 'idle' });
  const run = async (action: PlanAction, on: Plan = plan): Promise<void> => {
    setOutcome({ kind: 'busy', action });
    try {
      onChanged(await action.write(on));
      setOutcome({ kind: 'done', action });
    } catch (e) {
      if (e instanceof StaleVersionError) {
        setOutcome({ kind: 'conflict', action, current: e.current as Plan });
        return;
      }
      const error = toEngineError(e);
      if (error.code === 'version_conflict') {
        setOutcome({ kind: 'conflict', action, current: await getPlan(plan.id).catch(() => null) });
      } else {
        setOutcome({ kind: 'failed', action, error });
      }
    }
  };
  return { outcome, run, busy: outcome.kind === 'busy', reset: () => setOutcome({ kind: 'idle' }) };
}
