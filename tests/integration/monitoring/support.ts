/**
 * Shared set-up of the monitoring integration tests: per-minute request counts of a few jobs
 * (one with an injected incident) backfilled into a REAL Prometheus for the whole current
 * calendar week, the Grafana stand-in over it, active agreements written into a fresh database,
 * real engine processes (`slm serve`) that can be killed with SIGKILL and restarted on the same
 * database, and the check that stored totals equal one full evaluation of the same data.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { calendarPeriod, evaluateTarget, type Agreement, type TargetSeries } from '../../../src/domain';
import { openStore, type Store } from '../../../server/store/db';
import { migrateToLatest } from '../../../server/store/migrate';
import { contentHash } from '../../../server/resources/agreements/canonical';
import { loadSegments } from '../../../server/monitor/store';
import { totalsOf } from '../../../server/monitor/fold';
import { insertActiveAgreements } from '../../../server/monitor/testing';
import { freePort } from '../../support/engine';
import { GrafanaStandIn } from '../../support/grafanaStandIn';
import { backfill } from '../../support/promData';
import { startPrometheus, type RunningPrometheus } from '../../support/prometheus';
import { sleep, waitFor } from '../../support/waitFor';

const ROOT = resolve(__dirname, '..', '..', '..');
export const M = 60_000;
export const TOKEN = 'glsa_monitoring_test';
export const PG_URL = process.env.SLM_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Data ends at the minute the test starts; later slices see the last sample (Prometheus' 5-minute lookback). */
export const GEN_END = Math.floor(Date.now() / M) * M;
export const WEEK = calendarPeriod('week', 'UTC', GEN_END);
const GEN_START = WEEK.from - 60 * M;
/** Job b: half of its requests fail for an hour, ending 40 minutes before the data ends (inside the week unless it just began). */
export const INCIDENT = { from: Math.max(WEEK.from, GEN_END - 100 * M), to: Math.max(WEEK.from, GEN_END - 100 * M) + 60 * M };

/** Requests in the minute ending at t (t a whole minute, ≤ GEN_END). */
function counts(job: string, t: number): { good: number; total: number } {
  const total = 600 + ((t / M) % 13);
  // Job a: a stray error now and then (a few bad slices), none in the last half hour so that no bad slice appears while a test runs.
  const bad = job === 'b' && t > INCIDENT.from && t <= INCIDENT.to ? total / 2 : job === 'a' && (t / M) % 97 === 0 && t < GEN_END - 30 * M ? 1 : 0;
  return { good: total - bad, total };
}

/** What Prometheus answers at a slice end: the sample at t, or the last one within its 5-minute lookback. */
export function valueAt(job: string, role: 'good' | 'total', t: number): number | null {
  const at = Math.min(t, GEN_END);
  if (t - at >= 5 * M || at < GEN_START) {
    return null;
  }
  return counts(job, at)[role];
}

export const JOBS = ['a', 'b', 'c'] as const;

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

export interface PromWorld {
  prometheus: RunningPrometheus;
  standIn: GrafanaStandIn;
  dir: string;
  tsdb: string;
  stop(): Promise<void>;
}

