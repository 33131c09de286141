import React, { useState } from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Field, Input, Stack, Text, useStyles2 } from '@grafana/ui';
import { type Breach, type BreachTransition, patchBreach, transitionBreach } from '../../api/breaches';
import { PermissionButton } from '../../components/PermissionButton/PermissionButton';
import { AGREEMENT_ACTION } from '../../components/PermissionButton/permissions';
import { StaleWriteAlert, WriteRefused } from '../../components/WriteConflict/StaleWrite';
import { NO_ESCAPE } from '../../i18n';
import { StatusBadge } from './labels';
import { type WriteOutcome, useBreachWrite } from './useBreachWrite';

interface Props {
  breach: Breach;
  onChanged: (breach: Breach) => void;
}

function transitionLabel(action: BreachTransition): string {
  return action === 'acknowledge'
    ? t('pages.breaches.action.acknowledge', 'Acknowledge')
    : t('pages.breaches.action.resolve', 'Resolve');
}

/** Why a transition cannot be made from the breach's status (the engine would refuse it with 409). */
export function transitionBlockedReason(breach: Pick<Breach, 'status'>, action: BreachTransition): string | undefined {
  if (action === 'acknowledge' && breach.status !== 'open') {
    return t('pages.breaches.action.already-acknowledged', 'Already acknowledged');
  }
  if (action === 'resolve' && breach.status === 'open') {
    return t('pages.breaches.action.acknowledge-first', 'Acknowledge it first');
  }
  if (action === 'resolve' && breach.status === 'resolved') {
    return t('pages.breaches.action.already-resolved', 'Already resolved');
  }
  return undefined;
}

/** open → acknowledged → resolved, and who handles it; each a write with the version seen. */
export function BreachActions({ breach, onChanged }: Props) {
  const styles = useStyles2(getStyles);
  const [pending, setPending] = useState<BreachTransition | 'assignee' | null>(null);
  const [assignee, setAssignee] = useState(breach.assignee ?? '');
  const write = useBreachWrite(breach, onChanged);

  const transition = (action: BreachTransition, version?: number) => {
    setPending(action);
    return write.run((v) => transitionBreach(breach.id, action, v), version);
  };
  const saveAssignee = (version?: number) => {
    setPending('assignee');
    const value = assignee.trim();
    return write.run((v) => patchBreach(breach.id, { assignee: value === '' ? null : value }, v), version);
  };
  const retry = (version: number) =>
    pending === 'assignee' ? saveAssignee(version) : pending ? transition(pending, version) : undefined;
  const busy = write.outcome.kind === 'busy';

  return (
    <section className={styles.card} data-testid="slm-breach-actions">
      <Text element="h3" variant="h4">
        {t('pages.breaches.detail.handling', 'Handling')}
      </Text>
      <Stack direction="row" gap={1} alignItems="center" wrap="wrap">
        <StatusBadge status={breach.status} />
        {breach.status !== 'resolved' &&
          (['acknowledge', 'resolve'] as const).map((action) => (
            <PermissionButton
              key={action}
              action={AGREEMENT_ACTION.monitor}
              variant={action === 'acknowledge' ? 'primary' : 'secondary'}
              icon={busy && pending === action ? 'spinner' : action === 'acknowledge' ? 'eye' : 'check'}
              disabled={busy}
              blockedReason={transitionBlockedReason(breach, action)}
              onClick={() => transition(action)}
            >
              {transitionLabel(action)}
            </PermissionButton>
          ))}
      </Stack>
      <div className={styles.row}>
        <Field
          label={t('pages.breaches.detail.assignee', 'Assignee')}
          description={t('pages.breaches.detail.assignee-help', 'Who works on it; empty = the provider party.')}
        >
          <Input
            id="slm-breach-assignee"
            width={30}
            value={assignee}
            onChange={(e) => setAssignee(e.currentTarget.value)}
          />
        </Field>
        <PermissionButton
          action={AGREEMENT_ACTION.monitor}
          variant="secondary"
          icon="user"
          disabled={busy || assignee.trim() === (breach.assignee ?? '')}
          onClick={() => saveAssignee()}
        >
          {t('pages.breaches.detail.assign', 'Assign')}
        </PermissionButton>
      </div>
      <WriteFeedback
        outcome={write.outcome}
        seen={breach}
        what={
          pending === 'assignee' ? t('pages.breaches.detail.assign', 'Assign') : pending ? transitionLabel(pending) : ''
        }
        failedTitle={t('pages.breaches.detail.write-failed', 'Could not change the breach')}
        canRetry={(current) => (pending && pending !== 'assignee' ? !transitionBlockedReason(current, pending) : true)}
        onReload={(current) => {
          write.reset();
          setAssignee(current.assignee ?? '');
          onChanged(current);
        }}
        onRetry={(current) => {
          onChanged(current);
          retry(current.version);
        }}
      />
    </section>
  );
}

