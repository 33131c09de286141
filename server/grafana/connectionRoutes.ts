/**
 * /api/v1/monitoring/connection: the app configuration page hands the engine the service
 * account token it created (PUT), reads the state (GET) and forgets it (DELETE). The token is
 * checked against Grafana before it is stored, and never leaves the engine again.
 */
import type { FastifyInstance } from 'fastify';
import { sql, type Transaction } from 'kysely';
import { callerOf } from '../http/auth';
import { ApiError, parseOrThrow } from '../http/errors';
import { etag, expectedVersion, runWrite, type Writer } from '../http/writes';
import { appendAudit } from '../resources/audit/repository';
import { versionConflict } from '../resources/shared';
import type { Store } from '../store/db';
import type { Database } from '../store/schema';
import { GrafanaApiError, GrafanaClient } from './client';
import { type ConnectionRow, environmentTarget, findConnection, openToken, sealedOf, sealToken } from './connection';
import { TOKEN_REJECTED, UNREACHABLE } from './errors';
import { type Connection, type ConnectionPut, connectionPutSchema } from './schema';

export interface ConnectionRoutesOptions {
  store: Store;
  /** The engine's shared secret: the token's encryption key is derived from it. */
  secret: string;
  /** Where SLM_GRAFANA_URL / SLM_GRAFANA_TOKEN are read (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Tests inject a fetch; production uses the global one. */
  fetchImpl?: typeof fetch;
}

const own = { permission: 'own' as const };
const RESOURCE = 'monitoring_connection';
const VERIFY_TIMEOUT_MS = 10_000;

export async function connectionRoutes(app: FastifyInstance, opts: ConnectionRoutesOptions): Promise<void> {
  const { store, secret } = opts;
  const env = opts.env ?? process.env;

  app.get('/monitoring/connection', async (request, reply) => {
    const orgId = callerOf(request).orgId;
    const connection = describeConnection(await findConnection(store.db, orgId), orgId, secret, env);
    return reply.header('etag', etag(connection.version)).send(connection);
  });

  app.put('/monitoring/connection', { config: own }, async (request, reply) => {
    const version = expectedVersion(request);
    const input = parseOrThrow(connectionPutSchema, request.body);
    await verifyToken(input, callerOf(request).orgId, opts.fetchImpl);
    return runWrite(store, request, reply, async (trx, writer) => {
      const before = await lockedConnection(trx, writer.orgId, version);
      const row = await storeConnection(trx, writer, input, secret, before);
      const after = describeConnection(row, writer.orgId, secret, env);
      await audit(
        trx,
        writer,
        before ? 'update' : 'create',
        before && describeConnection(before, writer.orgId, secret, env),
        after
      );
      return { status: 200, body: after, version: row.version };
    });
  });

  app.delete('/monitoring/connection', { config: own }, async (request, reply) => {
    const version = expectedVersion(request);
    return runWrite(store, request, reply, async (trx, writer) => {
      const before = await lockedConnection(trx, writer.orgId, version);
      if (!before) {
        throw new ApiError(404, 'not_found', 'monitoring is not connected to Grafana in this organisation', {
          orgId: writer.orgId,
        });
      }
      await trx.deleteFrom('grafana_connections').where('org_id', '=', writer.orgId).execute();
      await audit(trx, writer, 'delete', describeConnection(before, writer.orgId, secret, env), null);
      return { status: 204 };
    });
  });
}

