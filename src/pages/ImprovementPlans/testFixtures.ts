import type { Plan, Verification } from '../../api/plans';

export const PLANS_WRITE = 'slm-servicelevel-app.plans:write';

export function plan(id: string, over: Partial<Plan> = {}): Plan {
  return {
    id,
    title: `Plan ${id}`,
    goal: { agreementId: 'SLA-1', targetId: 'availability', objective: 99.9, by: '2026-12-31' },
    measures: [
      { text: 'Add a second database replica', done: true },
      { text: 'Alert on replication lag', done: false },
    ],
    owner: 'alice',
    dueDate: '2026-12-15',
    status: 'planned',
    links: { breaches: [], reviews: [] },
    verification: null,
    version: 2,
    createdAt: '2026-10-01T08:00:00.000Z',
    createdBy: 'manager',
    updatedAt: '2026-10-02T08:00:00.000Z',
    updatedBy: 'manager',
    ...over,
  };
}

/** Two months before at 99.5 % and 99.7 %, one settled month after at 99.95 %: improved, goal reached. */
export function verification(over: Partial<Verification> = {}): Verification {
  return {
    kind: 'slm-plan-verification',
    verifiedAt: '2026-12-02T09:00:00.000Z',
    verifiedBy: 'alice',
    agreementId: 'SLA-1',
    targetId: 'availability',
    completedAt: '2026-11-01T00:00:00.000Z',
    pivot: '2026-11-01T00:00:00.000Z',
    level: 99.9,
    by: '2026-12-31',
    before: {
      from: '2026-09-01T00:00:00.000Z',
      to: '2026-11-01T00:00:00.000Z',
      compliance: 99.6,
      coverage: 100,
      periods: [
        {
          from: '2026-09-01T00:00:00.000Z',
          to: '2026-10-01T00:00:00.000Z',
          compliance: 99.5,
          state: 'breached',
          complete: true,
        },
        {
          from: '2026-10-01T00:00:00.000Z',
          to: '2026-11-01T00:00:00.000Z',
          compliance: 99.7,
          state: 'breached',
          complete: true,
        },
      ],
    },
    after: {
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-12-01T00:00:00.000Z',
      compliance: 99.95,
      coverage: 98,
      periods: [
        {
          from: '2026-11-01T00:00:00.000Z',
          to: '2026-12-01T00:00:00.000Z',
          compliance: 99.95,
          state: 'met',
          complete: true,
        },
      ],
    },
    improved: true,
    goalReached: true,
    judgedOn: { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' },
    ...over,
  };
}
