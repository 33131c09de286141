import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError, DEFAULT_PORT, resolveSecret, serveConfig } from './config';

describe('configuration', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'slm-config-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('generates a secret on first start into <data dir>/secret (0600) and reuses it', () => {
    const dataDir = path.join(dir, 'fresh');
    const first = resolveSecret({ dataDir }, {});
    assert.ok(first.value.length >= 32);
    assert.match(first.source, /generated now/);
    const file = path.join(dataDir, 'secret');
    assert.equal(readFileSync(file, 'utf8').trim(), first.value);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const second = resolveSecret({ dataDir }, {});
    assert.equal(second.value, first.value);
    assert.equal(second.source, file);
  });

  it('prefers SLM_SECRET and writes no file', () => {
    const dataDir = path.join(dir, 'env');
    const secret = resolveSecret({ dataDir }, { SLM_SECRET: 'from-the-environment-123' });
    assert.equal(secret.value, 'from-the-environment-123');
    assert.throws(() => statSync(path.join(dataDir, 'secret')), /ENOENT/);
    assert.match(resolveSecret({ dataDir }, { SLM_SECRET: 'short' }).warning ?? '', /shorter/);
  });

  it('refuses PostgreSQL without SLM_SECRET', () => {
    assert.throws(
      () => resolveSecret({ dataDir: dir, databaseUrl: 'postgres://x@127.0.0.1/db' }, {}),
      (err: unknown) => err instanceof ConfigError && /SLM_SECRET must be set/.test(err.message)
    );
  });

  it('reads port, host and data dir from options first, then the environment, then defaults', () => {
    const defaults = serveConfig({}, {});
    assert.equal(defaults.port, DEFAULT_PORT);
    assert.equal(defaults.host, '127.0.0.1');
    assert.equal(defaults.dataDir, path.resolve('.slm-data'));
    assert.equal(defaults.databaseUrl, undefined);
    const env = { SLM_PORT: '9000', SLM_HOST: '0.0.0.0', SLM_DATA_DIR: '/var/lib/slm', SLM_DATABASE_URL: 'postgres://db/slm' };
    const fromEnv = serveConfig({}, env);
    assert.deepEqual([fromEnv.port, fromEnv.host, fromEnv.dataDir, fromEnv.databaseUrl], [9000, '0.0.0.0', '/var/lib/slm', 'postgres://db/slm']);
    assert.equal(serveConfig({ port: '9100', data: '/tmp/x' }, env).port, 9100);
    assert.equal(serveConfig({ port: '9100', data: '/tmp/x' }, env).dataDir, '/tmp/x');
    assert.throws(() => serveConfig({ port: 'eighty' }, {}), ConfigError);
    assert.throws(() => serveConfig({ port: '70000' }, {}), ConfigError);
  });
});
