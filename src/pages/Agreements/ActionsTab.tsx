import React, { useState } from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Alert, Button, Field, Input, Stack, Text, useStyles2 } from '@grafana/ui';
import {
  type AgreementDetail,
  type AllowedMove,
  getAgreementDetail,
  isCallable,
  performMove,
} from '../../api/agreements';
import { type EngineError, toEngineError } from '../../api/engineClient';
import { EngineErrorAlert } from '../../components/EngineErrorAlert/EngineErrorAlert';
import { PermissionButton } from '../../components/PermissionButton/PermissionButton';
import { AGREEMENT_ACTION } from '../../components/PermissionButton/permissions';
import { NO_ESCAPE } from '../../i18n';
import { moveLabel, StateBadge } from './labels';

interface Props {
  agreement: AgreementDetail;
  /** The agreement as it is after a move (re-read from the engine). */
  onChanged: (agreement: AgreementDetail) => void;
  onReload: () => void;
}

type Outcome =
  | { kind: 'idle' }
  | { kind: 'busy'; move: AllowedMove }
  | { kind: 'done'; move: AllowedMove }
  | { kind: 'conflict'; move: AllowedMove; current: AgreementDetail | null; currentVersion?: number }
  | { kind: 'failed'; move: AllowedMove; error: EngineError };

/** Lifecycle moves the engine allows from here; each needs the permission the engine names. */
export function ActionsTab({ agreement, onChanged, onReload }: Props) {
  const styles = useStyles2(getStyles);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const [reason, setReason] = useState('');
  const moves = agreement.allowedTransitions.filter(isCallable);
  const automatic = agreement.allowedTransitions.filter((m) => !isCallable(m));

  const run = async (move: AllowedMove, version: number) => {
    setOutcome({ kind: 'busy', move });
    try {
      await performMove(move, version, reason);
      onChanged(await getAgreementDetail(agreement.id));
      setOutcome({ kind: 'done', move });
      setReason('');
    } catch (e) {
      const error = toEngineError(e);
      if (error.code === 'version_conflict') {
        // show what the agreement is now, next to what the user saw, before anything is re-applied
        const current = await getAgreementDetail(agreement.id).catch(() => null);
        const details = error.details as { currentVersion?: number } | undefined;
        setOutcome({ kind: 'conflict', move, current, currentVersion: details?.currentVersion });
      } else {
        setOutcome({ kind: 'failed', move, error });
      }
    }
  };

  return (
    <Stack direction="column" gap={2}>
      {moves.length === 0 && (
        <Text color="secondary" element="p">
          {t('pages.agreements.detail.actions.none', 'No lifecycle action is possible: the agreement is closed.')}
        </Text>
      )}
      {moves.some((m) => m.to === 'terminated') && (
        <Field label={t('pages.agreements.detail.actions.reason', 'Reason for termination (optional)')}>
          <Input value={reason} onChange={(e) => setReason(e.currentTarget.value)} width={60} />
        </Field>
      )}
      <div className={styles.moves} data-testid="slm-agreement-actions">
        {moves.map((move) => (
          <div key={`${move.to}-${move.path}`} className={styles.move}>
            <PermissionButton
              action={AGREEMENT_ACTION[move.permission]}
              variant={move.to === 'terminated' ? 'destructive' : move.to === 'active' ? 'primary' : 'secondary'}
              onClick={() => run(move, agreement.version)}
              disabled={outcome.kind === 'busy'}
              icon={outcome.kind === 'busy' && outcome.move === move ? 'spinner' : undefined}
            >
              {moveLabel(move.to)}
            </PermissionButton>
            <Text color="secondary" variant="bodySmall">
              {move.method} {move.path} · {permissionText(move)}
              {move.note ? ` · ${move.note}` : ''}
            </Text>
          </div>
        ))}
      </div>
      {automatic.map((move) => (
        <Text key={move.to} color="secondary" variant="bodySmall" element="p">
          {t('pages.agreements.detail.actions.automatic', '{{state}}: automatic — {{note}}', {
            state: moveLabel(move.to),
            note: move.note ?? '',
            interpolation: NO_ESCAPE,
          })}
        </Text>
      ))}
      {outcome.kind === 'done' && (
        <Alert severity="success" title={t('pages.agreements.detail.actions.done', 'Done: {{action}}', { action: moveLabel(outcome.move.to), interpolation: NO_ESCAPE })} />
      )}
      {outcome.kind === 'failed' && <MoveFailed error={outcome.error} move={outcome.move} />}
      {outcome.kind === 'conflict' && (
        <Conflict
          seen={agreement}
          current={outcome.current}
          currentVersion={outcome.currentVersion}
          move={outcome.move}
          onReload={() => {
            setOutcome({ kind: 'idle' });
            if (outcome.current) {
              onChanged(outcome.current);
            } else {
              onReload();
            }
          }}
          onReapply={(current) => {
            onChanged(current);
            run(outcome.move, current.version);
          }}
        />
      )}
    </Stack>
  );
}

