/**
 * A monitored world with a breach in it, for end-to-end tests of issue 7: per-minute request
 * counts of three jobs backfilled into a REAL Prometheus for the current calendar week (UTC),
 *  - `mail`: half of its requests fail for an hour, ending 40 minutes before the data ends;
 *  - `net`:  30 % fail for 40 minutes starting 10 minutes before mail's incident (they overlap);
 *  - `web`:  clean;
 * and three agreements over them, made active through the engine's API as people would
 * (catalog, parties, create, negotiate, both parties sign, the owner activates):
 * SLA-MAIL-001 (mail, underpinned by OLA-NET-001), OLA-NET-001 (net) and SLA-WEB-001 (web).
 * The incidents end well before the data does, so no bad interval appears while a test runs —
 * except in the first 100 minutes of a week (Monday 00:00–01:40 UTC), when they are moved to the
 * week's start and may still run at the data's end.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calendarPeriod } from '../../src/domain';
import { backfill } from './promData';
import { startPrometheus, type RunningPrometheus } from './prometheus';

export const M = 60_000;
/** The datasource uid of the agreements' queries (also the alert rules' default metrics datasource). */
export const DATASOURCE = 'prometheus';

/** Data ends at the minute the scene is made; the engine sees the last sample for 5 more minutes. */
export const GEN_END = Math.floor(Date.now() / M) * M;
export const WEEK = calendarPeriod('week', 'UTC', GEN_END);
const GEN_START = WEEK.from - 60 * M;

const inWeek = (t: number) => Math.max(WEEK.from, t);
/** Minutes whose requests partly fail: (from, to], with the failing share. */
export const INCIDENTS = {
  mail: { from: inWeek(GEN_END - 100 * M), to: inWeek(GEN_END - 100 * M) + 60 * M, failing: 0.5 },
  net: { from: inWeek(GEN_END - 110 * M), to: inWeek(GEN_END - 110 * M) + 40 * M, failing: 0.3 },
} as const;

export const JOBS = ['mail', 'net', 'web'] as const;
type Job = (typeof JOBS)[number];

function counts(job: Job, t: number): { good: number; total: number } {
  // a working day's curve (busiest at 14:00 UTC) with a little minute-to-minute jitter
  const hour = (t % 86_400_000) / 3_600_000;
  const total = Math.round(600 + 250 * Math.sin(((hour - 8) / 24) * 2 * Math.PI)) + ((t / M) % 7);
  const incident = job === 'web' ? undefined : INCIDENTS[job];
  const bad = incident && t > incident.from && t <= incident.to ? Math.round(total * incident.failing) : 0;
  return { good: total - bad, total };
}

