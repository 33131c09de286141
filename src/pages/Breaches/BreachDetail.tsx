import React, { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Alert, Field, Input, LinkButton, LoadingPlaceholder, Stack, Text, useStyles2 } from '@grafana/ui';
import { documentIssuesOf } from '../../api/agreements';
import { type Breach, breachReportUrl, getBreach, patchBreach, relatedBreaches } from '../../api/breaches';
import { FactList, RecordPage, RecordState, RecordTable } from '../../components/DetailPage/DetailPage';
import { formatAge, formatPercent, formatPeriod, formatTime } from '../../components/Monitoring/format';
import { IntervalTimeline } from '../../components/Monitoring/IntervalTimeline';
import { TargetStateBadge } from '../../components/Monitoring/TargetStateBadge';
import { PermissionButton } from '../../components/PermissionButton/PermissionButton';
import { AGREEMENT_ACTION } from '../../components/PermissionButton/permissions';
import { testIds } from '../../components/testIds';
import { ROUTES, agreementPageUrl, breachUrl, prefixRoute } from '../../constants';
import { NO_ESCAPE } from '../../i18n';
import { TypeBadge } from '../Agreements/labels';
import { useAsync } from '../../hooks/useAsync';
import { BreachActions, WriteFeedback, getStyles as getCardStyles } from './BreachActions';
import { BreachReportForm } from './BreachReportForm';
import { SeverityBadge, StatusBadge, ownerOf } from './labels';
import { useBreachWrite } from './useBreachWrite';

/** One breach at `/a/<app>/breaches/<id>`: what was missed, how it is handled, and its report. */
export function BreachDetailPage() {
  const id = useParams().id ?? '';
  const breach = useAsync(() => getBreach(id), id);
  const listUrl = prefixRoute(ROUTES.Breaches);
  const title = breach.status === 'done' ? `${breach.value.agreementId} · ${breach.value.targetId}` : id;

  return (
    <RecordPage
      title={title}
      url={breachUrl(id)}
      parent={{ text: t('pages.breaches.title', 'Breaches'), url: listUrl }}
      subTitle={breach.status === 'done' ? formatPeriod(breach.value.period) : undefined}
      testId={testIds.page('breach')}
    >
      <RecordState
        state={breach}
        loading={t('pages.breaches.detail.loading', 'Loading the breach…')}
        failed={t('pages.breaches.detail.load-failed', 'Could not load the breach')}
        notFound={{
          message: t('pages.breaches.detail.not-found', 'There is no breach {{id}}', { id, interpolation: NO_ESCAPE }),
          backHref: listUrl,
          backLabel: t('pages.breaches.detail.back', 'Back to the breaches'),
          backVariant: 'secondary',
        }}
      >
        {(value) => <BreachView breach={value} onChanged={breach.set} />}
      </RecordState>
    </RecordPage>
  );
}

function BreachView({ breach, onChanged }: { breach: Breach; onChanged: (b: Breach) => void }) {
  const styles = useStyles2(getStyles);
  return (
    <Stack direction="column" gap={2}>
      <Stack direction="row" gap={1} alignItems="center" wrap="wrap">
        {breach.agreementType && <TypeBadge type={breach.agreementType} />}
        <SeverityBadge severity={breach.severity} />
        <StatusBadge status={breach.status} />
        <Text color="secondary">
          {t('pages.breaches.detail.recorded', 'Recorded {{age}} ago', {
            age: formatAge(breach.createdAt),
            interpolation: NO_ESCAPE,
          })}
        </Text>
        <span className={styles.spacer} />
        <LinkButton size="sm" variant="secondary" icon="file-alt" href={breachReportUrl(breach.id, 'md')} download>
          {t('pages.breaches.export.markdown', 'Markdown')}
        </LinkButton>
        <LinkButton size="sm" variant="secondary" icon="file-blank" href={breachReportUrl(breach.id, 'pdf')} download>
          {t('pages.breaches.export.pdf', 'PDF')}
        </LinkButton>
      </Stack>
      <div className={styles.columns}>
        <Facts breach={breach} />
        <Measurement breach={breach} />
      </div>
      <BreachActions key={`actions-${breach.id}`} breach={breach} onChanged={onChanged} />
      <BreachReportForm key={`report-${breach.id}`} breach={breach} onChanged={onChanged} />
      <ImprovementPlans key={`plans-${breach.id}`} breach={breach} onChanged={onChanged} />
      {breach.agreementType === 'SLA' && <RelatedBreaches breach={breach} />}
    </Stack>
  );
}

