import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { Logger } from 'pino';
import { buildOpenApi } from '../openapi';
import { agreementRoutes } from '../resources/agreements/routes';
import { auditRoutes } from '../resources/audit/routes';
import { serviceRoutes } from '../resources/services/routes';
import { partyRoutes } from '../resources/parties/routes';
import { contractRoutes } from '../resources/contracts/routes';
import { requirementRoutes } from '../resources/requirements/routes';
import { breachRoutes } from '../resources/breaches/routes';
import { reviewRoutes } from '../resources/reviews/routes';
import { planRoutes } from '../resources/plans/routes';
import { alertRuleRoutes } from '../resources/alertRules/routes';
import { breachReportRoutes } from '../resources/breachReports/routes';
import { exportRoutes } from '../resources/exports/routes';
import { connectionRoutes } from '../grafana/connectionRoutes';
import { registerMonitoring } from '../monitor/routes';
import type { MonitoringHandle } from '../monitor/scheduler';
import type { Store } from '../store/db';
import { pendingMigrations } from '../store/migrate';
import { API_VERSION, ENGINE_VERSION } from '../version';
import { callerOf, installAuth } from './auth';
import { ApiError, installErrorHandling, sendError } from './errors';
import { DEFAULT_BODY_LIMIT } from '../config';

export interface AppOptions {
  store: Store;
  /** The shared secret every /api/v1 request must carry in X-SLM-Secret. */
  secret: string;
  logger: Logger;
  bodyLimit?: number;
  /** The running scheduler, when this engine runs one (read at request time, for /monitoring/status). */
  monitoring?: () => MonitoringHandle | undefined;
  /** SLM_METRICS_TOKEN: /metrics then needs `Authorization: Bearer <token>`. */
  metricsToken?: string;
  /** Where SLM_GRAFANA_URL / SLM_GRAFANA_TOKEN are read (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** The engine's HTTP API, not yet listening (tests use `app.inject`). */
export async function buildApp({
  store,
  secret,
  logger,
  bodyLimit = DEFAULT_BODY_LIMIT,
  monitoring,
  metricsToken,
  env = process.env,
}: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true }), // one line per request, written below
    bodyLimit,
    // During shutdown we answer 503 ourselves, in the engine's error shape.
    return503OnClosing: false,
    routerOptions: { ignoreTrailingSlash: true },
  }) as unknown as FastifyInstance;

  // JSON only: fastify's default text/plain parser would let a non-JSON body reach validation.
  app.removeContentTypeParser('text/plain');
  installErrorHandling(app);
  installShutdownGate(app);
  installRequestLog(app);
  installAuth(app, secret);

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const problem = await readinessProblem(store);
    if (problem) {
      return sendError(reply, new ApiError(503, 'service_unavailable', `not ready: ${problem}`));
    }
    return { status: 'ready', database: store.kind };
  });

  await app.register(
    async (api) => {
      api.get('/info', async (request) => {
        const caller = callerOf(request);
        return {
          name: 'slm-engine',
          version: ENGINE_VERSION,
          apiVersion: API_VERSION,
          user: caller.user ?? null,
          orgId: caller.orgId,
          permission: caller.permission,
        };
      });
      const openApi = buildOpenApi();
      api.get('/openapi.json', async () => openApi);
      await api.register(serviceRoutes, { store });
      await api.register(partyRoutes, { store });
      await api.register(contractRoutes, { store });
      await api.register(requirementRoutes, { store });
      await api.register(agreementRoutes, { store });
      await api.register(breachRoutes, { store });
      await api.register(reviewRoutes, { store, secret, env });
      await api.register(planRoutes, { store });
      await api.register(auditRoutes, { store });
      await api.register(connectionRoutes, { store, secret, env });
      await api.register(alertRuleRoutes, { store, secret, env });
      await api.register(breachReportRoutes, { store });
      await api.register(exportRoutes, { store });
    },
    { prefix: '/api/v1' }
  );
  await registerMonitoring(app, { store, monitor: monitoring, metricsToken });
  return app;
}

async function readinessProblem(store: Store): Promise<string | undefined> {
  try {
    const pending = await pendingMigrations(store.db);
    return pending.length ? `migrations not applied: ${pending.join(', ')}` : undefined;
  } catch (err) {
    return `database does not answer: ${(err as Error).message}`;
  }
}

/** Once shutdown starts, new requests get 503 (with `Connection: close`) while in-flight ones finish. */
function installShutdownGate(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (_request, reply) => {
    if (closing) {
      reply.header('connection', 'close');
      throw new ApiError(503, 'service_unavailable', 'the engine is shutting down; retry shortly');
    }
  });
}

/** One structured line per request: method, url, status, duration, user and org. */
function installRequestLog(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
        user: request.caller?.user ?? null,
        org: request.caller?.orgId ?? null,
        permission: request.caller?.permission ?? null,
      },
      'request'
    );
  });
}