export async function startPromWorld(): Promise<PromWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'slm-monitoring-'));
  const tsdb = backfill(dir, openMetricsText());
  const prometheus = await startPrometheus('global:\n  scrape_interval: 1m\n', [`--storage.tsdb.path=${tsdb}`, '--storage.tsdb.retention.time=30d']);
  const standIn = await new GrafanaStandIn({ datasources: { prom: prometheus.url }, tokens: [TOKEN] }).start();
  const world: PromWorld = {
    prometheus,
    standIn,
    dir,
    tsdb,
    stop: async () => {
      await standIn.stop();
      await world.prometheus.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return world;
}

/** Restarts Prometheus on the same TSDB (after an outage) and points the stand-in at it. */
export async function restartPrometheus(world: PromWorld): Promise<void> {
  world.prometheus = await startPrometheus('global:\n  scrape_interval: 1m\n', [`--storage.tsdb.path=${world.tsdb}`, '--storage.tsdb.retention.time=30d']);
  world.standIn.datasources = { prom: world.prometheus.url };
}

export function agreementDoc(id: string, job: string) {
  return {
    apiVersion: 'slm/v1',
    kind: 'Agreement',
    metadata: { id, title: `Mail ${id}` },
    spec: {
      type: 'SLA',
      service: 'mail',
      provider: 'it-operations',
      counterparty: 'finance',
      timezone: 'UTC',
      window: { calendar: 'week' },
      noData: 'bad',
      targets: [
        {
          id: 'availability',
          objective: 99.9,
          slice: '1m',
          budgeting: 'occurrences',
          sli: {
            ratio: {
              good: { datasource: 'prom', expr: `sum(slm_good{job="${job}"})` },
              total: { datasource: 'prom', expr: `sum(slm_total{job="${job}"})` },
            },
          },
        },
      ],
    },
  };
}

export const jobOf = (a: Agreement) => /job="(\w)"/.exec(a.spec.targets[0].sli.ratio!.good.expr)![1];

/** A fresh PostgreSQL database, migrated; dropped by `drop`. */
export async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `slm_mon_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** Seeds agreements into a store (PostgreSQL URL or PGlite data dir), migrating first. */
export async function seed(where: { databaseUrl: string } | { dataDir: string }, docs: unknown[]): Promise<Agreement[]> {
  const store = await openStore(where);
  try {
    await migrateToLatest(store.db);
    return await insertActiveAgreements(store, 1, docs);
  } finally {
    await store.close();
  }
}

export interface EngineProcess {
  url: string;
  secret: string;
  child: ChildProcess;
  output(): string;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/** `slm serve` with monitoring on, against the stand-in (SLM_GRAFANA_URL/TOKEN). */
export async function spawnEngine(opts: { databaseUrl?: string; dataDir?: string; standIn: GrafanaStandIn; secret?: string; env?: Record<string, string> }): Promise<EngineProcess> {
  const port = await freePort();
  const secret = opts.secret ?? randomBytes(16).toString('hex');
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'slm-engine-'));
  const child = spawn(process.execPath, [join(ROOT, 'server', 'bin', 'slm.mjs'), 'serve', '--port', String(port), '--data', dataDir], {
    env: {
      ...process.env,
      SLM_SECRET: secret,
      SLM_LOG_LEVEL: 'warn',
      SLM_GRAFANA_URL: opts.standIn.url,
      SLM_GRAFANA_TOKEN: TOKEN,
      SLM_MONITOR_INTERVAL: '1s',
      SLM_MONITOR_LEASE: '4s',
      SLM_MONITOR_BACKOFF_MAX: '2s',
      ...(opts.databaseUrl ? { SLM_DATABASE_URL: opts.databaseUrl } : {}),
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`engine exited with ${child.exitCode}:\n${output}`);
    }
    if (await fetch(`${url}/readyz`).then((r) => r.ok, () => false)) {
      break;
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`engine not ready:\n${output}`);
    }
    await sleep(100);
  }
  const exited = () => new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));
  return {
    url,
    secret,
    child,
    output: () => output,
    kill9: async () => {
      child.kill('SIGKILL');
      await exited();
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited();
        clearTimeout(timer);
      }
      if (!opts.dataDir) {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

export { sleep, waitFor };

export async function api(engine: EngineProcess, path: string): Promise<any> {
  const res = await fetch(`${engine.url}/api/v1${path}`, { headers: { 'x-slm-secret': engine.secret, 'x-slm-permission': 'read' } });
  assert.equal(res.status, 200, `${path}: ${res.status}`);
  return res.json();
}

function seriesOf(job: string, from: number, to: number): TargetSeries {
  const make = (role: 'good' | 'total') => {
    const times: number[] = [];
    const values: number[] = [];
    for (let t = from; t <= to; t += M) {
      const v = valueAt(job, role, t);
      if (v !== null) {
        times.push(t);
        values.push(v);
      }
    }
    return { times: Float64Array.from(times), values: Float64Array.from(values) };
  };
  return { good: make('good'), total: make('total') };
}

/**
 * Every stored segment of every agreement equals one full evaluateTarget over the same slices
 * (a range folded twice, or skipped, would show); returns how many segments were checked.
 */
export async function assertTotalsEqualFullEvaluation(store: Store, docs: Agreement[]): Promise<number> {
  let checked = 0;
  for (const a of docs) {
    const t = a.spec.targets[0];
    const segments = (await loadSegments(store, 1, a.metadata.id, contentHash(a), 0)).get(t.id) ?? [];
    assert.ok(segments.length > 0, `${a.metadata.id} has stored totals`);
    for (const s of segments) {
      const full = evaluateTarget(a.spec, t, seriesOf(jobOf(a), s.segment.from, s.settledUntil), { from: s.segment.from, to: s.segment.to }, s.settledUntil);
      assert.deepEqual(s.totals, totalsOf(full), `${a.metadata.id} ${new Date(s.segment.from).toISOString()}…${new Date(s.settledUntil).toISOString()}`);
      checked++;
    }
  }
  return checked;
}

/** Prometheus with the scripted data, a fresh PostgreSQL database with `count` active agreements, and the engines a test starts. */
export interface PostgresScenario {
  world: PromWorld;
  db: { url: string; drop(): Promise<void> };
  docs: Agreement[];
  store: Store;
  engines: EngineProcess[];
  dispose(): Promise<void>;
}

export async function startPostgresScenario(count: number): Promise<PostgresScenario> {
  const world = await startPromWorld();
  const db = await freshDatabase();
  const width = String(count - 1).length + 1;
  const docs = await seed(
    { databaseUrl: db.url },
    Array.from({ length: count }, (_, i) => agreementDoc(`SLA-${String(i).padStart(width, '0')}`, JOBS[i % JOBS.length]))
  );
  const store = await openStore({ databaseUrl: db.url });
  const engines: EngineProcess[] = [];
  return {
    world,
    db,
    docs,
    store,
    engines,
    dispose: async () => {
      for (const e of engines) {
        await e.stop().catch(() => undefined);
      }
      await store.close();
      await db.drop();
      await world.stop();
    },
  };
}

