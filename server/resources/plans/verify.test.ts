/**
 * Improvement plan effect verification on both stores, from a quarter of history the monitor
 * itself stored: SLA-B breached in January and February; a plan completed on 20 February is
 * verified with January before and March after, equal to the evaluator over those months; and
 * the overdue filter.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { evaluateTarget, type Agreement } from '../../../src/domain';
import { createTestApi, errorOf, STORE_KINDS, storeSuiteOptions, type TestApi } from '../../testing/stores';
import { FEB, H, JAN, MAR, monitorFirstQuarter, seriesOf, sh } from '../reviews/testing';

const iso = (t: number) => new Date(t).toISOString();

const plan = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  title: `Plan ${id}`,
  goal: { agreementId: 'SLA-B', targetId: 'availability', objective: 99.95, by: '2026-03-31' },
  owner: 'it-operations',
  dueDate: '2026-03-31',
  ...extra,
});

for (const kind of STORE_KINDS) {
  describe(`improvement plan verification [${kind}]`, storeSuiteOptions(kind), () => {
    let api: TestApi;
    let slaB: Agreement;
    before(async () => {
      api = await createTestApi(kind);
      slaB = (await monitorFirstQuarter(api.store)).find((d) => d.metadata.id === 'SLA-B')!;
    });
    after(() => api?.dispose());

    const compliance = (month: { from: number; to: number }) => {
      const target = slaB.spec.targets[0];
      return evaluateTarget(slaB.spec, target, seriesOf(slaB, 'availability', month.from - H, month.to + H), month, month.to).compliance;
    };
    const verify = (id: string, version: number, body?: unknown) =>
      api.request({ method: 'POST', url: `/api/v1/plans/${id}/verify`, headers: { 'if-match': String(version) }, ...(body ? { body } : {}) });

    it('compares the periods before and after completion and tells whether the goal was reached', async () => {
      assert.equal((await api.request({ method: 'POST', url: '/api/v1/plans', body: plan('P-1') })).statusCode, 201);
      const res = await verify('P-1', 1, { completedAt: '2026-02-20T00:00:00+08:00' });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().version, 2);
      const v = res.json().verification;
      assert.equal(v.kind, 'slm-plan-verification');
      assert.equal(v.pivot, iso(sh(2, 20)));
      // February straddles the completion: neither side.
      assert.deepEqual(v.before.periods.map((p: any) => p.from), [iso(JAN.from)]);
      assert.deepEqual(v.after.periods.map((p: any) => p.from), [iso(MAR.from)]);
      assert.equal(v.before.compliance, compliance(JAN));
      assert.equal(v.after.compliance, compliance(MAR));
      assert.ok(compliance(JAN)! < 99.9 && compliance(MAR) === 100);
      assert.deepEqual([v.improved, v.goalReached, v.level, v.by], [true, true, 99.95, '2026-03-31']);
      assert.deepEqual(v.judgedOn, { from: iso(MAR.from), to: iso(MAR.to) });
      const audit = (await api.request({ url: '/api/v1/audit?resource=plan&limit=1' })).json().items[0];
      assert.equal(audit.action, 'verify');
    });

    it('takes the completion from the move to done; completed after the goal date without a settled period since, the goal is not reached', async () => {
      const body = plan('P-2', { goal: { agreementId: 'SLA-B', targetId: 'availability', by: '2026-02-28' } });
      await api.request({ method: 'POST', url: '/api/v1/plans', body });
      const done = await api.request({ method: 'PUT', url: '/api/v1/plans/P-2', headers: { 'if-match': '1' }, body: { ...body, status: 'done' } });
      assert.equal(done.statusCode, 200, done.body);
      const moved = (await api.request({ url: '/api/v1/audit?resource=plan&limit=1' })).json().items[0];
      assert.deepEqual([moved.resourceId, moved.after.status], ['P-2', 'done']);
      const res = await verify('P-2', 2);
      assert.equal(res.statusCode, 200, res.body);
      const v = res.json().verification;
      assert.equal(Date.parse(v.completedAt), Date.parse(moved.at), 'the time of the move to done');
      assert.equal(v.pivot, v.completedAt);
      // Completed now, long after the quarter: its three months are the "before" side.
      assert.deepEqual(v.before.periods.map((p: any) => p.from), [JAN, FEB, MAR].map((m) => iso(m.from)));
      assert.equal(v.before.compliance, compliance({ from: JAN.from, to: MAR.to }));
      assert.equal(v.after, null);
      // The goal level defaults to the target objective.
      assert.deepEqual([v.level, v.goalReached, v.judgedOn, v.improved], [99.9, false, null, null]);
    });

    it('refuses plans without a goal target, stale versions and bad bodies', async () => {
      await api.request({ method: 'POST', url: '/api/v1/plans', body: { id: 'P-3', title: 'No goal', owner: 'x' } });
      const none = await verify('P-3', 1);
      assert.equal(none.statusCode, 409, none.body);
      assert.equal(errorOf(none).details.reason, 'no_goal_target');
      assert.equal((await verify('P-1', 1)).statusCode, 409, 'stale If-Match');
      assert.equal((await verify('P-1', 2, { completedAt: 'soon' })).statusCode, 400);
      assert.equal((await verify('P-404', 1)).statusCode, 404);
      assert.equal((await api.request({ method: 'POST', url: '/api/v1/plans/P-1/verify' })).statusCode, 428);
    });

    it('lists overdue plans: due date past and neither done nor cancelled', async () => {
      for (const [id, dueDate, status] of [
        ['O-late', '2020-01-31', 'in_progress'],
        ['O-late-planned', '2020-02-01', 'planned'],
        ['O-done', '2020-01-31', 'done'],
        ['O-cancelled', '2020-01-31', 'cancelled'],
        ['O-future', '2999-12-31', 'planned'],
        ['O-undated', null, 'planned'],
      ] as const) {
        const res = await api.request({ method: 'POST', url: '/api/v1/plans', body: { id, title: id, owner: 'ops', dueDate, status } });
        assert.equal(res.statusCode, 201, res.body);
      }
      const ids = async (qs: string) => (await api.request({ url: `/api/v1/plans${qs}&limit=100` })).json().items.map((p: any) => p.id).filter((id: string) => id.startsWith('O-'));
      assert.deepEqual(await ids('?overdue=true'), ['O-late', 'O-late-planned']);
      assert.deepEqual(await ids('?overdue=false'), ['O-cancelled', 'O-done', 'O-future', 'O-undated']);
      assert.equal((await api.request({ url: '/api/v1/plans?overdue=yes' })).statusCode, 400);
    });
  });
}
