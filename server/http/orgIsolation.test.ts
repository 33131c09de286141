/**
 * Requests from another Grafana organisation never see or change a row: every route the app
 * serves (discovered from the route tree) is called from organisation 2 with organisation 1's
 * ids; lists show only organisation 2's records; and organisation 1's data stays unchanged.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dumpOrg, paramsFor, type Seeded, seedOrg, servesAgreements, validBodies } from '../testing/fixtures';
import { concretePath, isWriteMethod, registeredRoutes, type RouteInfo } from '../testing/routes';
import { createTestApi, errorOf, STORE_KINDS, storeSuiteOptions, type TestApi } from '../testing/stores';

/** Org 1's names and titles all end in " o1"; ids are checked separately. */
const ORG1_TEXT = ' o1';

/** Valid bodies, so that a write from the wrong organisation fails on the lookup, not on validation. */
function bodyFor(route: RouteInfo): unknown {
  const b = validBodies('o1');
  const byPath: Record<string, unknown> = {
    'PUT /api/v1/services/:key': b.service,
    'PUT /api/v1/parties/:key': b.party,
    'PUT /api/v1/contracts/:ref': b.contract,
    'POST /api/v1/contracts/:ref/requirements': { ...b.requirement, id: 'REQ-new' },
    'PUT /api/v1/contracts/:ref/requirements/:id': b.requirement,
    'PUT /api/v1/contracts/:ref/requirements/:id/gap-analysis': b.gapAnalysis,
    'PATCH /api/v1/breaches/:id': b.breachPatch,
    'PUT /api/v1/reviews/:id': { ...b.review, links: undefined },
    'PUT /api/v1/plans/:id': { ...b.plan, links: { breaches: [], reviews: [] } },
    'PUT /api/v1/agreements/:id': b.agreement,
  };
  return byPath[`${route.method} ${route.path}`];
}

/** Routes of this part of the engine: their answer from the wrong organisation must be exactly 404. */
const OWN = /^\/api\/v1\/(services|parties|contracts|requirements|breaches|reviews|plans)\b/;

for (const kind of STORE_KINDS) {
  describe(`organisation isolation on every route [${kind}]`, storeSuiteOptions(kind), () => {
    let api: TestApi;
    let org1: Seeded;
    let org2: Seeded;
    let routes: RouteInfo[];
    before(async () => {
      api = await createTestApi(kind);
      routes = registeredRoutes(api.app).filter((r) => r.path.startsWith('/api/v1/') && r.method !== 'HEAD');
      const agreements = servesAgreements(routes);
      org1 = await seedOrg(api, 1, 'o1', { agreements });
      org2 = await seedOrg(api, 2, 'o2', { agreements });
    });
    after(() => api?.dispose());

    const fromOrg2 = (route: RouteInfo, url: string, body?: unknown) =>
      api.request({ method: route.method as 'GET', url, org: 2, permission: 'own', body, headers: isWriteMethod(route.method) ? { 'if-match': '1' } : {} });

    it('lists show organisation 2 only its own records', async () => {
      const lists = routes.filter((r) => r.method === 'GET' && !r.path.includes(':'));
      assert.ok(lists.length >= 8);
      for (const route of lists) {
        const res = await fromOrg2(route, route.path);
        assert.equal(res.statusCode, 200, `${route.path}: ${res.body}`);
        for (const marker of [...org1.markers, ORG1_TEXT]) {
          assert.ok(!res.body.includes(marker), `${route.path} shows ${marker} of org 1`);
        }
      }
      for (const [path, marker] of [
        ['/api/v1/parties', 'finance-o2'],
        ['/api/v1/contracts', 'CT-o2'],
        ['/api/v1/requirements', 'REQ-o2'],
        ['/api/v1/breaches', org2.ids.breach],
        ['/api/v1/reviews', 'REV-o2'],
        ['/api/v1/plans', 'PLAN-o2'],
        ['/api/v1/audit', 'finance-o2'],
      ]) {
        const res = await api.request({ url: path, org: 2 });
        assert.ok(res.body.includes(marker), `${path} lists org 2's own ${marker}`);
      }
    });

    it("reads of organisation 1's records (and nested ones) are 404 from organisation 2", async () => {
      for (const route of routes.filter((r) => r.method === 'GET' && r.path.includes(':'))) {
        const url = concretePath(route.path, paramsFor(route.path, org1));
        const res = await fromOrg2(route, url);
        if (OWN.test(route.path)) {assert.equal(res.statusCode, 404, `${url}: ${res.body}`);}
        else {assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${url}: ${res.statusCode}`);}
        errorOf(res);
        assert.ok(!res.body.includes(ORG1_TEXT), `${url} leaks org 1 content`);
        // The same read from organisation 1 works, so the 404 is about the organisation.
        const own = await api.request({ url, permission: 'own' });
        if (OWN.test(route.path)) {assert.equal(own.statusCode, 200, `${url} from org 1: ${own.body}`);}
      }
    });

    it("writes to organisation 1's records are 404 from organisation 2 and change nothing there", async () => {
      const before = await dumpOrg(api, 1);
      for (const route of routes.filter((r) => isWriteMethod(r.method) && r.path.includes(':'))) {
        const url = concretePath(route.path, paramsFor(route.path, org1));
        const res = await fromOrg2(route, url, bodyFor(route) ?? (route.method === 'DELETE' ? undefined : {}));
        if (OWN.test(route.path)) {assert.equal(res.statusCode, 404, `${route.method} ${url}: ${res.body}`);}
        else {assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${route.method} ${url}: ${res.statusCode} ${res.body}`);}
        errorOf(res);
      }
      assert.equal(await dumpOrg(api, 1), before);
    });

    it("organisation 2 cannot point its records at organisation 1's", async () => {
      const before = await dumpOrg(api, 1);
      const b = validBodies('o2');
      const cases: Array<[string, string, unknown, string]> = [
        ['POST', '/api/v1/contracts', { ...b.contract, ref: 'CT-x', customer: 'finance-o1' }, 'customer'],
        ['POST', '/api/v1/contracts/CT-o2/requirements', { ...b.requirement, id: 'REQ-x', serviceKey: 'mail-o1' }, 'serviceKey'],
        ['POST', '/api/v1/plans', { ...b.plan, id: 'PLAN-x', links: { breaches: [org1.ids.breach], reviews: [] } }, 'links.breaches'],
        ['POST', '/api/v1/plans', { ...b.plan, id: 'PLAN-x', links: { breaches: [], reviews: ['REV-o1'] } }, 'links.reviews'],
      ];
      for (const [method, url, body, path] of cases) {
        const res = await api.request({ method: method as 'POST', url, body, org: 2 });
        assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
        assert.ok((errorOf(res).details.issues as Array<{ path: string }>).some((i) => i.path === path), res.body);
      }
      const patch = await api.request({
        method: 'PATCH',
        url: `/api/v1/breaches/${org2.ids.breach}`,
        permission: 'monitor',
        org: 2,
        body: { improvementPlanIds: ['PLAN-o1'] },
        headers: { 'if-match': '1' },
      });
      assert.equal(patch.statusCode, 400);
      // The same ids are free in organisation 2.
      const same = await api.request({ method: 'POST', url: '/api/v1/parties', body: { key: 'finance-o1', name: 'Org 2 copy', kind: 'customer' }, org: 2 });
      assert.equal(same.statusCode, 201);
      assert.equal(await dumpOrg(api, 1), before);
    });
  });
}
