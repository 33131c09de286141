import React from 'react';
import { Link } from 'react-router-dom';
import { css, cx } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Icon, LinkButton, LoadingPlaceholder, Stack, Text, useStyles2 } from '@grafana/ui';
import { listPlans } from '../../api/plans';
import { EngineErrorAlert } from '../../components/EngineErrorAlert/EngineErrorAlert';
import { ROUTES, planUrl, prefixRoute } from '../../constants';
import { useAsync } from '../../hooks/useAsync';
import { NO_ESCAPE } from '../../i18n';
import { planTestIds } from '../ImprovementPlans/testIds';

/** How many overdue plans the card names; the link shows them all. */
export const OVERDUE_SHOWN = 5;
export const overduePlansUrl = () => `${prefixRoute(ROUTES.ImprovementPlans)}?overdue=true`;

const ids = planTestIds.overview;

/** Improvement plans past their due date and neither done nor cancelled: the first few with owner and due date. */
export function OverduePlans() {
  const styles = useStyles2(getStyles);
  const overdue = useAsync(() => listPlans({ overdue: true, limit: OVERDUE_SHOWN }), 'overdue-plans');
  // without the permission to read plans the card has nothing to say
  if (overdue.status === 'error' && overdue.error.kind === 'forbidden') {
    return null;
  }
  return (
    <section className={styles.card} data-testid={ids.card}>
      <Text element="h3" variant="h4">
        {t('pages.overview.plans.heading', 'Overdue improvement plans')}
      </Text>
      {overdue.status === 'loading' && <LoadingPlaceholder text="" />}
      {overdue.status === 'error' && (
        <EngineErrorAlert
          error={overdue.error}
          title={t('pages.overview.plans.failed', 'Could not load the improvement plans')}
        />
      )}
      {overdue.status === 'done' && overdue.value.total === 0 && (
        <Stack direction="row" gap={1} alignItems="center">
          <Icon name="check" className={styles.ok} />
          <Text color="secondary" data-testid={ids.count} data-total={0}>
            {t('pages.overview.plans.none', 'No plan is overdue')}
          </Text>
        </Stack>
      )}
      {overdue.status === 'done' && overdue.value.total > 0 && (
        <>
          <div className={cx(styles.big, styles.alarm)} data-testid={ids.count} data-total={overdue.value.total}>
            {overdue.value.total}
          </div>
          <ul className={styles.list}>
            {overdue.value.items.map((plan) => (
              <li key={plan.id} data-testid={ids.row}>
                <Link className={styles.link} to={planUrl(plan.id)}>
                  {plan.title}
                </Link>
                <Text color="secondary" variant="bodySmall">
                  {t('pages.overview.plans.owner-due', '{{owner}}, due {{date}}', {
                    owner: plan.owner,
                    date: plan.dueDate ?? '–',
                    interpolation: NO_ESCAPE,
                  })}
                </Text>
              </li>
            ))}
          </ul>
        </>
      )}
      {overdue.status === 'done' && (
        <div>
          <LinkButton
            href={overdue.value.total > 0 ? overduePlansUrl() : prefixRoute(ROUTES.ImprovementPlans)}
            variant="secondary"
            size="sm"
            icon="arrow-right"
          >
            {overdue.value.total > 0
              ? t('pages.overview.plans.show-overdue', 'Show the overdue plans')
              : t('pages.overview.plans.open', 'Open the improvement plans')}
          </LinkButton>
        </div>
      )}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  card: css({
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.primary,
    padding: theme.spacing(2),
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
  }),
  big: css({ fontSize: theme.typography.h1.fontSize, fontVariantNumeric: 'tabular-nums', lineHeight: 1.1 }),
  alarm: css({ color: theme.colors.error.text }),
  ok: css({ color: theme.colors.success.text }),
  link: css({ color: theme.colors.text.link, '&:hover': { textDecoration: 'underline' } }),
  list: css({
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
    li: { display: 'flex', flexDirection: 'column' },
  }),
});
