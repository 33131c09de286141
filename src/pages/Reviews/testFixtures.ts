import type { ReportEnvelope, ReportPeriod, Review, ReviewPlan, ReviewReport } from '../../api/reviews';
import { type Reply } from '../../test/backendSrv';

export { APP as APP_ROOT, SLOW, ok, route, routedEngine as engine, writes } from '../../test/fakeEngine';

export const REVIEWS = '/a/slm-servicelevel-app/reviews';
export const REVIEW_WRITE = 'slm-servicelevel-app.reviews:write';
export const PLAN_WRITE = 'slm-servicelevel-app.plans:write';
export const READ = 'slm-servicelevel-app.reviews:read';

export const page = (items: unknown[], total = items.length): Reply => ({
  status: 200,
  data: { items, total, limit: 50, offset: 0 },
});

export function review(id: string, over: Partial<Review> = {}): Review {
  return {
    id,
    title: 'February review — mail',
    scope: { services: ['mail'], parties: [], agreements: [] },
    period: { from: '2026-02-01', to: '2026-02-28' },
    meetingDate: '2026-03-05T02:00:00.000Z',
    participants: ['alice', 'Li Wei'],
    minutes: '',
    decisions: [],
    actionItems: [],
    status: 'scheduled',
    report: null,
    dashboard: null,
    version: 1,
    createdAt: '2026-03-01T00:00:00.000Z',
    createdBy: 'manager',
    updatedAt: '2026-03-01T00:00:00.000Z',
    updatedBy: 'manager',
    ...over,
  };
}

const period = (
  from: string,
  to: string,
  compliance: number | null,
  over: Partial<ReportPeriod> = {}
): ReportPeriod => ({
  from,
  to,
  state: compliance === null ? 'no_data' : compliance >= 99.9 ? 'met' : 'breached',
  compliance,
  coverage: compliance === null ? null : 100,
  errorBudgetRemaining: compliance === null ? null : 50,
  complete: true,
  ...over,
});

