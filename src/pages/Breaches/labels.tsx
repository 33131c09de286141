import React from 'react';
import { t } from '@grafana/i18n';
import { Badge, type BadgeColor, type IconName } from '@grafana/ui';
import type { Breach, BreachSeverity, BreachStatus } from '../../api/breaches';

export function statusLabel(status: BreachStatus): string {
  const labels: Record<BreachStatus, string> = {
    open: t('pages.breaches.status.open', 'Open'),
    acknowledged: t('pages.breaches.status.acknowledged', 'Acknowledged'),
    resolved: t('pages.breaches.status.resolved', 'Resolved'),
  };
  return labels[status] ?? status;
}

export function severityLabel(severity: BreachSeverity): string {
  const labels: Record<BreachSeverity, string> = {
    at_risk: t('pages.breaches.severity.at-risk', 'At risk'),
    breached: t('pages.breaches.severity.breached', 'Breached'),
  };
  return labels[severity] ?? severity;
}

const STATUS_COLORS: Record<BreachStatus, BadgeColor> = { open: 'red', acknowledged: 'orange', resolved: 'green' };
const STATUS_ICONS: Record<BreachStatus, IconName> = { open: 'exclamation-circle', acknowledged: 'eye', resolved: 'check' };

export function StatusBadge({ status }: { status: BreachStatus }) {
  return (
    <span data-testid="slm-breach-status" data-status={status}>
      <Badge text={statusLabel(status)} color={STATUS_COLORS[status] ?? 'darkgrey'} icon={STATUS_ICONS[status]} />
    </span>
  );
}

export function SeverityBadge({ severity }: { severity: BreachSeverity }) {
  return (
    <span data-testid="slm-breach-severity" data-severity={severity}>
      <Badge
        text={severityLabel(severity)}
        color={severity === 'breached' ? 'red' : 'orange'}
        icon={severity === 'breached' ? 'times-circle' : 'exclamation-triangle'}
      />
    </span>
  );
}

/** Who handles the breach: its assignee, else the provider party, which owes the target. */
export function ownerOf(breach: Pick<Breach, 'assignee' | 'provider'>): { name: string; isAssignee: boolean } {
  return breach.assignee ? { name: breach.assignee, isAssignee: true } : { name: breach.provider ?? '–', isAssignee: false };
}
