/**
 * The review period report on both stores, from a quarter of history the monitor itself stored:
 * its figures equal the domain evaluator's over the same periods and data, it carries the
 * breaches with their reports, the service credits owed, the underpinning OLA and the KPIs; it
 * renders as Markdown and as a PDF whose pages render; once the review is closed it is frozen.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { agreementState, computeKpis, evaluateTarget, serviceCredit, type Agreement, type TargetEvaluation } from '../../../src/domain';
import { createTestApi, errorOf, STORE_KINDS, storeSuiteOptions, type TestApi } from '../../testing/stores';
import { FEB, JAN, MAR, monitorFirstQuarter, Q1, seriesOf } from './testing';

const iso = (t: number) => new Date(t).toISOString();

function expected(a: Agreement, targetId: string, period: { from: number; to: number }): TargetEvaluation {
  const target = a.spec.targets.find((t) => t.id === targetId)!;
  return evaluateTarget(a.spec, target, seriesOf(a, targetId, period.from - 3_600_000, period.to + 3_600_000), period, period.to);
}

/** The report's figures of a target against one evaluation of the same slices. */
function assertSameFigures(actual: any, e: TargetEvaluation, what: string) {
  assert.equal(actual.compliance, e.compliance, `${what} compliance`);
  assert.equal(actual.coverage, e.coverage, `${what} coverage`);
  assert.equal(actual.errorBudgetRemaining, e.errorBudgetRemaining, `${what} error budget`);
  assert.equal(actual.state, e.state, `${what} state`);
  if (actual.slices) {
    assert.deepEqual(actual.slices, e.slices, `${what} slices`);
    assert.deepEqual(actual.events, e.events, `${what} events`);
    assert.deepEqual(actual.badIntervals, e.badIntervals.map((b) => ({ from: iso(b.from), to: iso(b.to) })), `${what} bad intervals`);
  }
}

