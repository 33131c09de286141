import { useEffect, useState } from 'react';
import { getAgreementDocument } from '../../api/agreements';
import { toEngineError } from '../../api/engineClient';
import type { Agreement } from '../../domain';
import type { PanelIssue } from './mapping';

export type RegistryState =
  | { status: 'idle' }
  | { status: 'loading'; id: string }
  | { status: 'ok'; id: string; agreement: Agreement; version?: string }
  | { status: 'error'; id: string; issue: PanelIssue };

/** The registry agreement by id, fetched when the id changes; errors become panel issues. */
export function useRegistryAgreement(id: string, enabled: boolean): RegistryState {
  const [result, setResult] = useState<Exclude<RegistryState, { status: 'idle' | 'loading' }> | null>(null);
  useEffect(() => {
    if (!enabled || id === '') {
      return;
    }
    let stale = false;
    getAgreementDocument(id).then(
      ({ agreement, version }) => !stale && setResult({ status: 'ok', id, agreement, version }),
      (e) => !stale && setResult({ status: 'error', id, issue: issueFromError(id, e) })
    );
    return () => {
      stale = true;
    };
  }, [id, enabled]);
  if (!enabled || id === '') {
    return { status: 'idle' };
  }
  return result && result.id === id ? result : { status: 'loading', id };
}

export function issueFromError(agreementId: string, e: unknown): PanelIssue {
  const error = toEngineError(e);
  if (error.kind === 'forbidden') {
    return { kind: 'forbidden', agreementId };
  }
  if (error.kind === 'not_found' && error.source === 'engine') {
    return { kind: 'not_found', agreementId };
  }
  return { kind: 'engine', detail: error.message };
}
