/**
 * THIN STAND-IN for Grafana's plugin proxy (`/api/plugin-proxy/<app id>/...`): the model used by
 * src/plugin.test.ts to check the routes and by the browser tests' host (tests/host) to serve them,
 * because Grafana itself cannot run on the CI machines. It reproduces the parts
 * of grafana/grafana pkg/api/pluginproxy/pluginproxy.go that the app relies on:
 *  - routes are tried in plugin.json order; the first whose method matches ("" and "*" match any)
 *    and whose path pattern matches (web tree: `:param` segments, a trailing `*` for one or more
 *    further segments) wins;
 *  - `reqAction` is checked against the user's RBAC permissions (else `reqRole` against the role);
 *  - the wildcard remainder is appended to the interpolated route URL;
 *  - `{{ .JsonData.x }}` / `{{ .SecureJsonData.x }}` are interpolated in `url` and `headers`;
 *  - (in tests/host/server.ts) cookies are dropped and `X-Grafana-User` is set (send_user_header).
 */

export interface ProxyRoute {
  path: string;
  method?: string;
  url: string;
  reqRole?: OrgRole;
  reqAction?: string;
  headers?: Array<{ name: string; content: string }>;
}

export type OrgRole = 'Viewer' | 'Editor' | 'Admin';

export interface RbacRole {
  role: { name: string; permissions: Array<{ action: string; scope?: string }> };
  grants: string[];
}

export interface AppSettings {
  jsonData: Record<string, unknown>;
  secureJsonData: Record<string, string>;
}

const ROLE_RANK: Record<OrgRole, number> = { Viewer: 1, Editor: 2, Admin: 3 };

export function matchRoutePath(pattern: string, path: string): { rest: string } | null {
  const patternParts = trimSlashes(pattern).split('/');
  const pathParts = trimSlashes(path).split('/');
  for (let i = 0; i < patternParts.length; i++) {
    const part = patternParts[i];
    if (part === '*') {
      // the web tree's glob needs at least one more segment
      return pathParts.length > i ? { rest: pathParts.slice(i).join('/') } : null;
    }
    if (i >= pathParts.length) {
      return null;
    }
    if (!part.startsWith(':') && part !== pathParts[i]) {
      return null;
    }
  }
  return patternParts.length === pathParts.length ? { rest: '' } : null;
}

export function findRoute(routes: ProxyRoute[], method: string, path: string) {
  for (const route of routes) {
    if (route.method && route.method !== '*' && route.method !== method) {
      continue;
    }
    const match = matchRoutePath(route.path, path);
    if (match) {
      return { route, rest: match.rest };
    }
  }
  return null;
}

/** Actions a basic role holds through the plugin's `roles` grants (Admin ⊇ Editor ⊇ Viewer). */
export function actionsOf(role: OrgRole, roles: RbacRole[]): Set<string> {
  const actions = new Set<string>();
  for (const { role: def, grants } of roles) {
    const granted = grants.some((g) => g in ROLE_RANK && ROLE_RANK[role] >= ROLE_RANK[g as OrgRole]);
    if (granted) {
      def.permissions.forEach((p) => actions.add(p.action));
    }
  }
  return actions;
}

/** Grafana grants every basic role access to an enabled app (`plugins.app:access`). */
const CORE_ACTIONS_OF_EVERY_ROLE = ['plugins.app:access'];

export function hasAccessToRoute(route: ProxyRoute, role: OrgRole, roles: RbacRole[]): boolean {
  if (route.reqAction) {
    return CORE_ACTIONS_OF_EVERY_ROLE.includes(route.reqAction) || actionsOf(role, roles).has(route.reqAction);
  }
  if (route.reqRole) {
    return ROLE_RANK[role] >= ROLE_RANK[route.reqRole];
  }
  return true;
}

export function interpolate(template: string, settings: AppSettings): string {
  return template.replace(/\{\{\s*\.(JsonData|SecureJsonData)\.(\w+)\s*\}\}/g, (_, kind: string, key: string) => {
    const source = kind === 'JsonData' ? settings.jsonData : settings.secureJsonData;
    const value = source[key];
    return value === undefined || value === null ? '' : String(value);
  });
}

export function joinUrl(base: string, rest: string): string {
  if (!rest) {
    return base;
  }
  return `${base.replace(/\/+$/, '')}/${rest.replace(/^\/+/, '')}`;
}

function trimSlashes(s: string): string {
  return s.replace(/^\/+|\/+$/g, '');
}