/** The outcome of a write: a stale version shows what changed, with reload or re-apply. */
export function WriteFeedback({
  outcome,
  seen,
  what,
  failedTitle,
  canRetry,
  onReload,
  onRetry,
}: {
  outcome: WriteOutcome;
  seen: Breach;
  what: string;
  failedTitle: string;
  canRetry: (current: Breach) => boolean;
  onReload: (current: Breach) => void;
  onRetry: (current: Breach) => void;
}) {
  if (outcome.kind === 'failed') {
    // for a conflict or invalid input the engine names exactly what is not possible (e.g. the breach was resolved meanwhile)
    const refused = outcome.error.kind === 'conflict' || outcome.error.kind === 'invalid';
    return <WriteRefused error={outcome.error} title={failedTitle} refused={refused} testId="slm-breach-refused" />;
  }
  if (outcome.kind !== 'conflict') {
    return null;
  }
  const current = outcome.current;
  return (
    <StaleWriteAlert
      title={t('pages.breaches.conflict.title', 'The breach changed since you opened it')}
      body={t(
        'pages.breaches.conflict.body',
        'Nothing was done: “{{action}}” was meant for version {{seen}}, and the breach is now at version {{current}}.',
        {
          action: what,
          seen: seen.version,
          current: current?.version ?? '?',
          interpolation: NO_ESCAPE,
        }
      )}
      seenLabel={t('pages.breaches.conflict.yours', 'You opened')}
      nowLabel={t('pages.breaches.conflict.current', 'Now')}
      facts={[
        {
          label: t('pages.breaches.conflict.status', 'Status'),
          seen: <StatusBadge status={seen.status} />,
          now: current ? <StatusBadge status={current.status} /> : '?',
        },
        {
          label: t('pages.breaches.conflict.assignee', 'Assignee'),
          seen: seen.assignee ?? '–',
          now: current ? (current.assignee ?? '–') : '?',
        },
        {
          label: t('pages.breaches.conflict.changed-by', 'Last changed by'),
          seen: seen.updatedBy,
          now: current?.updatedBy ?? '?',
        },
      ]}
      reloadLabel={t('pages.breaches.conflict.reload', 'Reload')}
      onReload={current ? () => onReload(current) : undefined}
      reapply={
        current && {
          action: AGREEMENT_ACTION.monitor,
          label: t('pages.breaches.conflict.reapply', 'Apply “{{action}}” to version {{version}}', {
            action: what,
            version: current.version,
            interpolation: NO_ESCAPE,
          }),
          blockedReason: canRetry(current)
            ? undefined
            : t('pages.breaches.conflict.not-allowed', 'Not possible from the current status'),
          onClick: () => onRetry(current),
        }
      }
    />
  );
}

export const getStyles = (theme: GrafanaTheme2) => ({
  card: css({
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(2),
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1.5),
  }),
  row: css({
    display: 'flex',
    gap: theme.spacing(2),
    alignItems: 'flex-end',
    flexWrap: 'wrap',
    '& > *': { marginBottom: 0 },
  }),
});
