/** Reviews scheduled from the agreements' review cadence, on both stores: due periods in the agreement's zone, grouped per service and cadence, idempotent. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertActiveAgreements } from '../../monitor/testing';
import { createTestApi, STORE_KINDS, storeSuiteOptions, type TestApi } from '../../testing/stores';
import { agreementFromYaml, agreementToYaml } from '../agreements/yaml';
import { QUARTER_DOCS, quarterDoc } from './testing';

for (const kind of STORE_KINDS) {
  describe(`review scheduling [${kind}]`, storeSuiteOptions(kind), () => {
    let api: TestApi;
    before(async () => {
      api = await createTestApi(kind);
      // SLA-D has no review cadence: it is never scheduled.
      await insertActiveAgreements(api.store, 1, [...QUARTER_DOCS, quarterDoc('SLA-D', 'd')]);
    });
    after(() => api?.dispose());

    const schedule = (asOf: string, extra: Record<string, unknown> = {}) =>
      api.request({ method: 'POST', url: '/api/v1/reviews/schedule', body: { asOf }, ...extra });
    const all = async () => (await api.request({ url: '/api/v1/reviews?limit=100' })).json().items as any[];

    it("creates the reviews due in the agreements' time zone, one per service and cadence", async () => {
      // 01:00 on 1 April in Shanghai: March and the first quarter have ended there.
      const res = await schedule('2026-03-31T17:00:00Z');
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), { created: ['REV-mail-2026-03', 'REV-mail-2026-Q1'], existing: [] });
      const byId = new Map((await all()).map((r) => [r.id, r]));
      const quarterly = byId.get('REV-mail-2026-Q1');
      assert.deepEqual([quarterly.period, quarterly.scope.agreements, quarterly.participants, quarterly.status], [{ from: '2026-01-01', to: '2026-03-31' }, ['SLA-A'], ['alice'], 'scheduled']);
      const monthly = byId.get('REV-mail-2026-03');
      assert.deepEqual([monthly.period, monthly.scope.agreements, monthly.participants], [{ from: '2026-03-01', to: '2026-03-31' }, ['OLA-C', 'SLA-B'], ['carol', 'bob']]);
      assert.match(monthly.title, /^Monthly service level review — mail — 2026-03$/);
      const audit = (await api.request({ url: '/api/v1/audit?resource=review&limit=10' })).json().items;
      assert.equal(audit.filter((e: any) => e.action === 'create').length, 2);
    });

    it('is idempotent: scheduling again creates nothing; an hour earlier (still March in Shanghai) February is due', async () => {
      const again = await schedule('2026-04-10T00:00:00+08:00');
      assert.deepEqual(again.json(), { created: [], existing: ['REV-mail-2026-03', 'REV-mail-2026-Q1'] });
      const earlier = await schedule('2026-03-31T15:00:00Z');
      assert.deepEqual(earlier.json(), { created: ['REV-mail-2025-Q4', 'REV-mail-2026-02'], existing: [] });
      assert.equal((await all()).length, 4);
    });

    it('refuses bad bodies and callers without manage', async () => {
      for (const body of [{ asOf: 'yesterday' }, { asOf: '2026-04-01T00:00:00Z', extra: 1 }, [], 'x']) {
        const res = await api.request({ method: 'POST', url: '/api/v1/reviews/schedule', body });
        assert.equal(res.statusCode, 400, JSON.stringify(body));
      }
      assert.equal((await schedule('2026-07-01T00:00:00Z', { permission: 'read' })).statusCode, 403);
      assert.equal((await all()).length, 4);
      const none = await api.request({ method: 'POST', url: '/api/v1/reviews/schedule' });
      assert.equal(none.statusCode, 200, 'no body: as of now');
    });

    it('keeps spec.review through YAML export and import', () => {
      const parsed = agreementFromYaml(agreementToYaml(QUARTER_DOCS[1] as never));
      assert.ok(parsed.ok);
      assert.deepEqual(parsed.agreement.spec.review, { cadence: 'month', participants: ['bob'] });
    });
  });
}