function permissionText(move: AllowedMove): string {
  return t('pages.agreements.detail.actions.needs', 'needs {{action}}', { action: AGREEMENT_ACTION[move.permission], interpolation: NO_ESCAPE });
}

function MoveFailed({ error, move }: { error: EngineError; move: AllowedMove }) {
  const title = t('pages.agreements.detail.actions.failed', 'Could not {{action}}', { action: moveLabel(move.to).toLowerCase(), interpolation: NO_ESCAPE });
  if (error.code === 'illegal_transition' || error.code === 'signatures_incomplete' || error.code === 'stale_hash') {
    // the engine's message says exactly what is missing (which signatures, which moves are allowed)
    return (
      <Alert severity="error" title={title} data-testid="slm-move-refused">
        {error.message}
      </Alert>
    );
  }
  return <EngineErrorAlert error={error} title={title} />;
}

function Conflict({
  seen,
  current,
  currentVersion,
  move,
  onReload,
  onReapply,
}: {
  seen: AgreementDetail;
  current: AgreementDetail | null;
  currentVersion?: number;
  move: AllowedMove;
  onReload: () => void;
  onReapply: (current: AgreementDetail) => void;
}) {
  const styles = useStyles2(getStyles);
  const stillAllowed = current?.allowedTransitions.some((m) => m.to === move.to && m.path === move.path) ?? false;
  return (
    <Alert severity="warning" title={t('pages.agreements.detail.conflict.title', 'The agreement changed since you opened it')} data-testid="slm-version-conflict">
      <p>
        {t(
          'pages.agreements.detail.conflict.body',
          'Nothing was done: “{{action}}” was meant for version {{seen}}, and the agreement is now at version {{current}}. Compare, then reload or apply the action to the current version.',
          {
            action: moveLabel(move.to),
            seen: seen.version,
            current: current?.version ?? currentVersion ?? '?',
            interpolation: NO_ESCAPE,
          }
        )}
      </p>
      <table className={styles.compare}>
        <thead>
          <tr>
            <th />
            <th>{t('pages.agreements.detail.conflict.yours', 'You opened')}</th>
            <th>{t('pages.agreements.detail.conflict.current', 'Now')}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th>{t('pages.agreements.detail.conflict.version', 'Version')}</th>
            <td>{seen.version}</td>
            <td>{current?.version ?? currentVersion ?? '?'}</td>
          </tr>
          <tr>
            <th>{t('pages.agreements.detail.conflict.state', 'State')}</th>
            <td>
              <StateBadge state={seen.state} amendment={seen.amendment} />
            </td>
            <td>{current ? <StateBadge state={current.state} amendment={current.amendment} /> : '?'}</td>
          </tr>
          <tr>
            <th>{t('pages.agreements.detail.conflict.revision', 'Revision')}</th>
            <td>{seen.revision}</td>
            <td>{current?.revision ?? '?'}</td>
          </tr>
          <tr>
            <th>{t('pages.agreements.detail.conflict.changed-by', 'Last changed by')}</th>
            <td>{seen.updatedBy}</td>
            <td>{current?.updatedBy ?? '?'}</td>
          </tr>
        </tbody>
      </table>
      <Stack direction="row" gap={1}>
        <Button variant="secondary" icon="sync" onClick={onReload}>
          {t('pages.agreements.detail.conflict.reload', 'Reload')}
        </Button>
        {current && (
          <PermissionButton
            action={AGREEMENT_ACTION[move.permission]}
            onClick={() => onReapply(current)}
            blockedReason={
              stillAllowed
                ? undefined
                : t('pages.agreements.detail.conflict.not-allowed', 'Not possible from the current state')
            }
          >
            {t('pages.agreements.detail.conflict.reapply', 'Apply “{{action}}” to version {{version}}', {
              action: moveLabel(move.to),
              version: current.version,
              interpolation: NO_ESCAPE,
            })}
          </PermissionButton>
        )}
      </Stack>
    </Alert>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  moves: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1.5) }),
  move: css({ display: 'flex', gap: theme.spacing(2), alignItems: 'center', flexWrap: 'wrap' }),
  compare: css({
    marginBottom: theme.spacing(2),
    'th, td': { padding: theme.spacing(0.5, 2, 0.5, 0), textAlign: 'left' },
  }),
});
