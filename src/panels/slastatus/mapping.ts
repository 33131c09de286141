/**
 * From the panel's options and query results to what the shared evaluator takes: an agreement
 * (the registry's, or one built from the ad-hoc objective) cut down to the mapped targets, and
 * its series keyed `<target>/<role>` — the refIds `slm evaluate` uses. Grafana's DataFrames are
 * FrameLike already, so renaming their refIds is the whole adapter.
 */
import {
  FrameError,
  seriesFromFrames,
  validateAgreement,
  formatValidationError,
  type Agreement,
  type AgreementInput,
  type FrameLike,
  type Series,
  type Target,
} from '../../domain';
import type { QueryMapping, QueryRole, SlaStatusOptions } from './types';

/** Why the panel cannot show numbers; rendered as a translated message (see Messages.tsx). */
export type PanelIssue =
  | { kind: 'unmapped' }
  | { kind: 'no_agreement' }
  | { kind: 'incomplete'; target: string; missing: QueryRole[] }
  | { kind: 'role_mismatch'; target: string; refId: string; role: QueryRole; expected: QueryRole[] }
  | { kind: 'duplicate_role'; target: string; role: QueryRole }
  | { kind: 'unknown_target'; target: string; agreementId: string; known: string[] }
  | { kind: 'several_series'; refId: string; count: number }
  | { kind: 'non_numeric'; refId: string; detail: string }
  | { kind: 'frames'; refId: string; detail: string }
  | { kind: 'invalid'; errors: string[] }
  | { kind: 'forbidden'; agreementId: string }
  | { kind: 'not_found'; agreementId: string }
  | { kind: 'engine'; detail: string };

export interface Mapped {
  agreement: Agreement;
  series: Map<string, Pick<Series, 'times' | 'values'>>;
}

export const DEFAULT_ADHOC_TARGET = 'sli';

/** Mapping rows that name a query, with their target defaulted. */
export function activeMappings(options: Pick<SlaStatusOptions, 'mappings' | 'source'>): QueryMapping[] {
  return (options.mappings ?? [])
    .filter((m) => m && typeof m.refId === 'string' && m.refId.trim() !== '' && m.role)
    .map((m) => ({ ...m, refId: m.refId.trim(), target: m.target?.trim() || (options.source === 'adhoc' ? DEFAULT_ADHOC_TARGET : '') }))
    .filter((m) => m.target !== '');
}

/** Rows grouped by target, in first-mention order; a role named twice for one target is an issue. */
function groupByTarget(rows: QueryMapping[]): Map<string, Map<QueryRole, QueryMapping>> | PanelIssue {
  const groups = new Map<string, Map<QueryRole, QueryMapping>>();
  for (const row of rows) {
    const roles = groups.get(row.target) ?? new Map<QueryRole, QueryMapping>();
    if (roles.has(row.role)) {
      return { kind: 'duplicate_role', target: row.target, role: row.role };
    }
    roles.set(row.role, row);
    groups.set(row.target, roles);
  }
  return groups;
}

const rolesOf = (target: Pick<Target, 'sli'>): QueryRole[] => (target.sli.ratio ? ['good', 'total'] : ['value']);

/** Every expected role mapped, no role the SLI does not have. */
function checkRoles(target: string, roles: Map<QueryRole, QueryMapping>, expected: QueryRole[]): PanelIssue | null {
  for (const [role, row] of roles) {
    if (!expected.includes(role)) {
      return { kind: 'role_mismatch', target, refId: row.refId, role, expected };
    }
  }
  const missing = expected.filter((r) => !roles.has(r));
  return missing.length ? { kind: 'incomplete', target, missing } : null;
}

/** The registry agreement cut down to the mapped targets (in the agreement's order). */
export function mapRegistryAgreement(agreement: Agreement, rows: QueryMapping[]): Agreement | PanelIssue {
  const groups = groupByTarget(rows);
  if (!(groups instanceof Map)) {
    return groups;
  }
  const known = agreement.spec.targets.map((t) => t.id);
  for (const [target, roles] of groups) {
    const found = agreement.spec.targets.find((t) => t.id === target);
    if (!found) {
      return { kind: 'unknown_target', target, agreementId: agreement.metadata.id, known };
    }
    const issue = checkRoles(target, roles, rolesOf(found));
    if (issue) {
      return issue;
    }
  }
  const targets = agreement.spec.targets.filter((t) => groups.has(t.id));
  return { ...agreement, spec: { ...agreement.spec, targets } };
}

export interface AdhocContext {
  /** IANA zone of the dashboard (already resolved from 'browser' / 'utc'). */
  timeZone: string;
  /** The query interval Grafana chose, ms. */
  intervalMs?: number;
  /** The panel's queries by refId, for the SLI definition (datasource and expression). */
  queries?: Record<string, { datasource?: string; expr?: string }>;
}

