import React from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Alert, LoadingPlaceholder, Stack, Text, useStyles2 } from '@grafana/ui';
import { BREACH_STATUSES, type BreachStatus } from '../../api/breaches';
import {
  type ReportAgreement,
  type ReportBreach,
  type ReportCredit,
  type ReportEnvelope,
  type ReportTarget,
  type Review,
  type ReviewReport,
  generatedReport,
  getReviewReport,
} from '../../api/reviews';
import { FactList, RecordTable } from '../../components/DetailPage/DetailPage';
import { EngineErrorAlert } from '../../components/EngineErrorAlert/EngineErrorAlert';
import { formatPercent, formatPeriod, formatTime } from '../../components/Monitoring/format';
import { Sparkline } from '../../components/Monitoring/Sparkline';
import { KpiRatios, kpiTypeName } from '../../components/Monitoring/KpiRatios';
import { TargetStateBadge } from '../../components/Monitoring/TargetStateBadge';
import { PermissionButton } from '../../components/PermissionButton/PermissionButton';
import { ROUTES, agreementPageUrl, breachUrl, planUrl, prefixRoute } from '../../constants';
import { AGREEMENT_TYPES, type AgreementType, type KpiFigures } from '../../domain';
import { useAsync } from '../../hooks/useAsync';
import { NO_ESCAPE } from '../../i18n';
import { PLAN_WRITE } from '../../components/PermissionButton/permissions';
import { TypeBadge } from '../Agreements/labels';
import { SeverityBadge, StatusBadge } from '../Breaches/labels';
import { testIds } from './testIds';

/** Where the improvement plan form opens with the review, agreement, target and breach filled in. */
export function newPlanUrl(link: { review: string; agreement?: string; target?: string; breach?: string }): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(link)) {
    if (value) {
      params.set(key, value);
    }
  }
  return `${prefixRoute(ROUTES.ImprovementPlans)}/new?${params}`;
}

/** The period report: stored (frozen once closed) or, until generated, a preview computed now. */
export function ReportTab({ review }: { review: Review }) {
  // a new version may carry a new report (generated, frozen on close)
  const envelope = useAsync(() => getReviewReport(review.id), `${review.id}:${review.version}`);
  if (envelope.status === 'loading') {
    return <LoadingPlaceholder text={t('pages.reviews.report.loading', 'Loading the report…')} />;
  }
  if (envelope.status === 'error') {
    return (
      <EngineErrorAlert error={envelope.error} title={t('pages.reviews.report.failed', 'Could not load the report')} />
    );
  }
  const report = generatedReport(envelope.value.report);
  return (
    <Stack direction="column" gap={2}>
      <SourceNotice envelope={envelope.value} report={report} />
      {report ? (
        <ReportBody report={report} reviewId={review.id} />
      ) : (
        <Alert
          severity="info"
          title={t('pages.reviews.report.foreign', 'This report is in a format the page does not show')}
        >
          {t('pages.reviews.report.foreign-body', 'Download it as PDF or Markdown to read it.')}
        </Alert>
      )}
    </Stack>
  );
}

function SourceNotice({ envelope, report }: { envelope: ReportEnvelope; report: ReviewReport | null }) {
  const generated = report
    ? t('pages.reviews.report.generated', 'Generated {{at}} by {{user}}.', {
        at: formatTime(report.generatedAt),
        user: report.generatedBy,
        interpolation: NO_ESCAPE,
      })
    : '';
  if (envelope.source === 'preview') {
    return (
      <div data-testid={testIds.report.source} data-source="preview">
        <Alert severity="info" title={t('pages.reviews.report.preview', 'Preview — not yet generated')}>
          {t(
            'pages.reviews.report.preview-body',
            'Computed now from the monitoring history and not stored. Generate the report to keep these figures for the meeting.'
          )}
        </Alert>
      </div>
    );
  }
  if (envelope.frozen) {
    return (
      <div data-testid={testIds.report.source} data-source="frozen">
        <Alert severity="info" title={t('pages.reviews.report.frozen', 'Frozen')}>
          {t('pages.reviews.report.frozen-body', 'The review is closed: these are the figures it was closed with.')}{' '}
          {generated}
        </Alert>
      </div>
    );
  }
  return (
    <div data-testid={testIds.report.source} data-source="stored">
      <Text color="secondary">{generated}</Text>
    </div>
  );
}

