/**
 * The document set on both stores: the service catalog and the agreements as Markdown and as PDF
 * (pages rendered with pdftoppm), each organisation seeing only its own records. The routes run
 * in an app of their own here (behind the engine's auth and error handling), like the engine
 * registers them.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { installAuth } from '../../http/auth';
import { installErrorHandling } from '../../http/errors';
import { insertActiveAgreements } from '../../monitor/testing';
import { createTestStore, errorOf, STORE_KINDS, storeSuiteOptions, TEST_SECRET, type TestStore } from '../../testing/stores';
import { QUARTER_DOCS, quarterDoc } from '../reviews/testing';
import { exportRoutes } from './routes';

function renderPdf(pdf: Buffer): { pages: number; text: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'slm-export-pdf-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    writeFileSync(file, pdf);
    execFileSync('pdftoppm', ['-r', '30', '-png', file, path.join(dir, 'page')]);
    const pages = readdirSync(dir).filter((f) => f.startsWith('page') && f.endsWith('.png')).length;
    return { pages, text: execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const kind of STORE_KINDS) {
  describe(`document set exports [${kind}]`, storeSuiteOptions(kind), () => {
    let ts: TestStore;
    let app: FastifyInstance;
    before(async () => {
      ts = await createTestStore(kind);
      app = Fastify();
      installErrorHandling(app);
      installAuth(app, TEST_SECRET);
      await app.register(exportRoutes, { prefix: '/api/v1', store: ts.store });
      await app.ready();
      await insertActiveAgreements(ts.store, 1, QUARTER_DOCS);
      await insertActiveAgreements(ts.store, 2, [{ ...quarterDoc('SLA-OTHER', 'x'), spec: { ...quarterDoc('SLA-OTHER', 'x').spec, service: 'erp' } }]);
      await sql`update services set description = '企业邮件服务 for everyone', features = '["send", "receive"]'::jsonb where org_id = 1 and key = 'mail'`.execute(ts.store.db);
      await sql`update parties set name = '财务部' where org_id = 1 and key = 'finance'`.execute(ts.store.db);
    });
    after(async () => {
      await app?.close();
      await ts?.dispose();
    });

    const get = (url: string, org = 1, permission = 'read') =>
      app.inject({ method: 'GET', url, headers: { 'x-slm-secret': TEST_SECRET, 'x-slm-permission': permission, 'x-grafana-org-id': String(org) } });

    it('exports the service catalog with its agreements as Markdown', async () => {
      const res = await get('/api/v1/exports/catalog.md');
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers['content-type']), /text\/markdown/);
      assert.match(String(res.headers['content-disposition']), /attachment; filename="catalog-\d{4}-\d{2}-\d{2}\.md"/);
      const md = res.body;
      assert.ok(md.startsWith('# Service catalog'));
      assert.ok(md.includes('## mail (mail)') && md.includes('企业邮件服务 for everyone') && md.includes('- receive'));
      for (const id of ['SLA-A', 'SLA-B', 'OLA-C']) {
        assert.ok(md.includes(id), id);
      }
      assert.ok(md.includes('财务部 (finance)'));
      assert.ok(!md.includes('SLA-OTHER') && !md.includes('(erp)'), "another organisation's records never show");
    });

    it('exports the agreements in force with their targets, SLIs, credits and review cadence', async () => {
      const md = (await get('/api/v1/exports/agreements.md')).body;
      assert.ok(md.startsWith('# Service level agreements'));
      assert.ok(md.includes('2 SLA, 1 OLA, 0 UC'));
      assert.ok(md.includes('## SLA SLA-B — Agreement SLA-B'));
      assert.ok(md.includes('active (revision 1 in force)'));
      assert.ok(md.includes('good{job="b"}') && md.includes('latency{job="b"}') && md.includes('lte 0.5'));
      assert.ok(md.includes('Service credits, availability: below 99.9 % → 10 %; below 99 % → 25 %'));
      assert.ok(md.includes('| Review | month with bob |'));
      assert.ok(md.includes('| Underpinned by | OLA-C |'));
      const other = (await get('/api/v1/exports/agreements.md', 2)).body;
      assert.ok(other.includes('SLA-OTHER') && !other.includes('SLA-B'));
    });

    it('exports both as PDFs whose pages render', async () => {
      for (const [url, expected] of [
        ['/api/v1/exports/catalog.pdf', 'Service catalog'],
        ['/api/v1/exports/agreements.pdf', 'SLA-B'],
      ]) {
        const res = await get(url);
        assert.equal(res.statusCode, 200, url);
        assert.equal(res.headers['content-type'], 'application/pdf');
        const { pages, text } = renderPdf(res.rawPayload);
        assert.ok(pages >= 1, `${url}: ${pages} pages`);
        assert.ok(text.includes(expected), `${url}: ${text.slice(0, 300)}`);
      }
    });

    it('refuses query parameters and callers without the secret', async () => {
      const bad = await get('/api/v1/exports/catalog.md?format=docx');
      assert.equal(bad.statusCode, 400);
      errorOf(bad);
      const anonymous = await app.inject({ method: 'GET', url: '/api/v1/exports/catalog.md' });
      assert.equal(anonymous.statusCode, 401);
    });
  });
}
