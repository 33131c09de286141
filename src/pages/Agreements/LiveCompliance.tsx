import React, { useState } from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Alert, LinkButton, LoadingPlaceholder, Stack, Text, useStyles2 } from '@grafana/ui';
import type { AgreementDetail } from '../../api/agreements';
import { type EngineError, toEngineError } from '../../api/engineClient';
import { type AgreementEvaluation, type AlertRuleSummary, createAlertRules, getEvaluation, getMonitoringStatus } from '../../api/monitoring';
import { EngineErrorAlert } from '../../components/EngineErrorAlert/EngineErrorAlert';
import { formatAge, formatBurnRate, formatPercent, formatPeriod } from '../../components/Monitoring/format';
import { MonitoringOff } from '../../components/Monitoring/MonitoringStatusLine';
import { Sparkline } from '../../components/Monitoring/Sparkline';
import { TargetStateBadge } from '../../components/Monitoring/TargetStateBadge';
import { PermissionButton } from '../../components/PermissionButton/PermissionButton';
import { AGREEMENT_ACTION } from '../../components/PermissionButton/permissions';
import { ROUTES, prefixRoute } from '../../constants';
import { NO_ESCAPE } from '../../i18n';
import { stateLabel } from './labels';
import { useAsync } from '../../hooks/useAsync';

const HISTORY_PERIODS = 6;

/** Why an agreement in this lifecycle state is not evaluated, or undefined when it is. */
export function notMonitoredReason(agreement: Pick<AgreementDetail, 'state'>): string | undefined {
  if (agreement.state === 'active') {
    return undefined;
  }
  return t('pages.agreements.live.not-active', 'Not monitored: the agreement is {{state}}, and only active agreements are evaluated.', {
    state: stateLabel(agreement.state).toLowerCase(),
    interpolation: NO_ESCAPE,
  });
}

/** Each target's compliance in the running period, as the engine's monitoring has it now. */
export function LiveCompliance({ agreement }: { agreement: AgreementDetail }) {
  const styles = useStyles2(getStyles);
  const reason = notMonitoredReason(agreement);
  return (
    <section className={styles.card} data-testid="slm-live-compliance">
      <Stack direction="row" justifyContent="space-between" alignItems="center" wrap="wrap">
        <Text element="h3" variant="h4">
          {t('pages.agreements.live.heading', 'Live compliance')}
        </Text>
        <Stack direction="row" gap={1} alignItems="flex-start">
          <LinkButton href={agreementBreachesUrl(agreement.id)} variant="secondary" icon="exclamation-triangle">
            {t('pages.agreements.live.breaches', 'Its breaches')}
          </LinkButton>
          <AlertRulesAction agreement={agreement} blockedReason={reason} />
        </Stack>
      </Stack>
      {reason ? (
        <Text color="secondary" data-testid="slm-not-monitored">
          {reason}
        </Text>
      ) : (
        <Evaluation agreement={agreement} />
      )}
    </section>
  );
}

function Evaluation({ agreement }: { agreement: AgreementDetail }) {
  const evaluation = useAsync(() => getEvaluation(agreement.id, HISTORY_PERIODS), `${agreement.id}@${agreement.version}`);
  if (evaluation.status === 'loading') {
    return <LoadingPlaceholder text={t('pages.agreements.live.loading', 'Loading the live evaluation…')} />;
  }
  if (evaluation.status === 'error') {
    return evaluation.error.kind === 'not_found' ? (
      <NotMonitored />
    ) : (
      <EngineErrorAlert error={evaluation.error} title={t('pages.agreements.live.failed', 'Could not load the live evaluation')} />
    );
  }
  return <TargetTable evaluation={evaluation.value} />;
}

/** Active but not evaluated: monitoring is off, or the engine has not got to it yet. */
function NotMonitored() {
  const status = useAsync(getMonitoringStatus, 'status');
  if (status.status === 'loading') {
    return null;
  }
  if (status.status === 'done' && !status.value.enabled) {
    return <MonitoringOff />;
  }
  return (
    <Text color="secondary" data-testid="slm-not-monitored">
      {t('pages.agreements.live.not-yet', 'Not monitored yet: monitoring is on and evaluates this agreement in its next cycle.')}
    </Text>
  );
}

