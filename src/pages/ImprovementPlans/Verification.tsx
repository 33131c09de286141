import React, { useState } from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Alert, Badge, type BadgeColor, CollapsableSection, Field, Input, Text, useStyles2 } from '@grafana/ui';
import { type Plan, type Verification, type VerificationSide, verifyPlan } from '../../api/plans';
import { RecordTable } from '../../components/DetailPage/DetailPage';
import { fromLocalInput } from '../../components/LocalDates/localDates';
import { formatPercent, formatPeriod, formatTime } from '../../components/Monitoring/format';
import { TargetStateBadge } from '../../components/Monitoring/TargetStateBadge';
import { PermissionButton } from '../../components/PermissionButton/PermissionButton';
import { NO_ESCAPE } from '../../i18n';
import { PLAN_WRITE } from '../../components/PermissionButton/permissions';
import { PlanWriteFeedback, getCardStyles } from './PlanWriteFeedback';
import { planTestIds } from './testIds';
import { type PlanAction, usePlanWrite } from './usePlanWrite';

const ids = planTestIds.detail;

/**
 * Effect verification: the engine compares the goal target's compliance before the plan's
 * completion with after it, and judges the goal level on the last settled period by the goal date.
 */
export function VerificationSection({ plan, onChanged }: { plan: Plan; onChanged: (plan: Plan) => void }) {
  const cards = useStyles2(getCardStyles);
  const write = usePlanWrite(plan, onChanged);
  const noTarget = !plan.goal.agreementId || !plan.goal.targetId;
  // Work often finishes before anyone marks the plan done here: the split may be set by hand.
  const [completedAt, setCompletedAt] = useState('');
  const verify: PlanAction = {
    label: t('pages.plans.verify.action', 'Verify effect'),
    write: (p) => verifyPlan(p.id, p.version, fromLocalInput(completedAt) ?? undefined),
  };
  return (
    <section className={cards.card} data-testid={ids.verification}>
      <Text element="h3" variant="h4">
        {t('pages.plans.verify.heading', 'Effect verification')}
      </Text>
      <Text color="secondary">
        {t(
          'pages.plans.verify.explain',
          'Compares the goal target’s compliance in the periods before the plan was completed with the periods after it, and tells whether the goal level was reached.'
        )}
      </Text>
      {noTarget && (
        <Alert
          severity="info"
          title={t('pages.plans.verify.no-target-title', 'Nothing to verify against')}
          data-testid={ids.noTarget}
        >
          {t(
            'pages.plans.verify.no-target',
            'The goal names no target. Choose the goal’s agreement and target (Edit) to verify the plan’s effect.'
          )}
        </Alert>
      )}
      {!noTarget && plan.status !== 'done' && (
        <Alert
          severity="info"
          title={t('pages.plans.verify.not-done-title', 'The plan is not done yet')}
          data-testid={ids.notDone}
        >
          {t(
            'pages.plans.verify.not-done',
            'Verifying now splits before and after at the current time, so “after” fills in only as later periods settle. Complete the plan to verify against its completion.'
          )}
        </Alert>
      )}
      {plan.status === 'done' && (
        <Field
          label={t('pages.plans.verify.completed-at', 'Completed at')}
          description={t(
            'pages.plans.verify.completed-at-help',
            'Empty: when the plan was marked done here. Set it when the work was finished earlier, outside the app.'
          )}
        >
          <Input
            id={ids.completedAt}
            type="datetime-local"
            width={28}
            value={completedAt}
            onChange={(e) => setCompletedAt(e.currentTarget.value)}
          />
        </Field>
      )}
      <div>
        <PermissionButton
          action={PLAN_WRITE}
          icon={write.busy ? 'spinner' : 'chart-line'}
          disabled={write.busy}
          blockedReason={noTarget ? t('pages.plans.verify.no-target-reason', 'The goal names no target') : undefined}
          data-testid={ids.verify}
          onClick={() => write.run(verify)}
        >
          {plan.verification ? t('pages.plans.verify.again', 'Verify effect again') : verify.label}
        </PermissionButton>
      </div>
      <PlanWriteFeedback
        outcome={write.outcome}
        seen={plan}
        failedTitle={t('pages.plans.verify.failed', 'The effect could not be verified')}
        onReload={(current) => {
          write.reset();
          onChanged(current);
        }}
        onRetry={(current) => write.run(verify, current)}
      />
      {plan.verification && <VerificationResult verification={plan.verification} />}
    </section>
  );
}

function yesNo(value: boolean | null, notYet: string): { text: string; color: BadgeColor } {
  if (value === true) {
    return { text: t('pages.plans.verify.yes', 'Yes'), color: 'green' };
  }
  if (value === false) {
    return { text: t('pages.plans.verify.no', 'No'), color: 'red' };
  }
  return { text: notYet, color: 'darkgrey' };
}