function Facts({ breach }: { breach: Breach }) {
  const styles = useStyles2(getStyles);
  const owner = ownerOf(breach);
  return (
    <FactList testId="slm-breach-facts">
      <dt>{t('pages.breaches.detail.agreement', 'Agreement')}</dt>
      <dd>
        <Link className={styles.link} to={agreementPageUrl(breach.agreementId, 'targets')}>
          {breach.agreementId}
        </Link>
      </dd>
      <dt>{t('pages.breaches.detail.target', 'Target')}</dt>
      <dd>{breach.targetId}</dd>
      <dt>{t('pages.breaches.detail.service', 'Service')}</dt>
      <dd>{breach.service ?? '–'}</dd>
      <dt>{t('pages.breaches.detail.parties', 'Parties')}</dt>
      <dd>
        {t('pages.breaches.detail.parties-value', '{{provider}} provides to {{counterparty}}', {
          provider: breach.provider ?? '–',
          counterparty: breach.counterparty ?? '–',
          interpolation: NO_ESCAPE,
        })}
      </dd>
      <dt>{t('pages.breaches.detail.owner', 'Owner')}</dt>
      <dd data-testid="slm-breach-owner">
        {owner.isAssignee
          ? owner.name
          : t('pages.breaches.owner.provider', '{{party}} (provider)', { party: owner.name, interpolation: NO_ESCAPE })}
      </dd>
      <dt>{t('pages.breaches.detail.period', 'Period')}</dt>
      <dd>{formatPeriod(breach.period)}</dd>
      {breach.acknowledgedAt && (
        <>
          <dt>{t('pages.breaches.detail.acknowledged', 'Acknowledged')}</dt>
          <dd>
            {t('pages.breaches.detail.by-at', '{{user}}, {{at}}', {
              user: breach.acknowledgedBy ?? '?',
              at: formatTime(breach.acknowledgedAt),
              interpolation: NO_ESCAPE,
            })}
          </dd>
        </>
      )}
      {breach.resolvedAt && (
        <>
          <dt>{t('pages.breaches.detail.resolved', 'Resolved')}</dt>
          <dd>
            {t('pages.breaches.detail.by-at', '{{user}}, {{at}}', {
              user: breach.resolvedBy ?? '?',
              at: formatTime(breach.resolvedAt),
              interpolation: NO_ESCAPE,
            })}
          </dd>
        </>
      )}
      {breach.notified.length > 0 && (
        <>
          <dt>{t('pages.breaches.detail.notified', 'Notified')}</dt>
          <dd>{breach.notified.map((n) => `${n.party}${n.contactPoint ? ` (${n.contactPoint})` : ''}`).join(', ')}</dd>
        </>
      )}
    </FactList>
  );
}

