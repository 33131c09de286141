import React, { useState } from 'react';
import { t } from '@grafana/i18n';
import { Alert, Button, ConfirmModal, Stack } from '@grafana/ui';
import { type EngineError, StaleVersionError, toEngineError } from '../../api/engineClient';
import { EngineErrorAlert } from '../../components/EngineErrorAlert/EngineErrorAlert';
import { PermissionButton } from '../../components/PermissionButton/PermissionButton';
import { NO_ESCAPE } from '../../i18n';
import { CONTRACTS_WRITE } from './shared';

interface Versioned {
  version: number;
  updatedBy?: string;
}

type Phase<T> =
  { kind: 'confirm' } | { kind: 'busy' } | { kind: 'stale'; latest: T } | { kind: 'failed'; error: EngineError };

/**
 * Deleting a contract or a requirement: confirm, then DELETE with If-Match = the version shown.
 * When someone saved it in between nothing is deleted; the user sees who saved which version and
 * may delete that version anyway or look at it first.
 */
export function DeleteFlow<T extends Versioned>({
  record,
  title,
  body,
  remove,
  onDeleted,
  onShowLatest,
  onClose,
}: {
  record: T;
  title: string;
  body: string;
  remove: (version: number) => Promise<void>;
  onDeleted: () => void;
  onShowLatest: (latest: T) => void;
  onClose: () => void;
}) {
  const [phase, setPhase] = useState<Phase<T>>({ kind: 'confirm' });
  const run = async (version: number) => {
    setPhase({ kind: 'busy' });
    try {
      await remove(version);
      onDeleted();
    } catch (e) {
      setPhase(
        e instanceof StaleVersionError
          ? { kind: 'stale', latest: e.current as T }
          : { kind: 'failed', error: toEngineError(e) }
      );
    }
  };
  return (
    <>
      <ConfirmModal
        isOpen={phase.kind === 'confirm'}
        title={title}
        body={body}
        confirmText={t('pages.contracts.delete.confirm', 'Delete')}
        onConfirm={() => run(record.version)}
        onDismiss={onClose}
      />
      {phase.kind === 'stale' && (
        <Alert
          severity="warning"
          title={t('pages.contracts.delete.stale-title', 'Not deleted: it changed since you opened it')}
          data-testid="slm-delete-stale"
          onRemove={onClose}
        >
          <p>
            {t(
              'pages.contracts.delete.stale-body',
              'You saw version {{seen}}; {{user}} saved version {{latest}} since.',
              {
                seen: record.version,
                latest: phase.latest.version,
                user: phase.latest.updatedBy ?? '—',
                interpolation: NO_ESCAPE,
              }
            )}
          </p>
          <Stack direction="row" gap={1}>
            <PermissionButton
              action={CONTRACTS_WRITE}
              variant="destructive"
              icon="trash-alt"
              onClick={() => run(phase.latest.version)}
            >
              {t('pages.contracts.delete.stale-delete', 'Delete version {{version}}', {
                version: phase.latest.version,
                interpolation: NO_ESCAPE,
              })}
            </PermissionButton>
            <Button
              variant="secondary"
              icon="sync"
              onClick={() => {
                onShowLatest(phase.latest);
                onClose();
              }}
            >
              {t('pages.contracts.delete.stale-show', 'Show the latest version')}
            </Button>
          </Stack>
        </Alert>
      )}
      {phase.kind === 'failed' && (
        <EngineErrorAlert error={phase.error} title={t('pages.contracts.delete.failed', 'Nothing was deleted')} />
      )}
    </>
  );
}
