/**
 * Amendments of active agreements, as the SLA status panel needs them: an active agreement's
 * content (its SLI queries too) changes only through an amendment, which the parties sign again
 * while the active revision stays in force.
 */
import { getAgreementDocument } from './agreements';
import { engineFetch, toEngineError } from './engineClient';

/** True for the engine's answer to editing an active agreement that has no amendment open. */
export function needsAmendment(error: unknown): boolean {
  const e = toEngineError(error);
  const details = (e.details ?? {}) as { state?: string; amendmentState?: string | null };
  return e.kind === 'conflict' && e.code === 'not_editable' && details.state === 'active' && !details.amendmentState;
}

/** Opens an amendment of an active agreement (POST /agreements/:id/amendments with If-Match). */
export async function openAmendment(agreementId: string): Promise<void> {
  const { version } = await getAgreementDocument(agreementId);
  await engineFetch({ method: 'POST', path: `/agreements/${encodeURIComponent(agreementId)}/amendments`, body: {}, ifMatch: version });
}