function Measurement({ breach }: { breach: Breach }) {
  const styles = useStyles2(getStyles);
  const shown = breach.badIntervals.slice(0, 10);
  return (
    <div className={styles.measurement} data-testid="slm-breach-measurement">
      <div className={styles.bigNumbers}>
        <div>
          <Text color="secondary" variant="bodySmall">
            {t('pages.breaches.detail.measured', 'Measured')}
          </Text>
          <div className={styles.big} data-testid="slm-breach-measured">
            {formatPercent(breach.measured)}
          </div>
        </div>
        <div>
          <Text color="secondary" variant="bodySmall">
            {t('pages.breaches.detail.objective', 'Objective')}
          </Text>
          <div className={styles.big}>{formatPercent(breach.objective)}</div>
        </div>
        <div>
          <Text color="secondary" variant="bodySmall">
            {t('pages.breaches.detail.coverage', 'Coverage')}
          </Text>
          <div className={styles.big}>{formatPercent(breach.coverage)}</div>
        </div>
      </div>
      <Stack direction="row" gap={1} alignItems="center" wrap="wrap">
        <Text color="secondary">{t('pages.breaches.detail.current-state', 'Target now')}</Text>
        {breach.currentState ? <TargetStateBadge state={breach.currentState} /> : <Text>–</Text>}
        {breach.lastEvaluatedAt && (
          <Text color="secondary" variant="bodySmall">
            {t('pages.breaches.detail.evaluated', 'evaluated {{age}} ago', {
              age: formatAge(breach.lastEvaluatedAt),
              interpolation: NO_ESCAPE,
            })}
          </Text>
        )}
      </Stack>
      <IntervalTimeline
        period={breach.period}
        intervals={breach.badIntervals}
        now={breach.lastEvaluatedAt && breach.lastEvaluatedAt < breach.period.to ? breach.lastEvaluatedAt : null}
      />
      {breach.badIntervals.length === 0 ? (
        <Text color="secondary">{t('pages.breaches.detail.no-intervals', 'No bad intervals recorded.')}</Text>
      ) : (
        <ul className={styles.intervals} data-testid="slm-bad-intervals">
          {shown.map((i) => (
            <li key={i.from}>
              {formatTime(i.from)} – {formatTime(i.to)}
            </li>
          ))}
          {breach.badIntervals.length > shown.length && (
            <li>
              {t('pages.breaches.detail.more-intervals', 'and {{n}} more', {
                n: breach.badIntervals.length - shown.length,
              })}
            </li>
          )}
        </ul>
      )}
    </div>
  );
}

/** Links to the improvement plans that follow the breach up; the engine checks that each exists. */
function ImprovementPlans({ breach, onChanged }: { breach: Breach; onChanged: (b: Breach) => void }) {
  const styles = useStyles2(getStyles);
  const cards = useStyles2(getCardStyles);
  const [text, setText] = useState(breach.improvementPlanIds.join(', '));
  const [error, setError] = useState<string | undefined>();
  const write = useBreachWrite(breach, onChanged);
  const ids = [
    ...new Set(
      text
        .split(/[,\s]+/)
        .map((s) => s.trim())
        .filter(Boolean)
    ),
  ];
  const save = async (version?: number) => {
    setError(undefined);
    const failed = await write.run((v) => patchBreach(breach.id, { improvementPlanIds: ids }, v), version);
    if (failed?.code === 'validation_failed') {
      setError(documentIssuesOf(failed)[0]?.message ?? failed.message);
    }
  };
  const plansUrl = prefixRoute(ROUTES.ImprovementPlans);
  return (
    <section className={cards.card} data-testid="slm-breach-plans">
      <Text element="h3" variant="h4">
        {t('pages.breaches.plans.heading', 'Improvement plans')}
      </Text>
      {breach.improvementPlanIds.length === 0 ? (
        <Text color="secondary">{t('pages.breaches.plans.none', 'No improvement plan is linked yet.')}</Text>
      ) : (
        <Stack direction="row" gap={1} wrap="wrap">
          {breach.improvementPlanIds.map((p) => (
            <Link key={p} className={styles.link} to={`${plansUrl}/${encodeURIComponent(p)}`}>
              {p}
            </Link>
          ))}
        </Stack>
      )}
      <div className={cards.row}>
        <Field
          label={t('pages.breaches.plans.ids', 'Plan ids')}
          description={t('pages.breaches.plans.ids-help', 'Separated by commas')}
          invalid={!!error}
          error={error}
        >
          <Input id="slm-breach-plan-ids" width={40} value={text} onChange={(e) => setText(e.currentTarget.value)} />
        </Field>
        <PermissionButton
          action={AGREEMENT_ACTION.monitor}
          variant="secondary"
          icon="link"
          disabled={write.outcome.kind === 'busy' || ids.join(',') === breach.improvementPlanIds.join(',')}
          onClick={() => save()}
        >
          {t('pages.breaches.plans.save', 'Link plans')}
        </PermissionButton>
      </div>
      {!error && (
        <WriteFeedback
          outcome={write.outcome}
          seen={breach}
          what={t('pages.breaches.plans.save', 'Link plans')}
          failedTitle={t('pages.breaches.plans.failed', 'Could not link the plans')}
          canRetry={() => true}
          onReload={(current) => {
            write.reset();
            setText(current.improvementPlanIds.join(', '));
            onChanged(current);
          }}
          onRetry={(current) => {
            onChanged(current);
            save(current.version);
          }}
        />
      )}
    </section>
  );
}

