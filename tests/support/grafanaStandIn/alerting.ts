/**
 * Stand-in for the parts of Grafana's folder and alerting provisioning APIs that alert rules
 * use (docs: shared/alerts/alerting_provisioning.md, ProvisionedAlertRule and AlertQuery), held
 * to the documented shapes:
 *  - GET /api/folders/:uid, POST /api/folders {uid?, title, parentUid?};
 *  - POST /api/v1/provisioning/alert-rules (201; 409 when the uid exists), PUT …/alert-rules/:uid
 *    (404 when it does not), GET and DELETE …/alert-rules/:uid: the body must carry every
 *    required ProvisionedAlertRule field (condition, data, execErrState, folderUID, for,
 *    noDataState, orgID, ruleGroup, title) and no unknown one; data entries need refId,
 *    relativeTimeRange {from, to}, datasourceUid and model; the condition must be one of the
 *    refIds; `__expr__` entries must be a known expression type whose references exist;
 *    other datasource uids must be datasources this Grafana has; the folder must exist;
 *  - GET/PUT …/folder/:folderUid/rule-groups/:group (interval in seconds);
 *  - GET /api/prometheus/grafana/api/v1/rules (state of each rule, "inactive" unless set).
 * X-Disable-Provenance: true leaves a rule's provenance empty, else it is "api".
 */
import type { GrafanaStandIn, RecordedRequest } from '../grafanaStandIn';
import { badRequest, type FieldSpec, shapeProblems } from './shape';

type Rule = Record<string, any> & { uid: string; ruleGroup: string; folderUID: string; title: string };

const RULE_FIELDS: Record<string, FieldSpec> = {
  uid: { type: 'string' },
  id: { type: 'integer' },
  title: { type: 'string', required: true },
  condition: { type: 'string', required: true },
  data: { type: 'array', required: true },
  folderUID: { type: 'string', required: true },
  ruleGroup: { type: 'string', required: true },
  for: { type: 'string', required: true },
  noDataState: { type: 'string', required: true },
  execErrState: { type: 'string', required: true },
  orgID: { type: 'integer', required: true },
  labels: { type: 'object' },
  annotations: { type: 'object' },
  isPaused: { type: 'boolean' },
  provenance: { type: 'string' },
  updated: { type: 'string' },
  notification_settings: { type: 'object' },
  keep_firing_for: { type: 'string' },
};
const QUERY_FIELDS: Record<string, FieldSpec> = {
  refId: { type: 'string', required: true },
  queryType: { type: 'string' },
  relativeTimeRange: { type: 'object', required: true },
  datasourceUid: { type: 'string', required: true },
  model: { type: 'object', required: true },
};
const EXPRESSION_TYPES = ['math', 'reduce', 'resample', 'classic_conditions', 'threshold', 'sql'];
const REDUCERS = ['sum', 'mean', 'min', 'max', 'count', 'last', 'median'];
const NO_DATA = ['Alerting', 'NoData', 'OK', 'KeepLast'];
const EXEC_ERR = ['OK', 'Error', 'Alerting', 'KeepLast'];
const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;

function expressionProblems(q: Record<string, any>, refIds: Set<string>): string[] {
  const m = q.model;
  const where = `data[${q.refId}]`;
  if (!EXPRESSION_TYPES.includes(m.type)) {
    return [`${where}: unknown expression type "${m.type}"`];
  }
  if (typeof m.expression !== 'string' || m.expression === '') {
    return [`${where}: ${m.type} needs an expression`];
  }
  if (m.type === 'math') {
    const refs = [...m.expression.matchAll(/\$\{([^}]+)\}|\$([A-Za-z0-9_]+)/g)].map((x) => x[1] ?? x[2]);
    const unknown = refs.filter((r) => !refIds.has(r));
    return unknown.length
      ? [`${where}: math refers to unknown ${unknown.join(', ')}`]
      : refs.length
        ? []
        : [`${where}: math refers to no query`];
  }
  const problems = refIds.has(m.expression) ? [] : [`${where}: refers to unknown ${m.expression}`];
  if (m.type === 'reduce' && !REDUCERS.includes(m.reducer)) {
    problems.push(`${where}: unknown reducer "${m.reducer}"`);
  }
  if (
    m.type === 'threshold' &&
    !(
      Array.isArray(m.conditions) &&
      m.conditions[0]?.evaluator?.type &&
      Array.isArray(m.conditions[0].evaluator.params)
    )
  ) {
    problems.push(`${where}: threshold needs conditions[0].evaluator {type, params}`);
  }
  return problems;
}