/** Slice lengths that divide a day, shortest first: the ad-hoc slice is the first ≥ the query interval. */
const SLICES: Array<[string, number]> = [
  ['1m', 60_000],
  ['2m', 120_000],
  ['5m', 300_000],
  ['10m', 600_000],
  ['15m', 900_000],
  ['30m', 1_800_000],
  ['1h', 3_600_000],
  ['2h', 7_200_000],
  ['6h', 21_600_000],
  ['1d', 86_400_000],
];

export function sliceForInterval(intervalMs: number | undefined): string {
  const ms = intervalMs && Number.isFinite(intervalMs) ? intervalMs : 60_000;
  return (SLICES.find(([, len]) => len >= ms) ?? SLICES[SLICES.length - 1])[0];
}

function queryOf(row: QueryMapping, ctx: AdhocContext) {
  const q = ctx.queries?.[row.refId];
  return { datasource: q?.datasource?.trim() || 'panel', expr: q?.expr?.trim() || `query ${row.refId}` };
}

/**
 * The ad-hoc objective as an Agreement, validated by the same schema as registry agreements so
 * both take one code path through the evaluator.
 */
export function buildAdhocAgreement(options: SlaStatusOptions, rows: QueryMapping[], ctx: AdhocContext): Agreement | PanelIssue {
  const groups = groupByTarget(rows);
  if (!(groups instanceof Map)) {
    return groups;
  }
  const targets: AgreementInput['spec']['targets'] = [];
  for (const [id, roles] of groups) {
    const expected: QueryRole[] = roles.has('value') ? ['value'] : ['good', 'total'];
    const issue = checkRoles(id, roles, expected);
    if (issue) {
      return issue;
    }
    const value = roles.get('value');
    const sli = value
      ? { threshold: { query: queryOf(value, ctx), op: value.op ?? 'lte', value: value.threshold as number } }
      : { ratio: { good: queryOf(roles.get('good')!, ctx), total: queryOf(roles.get('total')!, ctx) } };
    targets.push({
      id,
      objective: options.objective,
      ...(options.warning !== undefined && options.warning !== null && !Number.isNaN(options.warning)
        ? { warning: options.warning }
        : {}),
      slice: options.slice?.trim() || sliceForInterval(ctx.intervalMs),
      ...(options.budgeting && options.budgeting !== 'auto' ? { budgeting: options.budgeting } : {}),
      sli,
    });
  }
  const result = validateAgreement({
    apiVersion: 'slm/v1',
    kind: 'Agreement',
    metadata: { id: 'ad-hoc', title: 'Ad-hoc objective' },
    spec: {
      type: 'SLA',
      service: 'ad-hoc',
      provider: 'ad-hoc',
      counterparty: 'ad-hoc',
      timezone: options.timezone?.trim() || ctx.timeZone,
      window: options.window === 'rolling' ? { rolling: options.rolling?.trim() || '28d' } : { calendar: options.window ?? 'month' },
      targets,
    },
  });
  return result.ok ? result.agreement : { kind: 'invalid', errors: result.errors.map(formatValidationError) };
}

/**
 * The frames of mapped queries, renamed to `<target>/<role>`. A query that returned nothing is
 * simply absent: its slices have no data. Unusable frames (several series, log lines) are issues
 * named by the panel's own refId.
 */
export function mapFrames(frames: readonly FrameLike[], rows: QueryMapping[]): Mapped['series'] | PanelIssue {
  const renamed: FrameLike[] = [];
  const byNewRef = new Map<string, string>();
  for (const frame of frames) {
    for (const row of rows.filter((r) => r.refId === frame.refId)) {
      const refId = `${row.target}/${row.role}`;
      byNewRef.set(refId, row.refId);
      renamed.push({ ...frame, refId });
    }
  }
  try {
    return seriesFromFrames(renamed, { allowEmpty: true });
  } catch (e) {
    if (!(e instanceof FrameError)) {
      throw e;
    }
    const issue = e.issues[0];
    const refId = byNewRef.get(issue.refId) ?? issue.refId;
    if (issue.code === 'several_series') {
      const count = frames
        .filter((f) => f.refId === refId)
        .reduce((n, f) => n + f.fields.filter((x) => x.type === 'number').length, 0);
      return { kind: 'several_series', refId, count };
    }
    if (issue.code === 'non_numeric') {
      return { kind: 'non_numeric', refId, detail: issue.message };
    }
    return { kind: 'frames', refId, detail: issue.message };
  }
}

export function isIssue(x: unknown): x is PanelIssue {
  // An Agreement has a `kind` too ('Agreement'); issues never have an apiVersion.
  return typeof x === 'object' && x !== null && !(x instanceof Map) && 'kind' in x && !('apiVersion' in x);
}