function ReportBody({ report, reviewId }: { report: ReviewReport; reviewId: string }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.report} data-testid={testIds.report.root}>
      <KpiTiles kpis={report.kpis} />
      {report.agreements.length === 0 ? (
        <Alert severity="info" title={t('pages.reviews.report.no-agreements', 'No agreement in scope')}>
          {t(
            'pages.reviews.report.no-agreements-body',
            'No agreement of the scope was in force in the period: there is nothing to report on.'
          )}
        </Alert>
      ) : (
        report.agreements.map((a) => <AgreementSection key={a.id} agreement={a} report={report} reviewId={reviewId} />)
      )}
      <Breaches report={report} reviewId={reviewId} />
      <Credits credits={report.credits} />
    </div>
  );
}

/** Monitored and breach ratio per type over the review period. */
function KpiTiles({ kpis }: { kpis: ReviewReport['kpis'] }) {
  const styles = useStyles2(getStyles);
  const types = [...AGREEMENT_TYPES.filter((type) => kpis[type].active > 0), 'all' as const];
  return (
    <div className={styles.tiles} data-testid={testIds.report.kpis}>
      {types.map((type) => (
        <KpiTile key={type} type={type} figures={kpis[type]} />
      ))}
    </div>
  );
}

function KpiTile({ type, figures }: { type: AgreementType | 'all'; figures: KpiFigures }) {
  const styles = useStyles2(getStyles);
  return (
    <section className={styles.tile} data-testid={testIds.report.kpi(type)} aria-label={kpiTypeName(type)}>
      <Stack direction="row" gap={1} alignItems="center">
        {type !== 'all' && <TypeBadge type={type} />}
        <Text element="h3" variant="h6">
          {kpiTypeName(type)}
        </Text>
      </Stack>
      <KpiRatios figures={figures} testIdPrefix={testIds.report.kpi(type)} />
    </section>
  );
}

const needsPlan = (state: string) => state === 'breached' || state === 'at_risk';

function AgreementSection({
  agreement: a,
  report,
  reviewId,
}: {
  agreement: ReportAgreement;
  report: ReviewReport;
  reviewId: string;
}) {
  const styles = useStyles2(getStyles);
  return (
    <section className={styles.card} data-testid={testIds.report.agreement(a.id)} aria-label={a.id}>
      <Stack direction="row" gap={1} alignItems="center" wrap="wrap">
        <TypeBadge type={a.type} />
        <Text element="h3" variant="h4">
          <Link className={styles.link} to={agreementPageUrl(a.id, 'targets')}>
            {a.id}
          </Link>{' '}
          {a.title}
        </Text>
        <TargetStateBadge state={a.state} />
      </Stack>
      <FactList>
        <dt>{t('pages.reviews.report.service', 'Service')}</dt>
        <dd>{a.service}</dd>
        <dt>{t('pages.reviews.report.parties', 'Provider → counterparty')}</dt>
        <dd>{`${a.provider} → ${a.counterparty}`}</dd>
        <dt>{t('pages.reviews.report.window', 'Window')}</dt>
        <dd>
          {t('pages.reviews.report.window-value', '{{window}}, time zone {{timezone}}', {
            window: a.window,
            timezone: a.timezone,
            interpolation: NO_ESCAPE,
          })}
        </dd>
      </FactList>
      <TargetTable agreement={a} report={report} reviewId={reviewId} />
      {a.underpinnedBy.length > 0 && <Underpinning agreement={a} />}
    </section>
  );
}

/** The credits owed for one target, e.g. "10%" (one per period that fell in a tier). */
function creditsOf(credits: ReportCredit[], agreementId: string, targetId: string): ReportCredit[] {
  return credits.filter((c) => c.agreementId === agreementId && c.targetId === targetId);
}

function latestBreach(breaches: ReportBreach[], agreementId: string, targetId: string): ReportBreach | undefined {
  return breaches.filter((b) => b.agreementId === agreementId && b.targetId === targetId).at(-1);
}

function TargetTable({
  agreement: a,
  report,
  reviewId,
}: {
  agreement: ReportAgreement;
  report: ReviewReport;
  reviewId: string;
}) {
  const styles = useStyles2(getStyles);
  return (
    <RecordTable
      className={styles.numbers}
      headers={[
        t('pages.reviews.report.target', 'Target'),
        t('pages.reviews.report.objective', 'Objective'),
        t('pages.reviews.report.compliance', 'Compliance'),
        t('pages.reviews.report.state', 'State'),
        t('pages.reviews.report.coverage', 'Coverage'),
        t('pages.reviews.report.budget', 'Error budget left'),
        t('pages.reviews.report.trend', 'Trend'),
        t('pages.reviews.report.credit', 'Service credit owed'),
        '',
      ]}
    >
      {a.targets.map((target) => (
        <TargetRow key={target.id} agreement={a} target={target} report={report} reviewId={reviewId} />
      ))}
    </RecordTable>
  );
}

