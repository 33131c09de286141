/**
 * THIN TEST HOST standing in for Grafana (which cannot run on the CI machines): it serves one
 * page that mounts the app's real plugin object (`src/module.tsx`: root page and config page)
 * with Grafana's theme, and answers the few Grafana endpoints the app calls:
 *  - `/api/plugin-proxy/slm-servicelevel-app/*`: routed by `src/plugin.json` exactly as Grafana's
 *    plugin proxy does (see src/test/grafanaPluginProxy.ts) and forwarded to a real engine;
 *  - `/api/plugins/slm-servicelevel-app/settings`: the app's settings, kept in memory, with
 *    secureJsonData write-only as in Grafana (only `secureJsonFields` flags are returned);
 *  - `POST /api/ds/query` (only when `datasources` is given): Prometheus range queries run on
 *    real Prometheus servers, see dsQuery.ts.
 * Nothing else of Grafana is imitated.
 */
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer, IncomingMessage, ServerResponse, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import {
  AppSettings,
  OrgRole,
  ProxyRoute,
  RbacRole,
  findRoute,
  hasAccessToRoute,
  interpolate,
  joinUrl,
} from '../../src/test/grafanaPluginProxy';
import { dsQuery, type DatasourceMap } from './dsQuery';

const ROOT = resolve(__dirname, '..', '..');
const PLUGIN_JSON = JSON.parse(readFileSync(join(ROOT, 'src', 'plugin.json'), 'utf8'));
export const PLUGIN_ID: string = PLUGIN_JSON.id;

export interface HostUser {
  login: string;
  role: OrgRole;
  orgId: number;
}

export interface HostOptions {
  settings: AppSettings;
  user?: HostUser;
  /** Datasource uid → base URL of a real Prometheus, for the `/api/ds/query` stand-in. */
  datasources?: DatasourceMap;
}

export interface TestHost {
  url: string;
  settings: AppSettings;
  user: HostUser;
  close(): Promise<void>;
}

let bundleDir: Promise<string> | undefined;

/** Bundles tests/host/entry.tsx once per process. */
function bundle(): Promise<string> {
  bundleDir ??= (async () => {
    const outdir = await mkdtemp(join(tmpdir(), 'slm-host-'));
    await build({
      entryPoints: [join(__dirname, 'entry.tsx')],
      bundle: true,
      outdir,
      entryNames: 'bundle',
      format: 'esm',
      jsx: 'automatic',
      loader: { '.svg': 'text', '.woff2': 'file', '.woff': 'file', '.ttf': 'file', '.png': 'file' },
      define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
      logLevel: 'error',
    });
    return outdir;
  })();
  return bundleDir;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
};

