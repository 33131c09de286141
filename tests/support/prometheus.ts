/** A real Prometheus server (Debian package) on a free loopback port, for integration tests. */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './engine';

export interface RunningPrometheus {
  url: string;
  query(expr: string, time?: number): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>>;
  stop(): Promise<void>;
}

export async function startPrometheus(configYaml: string, extraArgs: string[] = []): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'slm-prom-'));
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(configFile, configYaml);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.env.PROMETHEUS_PATH ?? '/usr/bin/prometheus',
    [
      `--config.file=${configFile}`,
      // a backfilled TSDB (promData.ts backfill) comes in extraArgs instead of the empty default
      ...(extraArgs.some((a) => a.startsWith('--storage.tsdb.path=')) ? [] : [`--storage.tsdb.path=${join(dir, 'data')}`]),
      `--web.listen-address=127.0.0.1:${port}`,
      ...extraArgs,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] }
  );
  let log = '';
  child.stderr?.on('data', (d) => (log = (log + d).slice(-4000)));
  await waitReady(url, child, () => log);
  return {
    url,
    query: async (expr, time) => {
      const params = new URLSearchParams({ query: expr, ...(time ? { time: String(time) } : {}) });
      const res = await fetch(`${url}/api/v1/query?${params}`);
      const body = await res.json();
      if (body.status !== 'success') {
        throw new Error(`query ${expr} failed: ${JSON.stringify(body)}`);
      }
      return body.data.result;
    },
    stop: async () => {
      await new Promise<void>((r) => {
        if (child.exitCode !== null) {
          return r();
        }
        child.once('exit', () => r());
        child.kill('SIGTERM');
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitReady(url: string, child: ChildProcess, log: () => string) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`prometheus exited with ${child.exitCode}:\n${log()}`);
    }
    try {
      if ((await fetch(`${url}/-/ready`)).ok) {
        return;
      }
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`prometheus did not become ready:\n${log()}`);
}
