import React from 'react';
import { Link } from 'react-router-dom';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { EmptyState, LinkButton, LoadingPlaceholder, Stack, Text, useStyles2 } from '@grafana/ui';
import { searchAgreements } from '../../api/agreements';
import { UNRESOLVED, listBreaches } from '../../api/breaches';
import { type AgreementStatus, getMonitoringStatus, listEvaluations } from '../../api/monitoring';
import { EngineErrorAlert } from '../../components/EngineErrorAlert/EngineErrorAlert';
import { formatAge, formatPercent } from '../../components/Monitoring/format';
import { MonitoringStatusLine } from '../../components/Monitoring/MonitoringStatusLine';
import { TargetStateBadge } from '../../components/Monitoring/TargetStateBadge';
import { SlmPage } from '../../components/SlmPage/SlmPage';
import { ROUTES, agreementPageUrl, prefixRoute } from '../../constants';
import { NO_ESCAPE } from '../../i18n';
import { TypeBadge } from '../Agreements/labels';
import { useAsync } from '../../hooks/useAsync';
import { KpiTiles } from './KpiTiles';
import { OverduePlans } from './OverduePlans';

const AT_RISK_SHOWN = 10;

export default function Overview() {
  const active = useAsync(() => searchAgreements({ state: 'active', limit: 1 }), 'active');
  return (
    <SlmPage
      pageKey="overview"
      title={t('pages.overview.title', 'Overview')}
      subtitle={t(
        'pages.overview.subtitle',
        'Service level status at a glance: agreements monitored in time, breached agreements and open breaches.'
      )}
    >
      {active.status === 'loading' && (
        <LoadingPlaceholder text={t('pages.overview.loading', 'Loading the overview…')} />
      )}
      {active.status === 'error' && (
        <EngineErrorAlert error={active.error} title={t('pages.overview.load-failed', 'Could not load the overview')} />
      )}
      {active.status === 'done' && active.value.total === 0 && <NoActiveAgreement />}
      {active.status === 'done' && active.value.total > 0 && <Dashboard />}
    </SlmPage>
  );
}

function NoActiveAgreement() {
  return (
    <EmptyState
      variant="call-to-action"
      message={t('pages.overview.empty.no-active', 'No active agreements yet')}
      button={
        <LinkButton href={`${prefixRoute(ROUTES.Agreements)}/new`} icon="plus" variant="primary">
          {t('pages.overview.empty.create', 'Create an agreement')}
        </LinkButton>
      }
    >
      {t(
        'pages.overview.empty.body',
        'Once an agreement is active, its targets are evaluated continuously and their status appears here.'
      )}
    </EmptyState>
  );
}

function Dashboard() {
  const styles = useStyles2(getStyles);
  return (
    <Stack direction="column" gap={3}>
      <MonitoringSection />
      <KpiTiles />
      <div className={styles.columns}>
        <Stack direction="column" gap={2}>
          <OpenBreaches />
          <OverduePlans />
        </Stack>
        <AtRiskAgreements />
      </div>
    </Stack>
  );
}

function MonitoringSection() {
  const status = useAsync(getMonitoringStatus, 'status');
  if (status.status === 'loading') {
    return null;
  }
  if (status.status === 'error') {
    return (
      <EngineErrorAlert
        error={status.error}
        title={t('pages.overview.status-failed', 'Could not read the monitoring status')}
      />
    );
  }
  return <MonitoringStatusLine status={status.value} />;
}

/** How many breaches somebody still has to handle, and how long the oldest has waited. */
function OpenBreaches() {
  const styles = useStyles2(getStyles);
  const open = useAsync(async () => {
    const first = await listBreaches({ status: UNRESOLVED, limit: 1 });
    if (first.total === 0) {
      return { total: 0, oldest: null };
    }
    // newest first: the last one is the oldest
    const last = await listBreaches({ status: UNRESOLVED, limit: 1, offset: first.total - 1 });
    return { total: first.total, oldest: last.items[0]?.createdAt ?? null };
  }, 'open');
  return (
    <section className={styles.card} data-testid="slm-open-breaches">
      <Text element="h3" variant="h4">
        {t('pages.overview.breaches.heading', 'Open breaches')}
      </Text>
      {open.status === 'loading' && <LoadingPlaceholder text="" />}
      {open.status === 'error' && (
        <EngineErrorAlert
          error={open.error}
          title={t('pages.overview.breaches.failed', 'Could not load the breaches')}
        />
      )}
      {open.status === 'done' && (
        <>
          <div className={styles.big} data-testid="slm-open-breaches-count">
            {open.value.total}
          </div>
          <Text color="secondary" data-testid="slm-oldest-breach">
            {open.value.oldest
              ? t('pages.overview.breaches.oldest', 'The oldest has waited {{age}}', {
                  age: formatAge(open.value.oldest),
                  interpolation: NO_ESCAPE,
                })
              : t('pages.overview.breaches.none', 'Nothing to handle')}
          </Text>
          <div>
            <LinkButton href={prefixRoute(ROUTES.Breaches)} variant="secondary" size="sm" icon="arrow-right">
              {t('pages.overview.breaches.open', 'Open the breaches')}
            </LinkButton>
          </div>
        </>
      )}
    </section>
  );
}

