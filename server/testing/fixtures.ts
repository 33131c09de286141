/**
 * One organisation's worth of records of every kind, created through the API, for the
 * cross-cutting suites (bad input, organisation isolation, OpenAPI coverage).
 */
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { TestApi } from './stores';
import { type RouteInfo } from './routes';

export interface Seeded {
  /** Values for the :params of every route, per resource (see paramsFor). */
  ids: { service: string; party: string; contract: string; requirement: string; breach: string; review: string; plan: string; agreement?: string };
  /** Strings that only this organisation's records contain. */
  markers: string[];
}

export const validBodies = (o: string) => ({
  service: { key: `mail-${o}`, name: `Mail ${o}`, description: 'Corporate mail', features: ['send'], lifecycle: 'live' },
  party: {
    key: `finance-${o}`,
    name: `Finance ${o}`,
    kind: 'customer',
    description: '财务部',
    contacts: [{ name: 'Li Wei', email: 'li.wei@example.com', role: 'signer', grafanaContactPoint: 'finance-oncall' }],
  },
  contract: {
    ref: `CT-${o}`,
    customer: `finance-${o}`,
    title: `Mail contract ${o}`,
    signedDate: '2026-01-15',
    term: { from: '2026-02-01', to: '2027-01-31' },
    documentUrl: 'https://docs.example.com/ct.pdf',
    notes: 'notes',
  },
  requirement: {
    id: `REQ-${o}`,
    serviceKey: `mail-${o}`,
    metric: 'availability',
    objective: 99.9,
    description: 'availability',
    sli: {
      ratio: {
        good: { datasource: 'prometheus', expr: 'sum(rate(good[5m]))' },
        total: { datasource: 'prometheus', expr: 'sum(rate(total[5m]))' },
      },
    },
    slice: '5m',
    window: { calendar: 'month' },
  },
  gapAnalysis: {
    evaluatedAt: '2026-03-01T00:00:00Z',
    days: 30,
    compliance: 99.5,
    met: false,
    coverage: 100,
    badIntervals: [{ from: '2026-02-10T03:00:00Z', to: '2026-02-10T03:15:00Z' }],
  },
  breach: {
    agreementId: `SLA-${o}`,
    targetId: 'availability',
    period: { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' },
    measured: 99.5,
    objective: 99.9,
    badIntervals: [{ from: '2026-03-07T02:00:00Z', to: '2026-03-07T03:30:00Z' }],
  },
  breachPatch: { report: { summary: 'Outage', rootCause: 'disk', impact: 'mail down', actions: ['fix'] } },
  review: {
    id: `REV-${o}`,
    title: `Q1 review ${o}`,
    scope: { services: [`mail-${o}`], parties: [`finance-${o}`], agreements: [`SLA-${o}`] },
    period: { from: '2026-01-01', to: '2026-03-31' },
    meetingDate: '2026-04-08T02:00:00Z',
    participants: ['alice'],
    minutes: 'minutes',
    decisions: ['decide'],
    actionItems: [{ text: 'act', owner: 'bob', due: '2026-04-30', done: false }],
    status: 'held',
    report: { summary: 'ok' },
  },
  plan: {
    id: `PLAN-${o}`,
    title: `Plan ${o}`,
    goal: { agreementId: `SLA-${o}`, targetId: 'availability', objective: 99.9, by: '2026-06-30' },
    measures: [{ text: 'upgrade', done: false }],
    owner: 'it-operations',
    dueDate: '2026-06-30',
    status: 'in_progress',
    links: { breaches: [], reviews: [`REV-${o}`] },
    verification: { note: 'pending' },
  },
  agreement: {
    document: {
      apiVersion: 'slm/v1',
      kind: 'Agreement',
      metadata: { id: `SLA-${o}`, title: `Mail SLA ${o}` },
      spec: {
        type: 'SLA',
        service: `mail-${o}`,
        provider: `it-${o}`,
        counterparty: `finance-${o}`,
        timezone: 'Asia/Shanghai',
        window: { calendar: 'month' },
        targets: [
          {
            id: 'availability',
            objective: 99.9,
            slice: '5m',
            budgeting: 'occurrences',
            sli: {
              ratio: {
                good: { datasource: 'prometheus', expr: 'sum(rate(good[5m]))' },
                total: { datasource: 'prometheus', expr: 'sum(rate(total[5m]))' },
              },
            },
          },
        ],
      },
    },
  },
});

/** Creates every kind of record in `org`, with ids carrying the marker `o`. */
export async function seedOrg(api: TestApi, org: number, o: string, { agreements }: { agreements: boolean }): Promise<Seeded> {
  const b = validBodies(o);
  const post = async (url: string, body: unknown, permission = 'manage') => {
    const res = await api.request({ method: 'POST', url, body, org, permission });
    assert.ok(res.statusCode === 201, `${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  await post('/api/v1/services', b.service);
  await post('/api/v1/parties', b.party);
  await post('/api/v1/parties', { key: `it-${o}`, name: `IT ${o}`, kind: 'internal' });
  await post('/api/v1/contracts', b.contract);
  await post(`/api/v1/contracts/CT-${o}/requirements`, b.requirement);
  const breach = await post('/api/v1/breaches', b.breach, 'monitor');
  await post('/api/v1/reviews', b.review);
  await post('/api/v1/plans', b.plan);
  let agreement: string | undefined;
  if (agreements) {
    agreement = (await post('/api/v1/agreements', b.agreement)).id;
  }
  return {
    ids: {
      service: `mail-${o}`,
      party: `finance-${o}`,
      contract: `CT-${o}`,
      requirement: `REQ-${o}`,
      breach: breach.id,
      review: `REV-${o}`,
      plan: `PLAN-${o}`,
      agreement,
    },
    markers: [`mail-${o}`, `finance-${o}`, `CT-${o}`, `REQ-${o}`, breach.id, `REV-${o}`, `PLAN-${o}`, `SLA-${o}`],
  };
}

/** Values for a route's :params, chosen by the resource the path is about. */
export function paramsFor(path: string, seeded: Seeded): Record<string, string> {
  const { ids } = seeded;
  const resource = /^\/api\/v1\/(?:approvals\/)?(\w+)/.exec(path)?.[1] ?? '';
  const byResource: Record<string, string | undefined> = {
    services: ids.service,
    parties: ids.party,
    plans: ids.plan,
    reviews: ids.review,
    breaches: ids.breach,
    requirements: ids.requirement,
    agreements: ids.agreement ?? 'SLA-none',
  };
  return {
    key: byResource[resource] ?? 'none',
    ref: ids.contract,
    // Nested under a contract, :id is the requirement's.
    id: path.includes('/requirements/') ? ids.requirement : (byResource[resource] ?? 'none'),
    rev: '1',
    agreementId: ids.agreement ?? 'SLA-none',
  };
}

/** True when the app serves the agreements resource (built by another part of issue 4). */
export const servesAgreements = (routes: RouteInfo[]) => routes.some((r) => r.path === '/api/v1/agreements' && r.method === 'POST');

/** Every row of one organisation in every table that has an org_id, as comparable text. */
export async function dumpOrg(api: TestApi, org: number): Promise<string> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.columns
    where column_name = 'org_id' and table_schema = current_schema()
    order by table_name`.execute(api.store.db);
  const parts: string[] = [];
  for (const { table_name } of tables.rows) {
    const rows = await sql<{ rows: unknown }>`
      select coalesce(jsonb_agg(to_jsonb(t) order by to_jsonb(t)::text), '[]'::jsonb) as rows
      from ${sql.table(table_name)} t where org_id = ${org}`.execute(api.store.db);
    parts.push(`${table_name}: ${JSON.stringify(rows.rows[0].rows)}`);
  }
  return parts.join('\n');
}
