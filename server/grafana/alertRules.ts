/**
 * Grafana alert rules for an agreement, as the alerting provisioning API takes them
 * (ProvisionedAlertRule: uid, title, condition, data[], folderUID, ruleGroup, for, noDataState,
 * execErrState, labels, annotations, orgID). Pure: the agreement in, the JSON out.
 *
 *  - Per target, the SRE Workbook's multi-window burn-rate rules (src/domain burnRateRules for
 *    the agreement's budget window and the target's slice), built from the target's OWN SLI
 *    queries with Grafana server-side expressions: one query per window (its relativeTimeRange
 *    is the window), `reduce` to the window's good and total, `math` for the burn rate, and a
 *    `math` condition that fires only when BOTH the long and the short window burn faster than
 *    the rule's rate.
 *  - Per agreement, a breach rule on the engine's own metric slm_agreement_breached.
 *
 * Labels route notifications: slm_party (the provider, who must act) and slm_contact_point (the
 * provider's contact point, when a contact names one) let a notification policy send them on.
 */
import { createHash } from 'node:crypto';
import {
  type Agreement,
  budgetingOf,
  burnRateRules,
  durationMs,
  formatDuration,
  type Query,
  type Target,
  type ThresholdOp,
  windowLength,
} from '../../src/domain';

export const ALERT_FOLDER_UID = 'slm';
export const ALERT_FOLDER_TITLE = 'Service Level Management';
export const EXPRESSION_DATASOURCE = '__expr__';
/** Evaluation interval of each agreement's rule group, in seconds. */
export const RULE_GROUP_INTERVAL_S = 60;

export interface AlertQuery {
  refId: string;
  queryType: string;
  relativeTimeRange: { from: number; to: number };
  datasourceUid: string;
  model: Record<string, unknown>;
}

export interface ProvisionedAlertRule {
  uid: string;
  title: string;
  condition: string;
  data: AlertQuery[];
  folderUID: string;
  ruleGroup: string;
  for: string;
  noDataState: 'OK' | 'NoData' | 'Alerting';
  execErrState: 'OK' | 'Error' | 'Alerting';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  orgID: number;
  isPaused: boolean;
}

export interface AlertRuleContext {
  orgId: number;
  agreement: Agreement;
  /** Contact point of the provider party (first contact naming one), for routing. */
  contactPoint: string | null;
  /** uid of the Prometheus datasource that scrapes the engine's /metrics. */
  metricsDatasource: string;
  /** Where the budget window is measured from (the window's length can depend on it: months differ). */
  at: number;
}

/** Stable across calls, unique per organisation, agreement, target and rule; Grafana uids are at most 40 characters. */
export function ruleUid(orgId: number, agreementId: string, targetId: string | null, rule: string): string {
  const digest = createHash('sha256')
    .update(`${orgId}/${agreementId}/${targetId ?? ''}/${rule}`)
    .digest('hex');
  return `slm-${digest.slice(0, 32)}`;
}

export const ruleGroupOf = (agreementId: string) => agreementId;

const OPS: Record<ThresholdOp, string> = { lt: '<', lte: '<=', gt: '>', gte: '>=' };

const ref = (refId: string) => '${' + refId + '}';
const seconds = (ms: number) => Math.round(ms / 1000);

function expression(refId: string, model: Record<string, unknown>): AlertQuery {
  return {
    refId,
    queryType: '',
    relativeTimeRange: { from: 0, to: 0 },
    datasourceUid: EXPRESSION_DATASOURCE,
    model: { refId, datasource: { type: EXPRESSION_DATASOURCE, uid: EXPRESSION_DATASOURCE }, ...model },
  };
}

const math = (refId: string, text: string) => expression(refId, { type: 'math', expression: text });
const reduce = (refId: string, of: string, reducer: 'sum' | 'mean' | 'last') =>
  expression(refId, { type: 'reduce', expression: of, reducer, settings: { mode: 'dropNN' } });

/** A range query of one SLI query over the window ending now, one point per slice. */
function rangeQuery(refId: string, query: Query, windowMs: number, sliceMs: number): AlertQuery {
  return {
    refId,
    queryType: '',
    relativeTimeRange: { from: seconds(windowMs), to: 0 },
    datasourceUid: query.datasource,
    model: { refId, expr: query.expr, range: true, instant: false, intervalMs: sliceMs, maxDataPoints: 43200 },
  };
}

/**
 * The expressions giving the burn rate over one window as `<W>_burn`: for occurrences the
 * window's bad share of events, for timeslices its share of bad slices, over the budget (1 − o).
 */
