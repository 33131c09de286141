import React from 'react';
import { t } from '@grafana/i18n';
import { Badge, type BadgeColor, type IconName } from '@grafana/ui';
import type { Plan, PlanGoal, PlanStatus } from '../../api/plans';
import { formatPercent } from '../../components/Monitoring/format';
import { NO_ESCAPE } from '../../i18n';
import { planTestIds } from './testIds';

export function planStatusLabel(status: PlanStatus): string {
  const labels: Record<PlanStatus, string> = {
    planned: t('pages.plans.status.planned', 'Planned'),
    in_progress: t('pages.plans.status.in-progress', 'In progress'),
    done: t('pages.plans.status.done', 'Done'),
    cancelled: t('pages.plans.status.cancelled', 'Cancelled'),
  };
  return labels[status] ?? status;
}

const STATUS_COLORS: Record<PlanStatus, BadgeColor> = {
  planned: 'blue',
  in_progress: 'orange',
  done: 'green',
  cancelled: 'darkgrey',
};
const STATUS_ICONS: Record<PlanStatus, IconName> = {
  planned: 'calendar-alt',
  in_progress: 'sync',
  done: 'check',
  cancelled: 'times',
};

export function PlanStatusBadge({ status }: { status: PlanStatus }) {
  return (
    <span data-testid={planTestIds.status} data-status={status}>
      <Badge text={planStatusLabel(status)} color={STATUS_COLORS[status] ?? 'darkgrey'} icon={STATUS_ICONS[status]} />
    </span>
  );
}

export function OverdueBadge() {
  return (
    <span data-testid={planTestIds.overdue}>
      <Badge text={t('pages.plans.overdue', 'Overdue')} color="red" icon="clock-nine" />
    </span>
  );
}

/** "SLA-1 / availability → 99.90% by 2026-12-31"; the level left out when the goal names none. */
export function goalText(goal: PlanGoal): string {
  if (!goal.agreementId) {
    return goal.description?.trim() || '–';
  }
  const target = goal.targetId ? `${goal.agreementId} / ${goal.targetId}` : goal.agreementId;
  const level = goal.objective !== undefined ? ` → ${formatPercent(goal.objective)}` : '';
  const by = goal.by ? ` ${t('pages.plans.goal.by', 'by {{date}}', { date: goal.by, interpolation: NO_ESCAPE })}` : '';
  return `${target}${level}${by}`;
}

/** The verification's verdict in a word: what a list row or the Overview can show. */
export function verdictOf(plan: Pick<Plan, 'verification'>): { text: string; color: BadgeColor } | null {
  const v = plan.verification;
  if (!v) {
    return null;
  }
  if (v.goalReached === true) {
    return { text: t('pages.plans.verdict.reached', 'Goal reached'), color: 'green' };
  }
  if (v.goalReached === false) {
    return { text: t('pages.plans.verdict.missed', 'Goal missed'), color: 'red' };
  }
  if (v.improved === true) {
    return { text: t('pages.plans.verdict.improved', 'Improved, goal not judged yet'), color: 'blue' };
  }
  return { text: t('pages.plans.verdict.pending', 'Not judged yet'), color: 'darkgrey' };
}

export function VerdictBadge({ plan }: { plan: Pick<Plan, 'verification'> }) {
  const verdict = verdictOf(plan);
  if (!verdict) {
    return null;
  }
  return (
    <span data-testid={planTestIds.verdict}>
      <Badge text={verdict.text} color={verdict.color} />
    </span>
  );
}
