/**
 * The app's plugin.json and the engine must agree: every engine endpoint is reachable through a
 * Grafana proxy route, and the permission that route stamps on the request (X-SLM-Permission) is
 * one the engine accepts for it. Routes are matched with the same model of Grafana's plugin proxy
 * as the app's own tests (src/test/grafanaPluginProxy.ts).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pluginJson from '../../src/plugin.json' with { type: 'json' };
import { findRoute, type ProxyRoute } from '../../src/test/grafanaPluginProxy';
import { createTestApi, type TestApi } from '../testing/stores';
import { concretePath, registeredRoutes } from '../testing/routes';

const routes = pluginJson.routes as Array<ProxyRoute & { method: string }>;
const permissionOf = (route: ProxyRoute) => route.headers?.find((h) => h.name === 'X-SLM-Permission')?.content;

describe('plugin.json proxy routes ⇄ engine endpoints', () => {
  let api: TestApi;
  before(async () => {
    api = await createTestApi('pglite');
  });
  after(() => api?.dispose());

  test('every /api/v1 endpoint has a proxy route whose permission the engine accepts', async () => {
    const endpoints = registeredRoutes(api.app).filter(
      (r) => r.path.startsWith('/api/v1/') && !['HEAD', 'OPTIONS'].includes(r.method)
    );
    assert.ok(endpoints.length > 10, 'the engine serves its API');
    const problems: string[] = [];
    for (const endpoint of endpoints) {
      const path = concretePath(endpoint.path, new Proxy({}, { get: () => 'x1' }) as Record<string, string>);
      const found = findRoute(routes, endpoint.method, path.slice(1));
      if (!found) {
        problems.push(`${endpoint.method} ${endpoint.path}: no proxy route in plugin.json`);
        continue;
      }
      const permission = permissionOf(found.route);
      const res = await api.request({
        method: endpoint.method as 'GET',
        url: path,
        permission: permission ?? null,
        headers: { 'if-match': '1' },
        ...(endpoint.method === 'GET' || endpoint.method === 'DELETE' ? {} : { body: {} }),
      });
      // Documents (Markdown, PDF) are answers too; only JSON carries the error shape.
      const body = (String(res.headers['content-type'] ?? '').includes('application/json') ? res.json() : {}) as { error?: { code?: string } };
      if (res.statusCode === 403 && body.error?.code === 'forbidden') {
        problems.push(`${endpoint.method} ${endpoint.path}: the route's permission "${permission}" is refused`);
      }
    }
    assert.deepEqual(problems, []);
  });

  test('a write through a read route is refused by the engine', async () => {
    const res = await api.request({ method: 'POST', url: '/api/v1/services', permission: 'read', body: {} });
    assert.equal(res.statusCode, 403);
  });
});
