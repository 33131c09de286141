import React from 'react';
import { t } from '@grafana/i18n';
import { Badge, type BadgeColor, type IconName } from '@grafana/ui';
import type { ReviewScope, ReviewStatus } from '../../api/reviews';
import { NO_ESCAPE } from '../../i18n';
import { testIds } from './testIds';

export function reviewStatusLabel(status: ReviewStatus): string {
  const labels: Record<ReviewStatus, string> = {
    scheduled: t('pages.reviews.status.scheduled', 'Scheduled'),
    held: t('pages.reviews.status.held', 'Held'),
    closed: t('pages.reviews.status.closed', 'Closed'),
  };
  return labels[status] ?? status;
}

const COLORS: Record<ReviewStatus, BadgeColor> = { scheduled: 'blue', held: 'orange', closed: 'darkgrey' };
const ICONS: Record<ReviewStatus, IconName> = { scheduled: 'calendar-alt', held: 'comments-alt', closed: 'lock' };

/** scheduled → held → closed, with an icon so it reads without colour. */
export function ReviewStatusBadge({ status }: { status: ReviewStatus }) {
  return (
    <span data-testid={testIds.detail.status} data-status={status}>
      <Badge text={reviewStatusLabel(status)} color={COLORS[status] ?? 'darkgrey'} icon={ICONS[status]} />
    </span>
  );
}

/** "2026-02-01 – 2026-02-28": both dates included, as the review keeps them. */
export function periodText(period: { from: string; to: string }): string {
  return t('pages.reviews.period', '{{from}} – {{to}}', { from: period.from, to: period.to, interpolation: NO_ESCAPE });
}

/** What the review covers in one line; an empty scope covers every agreement in force. */
export function scopeSummary(scope: ReviewScope): string {
  const parts = [
    scope.services.length
      ? t('pages.reviews.scope.services', 'Services: {{list}}', {
          list: scope.services.join(', '),
          interpolation: NO_ESCAPE,
        })
      : '',
    scope.parties.length
      ? t('pages.reviews.scope.parties', 'Parties: {{list}}', {
          list: scope.parties.join(', '),
          interpolation: NO_ESCAPE,
        })
      : '',
    scope.agreements.length
      ? t('pages.reviews.scope.agreements', 'Agreements: {{list}}', {
          list: scope.agreements.join(', '),
          interpolation: NO_ESCAPE,
        })
      : '',
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : t('pages.reviews.scope.everything', 'Every agreement in force');
}
