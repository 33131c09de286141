import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestApi, errorOf, STORE_KINDS, storeSuiteOptions, type TestApi } from '../../testing/stores';

const breach = {
  agreementId: 'SLA-2026-001',
  targetId: 'availability',
  period: { from: '2026-02-28T16:00:00+00:00', to: '2026-03-31T16:00:00Z' },
  measured: 99.72,
  objective: 99.9,
  badIntervals: [{ from: '2026-03-07T02:00:00Z', to: '2026-03-07T03:30:00Z' }],
};

for (const kind of STORE_KINDS) {
  describe(`breaches resource [${kind}]`, storeSuiteOptions(kind), () => {
    let api: TestApi;
    before(async () => {
      api = await createTestApi(kind);
    });
    after(() => api?.dispose());

    const record = (body: unknown, extra: Record<string, unknown> = {}) =>
      api.request({ method: 'POST', url: '/api/v1/breaches', body, permission: 'monitor', ...extra });
    const rows = async () => Number((await sql<{ n: string }>`select count(*) as n from breaches`.execute(api.store.db)).rows[0].n);
    let id = '';

    it('records a breach once per agreement, target and period (monitor permission)', async () => {
      const forbidden = await record(breach, { permission: 'manage' });
      assert.equal(forbidden.statusCode, 403);
      const res = await record(breach);
      assert.equal(res.statusCode, 201, res.body);
      const created = res.json();
      id = created.id;
      assert.equal(created.status, 'open');
      assert.equal(created.period.from, '2026-02-28T16:00:00.000Z');
      assert.deepEqual([created.measured, created.objective, created.report, created.notified, created.improvementPlanIds], [99.72, 99.9, null, [], []]);
      const again = await record({ ...breach, measured: 99.5, period: { ...breach.period, from: '2026-03-01T00:00:00+08:00' } });
      assert.equal(again.statusCode, 200, 'the same period start (another spelling) is the same breach');
      assert.equal(again.json().id, id);
      assert.equal(again.json().measured, 99.72, 'a repeat changes nothing');
      assert.equal(await rows(), 1);
      const concurrent = await Promise.all([1, 2, 3].map(() => record({ ...breach, targetId: 'latency' })));
      assert.deepEqual(concurrent.map((r) => r.statusCode).sort(), [200, 200, 201]);
      assert.equal(await rows(), 2);
      for (const bad of [
        { ...breach, objective: 100 },
        { ...breach, period: { from: breach.period.to, to: breach.period.from } },
        { ...breach, period: { from: '2026-03-01', to: '2026-04-01' } },
        { ...breach, status: 'resolved' },
      ]) {
        assert.equal((await record(bad)).statusCode, 400, JSON.stringify(bad));
      }
    });

    it('acknowledge then resolve, each with If-Match; illegal transitions are 409 and change nothing', async () => {
      const act = (action: string, version: string | undefined, permission = 'monitor') =>
        api.request({ method: 'POST', url: `/api/v1/breaches/${id}/${action}`, permission, headers: version ? { 'if-match': version } : {} });
      assert.equal((await act('acknowledge', undefined)).statusCode, 428);
      assert.equal((await act('acknowledge', '1', 'manage')).statusCode, 403);
      const early = await act('resolve', '1');
      assert.equal(early.statusCode, 409);
      assert.equal(errorOf(early).details.reason, 'illegal_transition');
      const ack = await act('acknowledge', '1');
      assert.equal(ack.statusCode, 200, ack.body);
      assert.deepEqual([ack.json().status, ack.json().acknowledgedBy, ack.json().version], ['acknowledged', 'alice', 2]);
      assert.equal((await act('acknowledge', '2')).statusCode, 409);
      assert.equal((await act('resolve', '1')).statusCode, 409, 'stale version');
      const resolved = await act('resolve', '2');
      assert.equal(resolved.statusCode, 200);
      assert.equal(resolved.json().status, 'resolved');
      assert.ok(resolved.json().resolvedAt);
      for (const action of ['acknowledge', 'resolve']) {
        assert.equal(errorOf(await act(action, '3')).code, 'conflict');
      }
      const withBody = await api.request({ method: 'POST', url: `/api/v1/breaches/${id}/acknowledge`, permission: 'monitor', body: { force: true }, headers: { 'if-match': '3' } });
      assert.equal(withBody.statusCode, 400);
      assert.equal((await api.request({ url: `/api/v1/breaches/${id}` })).json().version, 3);
    });

    it('PATCH sets the report and linked plans (monitor, If-Match, plans must exist)', async () => {
      const patch = (body: unknown, version: string) =>
        api.request({ method: 'PATCH', url: `/api/v1/breaches/${id}`, permission: 'monitor', body, headers: { 'if-match': version } });
      const report = { summary: 'Mail outage during storage failover', rootCause: 'SAN firmware', actions: ['upgrade firmware'] };
      const ok = await patch({ report }, '3');
      assert.equal(ok.statusCode, 200, ok.body);
      assert.deepEqual(ok.json().report, { ...report, impact: '' });
      assert.equal((await patch({}, '4')).statusCode, 400);
      assert.equal((await patch({ report: { summary: 'x', colour: 1 } }, '4')).statusCode, 400);
      assert.equal((await patch({ improvementPlanIds: ['PLAN-404'] }, '4')).statusCode, 400);
      assert.equal((await api.request({ method: 'POST', url: '/api/v1/plans', body: { id: 'PLAN-1', title: 'Storage', owner: 'it-operations' } })).statusCode, 201);
      const linked = await patch({ improvementPlanIds: ['PLAN-1'] }, '4');
      assert.equal(linked.statusCode, 200);
      assert.deepEqual(linked.json().improvementPlanIds, ['PLAN-1']);
      assert.deepEqual(linked.json().report, { ...report, impact: '' }, 'fields not given stay');
      const assigned = await patch({ assignee: 'bob' }, '5');
      assert.equal(assigned.statusCode, 200, assigned.body);
      assert.deepEqual([assigned.json().assignee, assigned.json().improvementPlanIds], ['bob', ['PLAN-1']]);
      assert.equal((await patch({ assignee: '' }, '6')).statusCode, 400);
      assert.equal((await patch({ assignee: null }, '6')).json().assignee, null);
    });

    it('lists with status, agreement, target, severity and type filters, newest first', async () => {
      const ids = async (qs: string) => (await api.request({ url: `/api/v1/breaches${qs}` })).json().items.map((b: { targetId: string }) => b.targetId);
      assert.deepEqual(await ids(''), ['latency', 'availability'], 'same period: the later record first');
      assert.deepEqual(await ids('?severity=breached'), ['latency', 'availability'], 'a manual record is a breach');
      assert.deepEqual(await ids('?severity=at_risk'), []);
      assert.deepEqual(await ids('?type=SLA'), [], 'the agreement is not in the registry: no type known');
      assert.equal((await api.request({ url: '/api/v1/breaches?severity=minor' })).statusCode, 400);
      assert.deepEqual(await ids('?status=open'), ['latency']);
      assert.deepEqual(await ids('?status=resolved&agreement=SLA-2026-001'), ['availability']);
      assert.deepEqual(await ids('?agreement=OLA-1'), []);
      assert.deepEqual(await ids('?target=latency'), ['latency']);
      assert.deepEqual(await ids('?status=open,resolved'), ['latency', 'availability'], 'several statuses');
      assert.deepEqual(await ids('?status=open,acknowledged'), ['latency']);
      assert.equal((await api.request({ url: '/api/v1/breaches?status=closed' })).statusCode, 400);
      assert.equal((await api.request({ url: '/api/v1/breaches?status=open,closed' })).statusCode, 400);
      assert.equal((await api.request({ url: '/api/v1/breaches/nope' })).statusCode, 404);
    });
  });
}
