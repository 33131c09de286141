import React from 'react';
import { Badge, type BadgeColor, type IconName } from '@grafana/ui';
import type { TargetState } from '../../domain';
import { targetStateLabel } from './format';

const COLORS: Record<TargetState, BadgeColor> = { met: 'green', at_risk: 'orange', breached: 'red', no_data: 'darkgrey' };
const ICONS: Record<TargetState, IconName> = { met: 'check', at_risk: 'exclamation-triangle', breached: 'times-circle', no_data: 'question-circle' };

/** A target's or agreement's state: colour and icon, so it reads the same without colour vision. */
export function TargetStateBadge({ state }: { state: TargetState }) {
  return (
    <span data-testid="slm-target-state" data-state={state}>
      <Badge text={targetStateLabel(state)} color={COLORS[state] ?? 'darkgrey'} icon={ICONS[state]} />
    </span>
  );
}