function TargetTable({ evaluation }: { evaluation: AgreementEvaluation }) {
  const styles = useStyles2(getStyles);
  const { current, history } = evaluation;
  // oldest first, so the trend reads left to right
  const past = [...history].reverse();
  return (
    <Stack direction="column" gap={1}>
      <Text color="secondary">
        {t('pages.agreements.live.period', 'Period {{period}}, evaluated {{age}} ago', {
          period: current.period ? formatPeriod(current.period) : '–',
          age: formatAge(current.evaluatedAt),
          interpolation: NO_ESCAPE,
        })}
      </Text>
      {current.error && (
        <Alert severity="warning" title={t('pages.agreements.live.data-error', 'The data could not be read: coverage drops, and no breach is recorded from it')}>
          {current.error}
        </Alert>
      )}
      <table className={styles.table} data-testid="slm-live-targets">
        <thead>
          <tr>
            <th>{t('pages.agreements.live.target', 'Target')}</th>
            <th>{t('pages.agreements.live.state', 'State')}</th>
            <th>{t('pages.agreements.live.compliance', 'Compliance')}</th>
            <th>{t('pages.agreements.live.objective', 'Objective')}</th>
            <th>{t('pages.agreements.live.coverage', 'Coverage')}</th>
            <th>{t('pages.agreements.live.budget', 'Error budget left')}</th>
            <th>{t('pages.agreements.live.burn-rate', 'Burn rate (1 h)')}</th>
            <th>{t('pages.agreements.live.history', 'Previous periods')}</th>
          </tr>
        </thead>
        <tbody>
          {current.targets.map((target) => {
            const trend = past.map((p) => p.targets.find((x) => x.id === target.id)?.compliance ?? null);
            return (
              <tr key={target.id} data-testid={`slm-live-target-${target.id}`}>
                <td>{target.id}</td>
                <td>
                  <TargetStateBadge state={target.state} />
                </td>
                <td className={styles.number}>{formatPercent(target.compliance)}</td>
                <td className={styles.number}>
                  {formatPercent(target.objective)}
                  {target.warning !== undefined && (
                    <Text color="secondary" variant="bodySmall">
                      {' '}
                      {t('pages.agreements.live.warning', '(at risk below {{warning}})', { warning: formatPercent(target.warning), interpolation: NO_ESCAPE })}
                    </Text>
                  )}
                </td>
                <td className={styles.number}>{formatPercent(target.coverage, 1)}</td>
                <td className={styles.number} data-negative={(target.errorBudgetRemaining ?? 0) < 0 || undefined}>
                  {formatPercent(target.errorBudgetRemaining, 1)}
                </td>
                <td className={styles.number}>{formatBurnRate(target.burnRate)}</td>
                <td>
                  {trend.length > 0 ? (
                    <Sparkline
                      values={trend}
                      label={t('pages.agreements.live.trend', 'Compliance in the previous periods: {{values}}', {
                        values: trend.map((v) => formatPercent(v)).join(', '),
                        interpolation: NO_ESCAPE,
                      })}
                    />
                  ) : (
                    '–'
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Stack>
  );
}

type RulesOutcome = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; rules: AlertRuleSummary[] } | { kind: 'failed'; error: EngineError };

/** One click: the agreement's burn-rate and breach alert rules in Grafana Alerting. */
function AlertRulesAction({ agreement, blockedReason }: { agreement: AgreementDetail; blockedReason?: string }) {
  const [outcome, setOutcome] = useState<RulesOutcome>({ kind: 'idle' });
  const create = async () => {
    setOutcome({ kind: 'busy' });
    try {
      setOutcome({ kind: 'done', rules: await createAlertRules(agreement.id, agreement.version) });
    } catch (e) {
      setOutcome({ kind: 'failed', error: toEngineError(e) });
    }
  };
  return (
    <Stack direction="column" gap={1} alignItems="flex-end">
      <PermissionButton
        action={AGREEMENT_ACTION.monitor}
        variant="secondary"
        icon={outcome.kind === 'busy' ? 'spinner' : 'bell'}
        disabled={outcome.kind === 'busy'}
        blockedReason={blockedReason}
        onClick={create}
      >
        {t('pages.agreements.live.create-rules', 'Create alert rules')}
      </PermissionButton>
      {outcome.kind === 'done' && (
        <Alert
          severity="success"
          title={t('pages.agreements.live.rules-done', 'Alert rules in Grafana: {{n}} created or updated', { n: outcome.rules.length })}
          data-testid="slm-alert-rules-done"
          onRemove={() => setOutcome({ kind: 'idle' })}
        >
          <ul>
            {outcome.rules.map((r) => (
              <li key={r.uid}>{r.title}</li>
            ))}
          </ul>
          <LinkButton href="/alerting/list" size="sm" variant="secondary" icon="bell">
            {t('pages.agreements.live.open-alerting', 'Open Grafana Alerting')}
          </LinkButton>
        </Alert>
      )}
      {outcome.kind === 'failed' &&
        (outcome.error.source === 'engine' && outcome.error.kind !== 'forbidden' ? (
          // the engine answered: its message says what Grafana refused (token, permissions, folder)
          <Alert severity="error" title={t('pages.agreements.live.rules-failed', 'Could not create the alert rules')} data-testid="slm-alert-rules-failed">
            {outcome.error.message}
          </Alert>
        ) : (
          <EngineErrorAlert error={outcome.error} title={t('pages.agreements.live.rules-failed', 'Could not create the alert rules')} />
        ))}
    </Stack>
  );
}

/** The breaches page filtered to one agreement. */
export const agreementBreachesUrl = (id: string) => `${prefixRoute(ROUTES.Breaches)}?agreement=${encodeURIComponent(id)}&status=all`;

const getStyles = (theme: GrafanaTheme2) => ({
  card: css({
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(2),
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
  }),
  table: css({
    width: '100%',
    'th, td': { padding: theme.spacing(0.5, 1), textAlign: 'left', borderBottom: `1px solid ${theme.colors.border.weak}` },
    'td[data-negative="true"]': { color: theme.colors.error.text },
  }),
  number: css({ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }),
});
