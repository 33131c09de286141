import { useState } from 'react';
import { type Breach, getBreach } from '../../api/breaches';
import { type EngineError, toEngineError } from '../../api/engineClient';

export type WriteOutcome =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'done' }
  | { kind: 'conflict'; current: Breach | null }
  | { kind: 'failed'; error: EngineError };

/**
 * One write to a breach with the version the user saw. A stale version (409 version_conflict)
 * fetches the breach as it is now, so the user can compare before re-applying to that version.
 */
export function useBreachWrite(breach: Breach, onChanged: (breach: Breach) => void) {
  const [outcome, setOutcome] = useState<WriteOutcome>({ kind: 'idle' });
  /** Resolves with the error when the write did not happen, undefined when it did. */
  const run = async (write: (version: number) => Promise<Breach>, version = breach.version): Promise<EngineError | undefined> => {
    setOutcome({ kind: 'busy' });
    try {
      onChanged(await write(version));
      setOutcome({ kind: 'done' });
      return undefined;
    } catch (e) {
      const error = toEngineError(e);
      if (error.code === 'version_conflict') {
        setOutcome({ kind: 'conflict', current: await getBreach(breach.id).catch(() => null) });
      } else {
        setOutcome({ kind: 'failed', error });
      }
      return error;
    }
  };
  return { outcome, run, reset: () => setOutcome({ kind: 'idle' }) };
}
