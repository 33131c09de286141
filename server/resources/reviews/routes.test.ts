import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApi, errorOf, STORE_KINDS, storeSuiteOptions, type TestApi } from '../../testing/stores';

const review = {
  id: 'SLR-2026-Q1',
  title: 'Q1 service level review — mail',
  scope: { services: ['mail'], parties: ['finance'], agreements: ['SLA-2026-001'] },
  period: { from: '2026-01-01', to: '2026-03-31' },
  meetingDate: '2026-04-08T02:00:00Z',
  participants: ['alice', 'Li Wei'],
  minutes: '',
  decisions: [],
  actionItems: [{ text: 'Prepare availability report', owner: 'bob', due: '2026-04-05' }],
};

for (const kind of STORE_KINDS) {
  describe(`reviews resource [${kind}]`, storeSuiteOptions(kind), () => {
    let api: TestApi;
    before(async () => {
      api = await createTestApi(kind);
    });
    after(() => api?.dispose());

    const put = (body: unknown, version: number) =>
      api.request({ method: 'PUT', url: '/api/v1/reviews/SLR-2026-Q1', body, headers: { 'if-match': String(version) } });

    it('schedules a review with defaults; validates period and scope', async () => {
      const res = await api.request({ method: 'POST', url: '/api/v1/reviews', body: review });
      assert.equal(res.statusCode, 201, res.body);
      const created = res.json();
      assert.equal(created.status, 'scheduled');
      assert.deepEqual(created.actionItems, [{ ...review.actionItems[0], done: false }]);
      assert.equal(created.meetingDate, '2026-04-08T02:00:00.000Z');
      assert.equal(created.report, null);
      for (const bad of [
        { ...review, id: 'r2', period: { from: '2026-03-31', to: '2026-01-01' } },
        { ...review, id: 'r2', scope: { services: ['mail', 'mail'] } },
        { ...review, id: 'r2', status: 'cancelled' },
        { ...review, id: 'r2', actionItems: [{ text: '' }] },
      ]) {
        assert.equal((await api.request({ method: 'POST', url: '/api/v1/reviews', body: bad })).statusCode, 400, JSON.stringify(bad));
      }
      assert.equal((await api.request({ url: '/api/v1/reviews' })).json().total, 1);
    });

    it('holds, then closes with a frozen report; a closed review can neither change nor be deleted', async () => {
      const held = await put({ ...review, status: 'held', minutes: 'Availability 99.72 % in March', decisions: ['Open improvement plan for storage'] }, 1);
      assert.equal(held.statusCode, 200, held.body);
      const report = { agreements: [{ id: 'SLA-2026-001', state: 'breached', compliance: 99.72 }] };
      const closed = await put({ ...(held.json() as object), ...metaless(), id: undefined, status: 'closed', report }, 2);
      assert.equal(closed.statusCode, 200, closed.body);
      assert.deepEqual(closed.json().report, report);
      const change = await put({ ...review, status: 'closed', minutes: 'rewritten', report }, 3);
      assert.equal(change.statusCode, 409);
      assert.equal(errorOf(change).details.reason, 'closed');
      const reopen = await put({ ...review, status: 'held' }, 3);
      assert.equal(reopen.statusCode, 409);
      const del = await api.request({ method: 'DELETE', url: '/api/v1/reviews/SLR-2026-Q1', headers: { 'if-match': '3' } });
      assert.equal(del.statusCode, 409);
      const got = (await api.request({ url: '/api/v1/reviews/SLR-2026-Q1' })).json();
      assert.deepEqual([got.version, got.minutes, got.report], [3, 'Availability 99.72 % in March', report]);
      const [entry] = (await api.request({ url: '/api/v1/audit?resource=review&limit=1' })).json().items;
      assert.equal(entry.action, 'close');
      assert.deepEqual((await api.request({ url: '/api/v1/reviews?status=closed' })).json().items.map((r: { id: string }) => r.id), ['SLR-2026-Q1']);
    });

    it('deletes an open review', async () => {
      const res = await api.request({ method: 'POST', url: '/api/v1/reviews', body: { title: 'Ad hoc', period: { from: '2026-04-01', to: '2026-04-30' } } });
      assert.equal(res.statusCode, 201);
      const del = await api.request({ method: 'DELETE', url: `/api/v1/reviews/${res.json().id}`, headers: { 'if-match': '1' } });
      assert.equal(del.statusCode, 204);
    });
  });
}

/** The output-only fields a client must not send back. */
function metaless() {
  return { version: undefined, createdAt: undefined, createdBy: undefined, updatedAt: undefined, updatedBy: undefined, dashboard: undefined };
}
