import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { getAgreement } from '../resources/agreements/repository';
import { createTestStore, STORE_KINDS, storeSuiteOptions, type TestStore } from '../testing/stores';
import { exportDocuments, ImportError, importPaths, parseImportFiles } from './importExport';

const SEED = fileURLToPath(new URL('../../provisioning/seed', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/slm.mjs', import.meta.url));
const writer = { orgId: 1, user: 'importer' };

async function counts(t: TestStore): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['parties', 'services', 'agreements', 'audit_log']) {
    out[table] = Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(t.store.db)).rows[0].n);
  }
  return out;
}

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'slm-import-'));
}

const AGREEMENT = (id: string, extra = '') => `apiVersion: slm/v1
kind: Agreement
metadata:
  id: ${id}
  title: Test ${id}
spec:
  type: UC
  service: mail
  provider: it-operations
  counterparty: skycloud
  timezone: UTC
  window: { calendar: month }
  targets:
    - id: availability
      objective: 99.5
      slice: 5m
      sli:
        ratio:
          good: { datasource: prometheus, expr: 'good' }
          total: { datasource: prometheus, expr: 'total' }
${extra}`;

describe('import file parsing', () => {
  it('reports every problem as file:line:col, for each kind of document', () => {
    const text = [
      'apiVersion: slm/v1\nkind: Service\nmetadata: { key: mail, name: Mail }\nspec:\n  lifecycle: zombie\n',
      'apiVersion: slm/v1\nkind: Party\nmetadata: { key: acme, name: ACME }\nspec:\n  kind: vendor\n  colour: red\n',
      'apiVersion: slm/v1\nkind: Widget\nmetadata: {}\nspec: {}\n',
      AGREEMENT('UC-1').replace('objective: 99.5', 'objective: 150'),
    ].join('---\n');
    const lines = text.split('\n');
    const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;
    try {
      parseImportFiles([{ file: 'x.yaml', text }]);
      assert.fail('expected an ImportError');
    } catch (err) {
      assert.ok(err instanceof ImportError);
      const p = err.problems;
      assert.ok(p.includes(`x.yaml:${lineOf('zombie')}:14: spec.lifecycle: ${p.find((x) => x.includes('lifecycle'))!.split('spec.lifecycle: ')[1]}`), p.join('\n'));
      assert.ok(p.some((x) => x.startsWith(`x.yaml:${lineOf('kind: vendor')}:9: spec.kind:`)), p.join('\n'));
      assert.ok(p.some((x) => x === `x.yaml:${lineOf('colour')}:3: spec.colour: unknown key`), p.join('\n'));
      assert.ok(p.some((x) => x.startsWith(`x.yaml:${lineOf('Widget')}:7: kind:`)), p.join('\n'));
      assert.ok(p.some((x) => x.startsWith(`x.yaml:${lineOf('objective: 150')}:18: spec.targets[0].objective:`)), p.join('\n'));
      assert.equal(p.length, 5, p.join('\n'));
    }
    assert.throws(() => parseImportFiles([{ file: 'y.yaml', text: 'a: [' }]), (e: ImportError) => /^y\.yaml:1:\d+: YAML:/.test(e.problems[0]));
    const twice = `${AGREEMENT('UC-1')}---\n${AGREEMENT('UC-1')}`;
    assert.throws(() => parseImportFiles([{ file: 'z.yaml', text: twice }]), (e: ImportError) => /Agreement UC-1 is defined twice \(first at z\.yaml:1:1\)/.test(e.problems[0]));
  });
});

