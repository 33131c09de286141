import React from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Badge, EmptyState, LoadingPlaceholder, Stack, Text, useStyles2 } from '@grafana/ui';
import { type PlanStatus, type Review, isOverdue, listReviewPlans } from '../../api/reviews';
import { RecordTable } from '../../components/DetailPage/DetailPage';
import { EngineErrorAlert } from '../../components/EngineErrorAlert/EngineErrorAlert';
import { PermissionButton } from '../../components/PermissionButton/PermissionButton';
import { planUrl } from '../../constants';
import { useAsync } from '../../hooks/useAsync';
import { PLAN_WRITE } from '../../components/PermissionButton/permissions';
import { newPlanUrl } from './ReportTab';
import { testIds } from './testIds';

function planStatusLabel(status: PlanStatus): string {
  const labels: Record<PlanStatus, string> = {
    planned: t('pages.reviews.plans.state.planned', 'Planned'),
    in_progress: t('pages.reviews.plans.state.in-progress', 'In progress'),
    done: t('pages.reviews.plans.state.done', 'Done'),
    cancelled: t('pages.reviews.plans.state.cancelled', 'Cancelled'),
  };
  return labels[status] ?? status;
}

/** The improvement plans that follow this review up, with what is overdue. */
export function PlansTab({ review }: { review: Review }) {
  const styles = useStyles2(getStyles);
  const navigate = useNavigate();
  const plans = useAsync(() => listReviewPlans(review.id), review.id);
  const create = (
    <PermissionButton
      action={PLAN_WRITE}
      icon="plus"
      variant="secondary"
      onClick={() => navigate(newPlanUrl({ review: review.id }))}
    >
      {t('pages.reviews.report.create-plan', 'Create improvement plan')}
    </PermissionButton>
  );
  if (plans.status === 'loading') {
    return <LoadingPlaceholder text={t('pages.reviews.plans.loading', 'Loading the improvement plans…')} />;
  }
  if (plans.status === 'error') {
    return (
      <EngineErrorAlert
        error={plans.error}
        title={t('pages.reviews.plans.failed', 'Could not load the improvement plans')}
      />
    );
  }
  if (plans.value.length === 0) {
    return (
      <EmptyState
        variant="call-to-action"
        message={t('pages.reviews.plans.none', 'No improvement plan follows this review up yet')}
        button={create}
      >
        {t(
          'pages.reviews.plans.none-body',
          'Plans created from the report (for a breached or at-risk target) are linked to the review and listed here.'
        )}
      </EmptyState>
    );
  }
  return (
    <Stack direction="column" gap={2}>
      <div>{create}</div>
      <RecordTable
        testId={testIds.plans.root}
        headers={[
          t('pages.reviews.plans.plan', 'Plan'),
          t('pages.reviews.plans.owner', 'Owner'),
          t('pages.reviews.plans.target', 'Target'),
          t('pages.reviews.plans.status', 'Status'),
          t('pages.reviews.plans.due', 'Due'),
        ]}
      >
        {plans.value.map((p) => (
          <tr key={p.id} data-testid={testIds.plans.row} data-overdue={isOverdue(p)}>
            <td>
              <Link className={styles.link} to={planUrl(p.id)}>
                {p.title}
              </Link>{' '}
              <Text color="secondary" variant="bodySmall">
                {p.id}
              </Text>
            </td>
            <td>{p.owner}</td>
            <td>{p.goal?.agreementId ? [p.goal.agreementId, p.goal.targetId].filter(Boolean).join(' · ') : '–'}</td>
            <td>{planStatusLabel(p.status)}</td>
            <td>
              <Stack direction="row" gap={1} alignItems="center">
                <span>{p.dueDate ?? '–'}</span>
                {isOverdue(p) && (
                  <Badge color="red" icon="clock-nine" text={t('pages.reviews.plans.overdue', 'Overdue')} />
                )}
              </Stack>
            </td>
          </tr>
        ))}
      </RecordTable>
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  link: css({ color: theme.colors.text.link, '&:hover': { textDecoration: 'underline' } }),
});
