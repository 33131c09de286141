/**
 * THIN STAND-IN for the parts of Grafana's HTTP API that the ENGINE calls (Grafana cannot run
 * here; the browser-side stand-in is tests/host). It is a plain HTTP server with:
 *  - service-account authentication: every /api request must carry `Authorization: Bearer
 *    <token>` with a token this stand-in issued or was given (`tokens`), else 401 like Grafana;
 *  - `POST /api/ds/query`, answered by tests/host/dsQuery.ts over REAL Prometheus servers;
 *  - a log of every request (method, path, headers, body) so tests can compare the engine's
 *    calls with Grafana's documented API;
 *  - `route()` for more endpoints (annotations, alerting provisioning, service accounts), each
 *    written to the documented request/response shapes and nothing more;
 *  - `failDsQuery` to make the datasource path fail (an outage between Grafana and Prometheus).
 * Not imitated: users and sessions, RBAC, org switching, anything the engine does not call.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dsQuery, type DatasourceMap } from '../host/dsQuery';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  at: number;
}

export interface StandInReply {
  status: number;
  body?: unknown;
}

export type StandInHandler = (req: RecordedRequest, params: Record<string, string>) => StandInReply | Promise<StandInReply>;

export interface GrafanaStandInOptions {
  /** Prometheus base URL by datasource uid, for /api/ds/query. */
  datasources?: DatasourceMap;
  /** Tokens accepted as Bearer credentials. */
  tokens?: string[];
}

export class GrafanaStandIn {
  readonly requests: RecordedRequest[] = [];
  readonly tokens: Set<string>;
  datasources: DatasourceMap;
  /** When set, /api/ds/query answers with this status and message instead of querying. */
  failDsQuery: { status: number; message: string } | null = null;
  /** A slow datasource: every /api/ds/query answers this many milliseconds late. */
  dsQueryDelayMs = 0;
  private server?: Server;
  private routes: Array<{ method: string; pattern: RegExp; keys: string[]; handler: StandInHandler }> = [];

  constructor(opts: GrafanaStandInOptions = {}) {
    this.datasources = opts.datasources ?? {};
    this.tokens = new Set(opts.tokens ?? []);
    this.route('POST', '/api/ds/query', async (req) => {
      if (this.failDsQuery) {
        return { status: this.failDsQuery.status, body: { message: this.failDsQuery.message } };
      }
      if (this.dsQueryDelayMs > 0) {
        await new Promise((r) => setTimeout(r, this.dsQueryDelayMs));
      }
      return dsQuery(req.body as Parameters<typeof dsQuery>[0], this.datasources);
    });
  }

  /** Adds an endpoint; `:name` segments become params. Later routes win over earlier ones. */
  route(method: string, path: string, handler: StandInHandler): void {
    const keys: string[] = [];
    const pattern = new RegExp(
      '^' + path.replace(/:([A-Za-z]+)/g, (_m, k: string) => (keys.push(k), '([^/]+)')) + '$'
    );
    this.routes.unshift({ method, pattern, keys, handler });
  }

  /** Requests to paths starting with `prefix` (optionally one method). */
  calls(prefix: string, method?: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path.startsWith(prefix) && (!method || r.method === method));
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) {
      throw new Error('stand-in not started');
    }
    return `http://127.0.0.1:${address.port}`;
  }

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const chunks: Buffer[] = [];
    for await (const chunk of req) {
      chunks.push(chunk as Buffer);
    }
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown = undefined;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        return send(res, { status: 400, body: { message: 'bad request data' } });
      }
    }
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      at: Date.now(),
    };
    this.requests.push(recorded);
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    if (url.pathname.startsWith('/api/') && !this.tokens.has(token)) {
      return send(res, { status: 401, body: { message: 'Invalid API key' } });
    }
    for (const r of this.routes) {
      const m = r.method === recorded.method ? r.pattern.exec(url.pathname) : null;
      if (m) {
        const params = Object.fromEntries(r.keys.map((k, i) => [k, decodeURIComponent(m[i + 1])]));
        try {
          return send(res, await r.handler(recorded, params));
        } catch (err) {
          return send(res, { status: 500, body: { message: String(err) } });
        }
      }
    }
    send(res, { status: 404, body: { message: 'Not found' } });
  }
}

function send(res: ServerResponse, reply: StandInReply): void {
  res.writeHead(reply.status, { 'content-type': 'application/json' });
  res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
}
