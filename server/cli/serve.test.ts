/**
 * The engine as a process, the way an operator runs it: `node server/bin/slm.mjs serve` with no
 * configuration at all, stopped with SIGTERM, started again on the same data directory.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/slm.mjs', import.meta.url));
const REPO = path.resolve(path.dirname(BIN), '../..');

/** The environment without any SLM_* setting: zero configuration. */
function bareEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SLM_')));
  return { ...env, ...extra };
}

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
  exited: Promise<number | null>;
}

async function startEngine(dataDir: string, cwd = REPO): Promise<Engine> {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '--data', dataDir], {
    cwd,
    env: bareEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`engine exited with ${child.exitCode}:\n${output}`);
    }
    try {
      if ((await fetch(`${base}/readyz`)).ok) {
        return { child, base, output: () => output, exited };
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`engine did not become ready:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stop(engine: Engine): Promise<number | null> {
  engine.child.kill('SIGTERM');
  return engine.exited;
}

describe('slm serve as a process (zero configuration)', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'slm-serve-'));
  const running: Engine[] = [];
  after(() => {
    for (const e of running) {
      if (e.child.exitCode === null) {e.child.kill('SIGKILL');}
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves, keeps data across a SIGTERM restart, and guards the API', async () => {
    const first = await startEngine(dataDir);
    running.push(first);
    assert.equal((await fetch(`${first.base}/healthz`)).status, 200);

    const unauthenticated = await fetch(`${first.base}/api/v1/services`);
    assert.equal(unauthenticated.status, 401);
    assert.equal(((await unauthenticated.json()) as { error: { code: string } }).error.code, 'unauthenticated');

    const secretFile = path.join(dataDir, 'secret');
    const secret = readFileSync(secretFile, 'utf8').trim();
    assert.ok(!first.output().includes(secret), 'the secret value is never logged');
    assert.ok(first.output().includes(secretFile), 'the log says where the secret is');
    const headers = (permission: string) => ({
      'x-slm-secret': secret,
      'x-slm-permission': permission,
      'x-grafana-user': 'alice',
      'content-type': 'application/json',
    });
    const created = await fetch(`${first.base}/api/v1/services`, {
      method: 'POST',
      headers: headers('manage'),
      body: JSON.stringify({ key: 'mail', name: 'Mail', lifecycle: 'live' }),
    });
    assert.equal(created.status, 201, await created.clone().text());

    assert.equal(await stop(first), 0, `clean exit after SIGTERM:\n${first.output()}`);
    assert.match(first.output(), /"msg":"stopped"/);
    assert.equal(existsSync(path.join(dataDir, 'engine.pid')), false, 'the data directory lock is released');
    const logLines = first.output().split('\n').filter((l) => l.includes('"msg":"request"'));
    assert.ok(logLines.some((l) => /"method":"POST".*"status":201.*"user":"alice","org":1/.test(l)), 'one structured line per request');

    const second = await startEngine(dataDir);
    running.push(second);
    const got = await fetch(`${second.base}/api/v1/services/mail`, { headers: headers('read') });
    assert.equal(got.status, 200);
    assert.equal(((await got.json()) as { name: string }).name, 'Mail');

    const readOnlyWrite = await fetch(`${second.base}/api/v1/services`, {
      method: 'POST',
      headers: headers('read'),
      body: JSON.stringify({ key: 'dns', name: 'DNS' }),
    });
    assert.equal(readOnlyWrite.status, 403);
    assert.equal(((await readOnlyWrite.json()) as { error: { code: string } }).error.code, 'forbidden');

    assert.equal(await stop(second), 0);
  });

  it('refuses to start on PostgreSQL without SLM_SECRET, saying why', () => {
    let stderr = '';
    try {
      execFileSync(process.execPath, [BIN, 'serve', '--port', '0'], {
        env: bareEnv({ SLM_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' }),
        stdio: 'pipe',
      });
      assert.fail('serve should have refused to start');
    } catch (err) {
      stderr = String((err as { stderr: Buffer }).stderr);
      assert.equal((err as { status: number }).status, 1);
    }
    assert.match(stderr, /SLM_SECRET must be set when SLM_DATABASE_URL selects PostgreSQL/);
  });
});

describe('slm migrate, the placeholders and the Node versions', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'slm-migrate-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  const slm = (args: string[], node = process.execPath) =>
    execFileSync(node, [BIN, ...args], { env: bareEnv(), stdio: 'pipe', cwd: REPO }).toString();

  it('migrate applies the migrations once and says so', () => {
    assert.match(slm(['migrate', '--data', dataDir]), /applied: 0001_initial/);
    assert.match(slm(['migrate', '--data', dataDir]), /no pending migrations/);
  });

  it('import names a missing path and exits 1 (import/export are covered in importExport.test.ts)', () => {
    try {
      slm(['import', path.join(dataDir, 'no-such-folder'), '--data', dataDir]);
      assert.fail('import of a missing path should fail');
    } catch (err) {
      assert.equal((err as { status: number }).status, 1);
      assert.match(String((err as { stderr: Buffer }).stderr), /no-such-folder: no such file or folder/);
    }
  });

  it('runs on every Node available here (the system Node 20 and the Node 22 dev dependency)', () => {
    const candidates = [process.execPath, '/usr/bin/node', path.join(REPO, 'node_modules/.bin/node')].filter((n) => existsSync(n));
    const majors = new Set<string>();
    for (const node of candidates) {
      const major = execFileSync(node, ['-p', 'process.versions.node.split(".")[0]']).toString().trim();
      if (majors.has(major)) {continue;}
      majors.add(major);
      assert.match(slm(['--version'], node).trim(), /^\d+\.\d+\.\d+$/, `node ${major}`);
      assert.match(slm(['migrate', '--data', dataDir], node), /no pending migrations/, `node ${major}`);
    }
    assert.ok(majors.size >= 1);
  });
});
