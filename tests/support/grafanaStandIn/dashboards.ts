/**
 * Stand-in for Grafana's dashboard API (docs: developer-resources/api-reference/http-api/
 * dashboard.md), held to the documented shapes:
 *  - POST /api/dashboards/db {dashboard, folderUid?, folderId?, overwrite?, message?} →
 *    {id, uid, url, status: "success", version, slug, folderUid}; unknown fields → 400;
 *    the dashboard needs a title, a uid of at most 40 characters [A-Za-z0-9_-] when given, and
 *    panels with id, type and gridPos {x, y, w, h} inside the 24-column grid; the folder must
 *    exist (400); an existing uid without overwrite answers 412 "version-mismatch" unless
 *    dashboard.version is the stored one; every save bumps the version;
 *  - GET /api/dashboards/uid/:uid → {dashboard, meta: {folderUid, url, slug, version}} or 404;
 *  - GET /api/folders/:uid and POST /api/folders {uid?, title} — unless `folders` is given
 *    (e.g. the map installAlertingApi returns), then those endpoints are the alerting stand-in's.
 * What Grafana 12/13 need in a dashboard beyond that (schemaVersion, annotations.list) is
 * checked too, since a dashboard missing them is migrated or loses its annotations on load.
 */
import type { GrafanaStandIn } from '../grafanaStandIn';
import { badRequest, type FieldSpec, shapeProblems } from './shape';

export const MIN_SCHEMA_VERSION = 39;

const SAVE: Record<string, FieldSpec> = {
  dashboard: { type: 'object', required: true },
  folderUid: { type: 'string' },
  folderId: { type: 'integer' },
  overwrite: { type: 'boolean' },
  message: { type: 'string' },
};

const GRID_POS: Record<string, FieldSpec> = {
  x: { type: 'integer', required: true },
  y: { type: 'integer', required: true },
  w: { type: 'integer', required: true },
  h: { type: 'integer', required: true },
};

export interface StoredDashboard {
  dashboard: Record<string, any>;
  folderUid: string;
  version: number;
  id: number;
  message: string;
}

const slugOf = (title: string) =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'dashboard';

function panelProblems(panels: unknown): string[] {
  if (!Array.isArray(panels)) {
    return ['dashboard.panels: expected an array'];
  }
  const problems: string[] = [];
  const ids = new Set<number>();
  panels.forEach((p: Record<string, any>, i) => {
    const where = `dashboard.panels[${i}]`;
    if (typeof p !== 'object' || p === null) {
      problems.push(`${where}: expected an object`);
      return;
    }
    if (!Number.isInteger(p.id)) {
      problems.push(`${where}: id must be an integer`);
    } else if (ids.has(p.id)) {
      problems.push(`${where}: duplicate panel id ${p.id}`);
    } else {
      ids.add(p.id);
    }
    if (typeof p.type !== 'string' || !p.type) {
      problems.push(`${where}: type must be a plugin id`);
    }
    const grid = shapeProblems(p.gridPos, GRID_POS, `${where}.gridPos`);
    problems.push(...grid);
    if (!grid.length && (p.gridPos.w < 1 || p.gridPos.x < 0 || p.gridPos.x + p.gridPos.w > 24 || p.gridPos.h < 1 || p.gridPos.y < 0)) {
      problems.push(`${where}.gridPos: outside the 24-column grid`);
    }
    if (p.options !== undefined && (typeof p.options !== 'object' || p.options === null || Array.isArray(p.options))) {
      problems.push(`${where}.options: expected an object`);
    }
    if (p.targets !== undefined && (!Array.isArray(p.targets) || p.targets.some((t: any) => typeof t?.refId !== 'string' || !t.refId))) {
      problems.push(`${where}.targets: every query needs a refId`);
    }
  });
  return problems;
}

function dashboardProblems(d: Record<string, any>): string[] {
  const problems: string[] = [];
  if (typeof d.title !== 'string' || !d.title.trim()) {
    problems.push('dashboard.title: required');
  }
  if (d.uid !== undefined && d.uid !== null && !(typeof d.uid === 'string' && /^[A-Za-z0-9_-]{1,40}$/.test(d.uid))) {
    problems.push('dashboard.uid: at most 40 characters of letters, digits, "-" and "_"');
  }
  if (d.id !== undefined && d.id !== null && !Number.isInteger(d.id)) {
    problems.push('dashboard.id: must be null or an integer');
  }
  if (!Number.isInteger(d.schemaVersion) || d.schemaVersion < MIN_SCHEMA_VERSION) {
    problems.push(`dashboard.schemaVersion: must be an integer ≥ ${MIN_SCHEMA_VERSION}`);
  }
  if (!Array.isArray(d.annotations?.list)) {
    problems.push('dashboard.annotations.list: expected an array');
  }
  return [...problems, ...panelProblems(d.panels)];
}

export function installDashboardsApi(standIn: GrafanaStandIn, opts: { folders?: Map<string, { uid: string; title: string }> } = {}) {
  const folders = opts.folders ?? new Map<string, { uid: string; title: string }>();
  const dashboards = new Map<string, StoredDashboard>();
  let nextId = 1;

  if (!opts.folders) {
    standIn.route('GET', '/api/folders/:uid', (_req, { uid }) =>
      folders.has(uid) ? { status: 200, body: folders.get(uid) } : { status: 404, body: { message: 'folder not found' } }
    );
    standIn.route('POST', '/api/folders', (req) => {
      const problems = shapeProblems(req.body, { uid: { type: 'string' }, title: { type: 'string', required: true }, parentUid: { type: 'string' }, description: { type: 'string' } });
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
  }

  standIn.route('POST', '/api/dashboards/db', (req) => {
    const problems = shapeProblems(req.body, SAVE);
    if (problems.length) {
      return badRequest(problems);
    }
    const body = req.body as { dashboard: Record<string, any>; folderUid?: string; overwrite?: boolean; message?: string };
    const more = dashboardProblems(body.dashboard);
    if (more.length) {
      return badRequest(more);
    }
    const folderUid = body.folderUid ?? '';
    if (folderUid && !folders.has(folderUid)) {
      return { status: 400, body: { message: 'folder not found', status: 'folder-not-found' } };
    }
    const uid: string = body.dashboard.uid ?? `d${nextId}`;
    const existing = dashboards.get(uid);
    if (existing && !body.overwrite && body.dashboard.version !== existing.version) {
      return { status: 412, body: { message: 'The dashboard has been changed by someone else', status: 'version-mismatch' } };
    }
    const version = (existing?.version ?? 0) + 1;
    const id = existing?.id ?? nextId++;
    const stored: StoredDashboard = { dashboard: { ...body.dashboard, id, uid, version }, folderUid, version, id, message: body.message ?? '' };
    dashboards.set(uid, stored);
    const slug = slugOf(body.dashboard.title);
    return { status: 200, body: { id, uid, url: `/d/${uid}/${slug}`, status: 'success', version, slug, folderUid } };
  });

  standIn.route('GET', '/api/dashboards/uid/:uid', (_req, { uid }) => {
    const d = dashboards.get(uid);
    if (!d) {
      return { status: 404, body: { message: 'Dashboard not found' } };
    }
    const slug = slugOf(d.dashboard.title);
    return { status: 200, body: { dashboard: d.dashboard, meta: { folderUid: d.folderUid, url: `/d/${uid}/${slug}`, slug, version: d.version } } };
  });

  return { dashboards, folders };
}