/** The OLA and UC breaches underneath an SLA breach, overlapping it in time. */
function RelatedBreaches({ breach }: { breach: Breach }) {
  const styles = useStyles2(getStyles);
  const cards = useStyles2(getCardStyles);
  const related = useAsync(() => relatedBreaches(breach.id), breach.id);
  return (
    <section className={cards.card} data-testid="slm-related-breaches">
      <Text element="h3" variant="h4">
        {t('pages.breaches.related.heading', 'Underpinning breaches in the same time')}
      </Text>
      {related.status === 'loading' && (
        <LoadingPlaceholder text={t('pages.breaches.related.loading', 'Looking for underpinning breaches…')} />
      )}
      {related.status === 'error' && (
        <Alert
          severity="info"
          title={t('pages.breaches.related.failed', 'The underpinning breaches could not be loaded')}
        >
          {related.error.message}
        </Alert>
      )}
      {related.status === 'done' && related.value.length === 0 && (
        <Text color="secondary">{t('pages.breaches.related.none', 'No OLA or UC breach overlaps this one.')}</Text>
      )}
      {related.status === 'done' && related.value.length > 0 && (
        <RecordTable
          headers={[
            t('pages.breaches.column.agreement', 'Agreement'),
            t('pages.breaches.column.breach', 'Target'),
            t('pages.breaches.column.severity', 'Severity'),
            t('pages.breaches.column.measured', 'Measured / objective'),
            t('pages.breaches.column.owner', 'Owner'),
            t('pages.breaches.column.status', 'Status'),
          ]}
        >
          {related.value.map((r) => (
            <tr key={r.id} data-testid="slm-related-breach">
              <td>
                <Stack direction="row" gap={1} alignItems="center">
                  {r.agreementType && <TypeBadge type={r.agreementType} />}
                  <span>{r.agreementId}</span>
                </Stack>
              </td>
              <td>
                <Link className={styles.link} to={breachUrl(r.id)}>
                  {r.targetId}
                </Link>
              </td>
              <td>
                <SeverityBadge severity={r.severity} />
              </td>
              <td>
                {formatPercent(r.measured)} / {formatPercent(r.objective)}
              </td>
              <td>{ownerOf(r).name}</td>
              <td>
                <StatusBadge status={r.status} />
              </td>
            </tr>
          ))}
        </RecordTable>
      )}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  spacer: css({ flex: 1 }),
  columns: css({ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(360px, 1fr))', gap: theme.spacing(3) }),
  measurement: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  bigNumbers: css({ display: 'flex', gap: theme.spacing(4), flexWrap: 'wrap' }),
  big: css({ fontSize: theme.typography.h2.fontSize, fontVariantNumeric: 'tabular-nums' }),
  intervals: css({ margin: 0, paddingLeft: theme.spacing(2), color: theme.colors.text.secondary }),
  link: css({ color: theme.colors.text.link, '&:hover': { textDecoration: 'underline' } }),
});
