import React from 'react';
import { Link, useParams } from 'react-router-dom';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Checkbox, type IconName, LinkButton, Stack, Text, useStyles2 } from '@grafana/ui';
import { type Plan, type PlanStatus, deletePlan, getPlan, inputOf, isOverdue, replacePlan } from '../../api/plans';
import { DeleteRecordButton, FactList, RecordPage, RecordState } from '../../components/DetailPage/DetailPage';
import { formatPercent, formatTime } from '../../components/Monitoring/format';
import { PermissionButton } from '../../components/PermissionButton/PermissionButton';
import { testIds } from '../../components/testIds';
import { ROUTES, agreementPageUrl, breachUrl, planUrl, prefixRoute, reviewUrl } from '../../constants';
import { useAsync } from '../../hooks/useAsync';
import { NO_ESCAPE } from '../../i18n';
import { PLAN_WRITE } from '../../components/PermissionButton/permissions';
import { OverdueBadge, PlanStatusBadge, VerdictBadge } from './labels';
import { PlanWriteFeedback, getCardStyles } from './PlanWriteFeedback';
import { planTestIds } from './testIds';
import { type PlanAction, usePlanWrite } from './usePlanWrite';
import { VerificationSection } from './Verification';

const ids = planTestIds.detail;
const listUrl = () => prefixRoute(ROUTES.ImprovementPlans);

/** One plan at `/a/<app>/plans/<id>`: its goal, measures, status moves, links and effect verification. */
export function PlanDetailPage() {
  const id = useParams().id ?? '';
  const plan = useAsync(() => getPlan(id), id);
  return (
    <RecordPage
      title={plan.status === 'done' ? plan.value.title : id}
      url={planUrl(id)}
      parent={{ text: t('pages.plans.title', 'Improvement plans'), url: listUrl() }}
      subTitle={plan.status === 'done' ? plan.value.id : undefined}
      testId={testIds.page('plan')}
    >
      <RecordState
        state={plan}
        loading={t('pages.plans.detail.loading', 'Loading the plan…')}
        failed={t('pages.plans.detail.load-failed', 'Could not load the plan')}
        notFound={{
          message: t('pages.plans.detail.not-found', 'There is no improvement plan {{id}}', {
            id,
            interpolation: NO_ESCAPE,
          }),
          backHref: listUrl(),
          backLabel: t('pages.plans.detail.back', 'Back to the improvement plans'),
        }}
      >
        {(value) => <PlanView plan={value} onChanged={plan.set} />}
      </RecordState>
    </RecordPage>
  );
}

function PlanView({ plan, onChanged }: { plan: Plan; onChanged: (plan: Plan) => void }) {
  const styles = useStyles2(getStyles);
  return (
    <Stack direction="column" gap={2}>
      <Stack direction="row" gap={1} alignItems="center" wrap="wrap">
        <PlanStatusBadge status={plan.status} />
        {isOverdue(plan) && <OverdueBadge />}
        <VerdictBadge plan={plan} />
        <span className={styles.spacer} />
        <LinkButton size="sm" variant="secondary" icon="pen" href={`${planUrl(plan.id)}/edit`}>
          {t('pages.plans.detail.edit', 'Edit')}
        </LinkButton>
        <DeleteRecordButton<Plan>
          action={PLAN_WRITE}
          label={t('pages.plans.detail.delete', 'Delete')}
          confirmTitle={t('pages.plans.detail.delete-title', 'Delete this improvement plan?')}
          confirmBody={t('pages.plans.detail.delete-body', 'The plan, its measures and its verification are deleted.')}
          staleTitle={t('pages.plans.detail.delete-stale', 'The plan changed since you opened it: nothing was deleted')}
          failedTitle={t('pages.plans.detail.delete-failed', 'Could not delete the plan')}
          remove={() => deletePlan(plan.id, plan.version)}
          afterUrl={listUrl()}
        />
      </Stack>
      <div className={styles.columns}>
        <Facts plan={plan} />
        <Measures key={`measures-${plan.id}`} plan={plan} onChanged={onChanged} />
      </div>
      <Moves key={`moves-${plan.id}`} plan={plan} onChanged={onChanged} />
      <Links plan={plan} />
      <VerificationSection key={`verify-${plan.id}`} plan={plan} onChanged={onChanged} />
    </Stack>
  );
}

