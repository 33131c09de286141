import { useCallback, useEffect, useState } from 'react';
import { type EngineError, toEngineError } from '../api/engineClient';

export type Async<T> = { status: 'loading' } | { status: 'error'; error: EngineError } | { status: 'done'; value: T };

/**
 * Loads `load()` whenever `key` changes; an answer that arrives after a newer request started is
 * dropped. `reload` runs it again (keeping the current value on screen meanwhile).
 */
export function useAsync<T>(
  load: () => Promise<T>,
  key: string
): Async<T> & { reload: () => void; set: (value: T) => void } {
  const [state, setState] = useState<Async<T>>({ status: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    load()
      .then((value) => current && setState({ status: 'done', value }))
      .catch((e) => current && setState({ status: 'error', error: toEngineError(e) }));
    return () => {
      current = false;
    };
    // `load` is a new closure on every render; `key` says when it means something else
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  const set = useCallback((value: T) => setState({ status: 'done', value }), []);
  return { ...state, reload, set } as Async<T> & { reload: () => void; set: (value: T) => void };
}