export async function startHost(options: HostOptions): Promise<TestHost> {
  const outdir = await bundle();
  const state = {
    settings: options.settings,
    user: options.user ?? { login: 'admin', role: 'Admin' as OrgRole, orgId: 1 },
    enabled: true,
    datasources: options.datasources,
  };
  const server = createServer((req, res) => {
    handle(req, res, state, outdir).catch((e) => sendJson(res, 500, { message: String(e) }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get settings() {
      return state.settings;
    },
    get user() {
      return state.user;
    },
    close: () => closeServer(server),
  };
}

const DROPPED_HEADERS = new Set(['cookie', 'set-cookie', 'host', 'connection', 'content-length', 'x-grafana-user', 'transfer-encoding']);

type HostState = { settings: AppSettings; user: HostUser; enabled: boolean; datasources?: DatasourceMap };

async function handle(req: IncomingMessage, res: ServerResponse, state: HostState, outdir: string) {
  const url = new URL(req.url ?? '/', 'http://host');
  const proxyPrefix = `/api/plugin-proxy/${PLUGIN_ID}/`;
  if (url.pathname.startsWith(proxyPrefix)) {
    return proxy(req, res, state, url.pathname.slice(proxyPrefix.length) + url.search);
  }
  if (url.pathname === `/api/plugins/${PLUGIN_ID}/settings`) {
    return settings(req, res, state);
  }
  if (url.pathname === '/api/ds/query' && state.datasources) {
    if (req.method !== 'POST') {
      return sendJson(res, 405, { message: 'Method not allowed' });
    }
    let body: unknown;
    try {
      body = JSON.parse((await readBody(req)).toString() || '{}');
    } catch {
      return sendJson(res, 400, { message: 'bad request data' });
    }
    const reply = await dsQuery(body as Parameters<typeof dsQuery>[0], state.datasources);
    return sendJson(res, reply.status, reply.body);
  }
  if (url.pathname.startsWith('/public/build/')) {
    const file = join(outdir, url.pathname.slice('/public/build/'.length));
    const body = await readFile(file).catch(() => undefined);
    if (!body) {
      return sendJson(res, 404, { message: 'Not found' });
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    return res.end(body);
  }
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(page(url, state));
}

function page(url: URL, state: HostState): string {
  const boot = {
    pluginId: PLUGIN_ID,
    theme: url.searchParams.get('theme') === 'light' ? 'light' : 'dark',
    language: url.searchParams.get('lang') ?? 'en-US',
    user: state.user,
    meta: pluginMeta(state),
  };
  return `<!doctype html><html><head><meta charset="utf-8"><title>SLM test host</title>
<link rel="stylesheet" href="/public/build/bundle.css"></head>
<body><div id="root"></div>
<script>window.__SLM_HOST__ = ${JSON.stringify(boot).replace(/</g, '\\u003c')};</script>
<script type="module" src="/public/build/bundle.js"></script></body></html>`;
}

function pluginMeta(state: HostState) {
  return {
    id: PLUGIN_ID,
    name: PLUGIN_JSON.name,
    type: 'app',
    enabled: state.enabled,
    pinned: true,
    jsonData: state.settings.jsonData,
    secureJsonFields: Object.fromEntries(Object.keys(state.settings.secureJsonData).map((k) => [k, true])),
    info: PLUGIN_JSON.info,
    includes: PLUGIN_JSON.includes,
    baseUrl: `public/plugins/${PLUGIN_ID}`,
    module: `public/plugins/${PLUGIN_ID}/module.js`,
  };
}

async function settings(req: IncomingMessage, res: ServerResponse, state: HostState) {
  if (req.method === 'GET') {
    return sendJson(res, 200, pluginMeta(state));
  }
  if (req.method === 'POST') {
    if (state.user.role !== 'Admin') {
      return sendJson(res, 403, { message: 'Permission denied' });
    }
    const body = JSON.parse((await readBody(req)).toString() || '{}');
    state.enabled = body.enabled ?? state.enabled;
    state.settings = {
      jsonData: body.jsonData ?? state.settings.jsonData,
      // Grafana merges secureJsonData: keys sent replace, keys absent are kept
      secureJsonData: { ...state.settings.secureJsonData, ...(body.secureJsonData ?? {}) },
    };
    return sendJson(res, 200, { message: 'Plugin settings updated' });
  }
  sendJson(res, 405, { message: 'Method not allowed' });
}

async function proxy(req: IncomingMessage, res: ServerResponse, state: HostState, pathAndQuery: string) {
  const [path, query = ''] = pathAndQuery.split('?');
  const routes: ProxyRoute[] = PLUGIN_JSON.routes ?? [];
  const roles: RbacRole[] = PLUGIN_JSON.roles ?? [];
  const found = findRoute(routes, req.method ?? 'GET', path);
  if (!found) {
    return sendJson(res, 404, { message: 'plugin route match not found' });
  }
  if (!hasAccessToRoute(found.route, state.user.role, roles)) {
    return sendJson(res, 403, { message: 'plugin proxy route access denied' });
  }
  const target = joinUrl(interpolate(found.route.url, state.settings), found.rest) + (query ? `?${query}` : '');
  // Like Grafana: forward the client's headers minus cookies and hop-by-hop ones; the user
  // header is always replaced (never trusted from the browser), route headers are added last.
  const headers: Record<string, string> = {};
  for (const [name, v] of Object.entries(req.headers)) {
    if (typeof v === 'string' && !DROPPED_HEADERS.has(name)) {
      headers[name] = v;
    }
  }
  headers['X-Grafana-User'] = state.user.login;
  for (const h of found.route.headers ?? []) {
    headers[h.name] = interpolate(h.content, state.settings);
  }
  const body = ['GET', 'HEAD'].includes(req.method ?? 'GET') ? undefined : await readBody(req);
  let upstream: Response;
  try {
    upstream = await fetch(target, { method: req.method, headers, body: body ? new Uint8Array(body) : undefined });
  } catch {
    // Grafana's reverse proxy answers 502 when the target cannot be reached
    res.writeHead(502);
    return res.end();
  }
  const out: Record<string, string> = {};
  upstream.headers.forEach((v, k) => {
    if (!['content-length', 'transfer-encoding', 'connection', 'content-encoding'].includes(k)) {
      out[k] = v;
    }
  });
  res.writeHead(upstream.status, out);
  res.end(Buffer.from(await upstream.arrayBuffer()));
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolveBody(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((r) => server.close(() => r()));
}
