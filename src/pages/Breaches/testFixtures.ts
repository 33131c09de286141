import type { Breach } from '../../api/breaches';
import type { AgreementStatus, MonitoringStatus, TargetStatus } from '../../api/monitoring';
import type { KpiFigures, Kpis } from '../../domain';

/** A breach as the engine answers it; tests override what they look at. */
export function breach(id: string, over: Partial<Breach> = {}): Breach {
  return {
    id,
    agreementId: 'SLA-1',
    targetId: 'availability',
    agreementType: 'SLA',
    service: 'mail',
    provider: 'it-operations',
    counterparty: 'finance',
    period: { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' },
    severity: 'breached',
    measured: 99.52,
    objective: 99.9,
    coverage: 98.5,
    currentState: 'breached',
    lastEvaluatedAt: '2026-11-20T10:00:00.000Z',
    badIntervals: [{ from: '2026-11-10T08:00:00.000Z', to: '2026-11-10T10:00:00.000Z' }],
    status: 'open',
    assignee: null,
    report: null,
    notified: [],
    improvementPlanIds: [],
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
    resolvedBy: null,
    version: 1,
    createdAt: '2026-11-10T09:00:00.000Z',
    createdBy: 'slm-monitor',
    updatedAt: '2026-11-10T09:00:00.000Z',
    updatedBy: 'slm-monitor',
    ...over,
  };
}

export function monitoringStatus(over: Partial<MonitoringStatus> = {}): MonitoringStatus {
  return {
    enabled: true,
    grafanaUrl: 'http://grafana:3000',
    source: 'connection',
    intervalMs: 60_000,
    lastCycle: { startedAt: '2026-11-20T10:00:00.000Z', finishedAt: '2026-11-20T10:00:02.000Z', agreements: 3, failed: 0 },
    monitoredAgreements: 3,
    failing: [],
    ...over,
  };
}

export function targetStatus(id: string, over: Partial<TargetStatus> = {}): TargetStatus {
  return {
    id,
    state: 'met',
    compliance: 99.95,
    objective: 99.9,
    coverage: 100,
    errorBudgetRemaining: 50,
    burnRate: 0.5,
    badIntervals: [],
    slices: { counted: 100, withData: 100, inDenominator: 100, good: 100, bad: 0 },
    ...over,
  };
}

export function agreementStatus(id: string, over: Partial<AgreementStatus> = {}): AgreementStatus {
  return {
    agreementId: id,
    type: id.startsWith('OLA') ? 'OLA' : id.startsWith('UC') ? 'UC' : 'SLA',
    title: `Agreement ${id}`,
    service: 'mail',
    provider: 'it-operations',
    counterparty: 'finance',
    period: { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' },
    state: 'met',
    evaluatedAt: '2026-11-20T10:00:00.000Z',
    settledUntil: '2026-11-20T09:58:00.000Z',
    error: null,
    targets: [targetStatus('availability')],
    ...over,
  };
}

export function figures(active: number, monitored: number, breached: number): KpiFigures {
  return {
    active,
    monitored,
    monitoredRatio: active > 0 ? (100 * monitored) / active : null,
    breached,
    breachRatio: monitored > 0 ? (100 * breached) / monitored : null,
  };
}

export function kpis(sla: KpiFigures, ola: KpiFigures, uc: KpiFigures): Kpis {
  const active = sla.active + ola.active + uc.active;
  const monitored = sla.monitored + ola.monitored + uc.monitored;
  const breached = sla.breached + ola.breached + uc.breached;
  return { SLA: sla, OLA: ola, UC: uc, all: figures(active, monitored, breached) };
}
