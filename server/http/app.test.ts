import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { createTestApi, createTestStore, errorOf, STORE_KINDS, storeSuiteOptions, TEST_SECRET, type TestApi } from '../testing/stores';
import { ENGINE_VERSION } from '../version';
import { buildApp } from './app';

const validService = { key: 'mail', name: 'Mail' };

for (const kind of STORE_KINDS) {
  describe(`HTTP security and error handling [${kind}]`, storeSuiteOptions(kind), () => {
    let api: TestApi;
    before(async () => {
      api = await createTestApi(kind, { bodyLimit: 64 * 1024 });
    });
    after(() => api?.dispose());

    it('answers /healthz and /readyz without credentials', async () => {
      assert.equal((await api.app.inject({ url: '/healthz' })).statusCode, 200);
      const ready = await api.app.inject({ url: '/readyz' });
      assert.equal(ready.statusCode, 200);
      assert.equal(ready.json().database, kind);
    });

    it('401 without the secret, with a wrong one, on known and unknown routes alike', async () => {
      for (const secret of [null, 'wrong', TEST_SECRET + 'x', '']) {
        for (const url of ['/api/v1/info', '/api/v1/services', '/api/v1/no-such-thing']) {
          const res = await api.request({ url, secret });
          assert.equal(res.statusCode, 401, `${url} with secret ${String(secret)}`);
          assert.equal(errorOf(res).code, 'unauthenticated');
        }
      }
      const write = await api.request({ method: 'POST', url: '/api/v1/services', secret: 'wrong', body: validService });
      assert.equal(write.statusCode, 401);
    });

    it('403 when the permission header is missing or unknown', async () => {
      for (const permission of [null, 'admin', '']) {
        const res = await api.request({ url: '/api/v1/info', permission });
        assert.equal(res.statusCode, 403, `permission ${String(permission)}`);
        assert.equal(errorOf(res).code, 'forbidden');
      }
    });

    it('403 for a write with the read permission, naming the permission needed; nothing written', async () => {
      for (const permission of ['read']) {
        const res = await api.request({ method: 'POST', url: '/api/v1/services', permission, body: validService });
        assert.equal(res.statusCode, 403);
        const error = errorOf(res);
        assert.equal(error.code, 'forbidden');
        assert.match(error.message, /manage/);
        assert.equal(error.details.needed, 'manage');
      }
      const list = await api.request({ url: '/api/v1/services' });
      assert.equal(list.json().total, 0);
    });

    it('lets monitor read but not manage, and own do both', async () => {
      assert.equal((await api.request({ url: '/api/v1/services', permission: 'monitor' })).statusCode, 200);
      const monitorWrite = await api.request({ method: 'POST', url: '/api/v1/services', permission: 'monitor', body: validService });
      assert.equal(monitorWrite.statusCode, 403);
      const ownWrite = await api.request({ method: 'POST', url: '/api/v1/services', permission: 'own', body: { key: 'own-made', name: 'x' } });
      assert.equal(ownWrite.statusCode, 201);
    });

    it('refuses a write without X-Grafana-User, naming the Grafana setting to turn on', async () => {
      const res = await api.request({ method: 'POST', url: '/api/v1/services', user: null, body: { key: 'anon', name: 'x' } });
      assert.equal(res.statusCode, 403);
      const error = errorOf(res);
      assert.equal(error.code, 'user_required');
      assert.match(error.message, /send_user_header = true/);
      assert.match(error.message, /\[dataproxy\]/);
      assert.equal((await api.request({ url: '/api/v1/services/anon' })).statusCode, 404);
    });

    it('reads need no user; /info reports the caller as the engine sees it', async () => {
      const res = await api.request({ url: '/api/v1/info', user: null, org: 7, permission: 'monitor' });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json(), {
        name: 'slm-engine',
        version: ENGINE_VERSION,
        apiVersion: 1,
        user: null,
        orgId: 7,
        permission: 'monitor',
      });
      assert.equal((await api.request({ url: '/api/v1/info' })).json().user, 'alice');
      assert.equal((await api.request({ url: '/api/v1/info' })).json().orgId, 1, 'org defaults to 1');
    });

    it('400 for a non-numeric or non-positive org id', async () => {
      for (const org of ['abc', '0', '-1', '1.5', '99999999999']) {
        const res = await api.request({ url: '/api/v1/info', org });
        assert.equal(res.statusCode, 400, `org ${org}`);
        assert.equal(errorOf(res).code, 'bad_request');
      }
    });

    it('404 in the error shape for unknown routes', async () => {
      const res = await api.request({ url: '/api/v1/nothing-here' });
      assert.equal(res.statusCode, 404);
      assert.equal(errorOf(res).code, 'not_found');
      const outside = await api.app.inject({ url: '/nope' });
      assert.equal(outside.statusCode, 404);
      assert.equal(errorOf(outside).code, 'not_found');
    });

    it('400, not 500, for malformed JSON and empty JSON bodies', async () => {
      for (const payload of ['{"key":', '{', 'nul', '{"__proto__":{"x":1}}']) {
        const res = await api.request({ method: 'POST', url: '/api/v1/services', payload });
        assert.equal(res.statusCode, 400, payload);
        errorOf(res);
      }
      const empty = await api.request({
        method: 'POST',
        url: '/api/v1/services',
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(empty.statusCode, 400);
      errorOf(empty);
    });

    it('413 for a body over the limit, 415 for a body that is not JSON', async () => {
      const big = { key: 'big', name: 'x', description: 'x'.repeat(100 * 1024) };
      const tooLarge = await api.request({ method: 'POST', url: '/api/v1/services', body: big });
      assert.equal(tooLarge.statusCode, 413);
      assert.equal(errorOf(tooLarge).code, 'payload_too_large');
      const text = await api.request({ method: 'POST', url: '/api/v1/services', payload: 'key=mail', headers: { 'content-type': 'text/plain' } });
      assert.equal(text.statusCode, 415);
      assert.equal(errorOf(text).code, 'unsupported_media_type');
      const form = await api.request({ method: 'POST', url: '/api/v1/services', payload: 'key=mail', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      assert.equal(form.statusCode, 415);
    });

    it('serves an OpenAPI 3.1 document (read permission) describing the API', async () => {
      assert.equal((await api.request({ url: '/api/v1/openapi.json', secret: null })).statusCode, 401);
      const res = await api.request({ url: '/api/v1/openapi.json' });
      assert.equal(res.statusCode, 200);
      const doc = res.json();
      assert.equal(doc.openapi, '3.1.0');
      assert.ok(doc.paths['/services'].post);
      assert.ok(doc.paths['/services/{key}'].put);
      assert.ok(doc.paths['/audit'].get);
      const create = doc.components.schemas.ServiceCreate;
      assert.equal(create.additionalProperties, false, 'unknown fields are documented as rejected');
      assert.deepEqual(create.required, ['key', 'name']);
      assert.deepEqual(create.properties.lifecycle.enum, ['planned', 'live', 'retired']);
    });
  });

  describe(`/readyz before migrations [${kind}]`, storeSuiteOptions(kind), () => {
    it('answers 503 naming the pending migrations, 200 once migrated', async () => {
      const t = await createTestStore(kind, { migrate: false });
      try {
        const app = await buildApp({ store: t.store, secret: TEST_SECRET, logger: pino({ level: 'silent' }) });
        const res = await app.inject({ url: '/readyz' });
        assert.equal(res.statusCode, 503);
        assert.equal(errorOf(res).code, 'service_unavailable');
        assert.match(errorOf(res).message, /0001_initial/);
        const { migrateToLatest } = await import('../store/migrate');
        await migrateToLatest(t.store.db);
        assert.equal((await app.inject({ url: '/readyz' })).statusCode, 200);
        await t.store.close();
        const closed = await app.inject({ url: '/readyz' });
        assert.equal(closed.statusCode, 503, 'a closed database is not ready');
        await app.close();
      } finally {
        await t.dispose().catch(() => undefined);
      }
    });
  });
}
