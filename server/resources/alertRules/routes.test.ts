import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GrafanaStandIn } from '../../../tests/support/grafanaStandIn';
import { installAlertingApi } from '../../../tests/support/grafanaStandIn/alerting';
import { activeAgreement, createGrafanaTestApi } from '../../grafana/testing';
import { errorOf, STORE_KINDS, storeSuiteOptions, type TestApi } from '../../testing/stores';
import { agreementDoc, seedReferences } from '../agreements/fixtures';

const TOKEN = 'glsa_alerting';

for (const kind of STORE_KINDS) {
  describe(`alert rules [${kind}]`, storeSuiteOptions(kind), () => {
    let api: TestApi;
    let grafana: GrafanaStandIn;
    let alerting: ReturnType<typeof installAlertingApi>;
    before(async () => {
      grafana = await new GrafanaStandIn({
        tokens: [TOKEN],
        datasources: { prometheus: 'http://127.0.0.1:9', 'engine-metrics': 'http://127.0.0.1:9' },
      }).start();
      alerting = installAlertingApi(grafana, { defaultInterval: 10 });
      api = await createGrafanaTestApi(kind, {
        env: { SLM_GRAFANA_URL: grafana.url, SLM_GRAFANA_TOKEN: TOKEN, SLM_METRICS_DATASOURCE: 'engine-metrics' },
      });
      await seedReferences(api);
      const party = await api.request({
        method: 'PUT',
        url: '/api/v1/parties/it-operations',
        body: {
          name: 'IT Operations',
          kind: 'internal',
          contacts: [{ name: 'On call', grafanaContactPoint: 'it-ops-pager' }],
        },
        headers: { 'if-match': '1' },
      });
      assert.equal(party.statusCode, 200, party.body);
      await activeAgreement(api, agreementDoc('SLA-2026-001', 'SLA'));
    });
    after(async () => {
      await api?.dispose();
      await grafana?.stop();
    });

    const provision = (id = 'SLA-2026-001', extra: Record<string, unknown> = {}) =>
      api.request({ method: 'POST', url: `/api/v1/alert-rules/${id}`, permission: 'monitor', ...extra });
    const ruleWrites = () =>
      grafana.requests.filter((r) => r.path.startsWith('/api/v1/provisioning/alert-rules') && r.method !== 'GET');

    it('creates the folder, then every rule through the provisioning API, accepted as Grafana documents them', async () => {
      assert.equal((await provision('SLA-2026-001', { permission: 'manage' })).statusCode, 403);
      const res = await provision();
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.folderUid, 'slm');
      assert.equal(body.ruleGroup, 'SLA-2026-001');
      assert.equal(body.rules.length, 4, 'three burn-rate rules and the breach rule');
      assert.deepEqual(
        body.rules.map((r: { kind: string }) => r.kind),
        ['burn_rate', 'burn_rate', 'burn_rate', 'breach']
      );

      assert.deepEqual(
        grafana.calls('/api/folders', 'POST').map((r) => r.body),
        [{ uid: 'slm', title: 'Service Level Management' }]
      );
      const posts = ruleWrites();
      assert.equal(posts.length, 4);
      for (const post of posts) {
        assert.equal(post.method, 'POST');
        assert.equal(post.path, '/api/v1/provisioning/alert-rules');
        assert.equal(post.headers['x-disable-provenance'], 'true');
        assert.equal(post.headers.authorization, `Bearer ${TOKEN}`);
        const rule = post.body as Record<string, any>;
        assert.deepEqual(rule.labels.slm_contact_point, 'it-ops-pager');
        assert.deepEqual(rule.labels.slm_party, 'it-operations');
      }
      assert.equal(
        (posts[3].body as { data: Array<{ datasourceUid: string }> }).data[0].datasourceUid,
        'engine-metrics',
        'metrics datasource from SLM_METRICS_DATASOURCE'
      );
      assert.equal(alerting.rules.size, 4);
      assert.equal(alerting.intervals.get('slm/SLA-2026-001'), 60, 'group evaluated every minute');
      assert.equal([...alerting.rules.values()][0].provenance, '', 'editable in Grafana');
    });

    it('is idempotent: a second call updates the same rules (PUT by uid) and creates nothing', async () => {
      const before = ruleWrites().length;
      const res = await provision('SLA-2026-001', {
        url: '/api/v1/alert-rules/SLA-2026-001?metricsDatasource=prometheus',
      });
      assert.equal(res.statusCode, 200, res.body);
      const writes = ruleWrites().slice(before);
      assert.deepEqual(
        writes.map((w) => w.method),
        ['PUT', 'PUT', 'PUT', 'PUT']
      );
      assert.equal(alerting.rules.size, 4);
      assert.equal(grafana.calls('/api/folders', 'POST').length, 1, 'folder created once');
      const breach = [...alerting.rules.values()].find((r) => r.labels.severity === 'breach')!;
      assert.equal(breach.data[0].datasourceUid, 'prometheus', 'the query parameter wins');
    });

    it('lists the rules with Grafana’s evaluation state', async () => {
      const uid = [...alerting.rules.keys()][0];
      alerting.states.set(uid, 'firing');
      const res = await api.request({ url: '/api/v1/alert-rules/SLA-2026-001' });
      assert.equal(res.statusCode, 200, res.body);
      const rules = res.json().rules;
      assert.equal(rules.length, 4);
      assert.equal(rules.find((r: { uid: string }) => r.uid === uid).state, 'firing');
      assert.ok(
        rules.filter((r: { uid: string }) => r.uid !== uid).every((r: { state: string }) => r.state === 'inactive')
      );
    });

    it('refuses unknown and inactive agreements with a clear error, and a Grafana refusal as a 4xx', async () => {
      const missing = await provision('SLA-missing');
      assert.equal(missing.statusCode, 404);
      assert.match(errorOf(missing).message, /agreement "SLA-missing" not found/);

      const created = await api.request({
        method: 'POST',
        url: '/api/v1/agreements',
        body: { document: agreementDoc('SLA-2026-002', 'SLA') },
      });
      assert.equal(created.statusCode, 201, created.body);
      const draft = await provision('SLA-2026-002');
      assert.equal(draft.statusCode, 409);
      assert.equal(errorOf(draft).details.reason, 'not_active');
      assert.match(errorOf(draft).message, /is draft: .*activate it first/);

      const unknownDs = await provision('SLA-2026-001', {
        url: '/api/v1/alert-rules/SLA-2026-001?metricsDatasource=nope',
      });
      assert.equal(unknownDs.statusCode, 424, unknownDs.body);
      assert.equal(errorOf(unknownDs).code, 'grafana_unreachable');
      assert.match(errorOf(unknownDs).message, /data source nope not found/);
    });

    it('DELETE removes every rule of the agreement', async () => {
      const res = await api.request({
        method: 'DELETE',
        url: '/api/v1/alert-rules/SLA-2026-001',
        permission: 'monitor',
      });
      assert.equal(res.statusCode, 204, res.body);
      assert.equal(alerting.rules.size, 0);
      assert.deepEqual((await api.request({ url: '/api/v1/alert-rules/SLA-2026-001' })).json().rules, []);
      const audit = (await api.request({ url: '/api/v1/audit?resource=alert_rules' })).json();
      assert.deepEqual(
        audit.items.map((i: { action: string }) => i.action),
        ['delete', 'provision', 'provision']
      );
    });

    it('answers 409 when monitoring is not connected', async () => {
      const res = await provision('SLA-2026-001', { org: 5 });
      assert.equal(res.statusCode, 409);
      assert.equal(errorOf(res).details.reason, 'monitoring_not_connected');
    });
  });
}
