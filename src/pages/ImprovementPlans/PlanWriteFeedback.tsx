import React from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import type { Plan } from '../../api/plans';
import { StaleWriteAlert, WriteRefused } from '../../components/WriteConflict/StaleWrite';
import { NO_ESCAPE } from '../../i18n';
import { PLAN_WRITE } from '../../components/PermissionButton/permissions';
import { PlanStatusBadge } from './labels';
import { planTestIds } from './testIds';
import { type PlanWriteOutcome } from './usePlanWrite';

const doneCount = (plan: Plan) =>
  t('pages.plans.detail.measures-done', '{{done}} of {{total}} done', {
    done: plan.measures.filter((m) => m.done).length,
    total: plan.measures.length,
  });

/**
 * The outcome of a write to a plan: the engine's refusal, or — for a stale version — what changed,
 * with reloading or the same write on the current version.
 */
export function PlanWriteFeedback({
  outcome,
  seen,
  failedTitle,
  onReload,
  onRetry,
}: {
  outcome: PlanWriteOutcome;
  seen: Plan;
  failedTitle: string;
  onReload: (current: Plan) => void;
  onRetry: (current: Plan) => void;
}) {
  if (outcome.kind === 'failed') {
    // for a conflict or invalid input the engine names exactly what is not possible (e.g. no goal target)
    const refused = outcome.error.kind === 'conflict' || outcome.error.kind === 'invalid';
    return (
      <WriteRefused error={outcome.error} title={failedTitle} refused={refused} testId={planTestIds.detail.refused} />
    );
  }
  if (outcome.kind !== 'conflict') {
    return null;
  }
  const { current, action } = outcome;
  return (
    <StaleWriteAlert
      title={t('pages.plans.conflict.title', 'The plan changed since you opened it')}
      body={t(
        'pages.plans.conflict.body',
        'Nothing was done: “{{action}}” was meant for version {{seen}}, and the plan is now at version {{current}}.',
        { action: action.label, seen: seen.version, current: current?.version ?? '?', interpolation: NO_ESCAPE }
      )}
      seenLabel={t('pages.plans.conflict.yours', 'You opened')}
      nowLabel={t('pages.plans.conflict.current', 'Now')}
      facts={[
        {
          label: t('pages.plans.conflict.status', 'Status'),
          seen: <PlanStatusBadge status={seen.status} />,
          now: current ? <PlanStatusBadge status={current.status} /> : '?',
        },
        {
          label: t('pages.plans.conflict.measures', 'Measures'),
          seen: doneCount(seen),
          now: current ? doneCount(current) : '?',
        },
        {
          label: t('pages.plans.conflict.changed-by', 'Last changed by'),
          seen: seen.updatedBy,
          now: current?.updatedBy ?? '?',
        },
      ]}
      reloadLabel={t('pages.plans.conflict.reload', 'Reload')}
      onReload={current ? () => onReload(current) : undefined}
      reapply={
        current && {
          action: PLAN_WRITE,
          label: t('pages.plans.conflict.reapply', 'Apply “{{action}}” to version {{version}}', {
            action: action.label,
            version: current.version,
            interpolation: NO_ESCAPE,
          }),
          blockedReason:
            !action.allowed || action.allowed(current)
              ? undefined
              : t('pages.plans.conflict.not-allowed', 'Not possible from the current status'),
          onClick: () => onRetry(current),
        }
      }
    />
  );
}

export const getCardStyles = (theme: GrafanaTheme2) => ({
  card: css({
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(2),
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1.5),
  }),
  link: css({ color: theme.colors.text.link, '&:hover': { textDecoration: 'underline' } }),
});
