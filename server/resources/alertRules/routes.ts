/**
 * /api/v1/alert-rules/:agreementId — the agreement's Grafana alert rules, created or updated in
 * one action (POST), listed with their state (GET) and removed (DELETE), through Grafana's
 * alerting provisioning API with monitoring's service account.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { callerOf } from '../../http/auth';
import { ApiError, parseOrThrow } from '../../http/errors';
import { runWrite } from '../../http/writes';
import { GrafanaClient, type GrafanaTarget } from '../../grafana/client';
import { grafanaTargetsFrom } from '../../grafana/connection';
import { grafanaFailure } from '../../grafana/errors';
import { alertRulesQuerySchema, type AlertRulesResult } from '../../grafana/schema';
import type { Store } from '../../store/db';
import { appendAudit } from '../audit/repository';
import { refSchema, pathParam } from '../shared';
import { deleteAlertRules, listAlertRules, provisionAlertRules, rulesContext } from './service';

export interface AlertRuleRoutesOptions {
  store: Store;
  secret: string;
  env?: NodeJS.ProcessEnv;
  fetchImpl?: typeof fetch;
}

const monitor = { permission: 'monitor' as const };
const agreementOf = (params: unknown) => pathParam(params, 'agreementId', refSchema, (id) => `agreement "${id}"`);

export async function alertRuleRoutes(app: FastifyInstance, opts: AlertRuleRoutesOptions): Promise<void> {
  const env = opts.env ?? process.env;
  const grafanaFor = async (orgId: number) =>
    new GrafanaClient(await targetOf(opts.store, opts.secret, env, orgId), opts.fetchImpl);

  app.get('/alert-rules/:agreementId', async (request) => {
    const agreementId = agreementOf(request.params);
    const grafana = await grafanaFor(callerOf(request).orgId);
    return call(grafana, 'reading the alert rules', () => listAlertRules(grafana, agreementId));
  });

  app.post('/alert-rules/:agreementId', { config: monitor }, async (request, reply) => {
    const agreementId = agreementOf(request.params);
    const query = parseOrThrow(alertRulesQuerySchema, request.query ?? {}, 'query string');
    parseOrThrow(z.union([z.undefined(), z.strictObject({})]), request.body);
    const orgId = callerOf(request).orgId;
    const grafana = await grafanaFor(orgId);
    const ctx = await rulesContext(
      opts.store.db,
      orgId,
      agreementId,
      query.metricsDatasource ?? env.SLM_METRICS_DATASOURCE ?? 'prometheus'
    );
    const result = await call(grafana, 'provisioning the alert rules', () => provisionAlertRules(grafana, ctx));
    return runWrite(opts.store, request, reply, async (trx, writer) => {
      await appendAudit(trx, {
        orgId,
        user: writer.user,
        action: 'provision',
        resource: 'alert_rules',
        resourceId: agreementId,
        before: null,
        after: result,
      });
      return { status: 200, body: result };
    });
  });

  app.delete('/alert-rules/:agreementId', { config: monitor }, async (request, reply) => {
    const agreementId = agreementOf(request.params);
    const orgId = callerOf(request).orgId;
    const grafana = await grafanaFor(orgId);
    const removed = await call(grafana, 'deleting the alert rules', () => deleteAlertRules(grafana, agreementId));
    return runWrite(opts.store, request, reply, async (trx, writer) => {
      await appendAudit(trx, {
        orgId,
        user: writer.user,
        action: 'delete',
        resource: 'alert_rules',
        resourceId: agreementId,
        before: removed,
        after: null,
      });
      return { status: 204 };
    });
  });
}

async function targetOf(store: Store, secret: string, env: NodeJS.ProcessEnv, orgId: number): Promise<GrafanaTarget> {
  const problems: string[] = [];
  const target = (await grafanaTargetsFrom(store, secret, env, (p) => problems.push(p.error.message))).find(
    (t) => t.orgId === orgId
  );
  if (!target) {
    throw new ApiError(
      409,
      'conflict',
      problems[0] ?? 'monitoring is not connected to Grafana: an admin enables it on the app configuration page first',
      { reason: 'monitoring_not_connected' }
    );
  }
  return target;
}

async function call<T>(grafana: GrafanaClient, doing: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw grafanaFailure(error, grafana.target.url, doing);
  }
}

export type { AlertRulesResult };
