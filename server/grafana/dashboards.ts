/**
 * The shared dashboard of a service level review, as Grafana's dashboard API takes it
 * (POST /api/dashboards/db {dashboard, folderUid, overwrite, message}). Pure: the review's
 * agreements in, the dashboard JSON out.
 *
 *  - one SLA status panel (slm-slastatus-panel, registry mode) per agreement, whose queries are
 *    the agreement's own SLI queries mapped onto its targets, over the dashboard's time range
 *    (the review period: panel period "custom");
 *  - the SLA status panel in KPI mode, filtered to the review's service or party when it names one;
 *  - annotation queries on the tags the engine puts on breach annotations (slm-breach and
 *    agreement:<id>, see annotations.ts), one per agreement.
 */
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Agreement, Target } from '../../src/domain';
import { DEFAULT_OPTIONS, type QueryMapping, type SlaStatusOptions } from '../../src/panels/slastatus/types';
import { ALERT_FOLDER_TITLE, ALERT_FOLDER_UID } from './alertRules';

export const DASHBOARD_FOLDER_UID = ALERT_FOLDER_UID;
export const DASHBOARD_FOLDER_TITLE = ALERT_FOLDER_TITLE;
export const SLA_STATUS_PANEL = 'slm-slastatus-panel';
/** Grafana 11.3+ dashboards; Grafana 12 and 13 write 41 and migrate anything older on load. */
export const SCHEMA_VERSION = 41;
const GRID_WIDTH = 24;
const GRAFANA_DS = { type: 'grafana', uid: '-- Grafana --' };
const MIXED_DS = { type: 'datasource', uid: '-- Mixed --' };

export interface ReviewDashboardInput {
  orgId: number;
  reviewId: string;
  title: string;
  /** The review period, calendar dates, both included. */
  period: { from: string; to: string };
  agreements: Agreement[];
  /** KPI panel filters: the review's only service or party, when it names exactly one. */
  kpiService?: string;
  kpiParty?: string;
}

export interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface DashboardPanel {
  id: number;
  type: string;
  title: string;
  gridPos: GridPos;
  datasource?: { type?: string; uid: string };
  targets: Array<Record<string, unknown>>;
  options: Record<string, unknown>;
  fieldConfig: { defaults: Record<string, unknown>; overrides: Array<{ matcher: { id: string; options?: unknown }; properties: Array<{ id: string; value?: unknown }> }> };
  description?: string;
}

export interface AnnotationQuery {
  name: string;
  datasource: { type: string; uid: string };
  enable: boolean;
  hide?: boolean;
  iconColor: string;
  builtIn?: number;
  type?: string;
  target?: { refId: string; type: 'tags'; tags: string[]; limit: number; matchAny: boolean };
}

export interface GrafanaDashboard {
  id: null;
  uid: string;
  title: string;
  description: string;
  tags: string[];
  timezone: string;
  editable: boolean;
  graphTooltip: number;
  schemaVersion: number;
  time: { from: string; to: string };
  timepicker: Record<string, unknown>;
  refresh: string;
  templating: { list: never[] };
  annotations: { list: AnnotationQuery[] };
  links: Array<{ title: string; type: 'link'; url: string; targetBlank: boolean; icon: string; tags: string[]; asDropdown: boolean; includeVars: boolean; keepTime: boolean; tooltip: string }>;
  panels: DashboardPanel[];
}

/** Stable per organisation and review (so saving again updates the same dashboard); Grafana uids are at most 40 characters. */
export function reviewDashboardUid(orgId: number, reviewId: string): string {
  return `slm-rv-${createHash('sha256').update(`${orgId}/${reviewId}`).digest('hex').slice(0, 32)}`;
}

export const reviewUrl = (reviewId: string) => `/a/slm-servicelevel-app/reviews/${encodeURIComponent(reviewId)}`;

/** A, B, …, Z, AA, AB, … */
function refId(n: number): string {
  let s = '';
  for (let i = n + 1; i > 0; i = Math.floor((i - 1) / 26)) {
    s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  }
  return s;
}

interface PanelQuery {
  refId: string;
  datasource: string;
  expr: string;
  slice: string;
  mapping: QueryMapping;
}

function queriesOf(agreement: Agreement): PanelQuery[] {
  const out: PanelQuery[] = [];
  const add = (t: Target, q: { datasource: string; expr: string }, mapping: Omit<QueryMapping, 'refId' | 'target'>) => {
    const id = refId(out.length);
    out.push({ refId: id, datasource: q.datasource, expr: q.expr, slice: t.slice, mapping: { refId: id, target: t.id, ...mapping } });
  };
  for (const t of agreement.spec.targets) {
    if (t.sli.ratio) {
      add(t, t.sli.ratio.good, { role: 'good' });
      add(t, t.sli.ratio.total, { role: 'total' });
    } else {
      const th = t.sli.threshold!;
      add(t, th.query, { role: 'value', op: th.op, threshold: th.value });
    }
  }
  return out;
}

