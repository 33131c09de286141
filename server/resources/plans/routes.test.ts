import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApi, errorOf, STORE_KINDS, storeSuiteOptions, type TestApi } from '../../testing/stores';

const plan = {
  id: 'PLAN-2026-01',
  title: 'Storage failover without mail downtime',
  goal: { agreementId: 'SLA-2026-001', targetId: 'availability', objective: 99.9, by: '2026-06-30' },
  measures: [{ text: 'Upgrade SAN firmware' }, { text: 'Rehearse failover', done: true }],
  owner: 'it-operations',
  dueDate: '2026-06-30',
};

for (const kind of STORE_KINDS) {
  describe(`improvement plans resource [${kind}]`, storeSuiteOptions(kind), () => {
    let api: TestApi;
    let breachId = '';
    before(async () => {
      api = await createTestApi(kind);
      const breach = await api.request({
        method: 'POST',
        url: '/api/v1/breaches',
        permission: 'monitor',
        body: { agreementId: 'SLA-2026-001', targetId: 'availability', period: { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' }, measured: 99.7, objective: 99.9 },
      });
      breachId = breach.json().id;
    });
    after(() => api?.dispose());

    it('creates a plan with defaults, links to existing breaches and reviews only', async () => {
      const res = await api.request({ method: 'POST', url: '/api/v1/plans', body: { ...plan, links: { breaches: [breachId] } } });
      assert.equal(res.statusCode, 201, res.body);
      const created = res.json();
      assert.equal(created.status, 'planned');
      assert.deepEqual(created.measures, [{ text: 'Upgrade SAN firmware', done: false }, { text: 'Rehearse failover', done: true }]);
      assert.deepEqual(created.links, { breaches: [breachId], reviews: [] });
      assert.equal(created.verification, null);
      const missing = await api.request({ method: 'POST', url: '/api/v1/plans', body: { ...plan, id: 'P2', links: { reviews: ['SLR-404'] } } });
      assert.equal(missing.statusCode, 400);
      assert.deepEqual(errorOf(missing).details.missing, ['SLR-404']);
      for (const bad of [
        { ...plan, id: 'P2', owner: '' },
        { ...plan, id: 'P2', status: 'abandoned' },
        { ...plan, id: 'P2', goal: { objective: 100 } },
        { ...plan, id: 'P2', dueDate: '2026-13-01' },
      ]) {
        assert.equal((await api.request({ method: 'POST', url: '/api/v1/plans', body: bad })).statusCode, 400, JSON.stringify(bad));
      }
    });

    it('updates status and verification with If-Match; lists by status and owner; deletes', async () => {
      const verification = { verifiedAt: '2026-07-05T00:00:00Z', compliance: 99.95, met: true };
      const put = (body: unknown, version: string) => api.request({ method: 'PUT', url: '/api/v1/plans/PLAN-2026-01', body, headers: { 'if-match': version } });
      const ok = await put({ ...plan, status: 'done', verification }, '1');
      assert.equal(ok.statusCode, 200, ok.body);
      assert.deepEqual([ok.json().status, ok.json().verification, ok.json().links.breaches], ['done', verification, []]);
      assert.equal((await put(plan, '1')).statusCode, 409);
      const ids = async (qs: string) => (await api.request({ url: `/api/v1/plans${qs}` })).json().items.map((p: { id: string }) => p.id);
      assert.deepEqual(await ids('?status=done'), ['PLAN-2026-01']);
      assert.deepEqual(await ids('?status=planned'), []);
      assert.deepEqual(await ids('?owner=it-operations'), ['PLAN-2026-01']);
      assert.equal((await api.request({ method: 'DELETE', url: '/api/v1/plans/PLAN-2026-01', headers: { 'if-match': '2' } })).statusCode, 204);
      assert.equal((await api.request({ url: '/api/v1/plans/PLAN-2026-01' })).statusCode, 404);
    });

    it('lists the plans of a review, a breach or an agreement (jsonb containment), combined with the other filters', async () => {
      const review = await api.request({ method: 'POST', url: '/api/v1/reviews', body: { id: 'REV-1', title: 'March', period: { from: '2026-03-01', to: '2026-03-31' } } });
      assert.equal(review.statusCode, 201, review.body);
      const make = async (id: string, extra: Record<string, unknown>) => {
        const res = await api.request({ method: 'POST', url: '/api/v1/plans', body: { id, title: id, owner: 'ops', ...extra } });
        assert.equal(res.statusCode, 201, res.body);
      };
      await make('P-BOTH', { goal: { agreementId: 'SLA-2026-001' }, links: { breaches: [breachId], reviews: ['REV-1'] } });
      await make('P-REVIEW', { goal: { agreementId: 'SLA-OTHER' }, links: { reviews: ['REV-1'] }, status: 'done' });
      await make('P-BREACH', { links: { breaches: [breachId] } });
      // An id that only starts like the one asked for, and one inside another field, must not match.
      await make('P-NONE', { goal: { agreementId: 'SLA-2026-0011', description: 'REV-1' }, title: breachId });
      const ids = async (qs: string) => {
        const res = await api.request({ url: `/api/v1/plans${qs}` });
        assert.equal(res.statusCode, 200, `${qs}: ${res.body}`);
        return { ids: res.json().items.map((p: { id: string }) => p.id), total: res.json().total };
      };
      assert.deepEqual(await ids('?review=REV-1'), { ids: ['P-BOTH', 'P-REVIEW'], total: 2 });
      assert.deepEqual(await ids(`?breach=${breachId}`), { ids: ['P-BOTH', 'P-BREACH'], total: 2 });
      assert.deepEqual(await ids('?agreement=SLA-2026-001'), { ids: ['P-BOTH'], total: 1 });
      assert.deepEqual(await ids(`?review=REV-1&breach=${breachId}`), { ids: ['P-BOTH'], total: 1 });
      assert.deepEqual(await ids('?review=REV-1&status=done'), { ids: ['P-REVIEW'], total: 1 });
      assert.deepEqual(await ids('?review=REV-2'), { ids: [], total: 0 });
      for (const bad of ['?review=', '?breach=a%20b', `?agreement=${'x'.repeat(101)}`, '?review=a&review=b']) {
        assert.equal((await api.request({ url: `/api/v1/plans${bad}` })).statusCode, 400, bad);
      }
    });
  });
}