export function VerificationResult({ verification: v }: { verification: Verification }) {
  const styles = useStyles2(getStyles);
  const improved = yesNo(v.improved, t('pages.plans.verify.no-figures', 'No figures on both sides'));
  const reached = yesNo(v.goalReached, t('pages.plans.verify.not-yet', 'Not yet'));
  return (
    <div className={styles.result}>
      <div className={styles.tiles}>
        <Side testId={ids.before} title={t('pages.plans.verify.before', 'Before')} side={v.before} />
        <Side testId={ids.after} title={t('pages.plans.verify.after', 'After')} side={v.after} />
        <div className={styles.tile} data-testid={ids.level}>
          <Text color="secondary" variant="bodySmall">
            {t('pages.plans.verify.level', 'Goal level')}
          </Text>
          <div className={styles.big}>{formatPercent(v.level)}</div>
          <Text color="secondary" variant="bodySmall">
            {v.by
              ? t('pages.plans.goal.by', 'by {{date}}', { date: v.by, interpolation: NO_ESCAPE })
              : t('pages.plans.verify.no-date', 'no goal or due date')}
          </Text>
        </div>
        <div className={styles.tile} data-testid={ids.improved} data-value={String(v.improved)}>
          <Text color="secondary" variant="bodySmall">
            {t('pages.plans.verify.improved', 'Improved')}
          </Text>
          <Badge text={improved.text} color={improved.color} />
        </div>
        <div className={styles.tile} data-testid={ids.goalReached} data-value={String(v.goalReached)}>
          <Text color="secondary" variant="bodySmall">
            {t('pages.plans.verify.goal-reached', 'Goal reached')}
          </Text>
          <Badge text={reached.text} color={reached.color} />
          <Text color="secondary" variant="bodySmall" data-testid={ids.judgedOn}>
            {v.judgedOn
              ? t('pages.plans.verify.judged-on', 'judged on {{period}}', {
                  period: formatPeriod(v.judgedOn),
                  interpolation: NO_ESCAPE,
                })
              : t('pages.plans.verify.not-judged', 'no settled period after the completion by the goal date yet')}
          </Text>
        </div>
      </div>
      <PeriodsTable verification={v} />
      <Text color="secondary" variant="bodySmall" data-testid={ids.verifiedAt}>
        {t('pages.plans.verify.verified', 'Verified {{at}} by {{user}}.', {
          at: formatTime(v.verifiedAt),
          user: v.verifiedBy,
          interpolation: NO_ESCAPE,
        })}{' '}
        {v.completedAt
          ? t('pages.plans.verify.split-completed', 'Before and after are split at the completion, {{at}}.', {
              at: formatTime(v.completedAt),
              interpolation: NO_ESCAPE,
            })
          : t(
              'pages.plans.verify.split-now',
              'The plan was not done: before and after are split at the verification time, {{at}}.',
              {
                at: formatTime(v.pivot),
                interpolation: NO_ESCAPE,
              }
            )}
      </Text>
    </div>
  );
}

function Side({ testId, title, side }: { testId: string; title: string; side: VerificationSide | null }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.tile} data-testid={testId}>
      <Text color="secondary" variant="bodySmall">
        {title}
      </Text>
      <div className={styles.big}>{formatPercent(side?.compliance)}</div>
      <Text color="secondary" variant="bodySmall">
        {side
          ? t('pages.plans.verify.side', '{{period}}, {{n}} periods, coverage {{coverage}}', {
              period: formatPeriod(side),
              n: side.periods.length,
              coverage: formatPercent(side.coverage),
              interpolation: NO_ESCAPE,
            })
          : t('pages.plans.verify.no-periods', 'no period on this side yet')}
      </Text>
    </div>
  );
}

function PeriodsTable({ verification: v }: { verification: Verification }) {
  const rows = [
    ...(v.before?.periods ?? []).map((p) => ({ side: t('pages.plans.verify.before', 'Before'), ...p })),
    ...(v.after?.periods ?? []).map((p) => ({ side: t('pages.plans.verify.after', 'After'), ...p })),
  ];
  if (rows.length === 0) {
    return null;
  }
  const table = (
    <RecordTable
      testId={ids.periods}
      headers={[
        t('pages.plans.verify.column.side', 'Side'),
        t('pages.plans.verify.column.period', 'Period'),
        t('pages.plans.verify.column.compliance', 'Compliance'),
        t('pages.plans.verify.column.state', 'State'),
        t('pages.plans.verify.column.settled', 'Settled'),
      ]}
    >
      {rows.map((p) => (
        <tr key={`${p.side}-${p.from}`}>
          <td>{p.side}</td>
          <td>{formatPeriod(p)}</td>
          <td>{formatPercent(p.compliance)}</td>
          <td>
            <TargetStateBadge state={p.state} />
          </td>
          <td>{p.complete ? t('pages.plans.verify.yes', 'Yes') : t('pages.plans.verify.running', 'Running')}</td>
        </tr>
      ))}
    </RecordTable>
  );
  // A rolling window compares hourly buckets: a day of them is read on demand, not by default.
  return rows.length <= LONG_TABLE ? (
    table
  ) : (
    <CollapsableSection
      label={t('pages.plans.verify.periods', 'The {{n}} periods compared', { n: rows.length })}
      isOpen={false}
    >
      {table}
    </CollapsableSection>
  );
}

const LONG_TABLE = 8;

const getStyles = (theme: GrafanaTheme2) => ({
  result: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1.5) }),
  tiles: css({ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(170px, 1fr))', gap: theme.spacing(2) }),
  tile: css({
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: theme.spacing(0.5),
    padding: theme.spacing(1, 1.5),
    background: theme.colors.background.secondary,
    borderRadius: theme.shape.radius.default,
  }),
  big: css({ fontSize: theme.typography.h2.fontSize, fontVariantNumeric: 'tabular-nums' }),
});