function burnOverWindow(w: 'long' | 'short', target: Target, windowMs: number): AlertQuery[] {
  const sliceMs = durationMs(target.slice);
  // toPrecision: 1 - 0.999 is 0.0010000000000000009 in binary; Grafana gets the number people wrote.
  const budget = Number(((100 - target.objective) / 100).toPrecision(12));
  const burn = (goodFraction: string) => math(`${w}_burn`, `(1 - ${goodFraction}) / ${budget}`);
  const { ratio, threshold } = target.sli;
  if (ratio && budgetingOf(target) === 'occurrences') {
    return [
      rangeQuery(`${w}_good`, ratio.good, windowMs, sliceMs),
      rangeQuery(`${w}_total`, ratio.total, windowMs, sliceMs),
      reduce(`${w}_good_sum`, `${w}_good`, 'sum'),
      reduce(`${w}_total_sum`, `${w}_total`, 'sum'),
      burn(`${ref(`${w}_good_sum`)} / ${ref(`${w}_total_sum`)}`),
    ];
  }
  if (ratio) {
    return [
      rangeQuery(`${w}_good`, ratio.good, windowMs, sliceMs),
      rangeQuery(`${w}_total`, ratio.total, windowMs, sliceMs),
      math(`${w}_slice_ok`, `${ref(`${w}_good`)} / ${ref(`${w}_total`)} >= ${target.objective / 100}`),
      reduce(`${w}_good_share`, `${w}_slice_ok`, 'mean'),
      burn(ref(`${w}_good_share`)),
    ];
  }
  const t = threshold!;
  return [
    rangeQuery(`${w}_value`, t.query, windowMs, sliceMs),
    math(`${w}_slice_ok`, `${ref(`${w}_value`)} ${OPS[t.op]} ${t.value}`),
    reduce(`${w}_good_share`, `${w}_slice_ok`, 'mean'),
    burn(ref(`${w}_good_share`)),
  ];
}

function baseLabels(ctx: AlertRuleContext): Record<string, string> {
  const { spec, metadata } = ctx.agreement;
  return {
    slm_agreement: metadata.id,
    slm_type: spec.type,
    slm_service: spec.service,
    slm_party: spec.provider,
    ...(ctx.contactPoint ? { slm_contact_point: ctx.contactPoint } : {}),
  };
}

const appLink = (agreementId: string) => `/a/slm-servicelevel-app/agreements/${encodeURIComponent(agreementId)}`;

function burnRateRulesFor(ctx: AlertRuleContext, target: Target): ProvisionedAlertRule[] {
  const { metadata, spec } = ctx.agreement;
  const windowMs = windowLength(spec.window, spec.timezone, ctx.at);
  return burnRateRules(windowMs, durationMs(target.slice)).map((rule) => {
    const long = formatDuration(rule.longWindowMs);
    const short = formatDuration(rule.shortWindowMs);
    const name = `burn-${rule.severity}-${long}`;
    return {
      uid: ruleUid(ctx.orgId, metadata.id, target.id, name),
      title: `${metadata.id} ${target.id}: error budget burning ${rule.burnRate}× (${long} and ${short})`,
      condition: 'firing',
      data: [
        ...burnOverWindow('long', target, rule.longWindowMs),
        ...burnOverWindow('short', target, rule.shortWindowMs),
        math('firing', `${ref('long_burn')} > ${rule.burnRate} && ${ref('short_burn')} > ${rule.burnRate}`),
      ],
      folderUID: ALERT_FOLDER_UID,
      ruleGroup: ruleGroupOf(metadata.id),
      for: rule.severity === 'page' ? '2m' : '15m',
      // Missing data lowers coverage in the engine; it is not a burning budget.
      noDataState: 'OK',
      execErrState: 'Error',
      labels: { ...baseLabels(ctx), slm_target: target.id, severity: rule.severity },
      annotations: {
        summary: `${spec.type} ${metadata.id} (${metadata.title}), target ${target.id}: ${rule.budgetSpent} % of the error budget spent within ${long}`,
        description:
          `Burn rate above ${rule.burnRate} over both ${long} and ${short} (objective ${target.objective} %). ` +
          `At this rate the agreement is breached before its period ends.`,
        slm_agreement_url: appLink(metadata.id),
      },
      orgID: ctx.orgId,
      isPaused: false,
    };
  });
}

function breachRuleFor(ctx: AlertRuleContext): ProvisionedAlertRule {
  const { metadata, spec } = ctx.agreement;
  const expr = `max(slm_agreement_breached{org="${ctx.orgId}",agreement="${metadata.id.replace(/["\\]/g, '\\$&')}"})`;
  return {
    uid: ruleUid(ctx.orgId, metadata.id, null, 'breached'),
    title: `${metadata.id}: agreement breached`,
    condition: 'breached',
    data: [
      {
        refId: 'state',
        queryType: '',
        relativeTimeRange: { from: 600, to: 0 },
        datasourceUid: ctx.metricsDatasource,
        model: { refId: 'state', expr, instant: true, range: false, intervalMs: 60_000, maxDataPoints: 43200 },
      },
      reduce('last_state', 'state', 'last'),
      expression('breached', {
        type: 'threshold',
        expression: 'last_state',
        conditions: [{ evaluator: { type: 'gt', params: [0] } }],
      }),
    ],
    folderUID: ALERT_FOLDER_UID,
    ruleGroup: ruleGroupOf(metadata.id),
    for: '0s',
    noDataState: 'OK',
    execErrState: 'Error',
    labels: { ...baseLabels(ctx), severity: 'breach' },
    annotations: {
      summary: `${spec.type} ${metadata.id} (${metadata.title}) is breached`,
      description: `A target of ${metadata.id} missed its objective in the current period; see the breach and its report in Service Level Management.`,
      slm_agreement_url: appLink(metadata.id),
    },
    orgID: ctx.orgId,
    isPaused: false,
  };
}

/** Every rule of an agreement: three burn-rate rules per target, then the breach rule. */
export function alertRulesFor(ctx: AlertRuleContext): ProvisionedAlertRule[] {
  return [...ctx.agreement.spec.targets.flatMap((t) => burnRateRulesFor(ctx, t)), breachRuleFor(ctx)];
}