function Facts({ plan }: { plan: Plan }) {
  const styles = useStyles2(getCardStyles);
  const local = useStyles2(getStyles);
  const { goal } = plan;
  return (
    <FactList testId={ids.facts}>
      <dt>{t('pages.plans.detail.goal', 'Goal')}</dt>
      <dd data-testid={ids.goal}>
        {goal.agreementId ? (
          <>
            <Link className={styles.link} to={agreementPageUrl(goal.agreementId, 'targets')}>
              {goal.agreementId}
            </Link>
            {goal.targetId ? ` / ${goal.targetId}` : ''}
            {goal.objective !== undefined
              ? ` → ${formatPercent(goal.objective)}`
              : ` → ${t('pages.plans.detail.target-objective', 'the target’s objective')}`}
            {goal.by ? ` ${t('pages.plans.goal.by', 'by {{date}}', { date: goal.by, interpolation: NO_ESCAPE })}` : ''}
          </>
        ) : (
          <Text color="secondary">{t('pages.plans.detail.no-goal-target', 'No target named')}</Text>
        )}
      </dd>
      {goal.description && (
        <>
          <dt>{t('pages.plans.form.description', 'Description')}</dt>
          <dd className={local.text}>{goal.description}</dd>
        </>
      )}
      <dt>{t('pages.plans.form.owner', 'Owner')}</dt>
      <dd>{plan.owner}</dd>
      <dt>{t('pages.plans.form.due-date', 'Due date')}</dt>
      <dd>
        <Stack direction="row" gap={1} alignItems="center">
          <span>{plan.dueDate ?? '–'}</span>
          {isOverdue(plan) && <OverdueBadge />}
        </Stack>
      </dd>
      <dt>{t('pages.plans.detail.updated', 'Last changed')}</dt>
      <dd>
        {t('pages.plans.detail.by-at', '{{user}}, {{at}}', {
          user: plan.updatedBy,
          at: formatTime(plan.updatedAt),
          interpolation: NO_ESCAPE,
        })}
      </dd>
    </FactList>
  );
}

/** Ticking a measure saves the plan at once (If-Match with the version on screen). */
function Measures({ plan, onChanged }: { plan: Plan; onChanged: (plan: Plan) => void }) {
  const cards = useStyles2(getCardStyles);
  const write = usePlanWrite(plan, onChanged);
  const toggle = (index: number, done: boolean): PlanAction => ({
    label: done
      ? t('pages.plans.detail.tick', 'Tick “{{measure}}”', {
          measure: plan.measures[index].text,
          interpolation: NO_ESCAPE,
        })
      : t('pages.plans.detail.untick', 'Untick “{{measure}}”', {
          measure: plan.measures[index].text,
          interpolation: NO_ESCAPE,
        }),
    write: (p) =>
      replacePlan(
        p.id,
        inputOf(p, { measures: p.measures.map((m, i) => (i === index ? { ...m, done } : m)) }),
        p.version
      ),
    allowed: (current) => current.measures[index]?.text === plan.measures[index].text,
  });
  return (
    <section className={cards.card} data-testid={ids.measures}>
      <Text element="h3" variant="h4">
        {t('pages.plans.form.measures', 'Measures')}
      </Text>
      {plan.measures.length === 0 ? (
        <Text color="secondary">{t('pages.plans.detail.no-measures', 'No measures yet: add them with Edit.')}</Text>
      ) : (
        <>
          <Text color="secondary">
            {t('pages.plans.detail.measures-done', '{{done}} of {{total}} done', {
              done: plan.measures.filter((m) => m.done).length,
              total: plan.measures.length,
            })}
          </Text>
          <Stack direction="column" alignItems="flex-start" gap={1}>
            {plan.measures.map((m, index) => (
              <Checkbox
                key={index}
                label={m.text}
                value={m.done}
                disabled={write.busy}
                onChange={(e) => write.run(toggle(index, e.currentTarget.checked))}
              />
            ))}
          </Stack>
        </>
      )}
      <PlanWriteFeedback
        outcome={write.outcome}
        seen={plan}
        failedTitle={t('pages.plans.detail.write-failed', 'Could not change the plan')}
        onReload={(current) => {
          write.reset();
          onChanged(current);
        }}
        onRetry={(current) => write.outcome.kind === 'conflict' && write.run(write.outcome.action, current)}
      />
    </section>
  );
}

