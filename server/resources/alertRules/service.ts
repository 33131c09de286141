/** The agreement's alert rules in Grafana: what they should be, and making Grafana match. */
import type { Kysely } from 'kysely';
import { ApiError } from '../../http/errors';
import type { GrafanaClient } from '../../grafana/client';
import {
  ALERT_FOLDER_TITLE,
  ALERT_FOLDER_UID,
  type AlertRuleContext,
  alertRulesFor,
  type ProvisionedAlertRule,
  RULE_GROUP_INTERVAL_S,
  ruleGroupOf,
} from '../../grafana/alertRules';
import type { AlertRulesResult } from '../../grafana/schema';
import type { Database } from '../../store/schema';
import { getAgreement, getVersion } from '../agreements/repository';
import { findRecord } from '../shared';
import { parties } from '../parties/repository';

/** Grafana keeps rules created through the API editable in its UI with this header. */
const PROVISIONING = { headers: { 'X-Disable-Provenance': 'true' } };

interface RuleGroup {
  title: string;
  folderUid: string;
  interval: number;
  rules: ProvisionedAlertRule[];
}

/** The agreement in force and its provider's contact point; 404 for no agreement, 409 when none is in force. */
export async function rulesContext(
  db: Kysely<Database>,
  orgId: number,
  agreementId: string,
  metricsDatasource: string
): Promise<AlertRuleContext> {
  const record = await getAgreement(db, orgId, agreementId);
  if (record.state !== 'active' || record.activeRevision === null) {
    throw new ApiError(
      409,
      'conflict',
      `agreement "${agreementId}" is ${record.state}: alert rules watch agreements in force; activate it first`,
      { reason: 'not_active', state: record.state }
    );
  }
  const agreement =
    record.revision === record.activeRevision
      ? record.document
      : (await getVersion(db, orgId, agreementId, record.activeRevision)).document;
  const provider = await findRecord(db, parties, orgId, agreement.spec.provider);
  const contactPoint = provider?.contacts.find((c) => c.grafanaContactPoint)?.grafanaContactPoint ?? null;
  return { orgId, agreement, contactPoint, metricsDatasource, at: Date.now() };
}

async function ensureFolder(grafana: GrafanaClient): Promise<void> {
  const found = await grafana.get(`/api/folders/${ALERT_FOLDER_UID}`, { acceptStatuses: [404] });
  if (found.status === 404) {
    await grafana.post('/api/folders', { uid: ALERT_FOLDER_UID, title: ALERT_FOLDER_TITLE });
  }
}

async function ruleGroup(grafana: GrafanaClient, agreementId: string): Promise<RuleGroup | null> {
  const path = `/api/v1/provisioning/folder/${ALERT_FOLDER_UID}/rule-groups/${encodeURIComponent(ruleGroupOf(agreementId))}`;
  const found = await grafana.get<RuleGroup>(path, { acceptStatuses: [404] });
  return found.status === 404 ? null : found.body;
}

/**
 * Creates the rules Grafana does not have (POST), updates those it has (PUT by their stable
 * uid), removes the group's rules the agreement no longer has (e.g. a target dropped) and
 * sets the group's evaluation interval. Running it twice changes nothing.
 */
export async function provisionAlertRules(grafana: GrafanaClient, ctx: AlertRuleContext): Promise<AlertRulesResult> {
  const rules = alertRulesFor(ctx);
  const agreementId = ctx.agreement.metadata.id;
  await ensureFolder(grafana);
  const existing = new Set((await ruleGroup(grafana, agreementId))?.rules.map((r) => r.uid) ?? []);
  for (const rule of rules) {
    if (existing.has(rule.uid)) {
      await grafana.put(`/api/v1/provisioning/alert-rules/${rule.uid}`, rule, PROVISIONING);
    } else {
      await grafana.post('/api/v1/provisioning/alert-rules', rule, PROVISIONING);
    }
  }
  const wanted = new Set(rules.map((r) => r.uid));
  for (const uid of [...existing].filter((u) => !wanted.has(u))) {
    await grafana.delete(`/api/v1/provisioning/alert-rules/${uid}`, PROVISIONING);
  }
  const group = await ruleGroup(grafana, agreementId);
  if (group && group.interval !== RULE_GROUP_INTERVAL_S) {
    const path = `/api/v1/provisioning/folder/${ALERT_FOLDER_UID}/rule-groups/${encodeURIComponent(ruleGroupOf(agreementId))}`;
    await grafana.put(path, { title: group.title, interval: RULE_GROUP_INTERVAL_S, rules: group.rules }, PROVISIONING);
  }
  return summary(agreementId, rules, new Map());
}

export async function listAlertRules(grafana: GrafanaClient, agreementId: string): Promise<AlertRulesResult> {
  const group = await ruleGroup(grafana, agreementId);
  return summary(agreementId, group?.rules ?? [], group ? await statesOf(grafana, agreementId) : new Map());
}

export async function deleteAlertRules(grafana: GrafanaClient, agreementId: string): Promise<AlertRulesResult> {
  const group = await ruleGroup(grafana, agreementId);
  for (const rule of group?.rules ?? []) {
    await grafana.delete(`/api/v1/provisioning/alert-rules/${rule.uid}`, PROVISIONING);
  }
  return summary(agreementId, group?.rules ?? [], new Map());
}

/** Evaluation states from Grafana's Prometheus-compatible rules API; a Grafana that does not say leaves them unknown. */
async function statesOf(grafana: GrafanaClient, agreementId: string): Promise<Map<string, string>> {
  const query = new URLSearchParams({ folder_uid: ALERT_FOLDER_UID, rule_group: ruleGroupOf(agreementId) });
  try {
    const res = await grafana.get<{ data?: { groups?: Array<{ rules?: Array<{ uid?: string; state?: string }> }> } }>(
      `/api/prometheus/grafana/api/v1/rules?${query}`
    );
    const rules = res.body?.data?.groups?.flatMap((g) => g.rules ?? []) ?? [];
    return new Map(rules.filter((r) => r.uid && r.state).map((r) => [r.uid!, r.state!]));
  } catch {
    return new Map();
  }
}

function summary(agreementId: string, rules: ProvisionedAlertRule[], states: Map<string, string>): AlertRulesResult {
  return {
    agreementId,
    folderUid: ALERT_FOLDER_UID,
    ruleGroup: ruleGroupOf(agreementId),
    rules: rules.map((r) => ({
      uid: r.uid,
      title: r.title,
      targetId: r.labels?.slm_target ?? null,
      kind: r.labels?.severity === 'breach' ? 'breach' : 'burn_rate',
      severity: r.labels?.severity ?? '',
      state: states.get(r.uid) ?? null,
    })),
  };
}