export function installAlertingApi(
  standIn: GrafanaStandIn,
  { defaultInterval = 60 }: { defaultInterval?: number } = {}
) {
  const folders = new Map<string, { uid: string; title: string }>();
  const rules = new Map<string, Rule>();
  const intervals = new Map<string, number>();
  const states = new Map<string, string>();
  const groupKey = (folderUid: string, group: string) => `${folderUid}/${group}`;

  function ruleProblems(body: unknown): string[] {
    const problems = shapeProblems(body, RULE_FIELDS);
    if (problems.length) {
      return problems;
    }
    const r = body as Rule;
    const refIds = new Set<string>(r.data.map((q: { refId?: string }) => q.refId));
    for (const q of r.data as Array<Record<string, any>>) {
      const p = shapeProblems(q, QUERY_FIELDS, `data[${q.refId ?? '?'}]`);
      if (p.length) {
        problems.push(...p);
        continue;
      }
      problems.push(
        ...shapeProblems(
          q.relativeTimeRange,
          { from: { type: 'integer', required: true }, to: { type: 'integer', required: true } },
          `data[${q.refId}].relativeTimeRange`
        )
      );
      if (q.datasourceUid === '__expr__') {
        problems.push(...expressionProblems(q, refIds));
      } else if (!(q.datasourceUid in standIn.datasources)) {
        problems.push(`data[${q.refId}]: data source ${q.datasourceUid} not found`);
      } else if (typeof q.model.expr !== 'string' || !q.model.expr) {
        problems.push(`data[${q.refId}]: query without expr`);
      }
    }
    if (!refIds.has(r.condition)) {
      problems.push(`condition ${r.condition} is not a refId of data`);
    }
    if (!NO_DATA.includes(r.noDataState)) {
      problems.push(`invalid noDataState ${r.noDataState}`);
    }
    if (!EXEC_ERR.includes(r.execErrState)) {
      problems.push(`invalid execErrState ${r.execErrState}`);
    }
    if (!DURATION.test(r.for)) {
      problems.push(`invalid for ${r.for}`);
    }
    if (r.uid !== undefined && !/^[A-Za-z0-9_-]{1,40}$/.test(r.uid)) {
      problems.push(`invalid uid ${r.uid}`);
    }
    return problems;
  }

  const provenance = (req: RecordedRequest) => (req.headers['x-disable-provenance'] === 'true' ? '' : 'api');
  const store = (req: RecordedRequest, rule: Rule) => {
    const stored = { ...rule, provenance: provenance(req) };
    rules.set(rule.uid, stored);
    const key = groupKey(rule.folderUID, rule.ruleGroup);
    if (!intervals.has(key)) {
      intervals.set(key, defaultInterval);
    }
    return stored;
  };

  standIn.route('GET', '/api/folders/:uid', (_req, { uid }) =>
    folders.has(uid) ? { status: 200, body: folders.get(uid) } : { status: 404, body: { message: 'folder not found' } }
  );
  standIn.route('POST', '/api/folders', (req) => {
    const problems = shapeProblems(req.body, {
      uid: { type: 'string' },
      title: { type: 'string', required: true },
      parentUid: { type: 'string' },
      description: { type: 'string' },
    });
    if (problems.length) {
      return badRequest(problems);
    }
    const b = req.body as { uid?: string; title: string };
    const uid = b.uid ?? `f${folders.size + 1}`;
    if (folders.has(uid)) {
      return { status: 409, body: { message: 'a folder with the same uid already exists' } };
    }
    folders.set(uid, { uid, title: b.title });
    return { status: 200, body: folders.get(uid) };
  });

  standIn.route('POST', '/api/v1/provisioning/alert-rules', (req) => {
    const problems = ruleProblems(req.body);
    if (problems.length) {
      return badRequest(problems);
    }
    const rule = { ...(req.body as Rule) };
    rule.uid = rule.uid || `r${rules.size + 1}`;
    if (rules.has(rule.uid)) {
      return { status: 409, body: { message: 'an alert rule with this uid already exists' } };
    }
    if (!folders.has(rule.folderUID)) {
      return { status: 400, body: { message: `folder ${rule.folderUID} does not exist` } };
    }
    return { status: 201, body: store(req, rule) };
  });

  standIn.route('PUT', '/api/v1/provisioning/alert-rules/:uid', (req, { uid }) => {
    if (!rules.has(uid)) {
      return { status: 404, body: { message: 'rule not found' } };
    }
    const problems = ruleProblems(req.body);
    if ((req.body as Rule)?.uid !== undefined && (req.body as Rule).uid !== uid) {
      problems.push('uid in body differs from the path');
    }
    return problems.length ? badRequest(problems) : { status: 200, body: store(req, { ...(req.body as Rule), uid }) };
  });

  standIn.route('GET', '/api/v1/provisioning/alert-rules/:uid', (_req, { uid }) =>
    rules.has(uid) ? { status: 200, body: rules.get(uid) } : { status: 404, body: { message: 'rule not found' } }
  );
  standIn.route('DELETE', '/api/v1/provisioning/alert-rules/:uid', (_req, { uid }) => {
    rules.delete(uid);
    return { status: 204 };
  });

  const groupOf = (folderUid: string, group: string) =>
    [...rules.values()].filter((r) => r.folderUID === folderUid && r.ruleGroup === group);
  standIn.route('GET', '/api/v1/provisioning/folder/:folderUid/rule-groups/:group', (_req, { folderUid, group }) => {
    const members = groupOf(folderUid, group);
    return members.length
      ? {
          status: 200,
          body: { title: group, folderUid, interval: intervals.get(groupKey(folderUid, group)), rules: members },
        }
      : { status: 404, body: { message: 'rule group not found' } };
  });
  standIn.route('PUT', '/api/v1/provisioning/folder/:folderUid/rule-groups/:group', (req, { folderUid, group }) => {
    const problems = shapeProblems(req.body, {
      title: { type: 'string' },
      folderUid: { type: 'string' },
      interval: { type: 'integer', required: true },
      rules: { type: 'array', required: true },
    });
    const body = req.body as { interval: number; rules: Rule[] };
    if (!problems.length) {
      body.rules.forEach((r) => problems.push(...ruleProblems(r)));
    }
    if (problems.length) {
      return badRequest(problems);
    }
    groupOf(folderUid, group).forEach((r) => rules.delete(r.uid));
    body.rules.forEach((r) => store(req, r));
    intervals.set(groupKey(folderUid, group), body.interval);
    return {
      status: 200,
      body: { title: group, folderUid, interval: body.interval, rules: groupOf(folderUid, group) },
    };
  });

  standIn.route('GET', '/api/prometheus/grafana/api/v1/rules', (req) => {
    const folderUid = req.query.get('folder_uid');
    const group = req.query.get('rule_group');
    const members = [...rules.values()].filter(
      (r) => (!folderUid || r.folderUID === folderUid) && (!group || r.ruleGroup === group)
    );
    const names = [...new Set(members.map((r) => r.ruleGroup))];
    return {
      status: 200,
      body: {
        status: 'success',
        data: {
          groups: names.map((name) => ({
            name,
            folderUid,
            rules: members
              .filter((r) => r.ruleGroup === name)
              .map((r) => ({
                uid: r.uid,
                name: r.title,
                state: states.get(r.uid) ?? 'inactive',
                health: 'ok',
                labels: r.labels,
              })),
          })),
        },
      },
    };
  });

  return { folders, rules, intervals, states };
}
