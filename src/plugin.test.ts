import pluginJson from './plugin.json';
import panelJson from './panels/slastatus/plugin.json';
import { findRoute, interpolate, joinUrl, type ProxyRoute } from './test/grafanaPluginProxy';

type Route = ProxyRoute & { method: string; reqAction: string; headers: Array<{ name: string; content: string }> };

const ID = 'slm-servicelevel-app';
const routes = pluginJson.routes as Route[];
const ENGINE = '{{ .JsonData.engineUrl }}';
const settings = { jsonData: { engineUrl: 'http://engine:8787' }, secureJsonData: {} };

/** Where Grafana's plugin proxy sends a request: the same model of it the browser tests' host uses. */
function match(method: string, proxyPath: string): { route: Route; forwardedTo: string } | undefined {
  const found = findRoute(routes, method, proxyPath);
  if (!found) {
    return undefined;
  }
  return { route: found.route as Route, forwardedTo: joinUrl(interpolate(found.route.url, settings), found.rest) };
}

const permissionOf = (route: Route) => route.headers.find((h) => h.name === 'X-SLM-Permission')?.content;

describe('plugin.json proxy routes', () => {
  test('every route injects the shared secret and names one permission', () => {
    for (const route of routes) {
      expect(route.headers).toContainEqual({ name: 'X-SLM-Secret', content: '{{ .SecureJsonData.engineSecret }}' });
      expect(['read', 'manage', 'monitor', 'own']).toContain(permissionOf(route));
      expect(route.url.startsWith(`${ENGINE}/api/v1/`)).toBe(true);
    }
  });

  test('every route is for exactly one HTTP method and needs an RBAC action', () => {
    for (const route of routes) {
      expect(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).toContain(route.method);
      expect(route.reqAction).toMatch(/^(slm-servicelevel-app\.[a-z]+:[a-z]+|plugins\.app:access)$/);
    }
  });

  test('no two routes share a method and path (the second would never be reached)', () => {
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test('reads need read, breach handling and alert rules monitor, approvals and the monitoring connection own, other writes manage', () => {
    for (const route of routes) {
      const expected =
        route.method === 'GET'
          ? 'read'
          : route.path.startsWith('api/v1/approvals') || route.path === 'api/v1/monitoring/connection'
            ? 'own'
            : route.path.startsWith('api/v1/breaches') || route.path.startsWith('api/v1/alert-rules')
              ? 'monitor'
              : 'manage';
      expect({ route: `${route.method} ${route.path}`, permission: permissionOf(route) }).toEqual({
        route: `${route.method} ${route.path}`,
        permission: expected,
      });
    }
  });

  test.each([
    ['GET', '/api/v1/info', 'read', 'plugins.app:access', 'http://engine:8787/api/v1/info'],
    ['GET', '/api/v1/agreements', 'read', `${ID}.agreements:read`, 'http://engine:8787/api/v1/agreements'],
    [
      'GET',
      '/api/v1/agreements/a1/versions/3',
      'read',
      `${ID}.agreements:read`,
      'http://engine:8787/api/v1/agreements/a1/versions/3',
    ],
    ['POST', '/api/v1/agreements', 'manage', `${ID}.agreements:write`, 'http://engine:8787/api/v1/agreements'],
    ['PUT', '/api/v1/agreements/a1', 'manage', `${ID}.agreements:write`, 'http://engine:8787/api/v1/agreements/a1'],
    [
      'POST',
      '/api/v1/services/checkout/features',
      'manage',
      `${ID}.catalog:write`,
      'http://engine:8787/api/v1/services/checkout/features',
    ],
    ['DELETE', '/api/v1/plans/p7', 'manage', `${ID}.plans:write`, 'http://engine:8787/api/v1/plans/p7'],
    ['GET', '/api/v1/breaches', 'read', `${ID}.breaches:read`, 'http://engine:8787/api/v1/breaches'],
    [
      'POST',
      '/api/v1/breaches/b3/acknowledge',
      'monitor',
      `${ID}.breaches:handle`,
      'http://engine:8787/api/v1/breaches/b3/acknowledge',
    ],
    ['PATCH', '/api/v1/breaches/b3', 'monitor', `${ID}.breaches:handle`, 'http://engine:8787/api/v1/breaches/b3'],
    [
      'POST',
      '/api/v1/approvals/agreements/a1',
      'own',
      `${ID}.agreements:approve`,
      'http://engine:8787/api/v1/approvals/agreements/a1',
    ],
    [
      'PUT',
      '/api/v1/monitoring/connection',
      'own',
      `${ID}.monitoring:configure`,
      'http://engine:8787/api/v1/monitoring/connection',
    ],
    [
      'GET',
      '/api/v1/monitoring/connection',
      'read',
      `${ID}.agreements:read`,
      'http://engine:8787/api/v1/monitoring/connection',
    ],
    [
      'POST',
      '/api/v1/alert-rules/SLA-1',
      'monitor',
      `${ID}.breaches:handle`,
      'http://engine:8787/api/v1/alert-rules/SLA-1',
    ],
    ['GET', '/api/v1/breach-reports', 'read', `${ID}.breaches:read`, 'http://engine:8787/api/v1/breach-reports'],
  ])('%s %s → %s (%s)', (method, path, permission, action, forwardedTo) => {
    const found = match(method, path);
    expect(found).toBeDefined();
    expect(permissionOf(found!.route)).toBe(permission);
    expect(found!.route.reqAction).toBe(action);
    expect(found!.forwardedTo).toBe(forwardedTo);
  });

  test.each([
    ['DELETE', '/api/v1/breaches/b3'],
    ['GET', '/api/v1/approvals/agreements/a1'],
    ['POST', '/api/v1/info'],
    ['GET', '/api/v2/agreements'],
    ['GET', '/api/v1/unknown'],
  ])('%s %s has no route, so Grafana answers 404 without calling the engine', (method, path) => {
    expect(match(method, path)).toBeUndefined();
  });
});

describe('plugin.json RBAC', () => {
  const roles = pluginJson.roles;
  const granted = (basicRole: string) =>
    new Set(roles.filter((r) => r.grants.includes(basicRole)).flatMap((r) => r.role.permissions.map((p) => p.action)));

  test('every action is namespaced by the plugin id', () => {
    for (const { role } of roles) {
      for (const { action } of role.permissions) {
        expect(action.startsWith(`${ID}.`)).toBe(true);
      }
    }
  });

  test('every route action and page action is granted by some role', () => {
    const declared = new Set(roles.flatMap((r) => r.role.permissions.map((p) => p.action)));
    const used = [
      ...routes.map((r) => r.reqAction).filter((a) => a !== 'plugins.app:access'),
      ...pluginJson.includes.flatMap((i) => ('action' in i && i.action ? [i.action] : [])),
    ];
    expect(used.filter((action) => !declared.has(action))).toEqual([]);
  });

  test('Viewers read every page; Editors manage and handle breaches; only Admins approve', () => {
    const pageActions = pluginJson.includes.flatMap((i) => ('action' in i && i.action ? [i.action] : []));
    const viewer = granted('Viewer');
    const editor = granted('Editor');
    const admin = granted('Admin');
    expect(pageActions.filter((a) => !viewer.has(a))).toEqual([]);
    expect([...viewer].filter((a) => !a.endsWith(':read'))).toEqual([]);
    expect(editor.has(`${ID}.agreements:write`)).toBe(true);
    expect(editor.has(`${ID}.breaches:handle`)).toBe(true);
    expect(editor.has(`${ID}.agreements:approve`)).toBe(false);
    expect(admin.has(`${ID}.agreements:approve`)).toBe(true);
  });
});

describe('plugin.json includes', () => {
  test('the nested panel is included by its name', () => {
    expect(pluginJson.includes).toContainEqual({ type: 'panel', name: panelJson.name });
    expect(panelJson).toMatchObject({ type: 'panel', id: 'slm-slastatus-panel' });
  });

  test('exactly one default page, and every page is in the navigation', () => {
    const pages = pluginJson.includes.filter((i) => i.type === 'page');
    expect(pages.filter((p) => 'defaultNav' in p && p.defaultNav).map((p) => p.name)).toEqual(['Overview']);
    expect(pages.every((p) => 'addToNav' in p && p.addToNav)).toBe(true);
  });
});