/** The worst target: the least error budget left. */
function worstTarget(status: AgreementStatus) {
  return [...status.targets].sort(
    (a, b) => (a.errorBudgetRemaining ?? Infinity) - (b.errorBudgetRemaining ?? Infinity)
  )[0];
}

function AtRiskAgreements() {
  const styles = useStyles2(getStyles);
  const list = useAsync(async () => {
    const [breached, atRisk] = await Promise.all([
      listEvaluations({ state: 'breached', limit: AT_RISK_SHOWN }),
      listEvaluations({ state: 'at_risk', limit: AT_RISK_SHOWN }),
    ]);
    return {
      items: [...breached.items, ...atRisk.items].slice(0, AT_RISK_SHOWN),
      total: breached.total + atRisk.total,
    };
  }, 'at-risk');
  return (
    <section className={styles.card} data-testid="slm-at-risk">
      <Text element="h3" variant="h4">
        {t('pages.overview.at-risk.heading', 'Agreements breached or at risk')}
      </Text>
      {list.status === 'loading' && <LoadingPlaceholder text="" />}
      {list.status === 'error' && (
        <EngineErrorAlert
          error={list.error}
          title={t('pages.overview.at-risk.failed', 'Could not load the evaluations')}
        />
      )}
      {list.status === 'done' && list.value.items.length === 0 && (
        <Text color="secondary">
          {t('pages.overview.at-risk.none', 'Every monitored agreement meets its targets.')}
        </Text>
      )}
      {list.status === 'done' && list.value.items.length > 0 && (
        <table className={styles.table}>
          <thead>
            <tr>
              <th>{t('pages.overview.at-risk.state', 'State')}</th>
              <th>{t('pages.overview.at-risk.agreement', 'Agreement')}</th>
              <th>{t('pages.overview.at-risk.service', 'Service')}</th>
              <th>{t('pages.overview.at-risk.worst', 'Worst target')}</th>
              <th>{t('pages.overview.at-risk.budget', 'Budget left')}</th>
            </tr>
          </thead>
          <tbody>
            {list.value.items.map((a) => {
              const worst = worstTarget(a);
              return (
                <tr key={a.agreementId} data-testid="slm-at-risk-row">
                  <td>
                    <TargetStateBadge state={a.state ?? 'no_data'} />
                  </td>
                  <td>
                    <Stack direction="row" gap={1} alignItems="center">
                      <TypeBadge type={a.type} />
                      <Link className={styles.link} to={agreementPageUrl(a.agreementId, 'targets')}>
                        {a.agreementId}
                      </Link>
                    </Stack>
                  </td>
                  <td>{a.service}</td>
                  <td>
                    {worst
                      ? `${worst.id}: ${formatPercent(worst.compliance)} / ${formatPercent(worst.objective)}`
                      : '–'}
                  </td>
                  <td>{formatPercent(worst?.errorBudgetRemaining, 0)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {list.status === 'done' && list.value.total > list.value.items.length && (
        <Text color="secondary">
          {t('pages.overview.at-risk.more', 'and {{n}} more', { n: list.value.total - list.value.items.length })}
        </Text>
      )}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  columns: css({
    display: 'grid',
    gridTemplateColumns: 'minmax(220px, 1fr) minmax(420px, 3fr)',
    gap: theme.spacing(2),
    alignItems: 'start',
  }),
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
  link: css({ color: theme.colors.text.link, '&:hover': { textDecoration: 'underline' } }),
  table: css({
    width: '100%',
    'th, td': {
      padding: theme.spacing(0.5, 1),
      textAlign: 'left',
      borderBottom: `1px solid ${theme.colors.border.weak}`,
    },
  }),
});