for (const kind of STORE_KINDS) {
  describe(`slm import / export [${kind}]`, storeSuiteOptions(kind), () => {
    let t: TestStore;
    const dirs: string[] = [];
    before(async () => {
      t = await createTestStore(kind);
    });
    after(async () => {
      await t?.dispose();
      dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
    });

    it('imports a folder with multi-document files in one go, in dependency order', async () => {
      const summary = await importPaths(t.store, writer, [SEED]);
      assert.equal(summary.created.length, 19);
      assert.ok(summary.created.indexOf('Agreement UC-2026-001') < summary.created.indexOf('Agreement SLA-2026-001'), 'underpinning first');
      const c = await counts(t);
      assert.deepEqual([c.parties, c.services, c.agreements], [6, 5, 8]);
      const sla = await getAgreement(t.store.db, 1, 'SLA-2026-001');
      assert.equal(sla.title, '邮件服务 SLA — Mail service for Finance');
      assert.equal(sla.state, 'draft');
      const again = await importPaths(t.store, writer, [SEED]);
      assert.deepEqual([again.created.length, again.updated.length, again.unchanged.length], [0, 0, 19], 'a repeat changes nothing');
      assert.equal((await counts(t)).audit_log, c.audit_log);
    });

    it('a bad file anywhere leaves the database unchanged, naming file:line:col', async () => {
      const before = await counts(t);
      const dir = tempDir();
      dirs.push(dir);
      cpSync(SEED, dir, { recursive: true });
      writeFileSync(path.join(dir, 'agreements', 'UC-2026-009.yaml'), AGREEMENT('UC-2026-009'));
      // Valid YAML, valid schema, but it names a service that does not exist: found only while writing.
      const bad = AGREEMENT('UC-2026-010').replace('service: mail', 'service: nowhere');
      writeFileSync(path.join(dir, 'zz-bad.yaml'), bad);
      await assert.rejects(importPaths(t.store, writer, [dir]), (err: ImportError) => {
        assert.deepEqual(err.problems, [`${path.join(dir, 'zz-bad.yaml')}:8:12: spec.service: no service "nowhere" in the catalog`]);
        return true;
      });
      assert.deepEqual(await counts(t), before);
      assert.equal((await t.store.db.selectFrom('agreements').select('id').where('id', '=', 'UC-2026-009').execute()).length, 0, 'the good new file was not applied either');

      writeFileSync(path.join(dir, 'zz-bad.yaml'), AGREEMENT('UC-2026-010').replace("expr: 'good'", "expr: ''"));
      await assert.rejects(importPaths(t.store, writer, [dir]), /zz-bad\.yaml:19:\d+: spec\.targets\[0\]\.sli\.ratio\.good\.expr/);
      assert.deepEqual(await counts(t), before);
    });

    it('updates what changed, and refuses to change an agreement that is no longer editable', async () => {
      const dir = tempDir();
      dirs.push(dir);
      const file = path.join(dir, 'uc.yaml');
      writeFileSync(file, AGREEMENT('UC-2026-001').replace('Test UC-2026-001', 'Renamed'));
      const summary = await importPaths(t.store, writer, [file]);
      assert.deepEqual(summary.updated, ['Agreement UC-2026-001']);
      assert.equal((await getAgreement(t.store.db, 1, 'UC-2026-001')).title, 'Renamed');
      await t.store.db.updateTable('agreements').set({ state: 'negotiating' }).where('id', '=', 'UC-2026-001').execute();
      await t.store.db.updateTable('agreements').set({ state: 'pending_signature' }).where('id', '=', 'UC-2026-001').execute();
      writeFileSync(file, AGREEMENT('UC-2026-001').replace('Test UC-2026-001', 'Again'));
      await assert.rejects(importPaths(t.store, writer, [file]), /uc\.yaml:1:1: Agreement UC-2026-001: .*pending_signature/);
      assert.equal((await getAgreement(t.store.db, 1, 'UC-2026-001')).title, 'Renamed');
    });

    it('export → import into an empty database reproduces every document exactly', async () => {
      const files = await exportDocuments(t.store, 1);
      assert.equal(files.length, 19);
      const dir = tempDir();
      dirs.push(dir);
      for (const f of files) {
        mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
        writeFileSync(path.join(dir, f.path), f.text);
      }
      const fresh = await createTestStore(kind);
      try {
        const summary = await importPaths(fresh.store, writer, [dir]);
        assert.equal(summary.created.length, 19);
        assert.deepEqual(await exportDocuments(fresh.store, 1), files, 'the same files, byte for byte');
        for (const id of ['SLA-2026-001', 'UC-2026-001']) {
          const [a, b] = [await getAgreement(t.store.db, 1, id), await getAgreement(fresh.store.db, 1, id)];
          assert.deepEqual(b.document, a.document);
          assert.equal(b.hash, a.hash);
        }
      } finally {
        await fresh.dispose();
      }
    });
  });
}

describe('slm import as a process', () => {
  it('exits 1 naming file:line:col and writes nothing; exits 0 and imports a good folder', async () => {
    const run = promisify(execFile);
    const data = tempDir();
    const dir = tempDir();
    try {
      cpSync(SEED, dir, { recursive: true });
      writeFileSync(path.join(dir, 'bad.yaml'), AGREEMENT('UC-X').replace('window: { calendar: month }', 'window: { calendar: decade }'));
      const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SLM_')));
      const failed = await run(process.execPath, [BIN, 'import', dir, '--data', data], { env }).then(
        () => assert.fail('expected a non-zero exit'),
        (err: { code: number; stderr: string }) => err
      );
      assert.equal(failed.code, 1);
      assert.match(failed.stderr, new RegExp(`${path.join(dir, 'bad.yaml')}:12:23: spec\\.window\\.calendar`));
      const exported = await run(process.execPath, [BIN, 'export', '--data', data], { env });
      assert.equal(exported.stdout, '', 'nothing was imported');
      rmSync(path.join(dir, 'bad.yaml'));
      const ok = await run(process.execPath, [BIN, 'import', dir, '--data', data, '--user', 'ci'], { env });
      assert.match(ok.stdout, /created: Party it-operations/);
      const out = path.join(data, 'export');
      const written = await run(process.execPath, [BIN, 'export', '--data', data, '--out', out], { env });
      assert.match(written.stdout, /exported 19 object\(s\)/);
    } finally {
      rmSync(data, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