const fieldConfig = (): DashboardPanel['fieldConfig'] => ({ defaults: {}, overrides: [] });

function slaStatusPanel(agreement: Agreement, id: number, gridPos: GridPos): DashboardPanel {
  const queries = queriesOf(agreement);
  const sources = [...new Set(queries.map((q) => q.datasource))];
  const options: SlaStatusOptions = {
    ...DEFAULT_OPTIONS,
    mode: 'target',
    source: 'registry',
    agreementId: agreement.metadata.id,
    mappings: queries.map((q) => q.mapping),
    period: 'custom',
  };
  return {
    id,
    type: SLA_STATUS_PANEL,
    title: `${agreement.spec.type} ${agreement.metadata.id}: ${agreement.metadata.title}`,
    gridPos,
    datasource: sources.length === 1 ? { uid: sources[0] } : MIXED_DS,
    targets: queries.map((q) => ({ refId: q.refId, datasource: { uid: q.datasource }, expr: q.expr, range: true, instant: false, interval: q.slice })),
    options: options as unknown as Record<string, unknown>,
    fieldConfig: fieldConfig(),
  };
}

function kpiPanel(input: ReviewDashboardInput, id: number, gridPos: GridPos): DashboardPanel {
  const options: SlaStatusOptions = { ...DEFAULT_OPTIONS, mode: 'kpi', kpiService: input.kpiService ?? '', kpiParty: input.kpiParty ?? '' };
  return {
    id,
    type: SLA_STATUS_PANEL,
    title: 'Service level KPIs',
    description: 'Monitored and breach ratios per agreement type (DESIGN §5.8)',
    gridPos,
    targets: [],
    options: options as unknown as Record<string, unknown>,
    fieldConfig: fieldConfig(),
  };
}

function breachAnnotations(agreements: Agreement[]): AnnotationQuery[] {
  const builtIn: AnnotationQuery = {
    builtIn: 1,
    datasource: GRAFANA_DS,
    enable: true,
    hide: true,
    iconColor: 'rgba(0, 211, 255, 1)',
    name: 'Annotations & Alerts',
    type: 'dashboard',
  };
  const query = (name: string, tags: string[]): AnnotationQuery => ({
    name,
    datasource: GRAFANA_DS,
    enable: true,
    iconColor: 'red',
    target: { refId: 'Anno', type: 'tags', tags, limit: 100, matchAny: false },
  });
  const perAgreement = agreements.map((a) => query(`Breaches ${a.metadata.id}`, ['slm-breach', `agreement:${a.metadata.id}`]));
  return [builtIn, ...(perAgreement.length ? perAgreement : [query('SLA breaches', ['slm-breach'])])];
}

/** The review period as the dashboard's absolute time range, in the agreements' time zone (UTC when they differ). */
function timeRange(input: ReviewDashboardInput): { zone: string; from: string; to: string } {
  const zones = [...new Set(input.agreements.map((a) => a.spec.timezone))];
  const zone = zones.length === 1 ? zones[0] : 'utc';
  const from = DateTime.fromISO(input.period.from, { zone }).startOf('day');
  const to = DateTime.fromISO(input.period.to, { zone }).startOf('day').plus({ days: 1 });
  return { zone, from: from.toUTC().toISO()!, to: to.toUTC().toISO()! };
}

export function reviewDashboard(input: ReviewDashboardInput): GrafanaDashboard {
  const range = timeRange(input);
  const panels: DashboardPanel[] = [kpiPanel(input, 1, { x: 0, y: 0, w: GRID_WIDTH, h: 6 })];
  const width = GRID_WIDTH / 2;
  input.agreements.forEach((a, i) => {
    panels.push(slaStatusPanel(a, i + 2, { x: (i % 2) * width, y: 6 + Math.floor(i / 2) * 9, w: width, h: 9 }));
  });
  return {
    id: null,
    uid: reviewDashboardUid(input.orgId, input.reviewId),
    title: `Service level review: ${input.title}`.slice(0, 250),
    description: `Review ${input.reviewId}, period ${input.period.from} – ${input.period.to}. Generated by Service Level Management; changes are overwritten when the dashboard is generated again.`,
    tags: ['slm', 'slm-review'],
    timezone: range.zone,
    editable: true,
    graphTooltip: 0,
    schemaVersion: SCHEMA_VERSION,
    time: { from: range.from, to: range.to },
    timepicker: {},
    refresh: '',
    templating: { list: [] },
    annotations: { list: breachAnnotations(input.agreements) },
    links: [
      { title: 'Review in Service Level Management', type: 'link', url: reviewUrl(input.reviewId), targetBlank: false, icon: 'external link', tags: [], asDropdown: false, includeVars: false, keepTime: false, tooltip: '' },
    ],
    panels,
  };
}

/** The documented body of POST /api/dashboards/db: create, or replace what is stored under the uid. */
export function saveDashboardBody(dashboard: GrafanaDashboard, message: string) {
  return { dashboard, folderUid: DASHBOARD_FOLDER_UID, overwrite: true, message };
}