function openMetricsText(): string {
  const lines: string[] = [];
  for (const role of ['good', 'total'] as const) {
    lines.push(`# HELP slm_${role} Requests of the minute.`, `# TYPE slm_${role} gauge`);
    for (const job of JOBS) {
      for (let t = GEN_START; t <= GEN_END; t += M) {
        lines.push(`slm_${role}{job="${job}"} ${counts(job, t)[role]} ${t / 1000}`);
      }
    }
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

export interface ScenePrometheus {
  prometheus: RunningPrometheus;
  stop(): Promise<void>;
}

export async function startScenePrometheus(): Promise<ScenePrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'slm-breach-scene-'));
  const tsdb = backfill(dir, openMetricsText());
  const prometheus = await startPrometheus('global:\n  scrape_interval: 1m\n', [`--storage.tsdb.path=${tsdb}`, '--storage.tsdb.retention.time=30d']);
  return {
    prometheus,
    stop: async () => {
      await prometheus.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const query = (metric: 'good' | 'total', job: Job) => `sum(slm_${metric}{job="${job}"})`;

export interface SceneAgreement {
  id: string;
  type: 'SLA' | 'OLA';
  title: string;
  service: string;
  provider: string;
  counterparty: string;
  job: Job;
  objective: number;
  underpinnedBy?: string[];
  /** Default: the calendar week. */
  window?: { calendar: 'week' } | { rolling: string };
}

/** Underpinning agreements first: an SLA names its OLA. */
export const AGREEMENTS: SceneAgreement[] = [
  { id: 'OLA-NET-001', type: 'OLA', title: 'Network for mail', service: 'network', provider: 'network-team', counterparty: 'it-operations', job: 'net', objective: 99.95 },
  { id: 'SLA-MAIL-001', type: 'SLA', title: 'Mail for Finance', service: 'mail', provider: 'it-operations', counterparty: 'finance', job: 'mail', objective: 99.9, underpinnedBy: ['OLA-NET-001'] },
  { id: 'SLA-WEB-001', type: 'SLA', title: 'Web portal for Finance', service: 'portal', provider: 'it-operations', counterparty: 'finance', job: 'web', objective: 99.9 },
];

export function agreementDocument(a: SceneAgreement) {
  return {
    apiVersion: 'slm/v1',
    kind: 'Agreement',
    metadata: { id: a.id, title: a.title },
    spec: {
      type: a.type,
      service: a.service,
      provider: a.provider,
      counterparty: a.counterparty,
      timezone: 'UTC',
      window: a.window ?? { calendar: 'week' },
      noData: 'bad',
      ...(a.underpinnedBy ? { underpinnedBy: a.underpinnedBy } : {}),
      targets: [
        {
          id: 'availability',
          objective: a.objective,
          slice: '1m',
          budgeting: 'occurrences',
          sli: {
            ratio: {
              good: { datasource: DATASOURCE, expr: query('good', a.job) },
              total: { datasource: DATASOURCE, expr: query('total', a.job) },
            },
          },
        },
      ],
    },
  };
}

const SERVICES = [
  { key: 'mail', name: 'Mail' },
  { key: 'network', name: 'Campus network' },
  { key: 'portal', name: 'Web portal' },
];
const PARTIES = [
  { key: 'it-operations', name: 'IT Operations', kind: 'internal' },
  { key: 'network-team', name: 'Network team', kind: 'internal' },
  { key: 'finance', name: 'Finance', kind: 'customer' },
];

/** The engine's API as a Grafana user with an engine permission (what the plugin proxy sends). */
export function engineCaller(engine: { url: string; secret: string }) {
  return async function call(method: string, path: string, opts: { body?: unknown; permission?: string; user?: string; ifMatch?: number } = {}) {
    const res = await fetch(`${engine.url}/api/v1${path}`, {
      method,
      headers: {
        'X-SLM-Secret': engine.secret,
        'X-SLM-Permission': opts.permission ?? (method === 'GET' ? 'read' : 'own'),
        'X-Grafana-User': opts.user ?? 'admin',
        'X-Grafana-Org-Id': '1',
        ...(opts.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(opts.ifMatch !== undefined ? { 'If-Match': String(opts.ifMatch) } : {}),
      },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    const text = await res.text();
    assert.ok(res.ok, `${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
}

/** Catalog, parties and the scene's agreements, each taken through its lifecycle to active. */
export async function activateSceneAgreements(engine: { url: string; secret: string }, agreements: SceneAgreement[] = AGREEMENTS): Promise<void> {
  const call = engineCaller(engine);
  for (const body of SERVICES) {
    await call('POST', '/services', { body: { ...body, lifecycle: 'live' }, permission: 'manage' });
  }
  for (const body of PARTIES) {
    await call('POST', '/parties', { body, permission: 'manage' });
  }
  for (const a of agreements) {
    const path = `/agreements/${a.id}`;
    const version = async () => (await call('GET', path)).version as number;
    await call('POST', '/agreements', { body: { document: agreementDocument(a) }, permission: 'manage' });
    for (const to of ['negotiating', 'pending_signature']) {
      await call('POST', `${path}/transitions`, { body: { to }, permission: 'manage', ifMatch: await version() });
    }
    const detail = await call('GET', path);
    for (const party of detail.pendingVersion.missing as string[]) {
      await call('POST', `${path}/signatures`, { body: { party, hash: detail.pendingVersion.hash }, permission: 'manage', user: `${party}-signer` });
    }
    await call('POST', `/approvals/agreements/${a.id}/activate`, { ifMatch: await version() });
  }
}
