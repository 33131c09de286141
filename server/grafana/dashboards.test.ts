/**
 * The review dashboard builder: the JSON has what Grafana 12/13 need of a dashboard saved through
 * POST /api/dashboards/db (uid ≤ 40, title, schemaVersion ≥ 39, panels with id, type, gridPos in
 * the 24-column grid and options, annotations.list) and the expected panels: one SLA status
 * panel per agreement whose queries and mappings are the agreement's SLI, the KPI panel, and the
 * breach annotation queries on the tags the engine's breach annotations carry.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Dashboard } from '@grafana/schema';
import { validateAgreement, type Agreement } from '../../src/domain';
import { DEFAULT_OPTIONS } from '../../src/panels/slastatus/types';
import { quarterDoc } from '../resources/reviews/testing';
import { annotationFor } from './annotations';
import { reviewDashboard, reviewDashboardUid, saveDashboardBody, SCHEMA_VERSION, SLA_STATUS_PANEL } from './dashboards';

const agreement = (doc: unknown): Agreement => {
  const r = validateAgreement(doc);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  return r.agreement;
};

const A = agreement(quarterDoc('SLA-A', 'a'));
const C = agreement({ ...quarterDoc('OLA-C', 'c'), spec: { ...quarterDoc('OLA-C', 'c').spec, timezone: 'Asia/Shanghai' } });
const input = { orgId: 3, reviewId: 'REV-mail-2026-Q1', title: 'Q1 — mail', period: { from: '2026-01-01', to: '2026-03-31' }, agreements: [A, C], kpiService: 'mail' };

describe('review dashboard JSON', () => {
  const d = reviewDashboard(input);

  it('has the fields Grafana 12/13 require of a saved dashboard', () => {
    // Type-checked (npx tsc -p server/tsconfig.json) against Grafana 13's own dashboard schema.
    const typed: Dashboard = d;
    assert.equal(typed.schemaVersion, d.schemaVersion);
    assert.match(d.uid, /^[A-Za-z0-9_-]{1,40}$/);
    assert.equal(d.uid, reviewDashboardUid(3, 'REV-mail-2026-Q1'), 'stable per review');
    assert.notEqual(d.uid, reviewDashboardUid(4, 'REV-mail-2026-Q1'), 'unique per organisation');
    assert.equal(d.id, null);
    assert.ok(d.title.includes('Q1 — mail'));
    assert.ok(Number.isInteger(d.schemaVersion) && d.schemaVersion >= 39 && d.schemaVersion === SCHEMA_VERSION);
    assert.ok(Array.isArray(d.annotations.list) && Array.isArray(d.templating.list));
    const ids = d.panels.map((p) => p.id);
    assert.equal(new Set(ids).size, ids.length, 'panel ids are unique');
    for (const p of d.panels) {
      assert.equal(typeof p.type, 'string');
      assert.ok(p.options && typeof p.options === 'object');
      const { x, y, w, h } = p.gridPos;
      assert.ok([x, y, w, h].every(Number.isInteger) && w >= 1 && h >= 1 && x >= 0 && x + w <= 24, JSON.stringify(p.gridPos));
    }
    // No two panels overlap on the grid.
    for (const a of d.panels) {
      for (const b of d.panels.filter((p) => p.id > a.id)) {
        const apart = a.gridPos.x + a.gridPos.w <= b.gridPos.x || b.gridPos.x + b.gridPos.w <= a.gridPos.x || a.gridPos.y + a.gridPos.h <= b.gridPos.y || b.gridPos.y + b.gridPos.h <= a.gridPos.y;
        assert.ok(apart, `panels ${a.id} and ${b.id} overlap`);
      }
    }
    // The review period in Shanghai.
    assert.deepEqual(d.time, { from: '2025-12-31T16:00:00.000Z', to: '2026-03-31T16:00:00.000Z' });
    assert.equal(d.timezone, 'Asia/Shanghai');
    assert.deepEqual(saveDashboardBody(d, 'm'), { dashboard: d, folderUid: 'slm', overwrite: true, message: 'm' });
    assert.doesNotThrow(() => JSON.parse(JSON.stringify(d)));
  });

  it('has one SLA status panel per agreement, mapping its SLI queries onto its targets', () => {
    const status = d.panels.filter((p) => p.type === SLA_STATUS_PANEL && p.options.mode === 'target');
    assert.deepEqual(status.map((p) => p.options.agreementId), ['SLA-A', 'OLA-C']);
    const [panel] = status;
    assert.equal(panel.options.source, 'registry');
    assert.equal(panel.options.period, 'custom', 'the dashboard range is the review period');
    assert.deepEqual(Object.keys(panel.options).sort(), Object.keys(DEFAULT_OPTIONS).sort(), 'exactly the panel options');
    assert.deepEqual(panel.targets.map((t) => [t.refId, t.expr, (t.datasource as { uid: string }).uid, t.interval]), [
      ['A', 'good{job="a"}', 'prom', '1h'],
      ['B', 'total{job="a"}', 'prom', '1h'],
      ['C', 'latency{job="a"}', 'prom', '1h'],
    ]);
    assert.deepEqual(panel.options.mappings, [
      { refId: 'A', target: 'availability', role: 'good' },
      { refId: 'B', target: 'availability', role: 'total' },
      { refId: 'C', target: 'latency', role: 'value', op: 'lte', threshold: 0.5 },
    ]);
    assert.deepEqual(panel.datasource, { uid: 'prom' });
  });

  it('has the KPI panel, filtered to the review service', () => {
    const kpi = d.panels.filter((p) => p.options.mode === 'kpi');
    assert.equal(kpi.length, 1);
    assert.equal(kpi[0].type, SLA_STATUS_PANEL);
    assert.deepEqual([kpi[0].options.kpiService, kpi[0].options.kpiParty, kpi[0].options.kpiType], ['mail', '', '']);
  });

  it("queries the breach annotations by the tags the engine's annotations carry", () => {
    const queries = d.annotations.list.filter((a) => a.target);
    assert.deepEqual(queries.map((q) => q.target!.tags), [['slm-breach', 'agreement:SLA-A'], ['slm-breach', 'agreement:OLA-C']]);
    assert.ok(queries.every((q) => q.target!.type === 'tags' && q.target!.matchAny === false && q.datasource.uid === '-- Grafana --'));
    // Every tag a query asks for is one an annotation of such a breach has (Grafana matches all of them).
    const tags = annotationFor(
      { id: 'b1', agreementId: 'SLA-A', targetId: 'availability', severity: 'breached', status: 'open', measured: 99, objective: 99.9, badIntervals: [], periodFrom: new Date(0), periodTo: new Date(1), service: 'mail', agreementType: 'SLA' } as never,
      1
    ).tags;
    assert.ok(queries[0].target!.tags.every((t) => tags.includes(t)), tags.join(','));
    assert.equal(d.annotations.list.filter((a) => a.builtIn === 1).length, 1);
    const empty = reviewDashboard({ ...input, agreements: [] });
    assert.deepEqual(empty.annotations.list.filter((a) => a.target).map((q) => q.target!.tags), [['slm-breach']]);
    assert.equal(empty.panels.length, 1);
    assert.equal(empty.timezone, 'utc');
  });
});
