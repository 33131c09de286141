/**
 * Process KPIs over the active agreements of a period (DESIGN §5.8), per type and overall.
 * Ratios are percentages, null when their denominator is 0.
 */
import { AGREEMENT_TYPES, type AgreementState, type AgreementType, type TargetState } from './agreement';

export interface KpiInput {
  type: AgreementType;
  state: AgreementState;
  targets: ReadonlyArray<{ state: TargetState }>;
}

export interface KpiFigures {
  active: number;
  /** Agreements with no target in no_data. */
  monitored: number;
  monitoredRatio: number | null;
  /** Agreements in state breached. */
  breached: number;
  breachRatio: number | null;
}

export type Kpis = Record<AgreementType | 'all', KpiFigures>;

export function computeKpis(agreements: readonly KpiInput[]): Kpis {
  const out = {} as Kpis;
  for (const type of [...AGREEMENT_TYPES, 'all'] as const) {
    out[type] = figures(type === 'all' ? agreements : agreements.filter((a) => a.type === type));
  }
  return out;
}

function figures(list: readonly KpiInput[]): KpiFigures {
  const active = list.length;
  const monitored = list.filter((a) => a.targets.every((t) => t.state !== 'no_data')).length;
  const breached = list.filter((a) => a.state === 'breached').length;
  return {
    active,
    monitored,
    monitoredRatio: active > 0 ? (100 * monitored) / active : null,
    breached,
    breachRatio: monitored > 0 ? (100 * breached) / monitored : null,
  };
}
