import type { CurrentUser } from '@grafana/data';
import { setCurrentUser } from '@grafana/runtime';
import type { AgreementDetail, AgreementRow } from '../../api/agreements';
import type { Reply } from '../../test/backendSrv';

export { BASE, notFound, route } from '../../test/fakeEngine';

/** The signed-in user as Grafana keeps it; tests change its permissions in place. */
export const currentUser = { login: 'manager', permissions: {} as Record<string, boolean> };
let userSet = false;

export function grant(...actions: string[]) {
  if (!userSet) {
    setCurrentUser(currentUser as unknown as CurrentUser);
    userSet = true;
  }
  currentUser.permissions = Object.fromEntries(actions.map((a) => [a, true]));
}

export const WRITE = 'slm-servicelevel-app.agreements:write';
export const APPROVE = 'slm-servicelevel-app.agreements:approve';
export const READ = 'slm-servicelevel-app.agreements:read';

export function row(id: string, over: Partial<AgreementRow> = {}): AgreementRow {
  return {
    id,
    type: id.startsWith('OLA') ? 'OLA' : id.startsWith('UC') ? 'UC' : 'SLA',
    title: `Agreement ${id}`,
    service: 'mail',
    provider: 'it-operations',
    counterparty: 'finance',
    state: 'draft',
    amendment: null,
    revision: 1,
    activeRevision: null,
    effective: null,
    requiredSigners: ['it-operations', 'finance'],
    underpinnedBy: [],
    version: 1,
    createdAt: '2026-01-05T08:00:00.000Z',
    createdBy: 'manager',
    updatedAt: '2026-01-05T08:00:00.000Z',
    updatedBy: 'manager',
    targets: 1,
    ...over,
  };
}

export function detail(id: string, over: Partial<AgreementDetail> = {}): AgreementDetail {
  const { targets: _count, ...summary } = row(id);
  const type = summary.type;
  return {
    ...summary,
    hash: `sha256:${'a'.repeat(64)}`,
    document: {
      apiVersion: 'slm/v1',
      kind: 'Agreement',
      metadata: { id, title: summary.title },
      spec: {
        type,
        service: 'mail',
        provider: 'it-operations',
        counterparty: 'finance',
        timezone: 'Asia/Shanghai',
        window: { calendar: 'month' },
        effective: { from: '2026-01-01', to: '2027-12-31' },
        serviceHours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '18:00' }],
        noData: 'ignore',
        minCoverage: 90,
        underpinnedBy: over.underpinnedBy ?? [],
        targets: [
          {
            id: 'availability',
            name: 'Availability',
            objective: 99.9,
            warning: 99.95,
            slice: '5m',
            budgeting: 'occurrences',
            sli: {
              ratio: { good: { datasource: 'prom', expr: 'good' }, total: { datasource: 'prom', expr: 'total' } },
            },
          },
          {
            id: 'latency-p95',
            objective: 99,
            slice: '5m',
            budgeting: 'timeslices',
            sli: { threshold: { query: { datasource: 'prom', expr: 'p95' }, op: 'lte', value: 0.3 } },
          },
        ],
      },
    },
    pendingVersion: null,
    consistency: [],
    allowedTransitions: [],
    ...over,
  };
}

export const page = (items: unknown[], total = items.length, offset = 0): Reply => ({
  status: 200,
  data: { items, total, limit: 50, offset },
});

// jsdom has no IntersectionObserver; @grafana/ui's Select menu creates one to load options lazily.
// Nothing here scrolls, so an observer that never reports is what a browser would do for a short menu.
class QuietIntersectionObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
  takeRecords() {
    return [];
  }
}
if (typeof globalThis.IntersectionObserver === 'undefined') {
  Object.assign(globalThis, { IntersectionObserver: QuietIntersectionObserver });
}
