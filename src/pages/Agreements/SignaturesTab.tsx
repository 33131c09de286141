import React, { useState } from 'react';
import { type SelectableValue } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Alert, Field, Select, Stack, Text } from '@grafana/ui';
import { type AgreementDetail, signAgreement } from '../../api/agreements';
import { type EngineError, toEngineError } from '../../api/engineClient';
import { EngineErrorAlert } from '../../components/EngineErrorAlert/EngineErrorAlert';
import { PermissionButton } from '../../components/PermissionButton/PermissionButton';
import { AGREEMENT_ACTION } from '../../components/PermissionButton/permissions';
import { NO_ESCAPE } from '../../i18n';
import { formatTime, shortHash } from './labels';

/** The version awaiting signatures: its hash, who signed it, who has not; a form to sign for a party. */
export function SignaturesTab({ agreement, onChanged }: { agreement: AgreementDetail; onChanged: () => void }) {
  const pending = agreement.pendingVersion;
  const [party, setParty] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<EngineError | null>(null);

  if (!pending) {
    return (
      <Text color="secondary" element="p">
        {t(
          'pages.agreements.detail.signatures.not-pending',
          'Nothing awaits signature. Signatures are collected once the agreement is sent for signature; its signed versions are listed under Versions.'
        )}
      </Text>
    );
  }

  const sign = async () => {
    if (!party) {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await signAgreement(agreement.id, party, pending.hash);
      setParty(undefined);
      onChanged();
    } catch (e) {
      setError(toEngineError(e));
    } finally {
      setBusy(false);
    }
  };

  const valid = pending.signatures.filter((s) => s.hash === pending.hash);
  return (
    <Stack direction="column" gap={2}>
      <p data-testid="slm-pending-version">
        {t('pages.agreements.detail.signatures.pending', 'Revision {{revision}} awaits signatures. Its content hash is {{hash}}.', {
          revision: pending.revision,
          hash: shortHash(pending.hash),
          interpolation: NO_ESCAPE,
        })}{' '}
        <code title={pending.hash}>{pending.hash}</code>
      </p>
      <table data-testid="slm-signatures">
        <thead>
          <tr>
            <th>{t('pages.agreements.detail.signatures.party', 'Party')}</th>
            <th>{t('pages.agreements.detail.signatures.status', 'Signature')}</th>
          </tr>
        </thead>
        <tbody>
          {agreement.requiredSigners.map((p) => {
            const signature = valid.find((s) => s.party === p);
            return (
              <tr key={p} data-testid={`slm-signer-${p}`} data-signed={signature ? 'true' : 'false'}>
                <td>{p}</td>
                <td>
                  {signature
                    ? t('pages.agreements.detail.signatures.signed', 'signed by {{user}} on {{time}}', {
                        user: signature.user,
                        time: formatTime(signature.signedAt),
                        interpolation: NO_ESCAPE,
                      })
                    : t('pages.agreements.detail.signatures.missing', 'not signed yet')}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {pending.missing.length === 0 ? (
        <Alert severity="success" title={t('pages.agreements.detail.signatures.complete', 'Every required party has signed: the SLM owner can activate it.')} />
      ) : (
        <Stack direction="row" gap={1} alignItems="flex-end">
          <Field label={t('pages.agreements.detail.signatures.sign-for', 'Sign for')} noMargin>
            <Select
              aria-label={t('pages.agreements.detail.signatures.sign-for', 'Sign for')}
              width={30}
              value={party ?? null}
              options={pending.missing.map((p) => ({ value: p, label: p }))}
              onChange={(v: SelectableValue<string>) => setParty(v?.value)}
            />
          </Field>
          <PermissionButton action={AGREEMENT_ACTION.manage} icon={busy ? 'spinner' : 'pen'} onClick={sign} disabled={!party || busy}>
            {t('pages.agreements.detail.signatures.sign', 'Sign this version')}
          </PermissionButton>
        </Stack>
      )}
      {error && error.kind === 'conflict' && (
        // stale hash, already signed, not awaiting signatures: the engine says which
        <Alert severity="error" title={t('pages.agreements.detail.signatures.failed', 'The signature was not recorded')} data-testid="slm-sign-failed">
          {error.message}
        </Alert>
      )}
      {error && error.kind !== 'conflict' && (
        <EngineErrorAlert error={error} title={t('pages.agreements.detail.signatures.failed', 'The signature was not recorded')} />
      )}
    </Stack>
  );
}
