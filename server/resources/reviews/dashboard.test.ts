/**
 * POST /reviews/:id/dashboard on both stores, against the Grafana stand-in's dashboard API: the
 * folder is created once, the dashboard saved with the documented body and updated in place
 * (stable uid) when generated again; Grafana's failures come back as 4xx.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GrafanaStandIn } from '../../../tests/support/grafanaStandIn';
import { installDashboardsApi } from '../../../tests/support/grafanaStandIn/dashboards';
import { reviewDashboardUid, SLA_STATUS_PANEL } from '../../grafana/dashboards';
import { createGrafanaTestApi } from '../../grafana/testing';
import { insertActiveAgreements } from '../../monitor/testing';
import { errorOf, STORE_KINDS, storeSuiteOptions, type TestApi } from '../../testing/stores';
import { QUARTER_DOCS } from './testing';

const TOKEN = 'glsa_dashboards';

for (const kind of STORE_KINDS) {
  describe(`review dashboard [${kind}]`, storeSuiteOptions(kind), () => {
    let api: TestApi;
    let standIn: GrafanaStandIn;
    let grafana: ReturnType<typeof installDashboardsApi>;

    before(async () => {
      standIn = await new GrafanaStandIn({ tokens: [TOKEN] }).start();
      grafana = installDashboardsApi(standIn);
      api = await createGrafanaTestApi(kind, { env: { SLM_GRAFANA_URL: standIn.url, SLM_GRAFANA_TOKEN: TOKEN } });
      await insertActiveAgreements(api.store, 1, QUARTER_DOCS);
      const res = await api.request({ method: 'POST', url: '/api/v1/reviews', body: { id: 'R-Q1', title: 'Q1 — mail', scope: { services: ['mail'] }, period: { from: '2026-01-01', to: '2026-03-31' } } });
      assert.equal(res.statusCode, 201, res.body);
    });
    after(async () => {
      await api?.dispose();
      await standIn?.stop();
    });

    const generate = (id = 'R-Q1', extra: Record<string, unknown> = {}) => api.request({ method: 'POST', url: `/api/v1/reviews/${id}/dashboard`, ...extra });

    it('creates the folder and the dashboard with the documented body', async () => {
      const res = await generate();
      assert.equal(res.statusCode, 200, res.body);
      const uid = reviewDashboardUid(1, 'R-Q1');
      assert.deepEqual(res.json(), {
        reviewId: 'R-Q1',
        uid,
        url: res.json().url,
        version: 1,
        folderUid: 'slm',
        agreements: ['OLA-C', 'SLA-A', 'SLA-B'],
        panels: 4,
      });
      assert.match(res.json().url, new RegExp(`^/d/${uid}/`));
      assert.deepEqual([...grafana.folders.keys()], ['slm']);
      const [save] = standIn.calls('/api/dashboards/db', 'POST');
      assert.deepEqual(Object.keys(save.body as object).sort(), ['dashboard', 'folderUid', 'message', 'overwrite']);
      assert.equal(save.headers.authorization, `Bearer ${TOKEN}`);
      const stored = grafana.dashboards.get(uid)!;
      assert.equal(stored.folderUid, 'slm');
      const types = stored.dashboard.panels.map((p: any) => [p.type, p.options.mode, p.options.agreementId]);
      assert.deepEqual(types, [
        [SLA_STATUS_PANEL, 'kpi', ''],
        [SLA_STATUS_PANEL, 'target', 'OLA-C'],
        [SLA_STATUS_PANEL, 'target', 'SLA-A'],
        [SLA_STATUS_PANEL, 'target', 'SLA-B'],
      ]);
      assert.ok(stored.dashboard.annotations.list.some((a: any) => a.target?.tags.includes('slm-breach')));
      const audit = (await api.request({ url: '/api/v1/audit?resource=review&limit=1' })).json().items[0];
      assert.deepEqual([audit.action, audit.resourceId, audit.after.uid], ['dashboard', 'R-Q1', uid]);
    });

    it('updates the same dashboard when generated again, following the scope', async () => {
      const review = (await api.request({ url: '/api/v1/reviews/R-Q1' })).json();
      const { version, createdAt, createdBy, updatedAt, updatedBy, ...content } = review;
      const put = await api.request({ method: 'PUT', url: '/api/v1/reviews/R-Q1', headers: { 'if-match': String(version) }, body: { ...content, scope: { services: [], parties: [], agreements: ['SLA-B'] } } });
      assert.equal(put.statusCode, 200, put.body);
      const res = await generate();
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual([res.json().version, res.json().agreements, res.json().panels], [2, ['SLA-B'], 2]);
      assert.equal(grafana.dashboards.size, 1);
      assert.equal(standIn.calls('/api/folders', 'POST').length, 1, 'the folder is created once');
    });

    it('refuses unknown reviews, bad bodies and read-only callers before calling Grafana', async () => {
      const before = standIn.requests.length;
      assert.equal((await generate('R-NONE')).statusCode, 404);
      assert.equal((await generate('R-Q1', { body: { overwrite: false } })).statusCode, 400);
      assert.equal((await generate('R-Q1', { permission: 'read' })).statusCode, 403);
      assert.equal(standIn.requests.length, before);
    });

    it("answers Grafana's refusals and outages with a 4xx", async () => {
      standIn.tokens.delete(TOKEN);
      const rejected = await generate();
      assert.equal(rejected.statusCode, 422);
      assert.equal(errorOf(rejected).code, 'grafana_token_rejected');
      standIn.tokens.add(TOKEN);
      await standIn.stop();
      const down = await generate();
      assert.equal(down.statusCode, 424);
      assert.equal(errorOf(down).code, 'grafana_unreachable');
    });
  });
}
