/**
 * `kill -9` of the engine in the middle of a burst of concurrent writes, then a restart on the
 * same data (PGlite data directory, or a PostgreSQL database): every write acknowledged with a
 * 2xx before the kill is there exactly once with its audit row, no partial record exists, and
 * the engine takes new writes.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { storeSuiteOptions, TEST_PG_URL } from '../testing/stores';

const BIN = fileURLToPath(new URL('../bin/slm.mjs', import.meta.url));
const SECRET = 'crash-test-secret-0123456789abcdef';
const TOTAL = 300;
const IN_FLIGHT = 20;
/** The kill comes after this many acknowledged writes, while the rest are in flight or queued. */
const KILL_AFTER = 120;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface Engine {
  child: ChildProcess;
  base: string;
  output: () => string;
  exited: Promise<unknown>;
}

async function startEngine(args: string[], env: Record<string, string>): Promise<Engine> {
  const port = await freePort();
  const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SLM_')));
  const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port), ...args], {
    env: { ...cleanEnv, SLM_SECRET: SECRET, SLM_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {throw new Error(`engine exited with ${child.exitCode}:\n${output}`);}
    try {
      if ((await fetch(`${base}/readyz`)).ok) {return { child, base, output: () => output, exited };}
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`engine did not become ready:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

const headers = (permission = 'manage') => ({
  'x-slm-secret': SECRET,
  'x-slm-permission': permission,
  'x-grafana-user': 'burst',
  'content-type': 'application/json',
});

/** Write i: a party or a service, each with a distinct key and a name derived from it. */
function write(i: number): { url: string; resource: string; key: string; body: Record<string, unknown> } {
  const key = `k${String(i).padStart(4, '0')}`;
  return i % 2 === 0
    ? { url: '/api/v1/parties', resource: 'party', key, body: { key, name: `Party ${key}`, kind: 'internal', contacts: [{ name: `Contact ${key}` }] } }
    : { url: '/api/v1/services', resource: 'service', key, body: { key, name: `Service ${key}`, features: [`feature ${key}`] } };
}

/** Fires the burst with IN_FLIGHT requests at a time; kills the engine after KILL_AFTER acknowledgements. */
async function burstAndKill(engine: Engine): Promise<Set<string>> {
  const acknowledged = new Set<string>();
  let next = 0;
  let killed = false;
  const worker = async () => {
    while (next < TOTAL) {
      const w = write(next++);
      try {
        const res = await fetch(engine.base + w.url, { method: 'POST', headers: headers(), body: JSON.stringify(w.body) });
        if (res.status === 201) {acknowledged.add(`${w.resource}/${w.key}`);}
        else if (!killed) {throw new Error(`unexpected ${res.status} before the kill: ${await res.text()}`);}
      } catch (err) {
        if (!killed) {throw err;}
      }
      if (!killed && acknowledged.size >= KILL_AFTER) {
        killed = true;
        engine.child.kill('SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  await engine.exited;
  assert.ok(killed, 'the engine was killed mid-burst');
  return acknowledged;
}

async function getJson(base: string, url: string): Promise<any> {
  const res = await fetch(base + url, { headers: headers('read') });
  assert.equal(res.status, 200, `${url}: ${await res.clone().text()}`);
  return res.json();
}

async function listAll(base: string, resource: string): Promise<Array<{ key: string; name: string; version: number }>> {
  const page = await getJson(base, `/api/v1/${resource}?limit=500`);
  assert.ok(page.total <= 500);
  return page.items;
}

async function auditOf(base: string): Promise<Array<{ action: string; resource: string; resourceId: string; after: { name: string } }>> {
  const entries = [];
  let cursor: string | null = null;
  do {
    const page: { items: any[]; nextCursor: string | null } = await getJson(base, `/api/v1/audit?limit=500${cursor ? `&before=${cursor}` : ''}`);
    entries.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return entries;
}

async function verifyAfterRestart(engine: Engine, acknowledged: Set<string>): Promise<void> {
  const rows = [
    ...(await listAll(engine.base, 'parties')).map((r) => ({ ...r, resource: 'party' })),
    ...(await listAll(engine.base, 'services')).map((r) => ({ ...r, resource: 'service' })),
  ];
  const audit = await auditOf(engine.base);
  const byId = new Map(rows.map((r) => [`${r.resource}/${r.key}`, r]));
  assert.equal(byId.size, rows.length, 'no duplicate rows');
  for (const id of acknowledged) {
    assert.ok(byId.has(id), `acknowledged write ${id} is missing after the restart`);
  }
  // No partial record: every row (acknowledged or not) is complete and has exactly one audit row, and vice versa.
  for (const row of rows) {
    const expected = write(Number(row.key.slice(1)));
    assert.equal(row.name, expected.body.name, `${row.resource}/${row.key} is complete`);
    assert.equal(row.version, 1);
    const entries = audit.filter((e) => e.resource === row.resource && e.resourceId === row.key);
    assert.equal(entries.length, 1, `${row.resource}/${row.key} has exactly one audit row`);
    assert.equal(entries[0].action, 'create');
    assert.equal(entries[0].after.name, row.name);
  }
  for (const entry of audit) {
    assert.ok(byId.has(`${entry.resource}/${entry.resourceId}`), `audit row without a record: ${entry.resource}/${entry.resourceId}`);
  }
  assert.ok(rows.length >= acknowledged.size && rows.length <= TOTAL);
  // Usable: a new write, and a repeat of one that may or may not have landed.
  const fresh = await fetch(engine.base + '/api/v1/parties', { method: 'POST', headers: headers(), body: JSON.stringify({ key: 'after-restart', name: 'After', kind: 'customer' }) });
  assert.equal(fresh.status, 201, await fresh.clone().text());
}

describe('kill -9 mid-burst, then restart', () => {
  const engines: Engine[] = [];
  after(() => {
    for (const e of engines) {if (e.child.exitCode === null && e.child.signalCode === null) {e.child.kill('SIGKILL');}}
  });

  it('PGlite data directory: acknowledged writes survive, nothing partial, stale lock taken over', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'slm-crash-'));
    try {
      const first = await startEngine(['--data', dataDir], {});
      engines.push(first);
      const acknowledged = await burstAndKill(first);
      assert.ok(acknowledged.size >= KILL_AFTER && acknowledged.size < TOTAL, `acknowledged ${acknowledged.size}`);
      const second = await startEngine(['--data', dataDir], {});
      engines.push(second);
      await verifyAfterRestart(second, acknowledged);
      second.child.kill('SIGTERM');
      await second.exited;
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('PostgreSQL: acknowledged writes survive, nothing partial', storeSuiteOptions('postgres'), async () => {
    const name = `slm_crash_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(TEST_PG_URL);
    url.pathname = `/${name}`;
    try {
      const env = { SLM_DATABASE_URL: url.toString() };
      const first = await startEngine([], env);
      engines.push(first);
      const acknowledged = await burstAndKill(first);
      assert.ok(acknowledged.size >= KILL_AFTER && acknowledged.size < TOTAL, `acknowledged ${acknowledged.size}`);
      const second = await startEngine([], env);
      engines.push(second);
      await verifyAfterRestart(second, acknowledged);
      second.child.kill('SIGTERM');
      await second.exited;
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});
