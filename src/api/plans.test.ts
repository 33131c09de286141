import { installBackendSrv } from '../test/backendSrv';
import { plan } from '../pages/ImprovementPlans/testFixtures';
import { StaleVersionError } from './engineClient';
import {
  createPlan,
  deletePlan,
  getPlan,
  inputOf,
  isOverdue,
  listPlans,
  planParams,
  replacePlan,
  verifyPlan,
} from './plans';

const BASE = '/api/plugin-proxy/slm-servicelevel-app/api/v1';

describe('plan list query', () => {
  test('blank fields are left out, overdue goes as true/false, link filters are plain params', () => {
    expect(planParams({ q: ' ', owner: 'alice', overdue: true, review: 'REV-1', limit: 50, offset: 0 })).toEqual({
      owner: 'alice',
      overdue: 'true',
      review: 'REV-1',
      limit: 50,
      offset: 0,
    });
    expect(planParams({ overdue: false, status: 'done' })).toEqual({ overdue: 'false', status: 'done' });
    expect(planParams({})).toEqual({});
  });

  test('listPlans asks /plans and rejects a body without items', async () => {
    const requests = installBackendSrv(() => ({
      status: 200,
      data: { items: [plan('P-1')], total: 1, limit: 5, offset: 0 },
    }));
    const page = await listPlans({ overdue: true, limit: 5 });
    expect(page.items[0].id).toBe('P-1');
    expect(requests[0].url).toBe(`${BASE}/plans`);
    expect(requests[0].params).toEqual({ overdue: 'true', limit: 5 });
    installBackendSrv(() => ({ status: 200, data: {} }));
    await expect(listPlans()).rejects.toMatchObject({ kind: 'invalid' });
  });
});

describe('plan writes', () => {
  test('create posts the input; replace, delete and verify send If-Match on the plan path', async () => {
    const requests = installBackendSrv((r) => ({ status: r.method === 'DELETE' ? 204 : 200, data: plan('P 1') }));
    await getPlan('P 1');
    await createPlan(inputOf(plan('P 1'), { id: 'P 1' }));
    await replacePlan('P 1', inputOf(plan('P 1'), { id: 'P 1', status: 'done' }), 3);
    await deletePlan('P 1', 4);
    await verifyPlan('P 1', 5);
    await verifyPlan('P 1', 6, '2026-10-01T00:00:00Z');
    expect(requests.map((r) => [r.method, r.url, r.headers])).toEqual([
      ['GET', `${BASE}/plans/P%201`, {}],
      ['POST', `${BASE}/plans`, {}],
      ['PUT', `${BASE}/plans/P%201`, { 'If-Match': '3' }],
      ['DELETE', `${BASE}/plans/P%201`, { 'If-Match': '4' }],
      ['POST', `${BASE}/plans/P%201/verify`, { 'If-Match': '5' }],
      ['POST', `${BASE}/plans/P%201/verify`, { 'If-Match': '6' }],
    ]);
    expect(requests[1].data).toMatchObject({ id: 'P 1', title: 'Plan P 1' });
    // the id is in the path: a replace sends the rest, its verification kept
    expect(requests[2].data).not.toHaveProperty('id');
    expect(requests[2].data).toMatchObject({ status: 'done', verification: null });
    expect(requests[4].data).toEqual({});
    expect(requests[5].data).toEqual({ completedAt: '2026-10-01T00:00:00Z' });
  });

  test('a stale replace comes back as the plan as it is now', async () => {
    installBackendSrv((r) =>
      r.method === 'PUT'
        ? {
            status: 409,
            data: { error: { code: 'version_conflict', message: 'stale', details: { currentVersion: 4 } } },
          }
        : { status: 200, data: plan('P-1', { version: 4, owner: 'bob' }) }
    );
    const failure = await replacePlan('P-1', inputOf(plan('P-1')), 3).catch((e) => e);
    expect(failure).toBeInstanceOf(StaleVersionError);
    expect(failure.current).toMatchObject({ version: 4, owner: 'bob' });
  });
});

describe('overdue', () => {
  const NOW = Date.parse('2026-11-20T23:30:00+08:00'); // 15:30 UTC on the 20th
  test('due date before today (UTC) and still open', () => {
    expect(isOverdue({ dueDate: '2026-11-19', status: 'in_progress' }, NOW)).toBe(true);
    expect(isOverdue({ dueDate: '2026-11-20', status: 'planned' }, NOW)).toBe(false);
    expect(isOverdue({ dueDate: '2026-11-01', status: 'done' }, NOW)).toBe(false);
    expect(isOverdue({ dueDate: '2026-11-01', status: 'cancelled' }, NOW)).toBe(false);
    expect(isOverdue({ dueDate: null, status: 'planned' }, NOW)).toBe(false);
  });
});
