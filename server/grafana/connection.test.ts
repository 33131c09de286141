import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { GrafanaStandIn } from '../../tests/support/grafanaStandIn';
import { installServiceAccountsApi } from '../../tests/support/grafanaStandIn/serviceAccounts';
import { errorOf, STORE_KINDS, storeSuiteOptions, TEST_SECRET, type TestApi } from '../testing/stores';
import { ConnectionSecretError, grafanaTargetsFrom, openToken, sealToken, type TargetProblem } from './connection';
import { createGrafanaTestApi } from './testing';

describe('token sealing', () => {
  it('round-trips with the same secret and refuses another secret with the reconnect advice', () => {
    const sealed = sealToken('glsa_abc', 'secret-one-0123456789');
    assert.notEqual(sealed.ciphertext, Buffer.from('glsa_abc').toString('base64'));
    assert.equal(openToken(sealed, 'secret-one-0123456789', 1), 'glsa_abc');
    assert.throws(
      () => openToken(sealed, 'secret-two-0123456789', 7),
      (err: Error) => {
        assert.ok(err instanceof ConnectionSecretError);
        assert.match(err.message, /organisation 7/);
        assert.match(err.message, /reconnect monitoring/);
        return true;
      }
    );
    const tampered = { ...sealed, ciphertext: Buffer.from('glsa_xyz').toString('base64') };
    assert.throws(() => openToken(tampered, 'secret-one-0123456789', 1), ConnectionSecretError);
  });

  it('uses a fresh IV each time', () => {
    const [a, b] = [sealToken('glsa_same', 's'), sealToken('glsa_same', 's')];
    assert.notEqual(a.iv, b.iv);
    assert.notEqual(a.ciphertext, b.ciphertext);
  });
});

