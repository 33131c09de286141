/**
 * POST /reviews/:id/dashboard on both stores, against the Grafana stand-in's dashboard API: the
 * folder is created once, the dashboard saved with the documented body — valid for Grafana 12/13
 * (schema version, panel ids and grid, our panel plugin, annotations, templating) — and updated
 * in place (stable uid) when generated again; the review remembers it (read-only `dashboard`,
 * a versioned write with its audit row, kept across PUT, allowed on a closed review);
 * Grafana's failures come back as 4xx.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { defaultDashboard } from '@grafana/schema';
import { GrafanaStandIn } from '../../../tests/support/grafanaStandIn';
import { installDashboardsApi, MIN_SCHEMA_VERSION } from '../../../tests/support/grafanaStandIn/dashboards';
import { reviewDashboardUid, SLA_STATUS_PANEL } from '../../grafana/dashboards';
import { createGrafanaTestApi } from '../../grafana/testing';
import { insertActiveAgreements } from '../../monitor/testing';
import { errorOf, STORE_KINDS, storeSuiteOptions, type TestApi } from '../../testing/stores';
import { QUARTER_DOCS, quarterDoc } from './testing';

const TOKEN = 'glsa_dashboards';
/** The nested panel's id as Grafana registers it. */
const PANEL_ID: string = JSON.parse(readFileSync(new URL('../../../src/panels/slastatus/plugin.json', import.meta.url), 'utf8')).id;
/** Grafana 12.0 knows dashboards up to schema version 41; the installed @grafana/schema (13.2) is the newest we build against. */
const GRAFANA_12_0_SCHEMA_VERSION = 41;