function pdfPages(pdf: Buffer): { pages: number; text: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'slm-review-pdf-'));
  try {
    const file = path.join(dir, 'report.pdf');
    writeFileSync(file, pdf);
    execFileSync('pdftoppm', ['-r', '30', '-png', file, path.join(dir, 'page')]);
    const pages = readdirSync(dir).filter((f) => f.startsWith('page') && f.endsWith('.png')).length;
    return { pages, text: execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const kind of STORE_KINDS) {
  describe(`review period report [${kind}]`, storeSuiteOptions(kind), () => {
    let api: TestApi;
    let docs: Map<string, Agreement>;
    let breachB = '';

    before(async () => {
      api = await createTestApi(kind);
      docs = new Map((await monitorFirstQuarter(api.store)).map((d) => [d.metadata.id, d]));
      const breaches = (await api.request({ url: '/api/v1/breaches?agreement=SLA-B&target=availability' })).json().items;
      breachB = breaches.find((b: any) => b.period.from === iso(FEB.from)).id;
      const patched = await api.request({
        method: 'PATCH',
        url: `/api/v1/breaches/${breachB}`,
        permission: 'monitor',
        headers: { 'if-match': String(breaches.find((b: any) => b.id === breachB).version) },
        body: { report: { summary: 'Storage failover took three hours', rootCause: 'SAN firmware', impact: 'Half of mail failed', actions: ['Upgrade SAN firmware'] } },
      });
      assert.equal(patched.statusCode, 200, patched.body);
      for (const body of [
        { id: 'R-Q1', title: 'Q1 review — mail', scope: { services: ['mail'] }, period: { from: '2026-01-01', to: '2026-03-31' }, participants: ['alice'], minutes: 'Discussed the February outage' },
        { id: 'R-MAR', title: 'March review — SLA-B', scope: { agreements: ['SLA-B'] }, period: { from: '2026-03-01', to: '2026-03-31' } },
      ]) {
        const res = await api.request({ method: 'POST', url: '/api/v1/reviews', body });
        assert.equal(res.statusCode, 201, res.body);
      }
    });
    after(() => api?.dispose());

    const report = async (id: string) => (await api.request({ url: `/api/v1/reviews/${id}/report` })).json();
    const generate = (id: string, version: number) =>
      api.request({ method: 'POST', url: `/api/v1/reviews/${id}/report`, headers: { 'if-match': String(version) } });

    it('generates the report: its figures equal the evaluator over the quarter and over each month', async () => {
      const res = await generate('R-Q1', 1);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().version, 2);
      const r = res.json().report;
      assert.equal(r.kind, 'slm-review-report');
      assert.deepEqual(r.agreements.map((a: any) => a.id), ['OLA-C', 'SLA-A', 'SLA-B']);
      for (const a of r.agreements) {
        const doc = docs.get(a.id)!;
        assert.deepEqual(a.range, { from: iso(Q1.from), to: iso(Q1.to) });
        assert.deepEqual(a.revisions, [1]);
        for (const t of a.targets) {
          const quarter = expected(doc, t.id, Q1);
          assert.ok(quarter.slices.counted === 2160, `a quarter of hourly slices: ${quarter.slices.counted}`);
          assertSameFigures(t, quarter, `${a.id}/${t.id} Q1`);
          assert.equal(t.complete, true);
          assert.deepEqual(t.periods.map((p: any) => p.from), [JAN, FEB, MAR].map((p) => iso(p.from)));
          [JAN, FEB, MAR].forEach((month, i) => assertSameFigures(t.periods[i], expected(doc, t.id, month), `${a.id}/${t.id} ${iso(month.from)}`));
        }
        assert.equal(a.state, agreementState(a.targets.map((t: any) => t.state)));
      }
      const b = r.agreements.find((a: any) => a.id === 'SLA-B');
      assert.equal(b.state, 'breached');
      assert.equal(r.agreements.find((a: any) => a.id === 'SLA-A').state, 'met');
      // Credits: January and February fell below 99.9 %, into the 10 % tier.
      const janB = expected(docs.get('SLA-B')!, 'availability', JAN);
      assert.ok(janB.compliance! < 99.9 && janB.compliance! > 99);
      assert.deepEqual(
        r.credits,
        [JAN, FEB].map((m) => {
          const e = expected(docs.get('SLA-B')!, 'availability', m);
          return { agreementId: 'SLA-B', targetId: 'availability', period: { from: iso(m.from), to: iso(m.to) }, compliance: e.compliance, credit: serviceCredit(e.compliance, [{ below: 99.9, credit: 10 }, { below: 99, credit: 25 }]) };
        })
      );
      assert.equal(r.credits[0].credit, 10);
      // The underpinning OLA, with its own figures over the quarter.
      assert.deepEqual(b.underpinnedBy.map((u: any) => [u.id, u.type, u.state]), [['OLA-C', 'OLA', 'met']]);
      assert.equal(b.underpinnedBy[0].targets[0].compliance, expected(docs.get('OLA-C')!, 'availability', Q1).compliance);
      // Breaches of the period, with their reports.
      const breachIds = r.breaches.filter((x: any) => x.agreementId === 'SLA-B' && x.targetId === 'availability').map((x: any) => x.period.from);
      assert.deepEqual(breachIds, [iso(JAN.from), iso(FEB.from)]);
      assert.equal(r.breaches.find((x: any) => x.id === breachB).report.rootCause, 'SAN firmware');
      assert.ok(r.breaches.every((x: any) => x.agreementId === 'SLA-B'));
      // KPIs over the agreements in scope, from the evaluator's states.
      const inputs = r.agreements.map((a: any) => {
        const states = docs.get(a.id)!.spec.targets.map((t) => expected(docs.get(a.id)!, t.id, Q1).state);
        return { type: docs.get(a.id)!.spec.type, state: agreementState(states), targets: states.map((state) => ({ state })) };
      });
      assert.deepEqual(r.kpis, computeKpis(inputs));
      assert.equal(r.kpis.SLA.breached, 1);
      assert.deepEqual(r.meeting.participants, ['alice']);
    });

    it('shows the earlier periods as trend, each equal to the evaluator over its month', async () => {
      const preview = await report('R-MAR');
      assert.equal(preview.source, 'preview');
      assert.equal((await api.request({ url: '/api/v1/reviews/R-MAR' })).json().report, null, 'a preview is not stored');
      const [b] = preview.report.agreements;
      assert.equal(b.id, 'SLA-B');
      const availability = b.targets.find((t: any) => t.id === 'availability');
      assertSameFigures(availability, expected(docs.get('SLA-B')!, 'availability', MAR), 'March');
      assert.deepEqual(availability.trend.map((p: any) => p.from), [iso(JAN.from), iso(FEB.from)]);
      availability.trend.forEach((p: any, i: number) => assertSameFigures(p, expected(docs.get('SLA-B')!, 'availability', [JAN, FEB][i]), `trend ${i}`));
      assert.equal(availability.trend[1].state, 'breached');
      assert.deepEqual(preview.report.credits, []);
    });

    it('renders as Markdown and as a PDF whose pages render', async () => {
      const md = await api.request({ url: '/api/v1/reviews/R-Q1/report.md' });
      assert.equal(md.statusCode, 200);
      assert.match(String(md.headers['content-type']), /text\/markdown/);
      const r = (await report('R-Q1')).report;
      const b = r.agreements.find((a: any) => a.id === 'SLA-B').targets[0];
      assert.ok(md.body.includes(`${Number(b.compliance.toFixed(3))} %`), 'the compliance of SLA-B');
      assert.ok(md.body.includes('Storage failover took three hours'));
      assert.ok(md.body.includes('## Service credits owed'));
      const pdf = await api.request({ url: '/api/v1/reviews/R-Q1/report.pdf' });
      assert.equal(pdf.statusCode, 200);
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      const { pages, text } = pdfPages(pdf.rawPayload);
      assert.ok(pages >= 2, `${pages} pages`);
      assert.ok(text.includes('SLA-B') && text.includes('Service credits owed'), text.slice(0, 500));
    });

    it('regenerates from changed data while open; once closed the report is frozen', async () => {
      const changeData = () =>
        sql`update monitor_periods set sum_good = sum_good - 5000 where agreement_id = 'SLA-A' and target_id = 'availability'`.execute(api.store.db);
      const stored = await report('R-Q1');
      assert.equal(stored.source, 'stored');
      await changeData();
      assert.deepEqual(await report('R-Q1'), stored, 'a stored report is not recomputed on read');
      const regenerated = await generate('R-Q1', 2);
      assert.equal(regenerated.statusCode, 200);
      const compliance = (r: any) => r.agreements.find((a: any) => a.id === 'SLA-A').targets[0].compliance;
      assert.ok(compliance(regenerated.json().report) < compliance(stored.report), 'the open review sees the change');

      const review = (await api.request({ url: '/api/v1/reviews/R-Q1' })).json();
      const { version, createdAt, createdBy, updatedAt, updatedBy, report: _r, dashboard: _d, ...content } = review;
      const closed = await api.request({
        method: 'PUT',
        url: '/api/v1/reviews/R-Q1',
        headers: { 'if-match': String(version) },
        body: { ...content, status: 'closed', minutes: 'Final minutes', decisions: ['Plan for storage'] },
      });
      assert.equal(closed.statusCode, 200, closed.body);
      const frozen = await report('R-Q1');
      assert.equal(frozen.frozen, true);
      assert.equal(compliance(frozen.report), compliance(regenerated.json().report), 'closing keeps the figures discussed');
      assert.deepEqual([frozen.report.meeting.minutes, frozen.report.meeting.decisions], ['Final minutes', ['Plan for storage']]);

      await changeData();
      await api.request({ method: 'POST', url: '/api/v1/breaches', permission: 'monitor', body: { agreementId: 'SLA-A', targetId: 'availability', period: { from: iso(MAR.from), to: iso(MAR.to) }, measured: 98, objective: 99.9 } });
      assert.deepEqual(await report('R-Q1'), frozen, 'data changes do not alter a closed review');
      const md = (await api.request({ url: '/api/v1/reviews/R-Q1/report.md' })).body;
      assert.ok(md.includes('final (review closed)'));
      const refused = await generate('R-Q1', version + 1);
      assert.equal(refused.statusCode, 409);
      assert.equal(errorOf(refused).details.reason, 'closed');
      assert.deepEqual(await report('R-Q1'), frozen);
    });

    it('closing without a generated report generates it; stale If-Match and unknown reviews are refused', async () => {
      const res = await api.request({ method: 'POST', url: '/api/v1/reviews', body: { id: 'R-FEB', title: 'February', scope: { agreements: ['SLA-B'] }, period: { from: '2026-02-01', to: '2026-02-28' } } });
      assert.equal(res.statusCode, 201);
      assert.equal((await generate('R-FEB', 7)).statusCode, 409);
      assert.equal((await api.request({ method: 'POST', url: '/api/v1/reviews/R-FEB/report' })).statusCode, 428);
      assert.equal((await generate('R-NONE', 1)).statusCode, 404);
      assert.equal((await api.request({ method: 'POST', url: '/api/v1/reviews/R-FEB/report', headers: { 'if-match': '1' }, body: { force: true } })).statusCode, 400);
      const { version, createdAt, createdBy, updatedAt, updatedBy, report: _r, dashboard: _d, ...content } = res.json();
      const closed = await api.request({ method: 'PUT', url: '/api/v1/reviews/R-FEB', headers: { 'if-match': String(version) }, body: { ...content, status: 'closed' } });
      assert.equal(closed.statusCode, 200, closed.body);
      const r = closed.json().report;
      assert.equal(r.kind, 'slm-review-report');
      assertSameFigures(r.agreements[0].targets[0], expected(docs.get('SLA-B')!, 'availability', FEB), 'February at close');
      const audit = (await api.request({ url: '/api/v1/audit?resource=review&limit=50' })).json().items.map((e: any) => `${e.action} ${e.resourceId}`);
      assert.ok(audit.includes('report R-Q1') && audit.includes('close R-FEB'), audit.join(', '));
    });
  });
}