/** The public view of a connection: never the token; `problem` says when the stored token is unusable. */
export function describeConnection(
  row: ConnectionRow | undefined,
  orgId: number,
  secret: string,
  env: NodeJS.ProcessEnv
): Connection {
  if (row) {
    let problem: string | null = null;
    try {
      openToken(sealedOf(row), secret, orgId);
    } catch (error) {
      problem = (error as Error).message;
    }
    return {
      connected: problem === null,
      grafanaUrl: row.grafana_url,
      serviceAccountId: row.service_account_id,
      connectedBy: row.connected_by,
      connectedAt: row.connected_at.toISOString(),
      source: 'connection',
      version: row.version,
      problem,
    };
  }
  const fromEnv = environmentTarget(env);
  const viaEnv = fromEnv !== undefined && fromEnv.orgId === orgId;
  return {
    connected: viaEnv,
    grafanaUrl: viaEnv ? fromEnv.url : null,
    serviceAccountId: null,
    connectedBy: null,
    connectedAt: null,
    source: viaEnv ? 'environment' : null,
    version: 0,
    problem: null,
  };
}

async function lockedConnection(
  trx: Transaction<Database>,
  orgId: number,
  expected: number
): Promise<ConnectionRow | undefined> {
  const row = await findConnection(trx, orgId, { lock: true });
  const current = row?.version ?? 0;
  if (current !== expected) {
    throw versionConflict('the monitoring connection', expected, current);
  }
  return row;
}

async function storeConnection(
  trx: Transaction<Database>,
  writer: Writer,
  input: ConnectionPut,
  secret: string,
  before: ConnectionRow | undefined
): Promise<ConnectionRow> {
  const sealed = sealToken(input.token, secret);
  const columns = {
    grafana_url: input.grafanaUrl.replace(/\/+$/, ''),
    token_ciphertext: sealed.ciphertext,
    iv: sealed.iv,
    tag: sealed.tag,
    service_account_id: input.serviceAccountId,
    connected_by: writer.user,
    connected_at: sql<Date>`now()`,
  };
  const query = before
    ? trx
        .updateTable('grafana_connections')
        .set({ ...columns, version: before.version + 1 })
        .where('org_id', '=', writer.orgId)
    : trx.insertInto('grafana_connections').values({ org_id: writer.orgId, ...columns, version: 1 });
  return (await query.returningAll().executeTakeFirstOrThrow()) as ConnectionRow;
}

function audit(
  trx: Transaction<Database>,
  writer: Writer,
  action: string,
  before: Connection | null | undefined,
  after: Connection | null
) {
  return appendAudit(trx, {
    orgId: writer.orgId,
    user: writer.user,
    action,
    resource: RESOURCE,
    resourceId: String(writer.orgId),
    before: before ?? null,
    after,
  });
}

/**
 * Asks Grafana, with the token, for the smallest thing any valid token may read. A token Grafana
 * refuses is not stored (422); a Grafana the engine cannot reach is not either (424), because
 * monitoring would silently fail every cycle after.
 */
async function verifyToken(input: ConnectionPut, orgId: number, fetchImpl?: typeof fetch): Promise<void> {
  const client = new GrafanaClient({ url: input.grafanaUrl, token: input.token, orgId }, fetchImpl);
  const details = { grafanaUrl: input.grafanaUrl };
  try {
    await client.get('/api/search?limit=1', { timeoutMs: VERIFY_TIMEOUT_MS });
  } catch (error) {
    if (!(error instanceof GrafanaApiError)) {
      throw error;
    }
    if (error.status === 401 || error.status === 403) {
      throw new ApiError(
        422,
        TOKEN_REJECTED,
        `Grafana at ${input.grafanaUrl} refused the service account token (HTTP ${error.status}): ` +
          'it was revoked, expired or belongs to another Grafana — disable and enable monitoring again to create a new one',
        { ...details, grafanaStatus: error.status }
      );
    }
    throw new ApiError(
      424,
      UNREACHABLE,
      error.status === 0
        ? `the engine cannot reach Grafana at ${input.grafanaUrl} (${error.message}): enter the URL under which the ENGINE reaches Grafana, e.g. http://grafana:3000 in docker compose`
        : `the server at ${input.grafanaUrl} did not answer like Grafana (HTTP ${error.status}): check the Grafana URL the engine should use`,
      { ...details, grafanaStatus: error.status }
    );
  }
}
