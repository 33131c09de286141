/** The OpenAPI document describes every route the engine serves under /api/v1, and nothing it does not serve. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { registeredRoutes } from './testing/routes';
import { createTestApi, type TestApi } from './testing/stores';

describe('OpenAPI document coverage', () => {
  let api: TestApi;
  before(async () => {
    api = await createTestApi('pglite');
  });
  after(() => api?.dispose());

  const toOpenApiPath = (path: string) => path.slice('/api/v1'.length).replace(/:(\w+)/g, '{$1}');

  it('documents every registered route (method and path), and its path parameters', async () => {
    const doc = (await api.request({ url: '/api/v1/openapi.json' })).json();
    const routes = registeredRoutes(api.app).filter((r) => r.path.startsWith('/api/v1/') && r.method !== 'HEAD' && r.method !== 'OPTIONS');
    assert.ok(routes.length > 30, `found ${routes.length} routes`);
    const missing = routes.filter((r) => !doc.paths[toOpenApiPath(r.path)]?.[r.method.toLowerCase()]);
    assert.deepEqual(missing.map((r) => `${r.method} ${r.path}`), [], 'routes missing from /api/v1/openapi.json');
    for (const r of routes) {
      const item = doc.paths[toOpenApiPath(r.path)];
      const op = item[r.method.toLowerCase()];
      const declared = new Set([...(item.parameters ?? []), ...(op.parameters ?? [])].filter((p: { in: string }) => p.in === 'path').map((p: { name: string }) => p.name));
      for (const [, name] of r.path.matchAll(/:(\w+)/g)) {
        assert.ok(declared.has(name), `${r.method} ${r.path}: path parameter ${name} undocumented`);
      }
    }
  });

  it('documents no route that does not exist', async () => {
    const doc = (await api.request({ url: '/api/v1/openapi.json' })).json();
    const served = new Set(registeredRoutes(api.app).map((r) => `${r.method.toLowerCase()} ${toOpenApiPath(r.path)}`));
    const methods = ['get', 'put', 'post', 'patch', 'delete'];
    const phantom = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
      methods.filter((m) => item[m] && !served.has(`${m} ${path}`)).map((m) => `${m} ${path}`)
    );
    assert.deepEqual(phantom, []);
  });

  it('generates the bodies from the validating schemas (strict, with required fields and enums)', async () => {
    const { schemas } = (await api.request({ url: '/api/v1/openapi.json' })).json().components;
    assert.equal(schemas.PartyCreate.additionalProperties, false);
    assert.deepEqual(schemas.PartyCreate.required, ['key', 'name', 'kind']);
    assert.deepEqual(schemas.PartyCreate.properties.kind.enum, ['customer', 'internal', 'supplier']);
    assert.deepEqual(schemas.Breach.properties.status.enum, ['open', 'acknowledged', 'resolved']);
    assert.deepEqual(schemas.RequirementCreate.properties.metric.enum, ['availability', 'latency', 'response_time', 'error_rate', 'throughput', 'other']);
    assert.ok(schemas.RequirementCreate.properties.sli, 'the SLI shape comes from the shared domain schema');
    assert.ok(JSON.stringify(schemas.GapAnalysis).includes('badIntervals'));
  });
});
