import { t } from '@grafana/i18n';
import type { AgreementDetail, DocumentIssue } from '../../api/agreements';
import { NO_ESCAPE } from '../../i18n';
import { stateLabel } from './labels';

/** The state of the revision being worked on: the amendment's while one is open. */
export function workingState(agreement: AgreementDetail) {
  return agreement.amendment?.state ?? agreement.state;
}

/** Why the engine would refuse an edit now (409 not_editable), or undefined when it accepts one. */
export function editBlockedReason(agreement: AgreementDetail): string | undefined {
  const state = workingState(agreement);
  if (state === 'draft' || state === 'negotiating') {
    return undefined;
  }
  const label = stateLabel(state);
  if (state === 'active') {
    return t('pages.agreements.editor.blocked-active', '{{state}}: open an amendment first', { state: label, interpolation: NO_ESCAPE });
  }
  if (state === 'pending_signature') {
    return t('pages.agreements.editor.blocked-pending', '{{state}}: move it back to negotiating or draft first (Actions)', {
      state: label,
      interpolation: NO_ESCAPE,
    });
  }
  return t('pages.agreements.editor.blocked-closed', '{{state}}: a closed agreement cannot be changed', { state: label, interpolation: NO_ESCAPE });
}

/** True when the agreement is active with no amendment open, so "Open amendment" is the way to edit. */
export function canOpenAmendment(agreement: AgreementDetail): boolean {
  return agreement.state === 'active' && !agreement.amendment;
}

/** `spec.targets[1].objective` and everything under it. */
export function issuesUnder(issues: DocumentIssue[], path: string): DocumentIssue[] {
  return issues.filter((i) => i.path === path || i.path.startsWith(`${path}.`) || i.path.startsWith(`${path}[`));
}

/** The messages for exactly one field path, joined for a Field's error. */
export function fieldError(issues: DocumentIssue[], path: string): string | undefined {
  const messages = issues.filter((i) => i.path === path).map((i) => i.message);
  return messages.length ? messages.join('; ') : undefined;
}

/** A download of `text` as `name` (the browser saves it; nothing is sent anywhere). */
export function downloadText(name: string, text: string, type = 'application/yaml') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
