import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './errors';

/** The check Grafana's proxy route applied before forwarding, named by `X-SLM-Permission`. */
export const PERMISSIONS = ['read', 'manage', 'monitor', 'own'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** What each permission allows: read ⊂ manage ⊂ own and read ⊂ monitor ⊂ own. */
const COVERS: Record<Permission, readonly Permission[]> = {
  read: ['read'],
  manage: ['read', 'manage'],
  monitor: ['read', 'monitor'],
  own: PERMISSIONS,
};

export function covers(granted: Permission, needed: Permission): boolean {
  return COVERS[granted].includes(needed);
}

/** Who is calling, as forwarded by Grafana. */
export interface Caller {
  /** Grafana login from `X-Grafana-User`; absent when Grafana does not send it. */
  user?: string;
  orgId: number;
  permission: Permission;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
  }
  interface FastifyContextConfig {
    /** The permission a route needs; default read for GET/HEAD, manage for writes. */
    permission?: Permission;
  }
}

export const HEADERS = {
  secret: 'x-slm-secret',
  permission: 'x-slm-permission',
  user: 'x-grafana-user',
  org: 'x-grafana-org-id',
} as const;

const API_PREFIX = '/api/v1';
const MAX_ORG_ID = 2 ** 31 - 1;

export function isWrite(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method);
}

/** Compares via fixed-length digests so that neither length nor content leaks through timing. */
export function secretMatches(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function single(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? undefined : value;
}

/**
 * Guards everything under /api/v1: the shared secret first (401), then the permission the proxy
 * route checked (403), then the organisation (400) and, for writes, the user (403).
 */
export function installAuth(app: FastifyInstance, secret: string): void {
  app.addHook('onRequest', async (request) => {
    // Guard by the raw path and by the route it matched, so no spelling of a URL slips past.
    const underApi = (p: string | undefined) => p !== undefined && (p === API_PREFIX || p.startsWith(API_PREFIX + '/'));
    if (!underApi(request.url.split('?')[0]) && !underApi(request.routeOptions.url)) {
      return;
    }
    request.caller = authenticate(request, secret);
  });
}

function authenticate(request: FastifyRequest, secret: string): Caller {
  const given = single(request, HEADERS.secret);
  if (given === undefined || !secretMatches(given, secret)) {
    throw new ApiError(
      401,
      'unauthenticated',
      given === undefined
        ? 'missing X-SLM-Secret header: requests must come through the Grafana app proxy'
        : 'wrong X-SLM-Secret: the secret in the app configuration does not match the engine'
    );
  }
  const permission = parsePermission(single(request, HEADERS.permission));
  const needed = request.routeOptions.config?.permission ?? (isWrite(request.method) ? 'manage' : 'read');
  if (!covers(permission, needed)) {
    throw new ApiError(403, 'forbidden', `this operation needs the ${needed} permission; the request has ${permission}`, {
      needed,
      granted: permission,
    });
  }
  const orgId = parseOrgId(single(request, HEADERS.org));
  const user = single(request, HEADERS.user)?.trim() || undefined;
  if (isWrite(request.method) && !user) {
    throw new ApiError(
      403,
      'user_required',
      'changes must be attributable but the request names no user (X-Grafana-User): ' +
        'set send_user_header = true in the [dataproxy] section of Grafana\'s configuration ' +
        '(GF_DATAPROXY_SEND_USER_HEADER=true)',
      { header: 'X-Grafana-User', grafanaSetting: '[dataproxy] send_user_header = true' }
    );
  }
  return { user, orgId, permission };
}

function parsePermission(value: string | undefined): Permission {
  if (value === undefined || !(PERMISSIONS as readonly string[]).includes(value.trim())) {
    throw new ApiError(
      403,
      'forbidden',
      value === undefined
        ? 'missing X-SLM-Permission header: the Grafana proxy route must name the permission it checked'
        : `unknown X-SLM-Permission "${value}": expected one of ${PERMISSIONS.join(', ')}`,
      { allowed: PERMISSIONS }
    );
  }
  return value.trim() as Permission;
}

function parseOrgId(value: string | undefined): number {
  if (value === undefined || value.trim() === '') {
    return 1;
  }
  const orgId = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || orgId < 1 || orgId > MAX_ORG_ID) {
    throw new ApiError(400, 'bad_request', `invalid X-Grafana-Org-Id "${value}": expected a positive integer`);
  }
  return orgId;
}

/** The caller of an /api/v1 request (set by the auth hook, so always present there). */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) {
    throw new Error('callerOf used outside /api/v1');
  }
  return request.caller;
}

/** The caller of a write: the auth hook has already refused writes without a user. */
export function writerOf(request: FastifyRequest): Caller & { user: string } {
  const caller = callerOf(request);
  if (!caller.user) {
    throw new Error('writerOf used on a request without a user');
  }
  return caller as Caller & { user: string };
}
