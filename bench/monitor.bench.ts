/**
 * Continuous monitoring at scale: 1,000 active agreements × 3 targets (occurrences ratio,
 * timeslices ratio, threshold; 5-minute slices, calendar month) on the embedded database, the
 * engine's scheduler run in this process against a synthetic /api/ds/query STAND-IN in its own
 * process (bench/dsQueryServer.mjs), so process.cpuUsage() here is the engine's CPU (database
 * included, PGlite being in-process).
 *   1. backfill cycle: every agreement fetched and folded from the period start (reported);
 *   2. steady state: cycles one simulated minute apart (the default interval): wall time and CPU;
 *   3. full recomputation in the same run: every agreement's whole period fetched (≤ 5000 points
 *      per query and request) and evaluated, with the same concurrency — without writing
 *      anything, so the ratio is a lower bound.
 * Goals: steady-state cycle < 10 s, and ≥ 20× cheaper than full recomputation.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import {
  calendarPeriod,
  dsQueryBody,
  durationMs,
  evaluateAgreement,
  mergeResponses,
  seriesFromResponse,
  splitRange,
  refIdsOf,
  type Agreement,
  type DsQueryResponse,
  type RangeQuery,
} from '../src/domain';
import { monitorConfig } from '../server/config';
import { GrafanaClient } from '../server/grafana/client';
import { startMonitoring } from '../server/monitor/scheduler';
import { insertActiveAgreements } from '../server/monitor/testing';
import { openStore } from '../server/store/db';
import { migrateToLatest } from '../server/store/migrate';
import type { Bench } from './run';

const AGREEMENTS = Number(process.env.BENCH_MONITOR_AGREEMENTS ?? 1000);
const CONCURRENCY = 4;
const STEADY_CYCLES = 3;
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

async function startServer(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (d) => resolve(String(d).trim()));
    child.once('exit', (code) => reject(new Error(`ds/query stand-in exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

interface Cost {
  wallMs: number;
  cpuMs: number;
}

async function measure(body: () => Promise<unknown>): Promise<Cost> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await body();
  const cpu = process.cpuUsage(cpu0);
  return { wallMs: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 };
}

function queriesOf(a: Agreement): RangeQuery[] {
  return a.spec.targets.flatMap((t) => {
    const intervalMs = durationMs(t.slice);
    const sli = t.sli.ratio ? [t.sli.ratio.good, t.sli.ratio.total] : [t.sli.threshold!.query];
    return refIdsOf(t).map((refId, k) => ({ refId, datasource: sli[k].datasource, expr: sli[k].expr, intervalMs }));
  });
}

/** The alternative: fetch and evaluate every agreement's whole period. */
async function fullRecomputation(docs: Agreement[], grafana: GrafanaClient, now: number): Promise<number> {
  let next = 0;
  let evaluated = 0;
  const worker = async () => {
    while (next < docs.length) {
      const a = docs[next++];
      const period = calendarPeriod('month', a.spec.timezone, now);
      const queries = queriesOf(a);
      const parts: DsQueryResponse[] = [];
      for (const range of splitRange({ from: period.from + 5 * 60_000, to: now }, queries)) {
        parts.push((await grafana.post<DsQueryResponse>('/api/ds/query', dsQueryBody(queries, range))).body);
      }
      const series = seriesFromResponse(mergeResponses(parts), { expected: queries.map((q) => q.refId), allowEmpty: true });
      evaluated += evaluateAgreement(a, series, { at: now, period }).targets.length;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return evaluated;
}

const fmt = (c: Cost) => `${(c.wallMs / 1000).toFixed(2)} s wall, ${(c.cpuMs / 1000).toFixed(2)} s CPU`;

export const monitorBench: Bench = {
  name: 'monitor',
  description: `continuous monitoring: ${AGREEMENTS} agreements × 3 targets, steady-state cycle vs full recomputation (PGlite, synthetic ds/query stand-in)`,
  async run() {
    const dir = mkdtempSync(path.join(tmpdir(), 'slm-bench-monitor-'));
    const server = await startServer();
    const store = await openStore({ dataDir: dir });
    try {
      await migrateToLatest(store.db);
      const docs = await insertActiveAgreements(store, 1, Array.from({ length: AGREEMENTS }, (_, i) => doc(i)));
      let clock = START;
      const monitor = startMonitoring(
        {
          store,
          logger: pino({ level: 'warn' }),
          config: { ...monitorConfig({}), intervalMs: 1, concurrency: CONCURRENCY },
          now: () => clock,
          grafanaTargets: async () => [{ url: server.url, token: 'bench', orgId: 1 }],
        },
        { loop: false }
      );
      const backfill = await measure(() => monitor.runOnce());
      console.log(`  backfill cycle (half a month per target): ${fmt(backfill)}`);
      const steady: Cost[] = [];
      for (let i = 0; i < STEADY_CYCLES; i++) {
        clock += 60_000;
        let summary: Awaited<ReturnType<typeof monitor.runOnce>> | undefined;
        steady.push(await measure(async () => (summary = await monitor.runOnce())));
        if (summary!.agreements !== AGREEMENTS || summary!.failed !== 0) {
          throw new Error(`steady cycle evaluated ${summary!.agreements} agreements, ${summary!.failed} failed`);
        }
      }
      await monitor.stop();
      const median = (key: keyof Cost) => [...steady].sort((a, b) => a[key] - b[key])[Math.floor(steady.length / 2)][key];
      const steadyCost = { wallMs: median('wallMs'), cpuMs: median('cpuMs') };
      console.log(`  steady-state cycle (median of ${STEADY_CYCLES}, one simulated minute apart): ${fmt(steadyCost)}`);
      let targets = 0;
      const full = await measure(async () => (targets = await fullRecomputation(docs, new GrafanaClient({ url: server.url, token: 'bench', orgId: 1 }), clock)));
      console.log(`  full recomputation cycle (${targets} targets, whole period fetched and evaluated, nothing written): ${fmt(full)}`);
      const wallRatio = full.wallMs / steadyCost.wallMs;
      const cpuRatio = full.cpuMs / steadyCost.cpuMs;
      console.log(`  ratio full ÷ incremental: ${wallRatio.toFixed(1)}× wall, ${cpuRatio.toFixed(1)}× CPU`);
      console.log(`  goal steady-state cycle < 10 s: ${steadyCost.wallMs < 10_000 ? 'MET' : 'NOT MET'}`);
      console.log(`  goal ≥ 20× cheaper than full recomputation: ${Math.min(wallRatio, cpuRatio) >= 20 ? 'MET' : 'NOT MET'} (CPU ${cpuRatio.toFixed(1)}×, wall ${wallRatio.toFixed(1)}×)`);
    } finally {
      server.child.kill('SIGTERM');
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
