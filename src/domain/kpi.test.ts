/** @jest-environment node */
import type { AgreementState, AgreementType, TargetState } from './agreement';
import { computeKpis } from './kpi';

const a = (type: AgreementType, state: AgreementState, ...targets: TargetState[]) => ({
  type,
  state,
  targets: targets.map((s) => ({ state: s })),
});

describe('computeKpis', () => {
  it('counts monitored and breached agreements per type, with ratios in percent', () => {
    const kpis = computeKpis([
      a('SLA', 'met', 'met', 'met'),
      a('SLA', 'breached', 'breached', 'met'),
      a('SLA', 'no_data', 'met', 'no_data'),
      a('SLA', 'at_risk', 'at_risk'),
      a('OLA', 'breached', 'breached'),
      a('OLA', 'breached', 'breached', 'no_data'), // breached but not monitored
    ]);
    expect(kpis.SLA).toEqual({ active: 4, monitored: 3, monitoredRatio: 75, breached: 1, breachRatio: 100 / 3 });
    expect(kpis.OLA).toEqual({ active: 2, monitored: 1, monitoredRatio: 50, breached: 2, breachRatio: 200 });
    expect(kpis.UC).toEqual({ active: 0, monitored: 0, monitoredRatio: null, breached: 0, breachRatio: null });
    expect(kpis.all).toEqual({ active: 6, monitored: 4, monitoredRatio: (100 * 4) / 6, breached: 3, breachRatio: 75 });
  });
});
