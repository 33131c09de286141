/** Test fixtures for agreement suites: a small catalog, parties and agreement documents. */
import assert from 'node:assert/strict';
import type { TestApi } from '../../testing/stores';

export const PARTIES = [
  { key: 'it-operations', name: 'IT Operations', kind: 'internal' },
  { key: 'network-team', name: 'Network team', kind: 'internal' },
  { key: 'dba-team', name: 'Database team', kind: 'internal' },
  { key: 'finance', name: 'Finance', kind: 'customer' },
  { key: 'hr', name: 'HR', kind: 'customer' },
  { key: 'cloudco', name: 'CloudCo', kind: 'supplier' },
] as const;

export const SERVICES = [
  { key: 'mail', name: 'Mail' },
  { key: 'portal', name: 'Portal' },
] as const;

/** Creates the catalog and the parties through the API (org 1 unless given). */
export async function seedReferences(api: TestApi, org = 1): Promise<void> {
  for (const body of SERVICES) {
    const res = await api.request({ method: 'POST', url: '/api/v1/services', body, org });
    assert.equal(res.statusCode, 201, res.body);
  }
  for (const body of PARTIES) {
    const res = await api.request({ method: 'POST', url: '/api/v1/parties', body, org });
    assert.equal(res.statusCode, 201, res.body);
  }
}

type Type = 'SLA' | 'OLA' | 'UC';
const COUNTERPARTY: Record<Type, string> = { SLA: 'finance', OLA: 'network-team', UC: 'cloudco' };

export interface DocOptions {
  objective?: number;
  window?: { calendar: 'week' | 'month' | 'quarter' } | { rolling: string };
  underpinnedBy?: string[];
  effective?: { from: string; to?: string };
  title?: string;
  counterparty?: string;
  service?: string;
}

/** A valid agreement document (as the API takes it). */
export function agreementDoc(id: string, type: Type, o: DocOptions = {}) {
  return {
    apiVersion: 'slm/v1',
    kind: 'Agreement',
    metadata: { id, title: o.title ?? `${type} ${id}` },
    spec: {
      type,
      service: o.service ?? 'mail',
      provider: 'it-operations',
      counterparty: o.counterparty ?? COUNTERPARTY[type],
      timezone: 'Asia/Shanghai',
      window: o.window ?? { calendar: 'month' },
      ...(o.effective ? { effective: o.effective } : {}),
      ...(o.underpinnedBy ? { underpinnedBy: o.underpinnedBy } : {}),
      targets: [
        {
          id: 'availability',
          objective: o.objective ?? 99.9,
          slice: '5m',
          budgeting: 'occurrences',
          sli: {
            ratio: {
              good: {
                datasource: 'prometheus',
                expr: 'sum(increase(http_requests_total{job="mail",code!~"5.."}[5m]))',
              },
              total: { datasource: 'prometheus', expr: 'sum(increase(http_requests_total{job="mail"}[5m]))' },
            },
          },
        },
      ],
    },
  };
}