/** What Grafana 12 and 13 need of a saved dashboard, beyond what the stand-in refuses outright. */
function assertGrafanaDashboard(d: Record<string, any>, agreements: string[]) {
  assert.ok(Number.isInteger(d.schemaVersion) && d.schemaVersion >= MIN_SCHEMA_VERSION, `schemaVersion ${d.schemaVersion}`);
  assert.ok(d.schemaVersion <= GRAFANA_12_0_SCHEMA_VERSION && d.schemaVersion <= defaultDashboard.schemaVersion!, 'not newer than Grafana 12.0 or 13.2 know');
  // Fields the schema gives defaults for have the schema's type when we set them.
  for (const [key, value] of Object.entries(defaultDashboard)) {
    if (d[key] !== undefined) {
      assert.equal(Array.isArray(d[key]), Array.isArray(value), key);
      assert.equal(typeof d[key], typeof value, key);
    }
  }
  assert.deepEqual(d.templating, { list: [] }, 'no variables: nothing to resolve');
  const ids = d.panels.map((p: any) => p.id);
  assert.equal(new Set(ids).size, ids.length, 'unique panel ids');
  for (const p of d.panels) {
    assert.equal(p.type, PANEL_ID, 'only our nested panel, by its plugin.json id');
    assert.ok(p.gridPos.y >= 0 && p.gridPos.x >= 0 && p.gridPos.x + p.gridPos.w <= 24 && p.gridPos.h > 0, JSON.stringify(p.gridPos));
    assert.ok(p.targets.every((t: any) => typeof t.refId === 'string' && t.datasource?.uid), 'every query has a refId and a datasource');
  }
  const kpi = d.panels.filter((p: any) => p.options.mode === 'kpi');
  assert.equal(kpi.length, 1, 'the KPI panel');
  assert.deepEqual(kpi[0].gridPos, { x: 0, y: 0, w: 24, h: 6 });
  assert.deepEqual(d.panels.filter((p: any) => p.options.mode === 'target').map((p: any) => p.options.agreementId), agreements);
  const builtIn = d.annotations.list.filter((a: any) => a.builtIn === 1);
  assert.equal(builtIn.length, 1, "Grafana's own annotations, once");
  assert.deepEqual(builtIn[0].datasource, { type: 'grafana', uid: '-- Grafana --' });
  const breaches = d.annotations.list.filter((a: any) => a.builtIn !== 1);
  assert.deepEqual(
    breaches.map((a: any) => [a.datasource.uid, a.enable, a.target.type, a.target.matchAny, a.target.tags]),
    agreements.map((id) => ['-- Grafana --', true, 'tags', false, ['slm-breach', `agreement:${id}`]])
  );
  assert.ok(breaches.every((a: any) => typeof a.name === 'string' && a.name && typeof a.iconColor === 'string'));
}

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
      assertGrafanaDashboard(stored.dashboard, ['OLA-C', 'SLA-A', 'SLA-B']);
      // The review remembers it, in a versioned write with its audit row.
      assert.equal(res.headers.etag, '"2"');
      const review = (await api.request({ url: '/api/v1/reviews/R-Q1' })).json();
      assert.equal(review.version, 2);
      assert.deepEqual({ ...review.dashboard, updatedAt: undefined }, { uid, url: res.json().url, version: 1, updatedAt: undefined });
      assert.ok(Math.abs(Date.parse(review.dashboard.updatedAt) - Date.now()) < 60_000);
      const audit = (await api.request({ url: '/api/v1/audit?resource=review&limit=1' })).json().items[0];
      assert.deepEqual([audit.action, audit.resourceId, audit.user, audit.before.dashboard, audit.after.dashboard], ['dashboard', 'R-Q1', 'alice', null, review.dashboard]);
    });

    it('updates the same dashboard when generated again, following the scope', async () => {
      const review = (await api.request({ url: '/api/v1/reviews/R-Q1' })).json();
      const { version, createdAt, createdBy, updatedAt, updatedBy, dashboard: _d, ...content } = review;
      const put = await api.request({ method: 'PUT', url: '/api/v1/reviews/R-Q1', headers: { 'if-match': String(version) }, body: { ...content, scope: { services: [], parties: [], agreements: ['SLA-B'] } } });
      assert.equal(put.statusCode, 200, put.body);
      assert.deepEqual(put.json().dashboard, review.dashboard, 'a PUT without the field keeps it');
      const res = await generate();
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual([res.json().uid, res.json().version, res.json().agreements, res.json().panels], [review.dashboard.uid, 2, ['SLA-B'], 2]);
      assert.equal(grafana.dashboards.size, 1);
      assert.equal(standIn.calls('/api/folders', 'POST').length, 1, 'the folder is created once');
      assertGrafanaDashboard(grafana.dashboards.get(review.dashboard.uid)!.dashboard, ['SLA-B']);
      const after = (await api.request({ url: '/api/v1/reviews/R-Q1' })).json();
      assert.deepEqual([after.version, after.dashboard.uid, after.dashboard.version], [version + 2, review.dashboard.uid, 2]);
      assert.equal(res.headers.etag, `"${after.version}"`);
    });

    it('refuses `dashboard` in POST and PUT bodies with a message naming it', async () => {
      const review = (await api.request({ url: '/api/v1/reviews/R-Q1' })).json();
      const { version, createdAt, createdBy, updatedAt, updatedBy, dashboard, ...content } = review;
      const put = await api.request({ method: 'PUT', url: '/api/v1/reviews/R-Q1', headers: { 'if-match': String(version) }, body: { ...content, dashboard } });
      const post = await api.request({ method: 'POST', url: '/api/v1/reviews', body: { title: 'x', period: { from: '2026-01-01', to: '2026-01-31' }, dashboard: null } });
      for (const res of [put, post]) {
        assert.equal(res.statusCode, 400, res.body);
        const error = errorOf(res);
        assert.equal(error.code, 'validation_failed');
        assert.match(error.message, /dashboard: is read-only/);
        assert.deepEqual((error.details.issues as any[]).map((i) => i.path), ['dashboard']);
      }
      assert.equal((await api.request({ url: '/api/v1/reviews/R-Q1' })).json().version, version, 'nothing written');
    });

    it("publishes a closed review's dashboard from its frozen report, changing nothing but `dashboard`", async () => {
      const created = await api.request({ method: 'POST', url: '/api/v1/reviews', body: { id: 'R-CLOSED', title: 'Closed', scope: { services: ['mail'] }, period: { from: '2026-01-01', to: '2026-03-31' } } });
      const { version, createdAt, createdBy, updatedAt, updatedBy, dashboard: _d, report: _r, ...content } = created.json();
      const closed = await api.request({ method: 'PUT', url: '/api/v1/reviews/R-CLOSED', headers: { 'if-match': String(version) }, body: { ...content, status: 'closed' } });
      assert.equal(closed.statusCode, 200, closed.body);
      // A new agreement of the service after the meeting is not part of what was reviewed.
      await insertActiveAgreements(api.store, 1, [quarterDoc('SLA-E', 'e')]);
      const res = await generate('R-CLOSED');
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json().agreements, ['OLA-C', 'SLA-A', 'SLA-B']);
      const after = (await api.request({ url: '/api/v1/reviews/R-CLOSED' })).json();
      const { dashboard, version: v, updatedAt: u, ...rest } = after;
      const { dashboard: before, version: v0, updatedAt: u0, ...restBefore } = closed.json();
      assert.deepEqual([before, v, dashboard.uid], [null, v0 + 1, res.json().uid]);
      assert.deepEqual(rest, restBefore, 'status, report and the rest unchanged');
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
