import React, { useState } from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Alert, Field, Input, Stack, Text, useStyles2 } from '@grafana/ui';
import {
  type AgreementDetail,
  type AllowedMove,
  getAgreementDetail,
  isCallable,
  performMove,
} from '../../api/agreements';
import { type EngineError, toEngineError } from '../../api/engineClient';
import { PermissionButton } from '../../components/PermissionButton/PermissionButton';
import { AGREEMENT_ACTION } from '../../components/PermissionButton/permissions';
import { StaleWriteAlert, WriteRefused } from '../../components/WriteConflict/StaleWrite';
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
        <Alert
          severity="success"
          title={t('pages.agreements.detail.actions.done', 'Done: {{action}}', {
            action: moveLabel(outcome.move.to),
            interpolation: NO_ESCAPE,
          })}
        />
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
  return t('pages.agreements.detail.actions.needs', 'needs {{action}}', {
    action: AGREEMENT_ACTION[move.permission],
    interpolation: NO_ESCAPE,
  });
}

function MoveFailed({ error, move }: { error: EngineError; move: AllowedMove }) {
  const title = t('pages.agreements.detail.actions.failed', 'Could not {{action}}', {
    action: moveLabel(move.to).toLowerCase(),
    interpolation: NO_ESCAPE,
  });
  // the engine's message says exactly what is missing (which signatures, which moves are allowed)
  const refused =
    error.code === 'illegal_transition' || error.code === 'signatures_incomplete' || error.code === 'stale_hash';
  return <WriteRefused error={error} title={title} refused={refused} testId="slm-move-refused" />;
}

function Conflict({
  seen,
  current,
  currentVersion: versionNow,
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
  const stillAllowed = current?.allowedTransitions.some((m) => m.to === move.to && m.path === move.path) ?? false;
  const currentVersion = current?.version ?? versionNow ?? '?';
  return (
    <StaleWriteAlert
      title={t('pages.agreements.detail.conflict.title', 'The agreement changed since you opened it')}
      body={t(
        'pages.agreements.detail.conflict.body',
        'Nothing was done: “{{action}}” was meant for version {{seen}}, and the agreement is now at version {{current}}. Compare, then reload or apply the action to the current version.',
        { action: moveLabel(move.to), seen: seen.version, current: currentVersion, interpolation: NO_ESCAPE }
      )}
      seenLabel={t('pages.agreements.detail.conflict.yours', 'You opened')}
      nowLabel={t('pages.agreements.detail.conflict.current', 'Now')}
      facts={[
        { label: t('pages.agreements.detail.conflict.version', 'Version'), seen: seen.version, now: currentVersion },
        {
          label: t('pages.agreements.detail.conflict.state', 'State'),
          seen: <StateBadge state={seen.state} amendment={seen.amendment} />,
          now: current ? <StateBadge state={current.state} amendment={current.amendment} /> : '?',
        },
        {
          label: t('pages.agreements.detail.conflict.revision', 'Revision'),
          seen: seen.revision,
          now: current?.revision ?? '?',
        },
        {
          label: t('pages.agreements.detail.conflict.changed-by', 'Last changed by'),
          seen: seen.updatedBy,
          now: current?.updatedBy ?? '?',
        },
      ]}
      reloadLabel={t('pages.agreements.detail.conflict.reload', 'Reload')}
      onReload={onReload}
      reapply={
        current && {
          action: AGREEMENT_ACTION[move.permission],
          label: t('pages.agreements.detail.conflict.reapply', 'Apply “{{action}}” to version {{version}}', {
            action: moveLabel(move.to),
            version: current.version,
            interpolation: NO_ESCAPE,
          }),
          blockedReason: stillAllowed
            ? undefined
            : t('pages.agreements.detail.conflict.not-allowed', 'Not possible from the current state'),
          onClick: () => onReapply(current),
        }
      }
    />
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  moves: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1.5) }),
  move: css({ display: 'flex', gap: theme.spacing(2), alignItems: 'center', flexWrap: 'wrap' }),
});
