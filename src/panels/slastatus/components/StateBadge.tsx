import React from 'react';
import { t } from '@grafana/i18n';
import { Badge, Tooltip, type BadgeColor, type IconName } from '@grafana/ui';
import type { TargetState } from '../../../domain';
import { stateLabel } from '../format';
import { panelTestIds } from '../testIds';

const LOOK: Record<TargetState, { color: BadgeColor; icon: IconName }> = {
  met: { color: 'green', icon: 'check-circle' },
  at_risk: { color: 'orange', icon: 'exclamation-triangle' },
  breached: { color: 'red', icon: 'times-circle' },
  no_data: { color: 'darkgrey', icon: 'question-circle' },
};

function explanation(state: TargetState): string {
  switch (state) {
    case 'met':
      return t('state.met_tip', 'Compliance meets the objective and the warning level');
    case 'at_risk':
      return t('state.at_risk_tip', 'Compliance meets the objective but is below the warning level');
    case 'breached':
      return t('state.breached_tip', 'Compliance is below the objective');
    default:
      return t('state.no_data_tip', 'Too little data in the period to judge the target');
  }
}

export function StateBadge({ state }: { state: TargetState }) {
  const look = LOOK[state];
  return (
    <Tooltip content={explanation(state)}>
      <span data-testid={panelTestIds.state} data-state={state}>
        <Badge color={look.color} icon={look.icon} text={stateLabel(state)} />
      </span>
    </Tooltip>
  );
}