interface Move {
  name: 'start' | 'complete' | 'cancel' | 'reopen';
  to: PlanStatus;
  from: readonly PlanStatus[];
  icon: IconName;
  primary: boolean;
}

const MOVES: readonly Move[] = [
  { name: 'start', to: 'in_progress', from: ['planned'], icon: 'play', primary: true },
  { name: 'complete', to: 'done', from: ['planned', 'in_progress'], icon: 'check', primary: true },
  { name: 'cancel', to: 'cancelled', from: ['planned', 'in_progress'], icon: 'times', primary: false },
  { name: 'reopen', to: 'in_progress', from: ['done', 'cancelled'], icon: 'history', primary: false },
];

function moveLabel(move: Move['name']): string {
  const labels: Record<Move['name'], string> = {
    start: t('pages.plans.move.start', 'Start'),
    complete: t('pages.plans.move.complete', 'Complete'),
    cancel: t('pages.plans.move.cancel', 'Cancel plan'),
    reopen: t('pages.plans.move.reopen', 'Reopen'),
  };
  return labels[move];
}

/** planned → in progress → done, cancelled, and back: each a full replace with the version seen. */
function Moves({ plan, onChanged }: { plan: Plan; onChanged: (plan: Plan) => void }) {
  const cards = useStyles2(getCardStyles);
  const write = usePlanWrite(plan, onChanged);
  const actionOf = (move: Move): PlanAction => ({
    label: moveLabel(move.name),
    write: (p) => replacePlan(p.id, inputOf(p, { status: move.to }), p.version),
    allowed: (current) => move.from.includes(current.status),
  });
  const pending = write.outcome.kind === 'busy' ? write.outcome.action.label : null;
  return (
    <section className={cards.card} data-testid={ids.moves}>
      <Text element="h3" variant="h4">
        {t('pages.plans.detail.status', 'Status')}
      </Text>
      <Stack direction="row" gap={1} alignItems="center" wrap="wrap">
        <PlanStatusBadge status={plan.status} />
        {MOVES.filter((m) => m.from.includes(plan.status)).map((move) => (
          <PermissionButton
            key={move.name}
            action={PLAN_WRITE}
            variant={move.primary ? 'primary' : 'secondary'}
            icon={pending === moveLabel(move.name) ? 'spinner' : move.icon}
            disabled={write.busy}
            data-testid={`${ids.move}-${move.name}`}
            onClick={() => write.run(actionOf(move))}
          >
            {moveLabel(move.name)}
          </PermissionButton>
        ))}
      </Stack>
      <PlanWriteFeedback
        outcome={write.outcome}
        seen={plan}
        failedTitle={t('pages.plans.detail.write-failed', 'Could not change the plan')}
        onReload={(current) => {
          write.reset();
          onChanged(current);
        }}
        onRetry={(current) => write.outcome.kind === 'conflict' && write.run(write.outcome.action, current)}
      />
    </section>
  );
}

/** The breaches and reviews that motivated the plan. */
function Links({ plan }: { plan: Plan }) {
  const cards = useStyles2(getCardStyles);
  const { breaches, reviews } = plan.links;
  return (
    <section className={cards.card} data-testid={ids.links}>
      <Text element="h3" variant="h4">
        {t('pages.plans.detail.motivated-by', 'Motivated by')}
      </Text>
      {breaches.length === 0 && reviews.length === 0 && (
        <Text color="secondary">{t('pages.plans.detail.no-links', 'No breach or review is linked.')}</Text>
      )}
      {breaches.length > 0 && (
        <Stack direction="row" gap={1} wrap="wrap" alignItems="center">
          <Text color="secondary">{t('pages.plans.form.breaches', 'Breaches')}</Text>
          {breaches.map((b) => (
            <Link key={b} className={cards.link} to={breachUrl(b)}>
              {b}
            </Link>
          ))}
        </Stack>
      )}
      {reviews.length > 0 && (
        <Stack direction="row" gap={1} wrap="wrap" alignItems="center">
          <Text color="secondary">{t('pages.plans.form.reviews', 'Reviews')}</Text>
          {reviews.map((r) => (
            <Link key={r} className={cards.link} to={reviewUrl(r)}>
              {r}
            </Link>
          ))}
        </Stack>
      )}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  spacer: css({ flex: 1 }),
  text: css({ whiteSpace: 'pre-wrap' }),
  columns: css({ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(360px, 1fr))', gap: theme.spacing(3) }),
});
