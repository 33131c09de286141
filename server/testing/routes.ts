/**
 * The routes a built app serves, read from fastify's route tree (`printRoutes`), so that
 * cross-cutting tests cover every endpoint, including ones added later.
 */
import type { FastifyInstance } from 'fastify';

export interface RouteInfo {
  method: string;
  /** e.g. /api/v1/contracts/:ref/requirements/:id */
  path: string;
}

export function registeredRoutes(app: FastifyInstance): RouteInfo[] {
  const lines = app.printRoutes({ commonPrefix: false }).split('\n').filter((l) => l.trim());
  const stack: string[] = [];
  const routes: RouteInfo[] = [];
  for (const line of lines) {
    const match = /^((?:│ {3}| {4})*)(?:├── |└── )(\S+)(?: \(([^)]*)\))?$/.exec(line);
    if (!match) {
      throw new Error(`unexpected line in fastify's route tree: ${JSON.stringify(line)}`);
    }
    const depth = match[1].length / 4;
    stack.length = depth;
    stack.push(match[2]);
    const path = stack.join('');
    for (const method of (match[3] ?? '').split(',').map((m) => m.trim()).filter(Boolean)) {
      routes.push({ method, path });
    }
  }
  return routes;
}

export const isWriteMethod = (method: string) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method);

/** Replaces :params with values. */
export function concretePath(path: string, params: Record<string, string>): string {
  return path.replace(/:(\w+)/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) {
      throw new Error(`no value for :${name} in ${path}`);
    }
    return encodeURIComponent(value);
  });
}
