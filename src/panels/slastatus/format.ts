import { formattedValueToString, getValueFormat } from '@grafana/data';
import { t } from '@grafana/i18n';
import { PLUGIN_BASE_URL, ROUTES } from '../../constants';
import type { TargetState } from '../../domain';

/** A percentage with Grafana's percent unit; enough decimals to tell 99.95 from 99.9. */
export function formatPercent(value: number | null | undefined, decimals = 2): string {
  if (value === null || value === undefined || Number.isNaN(value)) {
    return '–';
  }
  return formattedValueToString(getValueFormat('percent')(value, decimals));
}

/** A value in the unit of the panel's field config (thresholds SLIs: seconds, ms …). */
export function formatUnit(value: number, unit: string | undefined, decimals?: number): string {
  return formattedValueToString(getValueFormat(unit || 'none')(value, decimals));
}

export function stateLabel(state: TargetState): string {
  switch (state) {
    case 'met':
      return t('state.met', 'Met');
    case 'at_risk':
      return t('state.at_risk', 'At risk');
    case 'breached':
      return t('state.breached', 'Breached');
    default:
      return t('state.no_data', 'No data');
  }
}

export function agreementUrl(id: string): string {
  return `${PLUGIN_BASE_URL}/${ROUTES.Agreements}/${encodeURIComponent(id)}`;
}

export function agreementsUrl(params: Record<string, string>): string {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== '')).toString();
  return `${PLUGIN_BASE_URL}/${ROUTES.Agreements}${query ? `?${query}` : ''}`;
}
