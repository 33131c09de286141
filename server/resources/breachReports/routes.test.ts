import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createGrafanaTestApi } from '../../grafana/testing';
import { errorOf, STORE_KINDS, storeSuiteOptions, type TestApi } from '../../testing/stores';
import { agreementDoc, seedReferences } from '../agreements/fixtures';
import { fontChoice } from './pdf';

const MARCH = { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' };
const FEBRUARY = { from: '2026-02-01T00:00:00Z', to: '2026-03-01T00:00:00Z' };
const SLA_TITLE = '财务部邮件服务 SLA';

function pdfText(pdf: Buffer): { pages: number; text: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'slm-pdf-'));
  try {
    const file = path.join(dir, 'report.pdf');
    writeFileSync(file, pdf);
    execFileSync('pdftoppm', ['-r', '40', '-png', file, path.join(dir, 'page')]);
    const pages = readdirSync(dir).filter((f) => f.startsWith('page') && f.endsWith('.png')).length;
    return { pages, text: execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const kind of STORE_KINDS) {
  describe(`breach reports [${kind}]`, storeSuiteOptions(kind), () => {
    let api: TestApi;
    const ids: Record<string, string> = {};
    before(async () => {
      api = await createGrafanaTestApi(kind);
      await seedReferences(api);
      for (const document of [
        agreementDoc('OLA-1', 'OLA'),
        agreementDoc('UC-1', 'UC'),
        agreementDoc('SLA-1', 'SLA', { title: SLA_TITLE, underpinnedBy: ['OLA-1', 'UC-1'] }),
        agreementDoc('SLA-2', 'SLA'),
      ]) {
        const res = await api.request({ method: 'POST', url: '/api/v1/agreements', body: { document } });
        assert.equal(res.statusCode, 201, res.body);
      }
      const record = async (
        name: string,
        agreementId: string,
        targetId: string,
        period: { from: string; to: string },
        measured: number,
        badIntervals: Array<{ from: string; to: string }>
      ) => {
        const res = await api.request({
          method: 'POST',
          url: '/api/v1/breaches',
          permission: 'monitor',
          body: { agreementId, targetId, period, measured, objective: 99.9, badIntervals },
        });
        assert.equal(res.statusCode, 201, res.body);
        ids[name] = res.json().id;
      };
      await record('sla', 'SLA-1', 'availability', MARCH, 99.72, [
        { from: '2026-03-07T02:00:00Z', to: '2026-03-07T03:30:00Z' },
      ]);
      await record('ola', 'OLA-1', 'availability', MARCH, 99.5, [
        { from: '2026-03-07T03:00:00Z', to: '2026-03-07T04:00:00Z' },
      ]);
      await record('uc', 'UC-1', 'availability', MARCH, 99.8, []);
      await record('olaLater', 'OLA-1', 'latency', MARCH, 99.1, [
        { from: '2026-03-20T00:00:00Z', to: '2026-03-20T01:00:00Z' },
      ]);
      await record('olaFebruary', 'OLA-1', 'availability', FEBRUARY, 98, []);
      await record('other', 'SLA-2', 'availability', MARCH, 99, []);
      const patched = await api.request({
        method: 'PATCH',
        url: `/api/v1/breaches/${ids.sla}`,
        permission: 'monitor',
        headers: { 'if-match': '1' },
        body: {
          report: {
            summary: '邮件网关宕机 | gateway down',
            impact: 'Finance could not send invoices',
            rootCause: 'Disk full on mx-2',
            actions: ['Add disk alerts', 'Grow the volume'],
          },
        },
      });
      assert.equal(patched.statusCode, 200, patched.body);
    });
    after(() => api?.dispose());

    it('lists the underpinning breaches overlapping the SLA breach: by bad time, or by period when one has no bad interval', async () => {
      const res = await api.request({ url: `/api/v1/breaches/${ids.sla}/related` });
      assert.equal(res.statusCode, 200, res.body);
      const items = res.json().items as Array<{ id: string; overlap: unknown }>;
      assert.deepEqual(
        items.map((i) => i.id),
        [ids.ola, ids.uc]
      );
      assert.deepEqual(items[0].overlap, [{ from: '2026-03-07T03:00:00.000Z', to: '2026-03-07T03:30:00.000Z' }]);
      assert.equal(items[1].overlap, null);
      assert.deepEqual((await api.request({ url: `/api/v1/breaches/${ids.other}/related` })).json().items, []);
      assert.equal((await api.request({ url: '/api/v1/breaches/nope/related' })).statusCode, 404);
    });

    it('one breach as Markdown: facts, bad time, the report, and the overlapping underpinning breaches', async () => {
      const res = await api.request({ url: `/api/v1/breaches/${ids.sla}/report.md` });
      assert.equal(res.statusCode, 200, res.body);
      assert.match(res.headers['content-type'] as string, /^text\/markdown; charset=utf-8/);
      assert.match(
        res.headers['content-disposition'] as string,
        /attachment; filename="breach-SLA-1-availability-2026-03-01\.md"/
      );
      const md = res.body;
      assert.ok(md.startsWith('# Breach report: SLA-1 / availability\n'));
      assert.ok(md.includes(`| Agreement | SLA SLA-1 — ${SLA_TITLE} |`));
      assert.ok(md.includes('| Measured | 99.72 % (objective 99.9 %) |'));
      assert.ok(md.includes('- 2026-03-07 02:00 UTC – 2026-03-07 03:30 UTC (1 h 30 min)'));
      assert.ok(md.includes('邮件网关宕机 | gateway down'), 'a paragraph keeps a pipe as is');
      assert.ok(md.includes('## Root cause\n\nDisk full on mx-2'));
      assert.ok(md.includes('1. Add disk alerts\n2. Grow the volume'));
      assert.ok(
        md.includes(
          '| OLA OLA-1 | availability | 99.5 % / 99.9 % | open | 2026-03-07 03:00 UTC – 2026-03-07 03:30 UTC (30 min) |'
        )
      );
      assert.ok(md.includes('| UC UC-1 | availability | 99.8 % / 99.9 % | open | same period |'));
      assert.ok(!md.includes('latency'), 'the OLA breach at another time is not related');
    });

    it('one breach as PDF: real pages whose text holds the agreement, the measured value and the Chinese title', async () => {
      const res = await api.request({ url: `/api/v1/breaches/${ids.sla}/report.pdf` });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/pdf');
      const pdf = res.rawPayload;
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
      const { pages, text } = pdfText(pdf);
      assert.ok(pages >= 1, 'pdftoppm rendered the pages');
      assert.ok(text.includes('Breach report: SLA-1 / availability'), text);
      assert.ok(text.includes('99.72 %'));
      if (fontChoice().regular) {
        assert.ok(text.includes(SLA_TITLE), 'the CJK font shows the Chinese title');
        assert.ok(text.includes('邮件网关宕机'));
      } else {
        assert.ok(text.includes('no CJK font is installed'), 'without a CJK font the PDF says so');
      }
    });

    it('a date range as Markdown and PDF: counts per type, every breach in periods overlapping the range', async () => {
      const res = await api.request({ url: '/api/v1/breach-reports?from=2026-03-01&to=2026-03-31&format=md' });
      assert.equal(res.statusCode, 200, res.body);
      const md = res.body;
      assert.ok(md.startsWith('# Breach report 2026-03-01 – 2026-03-31\n'));
      assert.ok(md.includes('5 breaches in periods overlapping'));
      assert.ok(md.includes('| SLA | 2 | 0 | 2 | 0 | 0 |'));
      assert.ok(md.includes('| OLA | 2 | 0 | 2 | 0 | 0 |'));
      assert.ok(md.includes('| UC | 1 | 0 | 1 | 0 | 0 |'));
      assert.ok(!md.includes('2026-02-01 – 2026-03-01'), 'February is outside the range');
      assert.ok(md.includes('SLA-1 / availability: 邮件网关宕机 | gateway down Root cause: Disk full on mx-2'));

      const feb = await api.request({ url: '/api/v1/breach-reports?from=2026-02-10&to=2026-02-10' });
      assert.ok(feb.body.includes('1 breach in periods overlapping'), 'md is the default format');

      const pdf = await api.request({ url: '/api/v1/breach-reports?from=2026-03-01&to=2026-03-31&format=pdf' });
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      const { pages, text } = pdfText(pdf.rawPayload);
      assert.ok(pages >= 1);
      assert.ok(text.includes('SLA-1') && text.includes('OLA-1') && text.includes('99.72 %'));
    });

    it('refuses a bad range with a 400 naming the problem', async () => {
      for (const url of [
        '/api/v1/breach-reports?from=2026-03-31&to=2026-03-01',
        '/api/v1/breach-reports?from=2026-02-30&to=2026-03-01',
        '/api/v1/breach-reports?from=2026-03-01&to=2026-03-02&format=doc',
      ]) {
        const res = await api.request({ url });
        assert.equal(res.statusCode, 400, url);
        assert.equal(errorOf(res).code, 'validation_failed');
      }
      assert.equal((await api.request({ url: '/api/v1/breaches/nope/report.md' })).statusCode, 404);
    });

    it('without a range reports this month up to today', async () => {
      const res = await api.request({ url: '/api/v1/breach-reports' });
      assert.equal(res.statusCode, 200, res.body);
      const today = new Date().toISOString().slice(0, 10);
      assert.match(String(res.headers['content-disposition']), new RegExp(`breaches-${today.slice(0, 8)}01-${today}\\.md`));
    });
  });
}