/** SLA-B (availability breached in February, credit owed; latency met), underpinned by OLA-C (met). */
export function reportFixture(over: Partial<ReviewReport> = {}): ReviewReport {
  return {
    kind: 'slm-review-report',
    schemaVersion: 1,
    reviewId: 'SLR-2026-02',
    title: 'February review — mail',
    period: { from: '2026-02-01', to: '2026-02-28' },
    scope: { services: ['mail'], parties: [], agreements: [] },
    generatedAt: '2026-03-02T08:00:00.000Z',
    generatedBy: 'manager',
    state: 'breached',
    agreements: [
      {
        id: 'SLA-B',
        type: 'SLA',
        title: 'Mail for finance',
        service: 'mail',
        provider: 'it-operations',
        counterparty: 'finance',
        timezone: 'Asia/Shanghai',
        window: 'month',
        revisions: [1],
        state: 'breached',
        range: { from: '2026-01-31T16:00:00.000Z', to: '2026-02-28T16:00:00.000Z' },
        targets: [
          {
            id: 'availability',
            name: 'Availability',
            objective: 99.9,
            warning: 99.95,
            budgeting: 'occurrences',
            state: 'breached',
            compliance: 99.78,
            coverage: 100,
            errorBudgetRemaining: -120,
            slices: { counted: 672, withData: 672, inDenominator: 672, good: 669, bad: 3 },
            events: { good: 673_525, total: 675_011 },
            badIntervals: [{ from: '2026-02-10T01:00:00.000Z', to: '2026-02-10T04:00:00.000Z' }],
            complete: true,
            periods: [
              period('2026-01-31T16:00:00.000Z', '2026-02-28T16:00:00.000Z', 99.78, {
                state: 'breached',
                serviceCredit: 10,
              }),
            ],
            trend: [
              period('2025-12-31T16:00:00.000Z', '2026-01-31T16:00:00.000Z', 99.8, { state: 'breached' }),
              period('2025-11-30T16:00:00.000Z', '2025-12-31T16:00:00.000Z', 99.97, { state: 'met' }),
            ].reverse(),
            serviceCredits: [
              { below: 99.9, credit: 10 },
              { below: 99, credit: 25 },
            ],
          },
          {
            id: 'latency',
            objective: 99.5,
            budgeting: 'timeslices',
            state: 'met',
            compliance: 99.55,
            coverage: 100,
            errorBudgetRemaining: 10,
            slices: { counted: 672, withData: 672, inDenominator: 672, good: 669, bad: 3 },
            badIntervals: [],
            complete: true,
            periods: [period('2026-01-31T16:00:00.000Z', '2026-02-28T16:00:00.000Z', 99.55, { state: 'met' })],
            trend: [],
          },
        ],
        underpinnedBy: [
          {
            id: 'OLA-C',
            type: 'OLA',
            title: 'Network for mail',
            state: 'met',
            targets: [{ id: 'availability', objective: 99.9, compliance: 100, state: 'met' }],
          },
          { id: 'UC-gone', type: null, title: null, state: null, targets: [] },
        ],
      },
    ],
    breaches: [
      {
        id: 'b-feb',
        agreementId: 'SLA-B',
        targetId: 'availability',
        period: { from: '2026-01-31T16:00:00.000Z', to: '2026-02-28T16:00:00.000Z' },
        severity: 'breached',
        status: 'resolved',
        measured: 99.78,
        objective: 99.9,
        badIntervals: 1,
        report: {
          summary: 'Mail storage outage on 10 February',
          rootCause: 'A full disk on the mail store',
          impact: 'Half the requests failed for three hours',
          actions: ['Disk alerting'],
        },
        improvementPlanIds: ['PLAN-1'],
      },
    ],
    credits: [
      {
        agreementId: 'SLA-B',
        targetId: 'availability',
        period: { from: '2026-01-31T16:00:00.000Z', to: '2026-02-28T16:00:00.000Z' },
        compliance: 99.78,
        credit: 10,
      },
    ],
    kpis: {
      SLA: { active: 1, monitored: 1, monitoredRatio: 100, breached: 1, breachRatio: 100 },
      OLA: { active: 0, monitored: 0, monitoredRatio: null, breached: 0, breachRatio: null },
      UC: { active: 0, monitored: 0, monitoredRatio: null, breached: 0, breachRatio: null },
      all: { active: 1, monitored: 1, monitoredRatio: 100, breached: 1, breachRatio: 100 },
    },
    meeting: {
      date: '2026-03-05T02:00:00.000Z',
      participants: ['alice', 'Li Wei'],
      minutes: '',
      decisions: [],
      actionItems: [],
    },
    ...over,
  };
}

export function envelope(over: Partial<ReportEnvelope> = {}): ReportEnvelope {
  return {
    reviewId: 'SLR-2026-02',
    status: 'held',
    source: 'stored',
    frozen: false,
    report: reportFixture() as unknown as Record<string, unknown>,
    ...over,
  };
}

export function plan(id: string, over: Partial<ReviewPlan> = {}): ReviewPlan {
  return {
    id,
    title: `Plan ${id}`,
    owner: 'it-operations',
    dueDate: '2026-04-30',
    status: 'planned',
    goal: { agreementId: 'SLA-B', targetId: 'availability' },
    links: { breaches: [], reviews: ['SLR-2026-02'] },
    version: 1,
    ...over,
  };
}

export const conflictReply = (code: string, message: string, details: Record<string, unknown> = {}): Reply => ({
  status: 409,
  data: { error: { code, message, details } },
});

export const versionConflict = (expected: number, current: number): Reply =>
  conflictReply(
    'version_conflict',
    `changed by someone else: you sent version ${expected}, the current version is ${current}`,
    {
      expectedVersion: expected,
      currentVersion: current,
    }
  );

export const validationFailed = (issues: Array<{ path: string; message: string }>): Reply => ({
  status: 400,
  data: { error: { code: 'validation_failed', message: 'invalid request body', details: { issues } } },
});