function TargetRow({
  agreement: a,
  target,
  report,
  reviewId,
}: {
  agreement: ReportAgreement;
  target: ReportTarget;
  report: ReviewReport;
  reviewId: string;
}) {
  const credits = creditsOf(report.credits, a.id, target.id);
  const breach = latestBreach(report.breaches, a.id, target.id);
  return (
    <tr data-testid={testIds.report.target(a.id, target.id)}>
      <td>{target.name ? `${target.name} (${target.id})` : target.id}</td>
      <td>{formatPercent(target.objective)}</td>
      <td data-testid={testIds.report.compliance}>{formatPercent(target.compliance)}</td>
      <td>
        <TargetStateBadge state={target.state} />
      </td>
      <td>{formatPercent(target.coverage)}</td>
      <td>{formatPercent(target.errorBudgetRemaining, 0)}</td>
      <td>
        <Trend target={target} />
      </td>
      <td data-testid={testIds.report.credit}>
        {credits.length ? credits.map((c) => formatPercent(c.credit, 0)).join(', ') : '–'}
      </td>
      <td>
        {needsPlan(target.state) && (
          <PlanButton
            link={{ review: reviewId, agreement: a.id, target: target.id, breach: breach?.id }}
            label={t('pages.reviews.report.create-plan-for', 'Create improvement plan for {{target}}', {
              target: `${a.id} · ${target.id}`,
              interpolation: NO_ESCAPE,
            })}
          />
        )}
      </td>
    </tr>
  );
}

function trendTitle(kind: ReportTarget['periodKind']): string {
  if (kind === 'window') {
    return t('pages.reviews.report.trend-window', 'Compliance by rolling window');
  }
  if (kind === 'day') {
    return t('pages.reviews.report.trend-day', 'Compliance by day');
  }
  return t('pages.reviews.report.trend-period', 'Compliance by period');
}

/** The earlier periods and those of the review, oldest first. */
function Trend({ target }: { target: ReportTarget }) {
  const periods = [...target.trend, ...target.periods];
  if (periods.length < 2) {
    return <span>–</span>;
  }
  const values = periods.map((p) => p.compliance);
  const label = t('pages.reviews.report.trend-label', '{{title}}: {{values}}', {
    title: trendTitle(target.periodKind),
    values: periods.map((p) => `${formatPeriod(p)}: ${formatPercent(p.compliance)}`).join(', '),
    interpolation: NO_ESCAPE,
  });
  return <Sparkline values={values} label={label} />;
}

/** "Create improvement plan": the plan form, with what it follows up filled in. */
function PlanButton({ link, label }: { link: Parameters<typeof newPlanUrl>[0]; label: string }) {
  const navigate = useNavigate();
  return (
    <PermissionButton
      action={PLAN_WRITE}
      size="sm"
      variant="secondary"
      icon="plus"
      aria-label={label}
      tooltip={label}
      onClick={() => navigate(newPlanUrl(link))}
    >
      {t('pages.reviews.report.create-plan', 'Create improvement plan')}
    </PermissionButton>
  );
}

