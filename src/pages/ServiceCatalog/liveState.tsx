import React from 'react';
import { t } from '@grafana/i18n';
import { Badge, type BadgeColor, type IconName } from '@grafana/ui';
import type { LiveState } from '../../api/services';

const LOOK: Record<LiveState, { color: BadgeColor; icon: IconName }> = {
  met: { color: 'green', icon: 'check' },
  at_risk: { color: 'orange', icon: 'exclamation-triangle' },
  breached: { color: 'red', icon: 'times' },
  no_data: { color: 'darkgrey', icon: 'question-circle' },
};

export function liveStateLabel(state: LiveState): string {
  const labels: Record<LiveState, string> = {
    met: t('pages.catalog.live.met', 'Met'),
    at_risk: t('pages.catalog.live.at-risk', 'At risk'),
    breached: t('pages.catalog.live.breached', 'Breached'),
    no_data: t('pages.catalog.live.no-data', 'No data'),
  };
  return labels[state] ?? state;
}

/** An agreement's state in its current period, as the engine's monitor last evaluated it. */
export function LiveStateBadge({ state }: { state: LiveState }) {
  const look = LOOK[state] ?? LOOK.no_data;
  return (
    <span data-testid="slm-live-state" data-state={state}>
      <Badge text={liveStateLabel(state)} color={look.color} icon={look.icon} />
    </span>
  );
}
