import React from 'react';
import { t } from '@grafana/i18n';
import { RadioButtonGroup } from '@grafana/ui';
import type { PeriodChoice } from '../types';
import { panelTestIds } from '../testIds';

export function periodChoices() {
  return [
    { value: 'current' as const, label: t('period.current', 'Current') },
    { value: 'previous' as const, label: t('period.previous', 'Previous') },
    { value: 'custom' as const, label: t('period.custom', 'Time range'), description: t('period.customTip', "The dashboard's time range") },
  ];
}

export function PeriodSwitch({ value, onChange }: { value: PeriodChoice; onChange: (v: PeriodChoice) => void }) {
  return (
    <div data-testid={panelTestIds.periodSwitch}>
      <RadioButtonGroup<PeriodChoice> size="sm" options={periodChoices()} value={value} onChange={onChange} />
    </div>
  );
}