function Underpinning({ agreement: a }: { agreement: ReportAgreement }) {
  const styles = useStyles2(getStyles);
  return (
    <div data-testid={testIds.report.underpinning}>
      <Text element="h4" variant="h6">
        {t('pages.reviews.report.underpinning', 'Underpinned by')}
      </Text>
      <ul className={styles.list}>
        {a.underpinnedBy.map((u) => (
          <li key={u.id}>
            <Stack direction="row" gap={1} alignItems="center" wrap="wrap">
              {u.type && <TypeBadge type={u.type} />}
              <Link className={styles.link} to={agreementPageUrl(u.id)}>
                {u.id}
              </Link>
              {u.title && <Text color="secondary">{u.title}</Text>}
              {u.state ? (
                <TargetStateBadge state={u.state} />
              ) : (
                <Text color="secondary" italic>
                  {t('pages.reviews.report.unknown-agreement', 'not in the registry')}
                </Text>
              )}
            </Stack>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Breaches({ report, reviewId }: { report: ReviewReport; reviewId: string }) {
  const styles = useStyles2(getStyles);
  return (
    <section className={styles.card} data-testid={testIds.report.breaches}>
      <Text element="h3" variant="h4">
        {t('pages.reviews.report.breaches', 'Breaches in the period')}
      </Text>
      {report.breaches.length === 0 ? (
        <Text color="secondary">
          {t('pages.reviews.report.no-breaches', 'No target was breached or at risk in the period.')}
        </Text>
      ) : (
        <RecordTable
          className={styles.numbers}
          headers={[
            t('pages.reviews.report.breach', 'Breach'),
            t('pages.reviews.report.period', 'Period'),
            t('pages.reviews.report.measured', 'Measured / objective'),
            t('pages.reviews.report.breach-status', 'Status'),
            t('pages.reviews.report.analysis', 'Summary and root cause'),
            t('pages.reviews.report.plans', 'Improvement plans'),
            '',
          ]}
        >
          {report.breaches.map((b) => (
            <tr key={b.id} data-testid="slm-report-breach">
              <td>
                <Link className={styles.link} to={breachUrl(b.id)}>
                  {`${b.agreementId} · ${b.targetId}`}
                </Link>
                <div>
                  <SeverityBadge severity={b.severity === 'at_risk' ? 'at_risk' : 'breached'} />
                </div>
              </td>
              <td>{formatPeriod(b.period)}</td>
              <td>{`${formatPercent(b.measured)} / ${formatPercent(b.objective)}`}</td>
              <td>
                {BREACH_STATUSES.includes(b.status as BreachStatus) ? (
                  <StatusBadge status={b.status as BreachStatus} />
                ) : (
                  b.status
                )}
              </td>
              <td>
                {b.report ? (
                  <>
                    <div>{b.report.summary}</div>
                    {b.report.rootCause && (
                      <Text color="secondary" variant="bodySmall">
                        {t('pages.reviews.report.root-cause', 'Root cause: {{text}}', {
                          text: b.report.rootCause,
                          interpolation: NO_ESCAPE,
                        })}
                      </Text>
                    )}
                  </>
                ) : (
                  <Text color="secondary">{t('pages.reviews.report.no-breach-report', 'No breach report yet')}</Text>
                )}
              </td>
              <td>
                {b.improvementPlanIds.length ? (
                  <Stack direction="row" gap={1} wrap="wrap">
                    {b.improvementPlanIds.map((p) => (
                      <Link key={p} className={styles.link} to={planUrl(p)}>
                        {p}
                      </Link>
                    ))}
                  </Stack>
                ) : (
                  '–'
                )}
              </td>
              <td>
                <PlanButton
                  link={{ review: reviewId, agreement: b.agreementId, target: b.targetId, breach: b.id }}
                  label={t(
                    'pages.reviews.report.create-plan-for-breach',
                    'Create improvement plan for the breach {{breach}}',
                    {
                      breach: `${b.agreementId} · ${b.targetId}`,
                      interpolation: NO_ESCAPE,
                    }
                  )}
                />
              </td>
            </tr>
          ))}
        </RecordTable>
      )}
    </section>
  );
}

function Credits({ credits }: { credits: ReportCredit[] }) {
  const styles = useStyles2(getStyles);
  return (
    <section className={styles.card} data-testid={testIds.report.credits}>
      <Text element="h3" variant="h4">
        {t('pages.reviews.report.credits', 'Service credits owed')}
      </Text>
      {credits.length === 0 ? (
        <Text color="secondary">
          {t('pages.reviews.report.no-credits', 'No period fell into a service credit tier.')}
        </Text>
      ) : (
        <RecordTable
          className={styles.numbers}
          headers={[
            t('pages.reviews.report.target', 'Target'),
            t('pages.reviews.report.period', 'Period'),
            t('pages.reviews.report.compliance', 'Compliance'),
            t('pages.reviews.report.credit-owed', 'Credit (of the period charge)'),
          ]}
        >
          {credits.map((c) => (
            <tr key={`${c.agreementId}/${c.targetId}/${c.period.from}`}>
              <td>{`${c.agreementId} · ${c.targetId}`}</td>
              <td>{formatPeriod(c.period)}</td>
              <td>{formatPercent(c.compliance)}</td>
              <td>{formatPercent(c.credit, 0)}</td>
            </tr>
          ))}
        </RecordTable>
      )}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  report: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
  card: css({
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(2),
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1.5),
  }),
  tiles: css({ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(260px, 1fr))', gap: theme.spacing(2) }),
  tile: css({
    background: theme.colors.background.secondary,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(1.5, 2),
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
  }),
  big: css({ fontSize: theme.typography.h3.fontSize, fontVariantNumeric: 'tabular-nums' }),
  numbers: css({ fontVariantNumeric: 'tabular-nums', 'td, th': { verticalAlign: 'top' } }),
  list: css({
    margin: 0,
    paddingLeft: theme.spacing(2),
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
  }),
  link: css({ color: theme.colors.text.link, '&:hover': { textDecoration: 'underline' } }),
});