for (const kind of STORE_KINDS) {
  describe(`monitoring connection [${kind}]`, storeSuiteOptions(kind), () => {
    let api: TestApi;
    let grafana: GrafanaStandIn;
    let accounts: ReturnType<typeof installServiceAccountsApi>;
    before(async () => {
      grafana = await new GrafanaStandIn().start();
      accounts = installServiceAccountsApi(grafana);
      api = await createGrafanaTestApi(kind, { env: {} });
    });
    after(async () => {
      await api?.dispose();
      await grafana?.stop();
    });

    const put = (body: unknown, version: string | undefined, extra: Record<string, unknown> = {}) =>
      api.request({
        method: 'PUT',
        url: '/api/v1/monitoring/connection',
        body,
        permission: 'own',
        headers: version === undefined ? {} : { 'if-match': version },
        ...extra,
      });
    const get = (org?: number) => api.request({ url: '/api/v1/monitoring/connection', org });
    const stored = async () =>
      Number((await sql<{ n: string }>`select count(*) as n from grafana_connections`.execute(api.store.db)).rows[0].n);

    it('reports no connection before one is made', async () => {
      const res = await get();
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json(), {
        connected: false,
        grafanaUrl: null,
        serviceAccountId: null,
        connectedBy: null,
        connectedAt: null,
        source: null,
        version: 0,
        problem: null,
      });
      assert.equal(res.headers.etag, '"0"');
    });

    it('refuses a token Grafana rejects, a Grafana it cannot reach, a missing If-Match and a lesser permission; stores nothing', async () => {
      const body = { grafanaUrl: grafana.url, token: 'glsa_revoked', serviceAccountId: 3 };
      assert.equal((await put(body, undefined)).statusCode, 428);
      assert.equal((await put(body, '0', { permission: 'manage' })).statusCode, 403);
      const rejected = await put(body, '0');
      assert.equal(rejected.statusCode, 422, rejected.body);
      assert.equal(errorOf(rejected).code, 'grafana_token_rejected');
      assert.match(errorOf(rejected).message, /refused the service account token \(HTTP 401\)/);
      const check = grafana.calls('/api/search', 'GET').at(-1);
      assert.equal(check?.headers.authorization, 'Bearer glsa_revoked', 'the token itself was checked with Grafana');

      const closed = await put({ ...body, grafanaUrl: 'http://127.0.0.1:9' }, '0');
      assert.equal(closed.statusCode, 424, closed.body);
      assert.equal(errorOf(closed).code, 'grafana_unreachable');
      assert.match(errorOf(closed).message, /cannot reach Grafana at http:\/\/127\.0\.0\.1:9.*http:\/\/grafana:3000/);

      const invalid = await put({ ...body, grafanaUrl: 'grafana:3000', token: '' }, '0');
      assert.equal(invalid.statusCode, 400);
      assert.deepEqual((errorOf(invalid).details.issues as Array<{ path: string }>).map((i) => i.path).sort(), [
        'grafanaUrl',
        'token',
      ]);
      assert.equal(await stored(), 0);
    });

    it('stores a verified token encrypted, answers without it and audits without it', async () => {
      const { token, serviceAccountId } = accounts.issue();
      const res = await put({ grafanaUrl: `${grafana.url}/`, token, serviceAccountId }, '0');
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.connected, true);
      assert.equal(body.grafanaUrl, grafana.url, 'trailing slash dropped');
      assert.deepEqual(
        [body.serviceAccountId, body.connectedBy, body.source, body.version, body.problem],
        [serviceAccountId, 'alice', 'connection', 1, null]
      );
      assert.equal(res.headers.etag, '"1"');
      assert.ok(!res.body.includes(token));

      const row = await api.store.db.selectFrom('grafana_connections').selectAll().executeTakeFirstOrThrow();
      assert.ok(!JSON.stringify(row).includes(token), 'no clear token in the database');
      assert.ok(!JSON.stringify(row).includes(Buffer.from(token).toString('base64')));
      const audit = (await api.request({ url: '/api/v1/audit?resource=monitoring_connection' })).json();
      assert.equal(audit.items.length, 1);
      assert.equal(audit.items[0].action, 'create');
      assert.ok(!JSON.stringify(audit.items).includes(token), 'no token in the audit log');
      assert.deepEqual((await get()).json(), body);

      const targets = await grafanaTargetsFrom(api.store, TEST_SECRET, {});
      assert.deepEqual(targets, [{ url: grafana.url, token, orgId: 1, source: 'connection' }]);
    });

    it('replaces the connection only with the current version', async () => {
      const { token, serviceAccountId } = accounts.issue('slm-engine-2');
      const stale = await put({ grafanaUrl: grafana.url, token, serviceAccountId }, '0');
      assert.equal(stale.statusCode, 409);
      assert.equal(errorOf(stale).code, 'version_conflict');
      const res = await put({ grafanaUrl: grafana.url, token, serviceAccountId }, '1');
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().version, 2);
      assert.equal((await grafanaTargetsFrom(api.store, TEST_SECRET, {}))[0].token, token);
    });

    it('a changed shared secret leaves the organisation out with a clear problem instead of crashing', async () => {
      const problems: TargetProblem[] = [];
      const targets = await grafanaTargetsFrom(api.store, 'another-secret-0123456789', {}, (p) => problems.push(p));
      assert.deepEqual(targets, []);
      assert.equal(problems.length, 1);
      assert.equal(problems[0].orgId, 1);
      assert.match(problems[0].error.message, /reconnect monitoring from the app configuration page/);
    });

    it('the environment gives organisation 1 a target only while no connection is stored for it', async () => {
      const env = { SLM_GRAFANA_URL: 'http://grafana:3000', SLM_GRAFANA_TOKEN: 'glsa_env' };
      const withStored = await grafanaTargetsFrom(api.store, TEST_SECRET, env);
      assert.equal(withStored.length, 1);
      assert.notEqual(withStored[0].token, 'glsa_env', 'the stored connection wins');

      const { token, serviceAccountId } = accounts.issue('slm-engine-org2');
      const org2 = await put({ grafanaUrl: grafana.url, token, serviceAccountId }, '0', { org: 2 });
      assert.equal(org2.statusCode, 200, org2.body);

      const del = await api.request({
        method: 'DELETE',
        url: '/api/v1/monitoring/connection',
        permission: 'own',
        headers: { 'if-match': '2' },
      });
      assert.equal(del.statusCode, 204, del.body);
      assert.deepEqual(await grafanaTargetsFrom(api.store, TEST_SECRET, env), [
        { url: 'http://grafana:3000', token: 'glsa_env', orgId: 1, source: 'environment' },
        { url: grafana.url, token, orgId: 2, source: 'connection' },
      ]);
      assert.deepEqual(
        await grafanaTargetsFrom(api.store, TEST_SECRET, { SLM_GRAFANA_URL: 'http://grafana:3000' }),
        [{ url: grafana.url, token, orgId: 2, source: 'connection' }],
        'URL without token: no target'
      );
    });

    it('GET names the environment as the source when only the environment connects', async () => {
      const envApi = await createGrafanaTestApi(kind, {
        env: { SLM_GRAFANA_URL: 'http://grafana:3000', SLM_GRAFANA_TOKEN: 'glsa_env' },
      });
      try {
        const res = (await envApi.request({ url: '/api/v1/monitoring/connection' })).json();
        assert.deepEqual(
          [res.connected, res.source, res.grafanaUrl, res.version],
          [true, 'environment', 'http://grafana:3000', 0]
        );
        assert.ok(!JSON.stringify(res).includes('glsa_env'));
        const org2 = (await envApi.request({ url: '/api/v1/monitoring/connection', org: 2 })).json();
        assert.equal(org2.connected, false, 'the environment connects organisation 1 only');
      } finally {
        await envApi.dispose();
      }
    });

    it('DELETE forgets the connection, audits it, and answers 404 when there is none', async () => {
      const del = await api.request({
        method: 'DELETE',
        url: '/api/v1/monitoring/connection',
        permission: 'own',
        org: 2,
        headers: { 'if-match': '1' },
      });
      assert.equal(del.statusCode, 204, del.body);
      assert.equal((await get(2)).json().connected, false);
      const again = await api.request({
        method: 'DELETE',
        url: '/api/v1/monitoring/connection',
        permission: 'own',
        org: 2,
        headers: { 'if-match': '0' },
      });
      assert.equal(again.statusCode, 404);
      const audit = (await api.request({ url: '/api/v1/audit?resource=monitoring_connection', org: 2 })).json();
      assert.deepEqual(
        audit.items.map((i: { action: string }) => i.action),
        ['delete', 'create']
      );
      assert.equal(audit.items[0].after, null);
    });
  });
}
