/**
 * Continuous monitoring at scale: 1,000 active agreements × 3 targets (occurrences ratio,
 * timeslices ratio, threshold; 5-minute slices, calendar month) half-way through the month, the
 * engine's scheduler run in this process on a simulated clock against a synthetic /api/ds/query
 * STAND-IN in its own process (bench/dsQueryServer.mjs), on PGlite (in-process: the engine's CPU
 * includes the database) and on PostgreSQL (a fresh database at 127.0.0.1:5432; the CPU of its
 * backends serving the bench is read from /proc and added).
 *   1. backfill: the first cycle, every agreement fetched and folded from the period start;
 *   2. steady state: cycles one simulated minute apart (the default interval) over one hour
 *      (60 cycles): agreements are due only when a slice ends or settles, and settled slices are
 *      folded into the stored totals once an hour, so the average is over busy and idle cycles,
 *      folding or not, in the proportions they have in the long run;
 *   3. full recomputation, the baseline: the same pipeline with the same persistence, every
 *      agreement's watermark reset before the cycle, so each is fetched and evaluated from its
 *      period start (≤ 5000 points per query) every cycle.
 * Goals: steady-state cycle < 10 s, and ≥ 20× cheaper than full recomputation (wall and CPU).
 * BENCH_MONITOR_STORES=pglite,postgres picks the stores; BENCH_MONITOR_AGREEMENTS the size;
 * BENCH_MONITOR_PROFILE=DIR writes a V8 CPU profile of the steady-state cycles per store there.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { pino } from 'pino';
import { monitorConfig } from '../server/config';
import { startMonitoring, type CycleSummary } from '../server/monitor/scheduler';
import { insertActiveAgreements, rawRows } from '../server/monitor/testing';
import { openStore, type Store, type StoreKind } from '../server/store/db';
import { migrateToLatest } from '../server/store/migrate';
import type { Bench } from './run';

const AGREEMENTS = Number(process.env.BENCH_MONITOR_AGREEMENTS ?? 1000);
const STORES = (process.env.BENCH_MONITOR_STORES ?? 'pglite,postgres').split(',').map((s) => s.trim()) as StoreKind[];
const PROFILE_DIR = process.env.BENCH_MONITOR_PROFILE;
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CONCURRENCY = 4;
const MINUTE = 60_000;
/** One hour of 1-minute cycles: the pattern of busy, idle and folding cycles repeats every hour. */
const STEADY_CYCLES = 60;
const FULL_CYCLES = 2;
const SERVER = fileURLToPath(new URL('./dsQueryServer.mjs', import.meta.url));
// Mid-month: half a month of 5-minute slices behind every target.
const START = Date.UTC(2026, 2, 16, 12, 0, 30);

function doc(i: number) {
  const type = (['SLA', 'OLA', 'UC'] as const)[i % 3];
  const q = (expr: string) => ({ datasource: 'prometheus', expr: `${expr}{job="svc-${i % 50}"}` });
  return {
    apiVersion: 'slm/v1',
    kind: 'Agreement',
    metadata: { id: `${type}-${String(i).padStart(4, '0')}`, title: `${type} ${i}` },
    spec: {
      type,
      service: `svc-${i % 20}`,
      provider: 'it-operations',
      counterparty: { SLA: 'finance', OLA: 'network-team', UC: 'cloudco' }[type],
      timezone: 'UTC',
      window: { calendar: 'month' },
      targets: [
        { id: 'availability', objective: 99.9, warning: 99.95, slice: '5m', budgeting: 'occurrences', sli: { ratio: { good: q('good'), total: q('total') } } },
        { id: 'good-minutes', objective: 99, slice: '5m', budgeting: 'timeslices', sli: { ratio: { good: q('good'), total: q('total') } } },
        { id: 'latency', objective: 99, slice: '5m', sli: { threshold: { query: q('latency'), op: 'lte', value: 0.5 } } },
      ],
    },
  };
}

