import { useState } from 'react';
import { type EngineError, toEngineError } from '../../api/engineClient';
import { type Review, getReview, refusalReason } from '../../api/reviews';

export type WriteOutcome =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'done' }
  | { kind: 'conflict'; current: Review | null }
  | { kind: 'failed'; error: EngineError };

/**
 * One write to a review, made on the version the user saw. A stale version (409 version_conflict)
 * fetches the review as it is now, so the user can compare before re-applying; a review closed
 * meanwhile (409 `closed`) is reloaded so the page turns read-only.
 */
export function useReviewWrite(review: Review, onChanged: (review: Review) => void) {
  const [outcome, setOutcome] = useState<WriteOutcome>({ kind: 'idle' });
  /** Resolves with the review written, or undefined when the write did not happen. */
  const run = async (write: (base: Review) => Promise<Review>, base: Review = review): Promise<Review | undefined> => {
    setOutcome({ kind: 'busy' });
    try {
      const written = await write(base);
      onChanged(written);
      setOutcome({ kind: 'done' });
      return written;
    } catch (e) {
      const error = toEngineError(e);
      if (error.code === 'version_conflict') {
        setOutcome({ kind: 'conflict', current: await getReview(review.id).catch(() => null) });
        return undefined;
      }
      setOutcome({ kind: 'failed', error });
      if (refusalReason(error) === 'closed') {
        getReview(review.id).then(onChanged, () => undefined);
      }
      return undefined;
    }
  };
  return { outcome, run, reset: () => setOutcome({ kind: 'idle' }) };
}