async function startServer(): Promise<{ url: string; child: ChildProcess; requests(): Promise<number> }> {
  const child = spawn(process.execPath, [SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (d) => resolve(String(d).trim()));
    child.once('exit', (code) => reject(new Error(`ds/query stand-in exited with ${code}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  return { url, child, requests: async () => Number(await (await fetch(`${url}/requests`)).text()) };
}

/** CPU seconds·1000 of the PostgreSQL backends connected to the store's database (engine side of the socket excluded). */
async function backendCpu(store: Store): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (store.kind !== 'postgres') {
    return out;
  }
  for (const { pid } of await rawRows<{ pid: number }>(store, 'select pid from pg_stat_activity where datname = current_database()')) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1000) / 100);
    } catch {
      // A backend that exited meanwhile.
    }
  }
  return out;
}

interface Cost {
  wallMs: number;
  /** This process: the engine (and PGlite). */
  cpuMs: number;
  /** PostgreSQL backends serving the engine (0 on PGlite). */
  dbCpuMs: number;
}

const totalCpu = (c: Cost) => c.cpuMs + c.dbCpuMs;

async function measure(store: Store, body: () => Promise<unknown>): Promise<Cost> {
  const db0 = await backendCpu(store);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await body();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const db1 = await backendCpu(store);
  let dbCpuMs = 0;
  for (const [pid, ms] of db1) {
    dbCpuMs += ms - (db0.get(pid) ?? 0);
  }
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, dbCpuMs };
}

const average = (costs: Cost[]): Cost => ({
  wallMs: costs.reduce((n, c) => n + c.wallMs, 0) / costs.length,
  cpuMs: costs.reduce((n, c) => n + c.cpuMs, 0) / costs.length,
  dbCpuMs: costs.reduce((n, c) => n + c.dbCpuMs, 0) / costs.length,
});

/** Profiles `body` into PROFILE_DIR/monitor-<label>.cpuprofile when BENCH_MONITOR_PROFILE is set (open in Chrome DevTools). */
async function profiled<T>(label: string, body: () => Promise<T>): Promise<T> {
  if (!PROFILE_DIR) {
    return body();
  }
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await body();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(path.join(PROFILE_DIR, `monitor-${label}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const fmt = (c: Cost, kind: StoreKind) =>
  kind === 'postgres' ? `${s(c.wallMs)} wall, ${s(c.cpuMs)} engine CPU + ${s(c.dbCpuMs)} PostgreSQL CPU` : `${s(c.wallMs)} wall, ${s(c.cpuMs)} engine CPU (PGlite included)`;

async function openBenchStore(kind: StoreKind): Promise<{ store: Store; dispose(): Promise<void> }> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'slm-bench-monitor-'));
    const store = await openStore({ dataDir: dir });
    return { store, dispose: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })) };
  }
  const name = `slm_bench_monitor_${randomBytes(4).toString('hex')}`;
  const admin = async (text: string) => {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    try {
      await c.query(text);
    } finally {
      await c.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const store = await openStore({ databaseUrl: url.toString() });
  return { store, dispose: async () => (await store.close(), await admin(`drop database if exists ${name} with (force)`)) };
}

interface Result {
  kind: StoreKind;
  backfill: Cost;
  steady: Cost;
  busy: Cost;
  full: Cost;
  requestsPerBusyCycle: number;
}

async function runOn(kind: StoreKind, server: Awaited<ReturnType<typeof startServer>>): Promise<Result> {
  const { store, dispose } = await openBenchStore(kind);
  try {
    await migrateToLatest(store.db);
    await insertActiveAgreements(store, 1, Array.from({ length: AGREEMENTS }, (_, i) => doc(i)));
    let clock = START;
    const monitor = startMonitoring(
      {
        store,
        logger: pino({ level: 'warn' }),
        config: { ...monitorConfig({}), concurrency: CONCURRENCY },
        now: () => clock,
        grafanaTargets: async () => [{ url: server.url, token: 'bench', orgId: 1 }],
      },
      { loop: false }
    );
    const cycle = async (expected: number | null): Promise<{ cost: Cost; summary: CycleSummary; requests: number }> => {
      let summary: CycleSummary | undefined;
      const before = await server.requests();
      const cost = await measure(store, async () => (summary = await monitor.runOnce()));
      if ((expected !== null && summary!.agreements !== expected) || summary!.failed !== 0) {
        throw new Error(`cycle evaluated ${summary!.agreements} agreements (expected ${expected}), ${summary!.failed} failed`);
      }
      return { cost, summary: summary!, requests: (await server.requests()) - before };
    };
    try {
      const backfill = await cycle(AGREEMENTS);
      console.log(`  [${kind}] backfill cycle (half a month per target, ${backfill.requests} requests): ${fmt(backfill.cost, kind)}`);
      const steady: Cost[] = [];
      const busy: Cost[] = [];
      let requests = 0;
      await profiled(`${kind}-steady`, async () => {
        for (let i = 0; i < STEADY_CYCLES; i++) {
          clock += MINUTE;
          const c = await cycle(null);
          steady.push(c.cost);
          if (c.summary.agreements > 0) {
            if (c.summary.agreements !== AGREEMENTS) {
              throw new Error(`a busy cycle evaluated ${c.summary.agreements} of ${AGREEMENTS}`);
            }
            busy.push(c.cost);
            requests = c.requests;
          }
          if (c.summary.agreements > 0 || i < 5) {
            console.log(`  [${kind}]   cycle at ${new Date(clock).toISOString().slice(11, 19)}: ${c.summary.agreements} agreements, ${c.requests} requests, ${fmt(c.cost, kind)}`);
          }
        }
      });
      const full: Cost[] = [];
      for (let i = 0; i < FULL_CYCLES; i++) {
        // The watermarks reset: every agreement starts again from its period start.
        await rawRows(store, 'delete from monitor_periods');
        await rawRows(store, "update monitor_agreements set next_run_at = timestamptz '1970-01-01 00:00:00+00'");
        clock += MINUTE;
        const c = await cycle(AGREEMENTS);
        full.push(c.cost);
        console.log(`  [${kind}]   full recomputation at ${new Date(clock).toISOString().slice(11, 19)}: ${c.requests} requests, ${fmt(c.cost, kind)}`);
      }
      return { kind, backfill: backfill.cost, steady: average(steady), busy: average(busy), full: average(full), requestsPerBusyCycle: requests };
    } finally {
      await monitor.stop();
    }
  } finally {
    await dispose();
  }
}

function report(r: Result): void {
  const wallRatio = r.full.wallMs / r.steady.wallMs;
  const cpuRatio = totalCpu(r.full) / totalCpu(r.steady);
  console.log(`  [${r.kind}] backfill: ${fmt(r.backfill, r.kind)}`);
  console.log(`  [${r.kind}] steady-state cycle (average of ${STEADY_CYCLES} one-minute cycles = one hour): ${fmt(r.steady, r.kind)}`);
  console.log(`  [${r.kind}]   of which busy cycles (all ${AGREEMENTS} due, ${r.requestsPerBusyCycle} requests): ${fmt(r.busy, r.kind)}`);
  console.log(`  [${r.kind}] full recomputation cycle (average of ${FULL_CYCLES}): ${fmt(r.full, r.kind)}`);
  console.log(`  [${r.kind}] ratio full ÷ steady: ${wallRatio.toFixed(1)}× wall, ${cpuRatio.toFixed(1)}× CPU; busy cycle alone: ${(r.full.wallMs / r.busy.wallMs).toFixed(1)}× wall, ${(totalCpu(r.full) / totalCpu(r.busy)).toFixed(1)}× CPU`);
  console.log(`  [${r.kind}] goal steady-state cycle < 10 s: ${r.steady.wallMs < 10_000 && r.busy.wallMs < 10_000 ? 'MET' : 'NOT MET'} (busy cycle ${s(r.busy.wallMs)})`);
  console.log(`  [${r.kind}] goal ≥ 20× cheaper than full recomputation: ${Math.min(wallRatio, cpuRatio) >= 20 ? 'MET' : 'NOT MET'} (wall ${wallRatio.toFixed(1)}×, CPU ${cpuRatio.toFixed(1)}×)`);
}

export const monitorBench: Bench = {
  name: 'monitor',
  description: `continuous monitoring: ${AGREEMENTS} agreements × 3 targets, steady-state cycles vs full recomputation per cycle (${STORES.join(', ')}; synthetic ds/query stand-in)`,
  async run() {
    const server = await startServer();
    const results: Result[] = [];
    try {
      for (const kind of STORES) {
        results.push(await runOn(kind, server));
      }
    } finally {
      server.child.kill('SIGTERM');
    }
    console.log('');
    results.forEach(report);
    console.log(`\n  | store | backfill (wall / CPU) | steady cycle, avg of ${STEADY_CYCLES} (wall / CPU) | busy cycle (wall / CPU) | full recomputation (wall / CPU) | ratio wall | ratio CPU |`);
    console.log('  |---|---|---|---|---|---|---|');
    for (const r of results) {
      const cell = (c: Cost) => `${s(c.wallMs)} / ${s(totalCpu(c))}`;
      console.log(
        `  | ${r.kind} | ${cell(r.backfill)} | ${cell(r.steady)} | ${cell(r.busy)} | ${cell(r.full)} | ${(r.full.wallMs / r.steady.wallMs).toFixed(1)}× | ${(totalCpu(r.full) / totalCpu(r.steady)).toFixed(1)}× |`
      );
    }
  },
};
