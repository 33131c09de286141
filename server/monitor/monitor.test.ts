/**
 * The monitor end to end inside one process, on both stores: scheduler cycles against a stand-in
 * Grafana answering /api/ds/query with synthetic per-slice data (incidents included), the stored
 * totals against one full evaluation, breaches, outage handling, revision changes, leases and
 * fencing, and the read endpoints and /metrics.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { evaluateTarget, type Agreement, type TargetSeries } from '../../src/domain';
import { GrafanaStandIn } from '../../tests/support/grafanaStandIn';
import { monitorConfig } from '../config';
import { buildApp } from '../http/app';
import { contentHash } from '../resources/agreements/canonical';
import { registeredRoutes } from '../testing/routes';
import { createTestStore, STORE_KINDS, storeSuiteOptions, TEST_SECRET, type TestStore } from '../testing/stores';
import { totalsOf } from './fold';
import { monitoringOpenApi } from './openapi';
import { startMonitoring, type MonitoringHandle } from './scheduler';
import { claimDue, commit, LeaseLost, loadSegments } from './store';
import { insertActiveAgreements, syntheticDsQuery } from './testing';

const M = 60_000;
const SLICE = 5 * M;
const T0 = Date.UTC(2026, 2, 20, 12, 7, 30);
// Agreement B's incident: half its requests fail for three hours.
const INCIDENT = { from: Date.UTC(2026, 2, 18, 9, 0), to: Date.UTC(2026, 2, 18, 12, 0) };

function source(expr: string, t: number): number | null {
  const job = /job="([^"]+)"/.exec(expr)?.[1] ?? '';
  const total = 1000 + (t / SLICE) % 7;
  if (expr.includes('latency')) {
    return job === 'b' && t > INCIDENT.from && t <= INCIDENT.to ? 0.9 : 0.1;
  }
  if (expr.includes('good')) {
    return job === 'b' && t > INCIDENT.from && t <= INCIDENT.to ? Math.floor(total / 2) : total;
  }
  return total;
}

function doc(id: string, job: string, extra: Record<string, unknown> = {}, objective = 99.9) {
  return {
    apiVersion: 'slm/v1',
    kind: 'Agreement',
    metadata: { id, title: `Agreement ${id}` },
    spec: {
      type: id.startsWith('OLA') ? 'OLA' : 'SLA',
      service: 'mail',
      provider: 'it-operations',
      counterparty: id.startsWith('OLA') ? 'network-team' : 'finance',
      timezone: 'UTC',
      window: { calendar: 'month' },
      noData: 'bad',
      targets: [
        {
          id: 'availability',
          objective,
          warning: 99.95,
          slice: '5m',
          budgeting: 'occurrences',
          sli: { ratio: { good: { datasource: 'prom', expr: `good{job="${job}"}` }, total: { datasource: 'prom', expr: `total{job="${job}"}` } } },
        },
        { id: 'latency', objective: 99.5, slice: '5m', sli: { threshold: { query: { datasource: 'prom', expr: `latency{job="${job}"}` }, op: 'lte', value: 0.5 } } },
      ],
      ...extra,
    },
  };
}

/** The series the synthetic source gives a target, over the whole period. */
function fullSeries(a: Agreement, targetIndex: number, from: number, to: number): TargetSeries {
  const t = a.spec.targets[targetIndex];
  const series = (expr: string) => {
    const times: number[] = [];
    const values: number[] = [];
    for (let x = from; x <= to; x += SLICE) {
      const v = source(expr, x);
      if (v !== null) {
        times.push(x);
        values.push(v);
      }
    }
    return { times: Float64Array.from(times), values: Float64Array.from(values) };
  };
  return t.sli.ratio ? { good: series(t.sli.ratio.good.expr), total: series(t.sli.ratio.total.expr) } : { value: series(t.sli.threshold!.query.expr) };
}

for (const kind of STORE_KINDS) {
  describe(`monitoring [${kind}]`, storeSuiteOptions(kind), () => {
    let ts: TestStore;
    let standIn: GrafanaStandIn;
    let app: FastifyInstance;
    let monitor: MonitoringHandle;
    let clock = T0;
    let docs: Agreement[];
    const logger = pino({ level: 'silent' });
    const request = (url: string, permission = 'read', headers: Record<string, string> = {}) =>
      app.inject({ method: 'GET', url, headers: { 'x-slm-secret': TEST_SECRET, 'x-slm-permission': permission, ...headers } });

    before(async () => {
      ts = await createTestStore(kind);
      standIn = await new GrafanaStandIn({ tokens: ['glsa_test'] }).start();
      standIn.route('POST', '/api/ds/query', (req) => ({ status: 200, body: syntheticDsQuery(req.body as never, source) }));
      docs = await insertActiveAgreements(ts.store, 1, [doc('SLA-A', 'a'), doc('SLA-B', 'b'), doc('OLA-C', 'c', { window: { rolling: '1d' } })]);
      const config = { ...monitorConfig({}), intervalMs: 1, settleMs: 2 * M, concurrency: 2 };
      monitor = startMonitoring(
        { store: ts.store, logger, config, now: () => clock, grafanaTargets: async () => [{ url: standIn.url, token: 'glsa_test', orgId: 1, source: 'environment' }] },
        { loop: false }
      );
      app = await buildApp({ store: ts.store, secret: TEST_SECRET, logger, monitoring: () => monitor });
      await app.ready();
    });
    after(async () => {
      await monitor?.stop();
      await app?.close();
      await standIn?.stop();
      await ts?.dispose();
    });

    const agreementRow = (id: string) => ts.store.db.selectFrom('monitor_agreements').selectAll().where('agreement_id', '=', id).executeTakeFirstOrThrow();
    const breachRows = () => ts.store.db.selectFrom('breaches' as never).selectAll().orderBy('agreement_id' as never).execute() as Promise<any[]>;

    async function assertTotalsEqualFullEvaluation(a: Agreement) {
      const hash = contentHash(a);
      const segments = await loadSegments(ts.store, 1, a.metadata.id, hash, 0);
      for (const [i, t] of a.spec.targets.entries()) {
        const rows = segments.get(t.id) ?? [];
        assert.ok(rows.length > 0, `${a.metadata.id}/${t.id} has stored totals`);
        for (const row of rows) {
          const data = fullSeries(a, i, row.segment.from - SLICE, row.settledUntil + SLICE);
          const full = evaluateTarget(a.spec, t, data, { from: row.segment.from, to: row.segment.to }, row.settledUntil);
          assert.ok(full.slices.counted > 0);
          assert.deepEqual(row.totals, totalsOf(full), `${a.metadata.id}/${t.id} ${new Date(row.segment.from).toISOString()}`);
        }
      }
    }

    it('backfills new agreements in chunks, stores totals equal to a full evaluation and records the breach once', async () => {
      const summary = await monitor.runOnce();
      assert.deepEqual([summary.agreements, summary.failed], [3, 0]);
      const queries = standIn.calls('/api/ds/query', 'POST');
      // 19.5 days of 5-minute slices need two requests per calendar agreement (≤ 5000 points each).
      for (const id of ['a', 'b']) {
        const mine = queries.filter((q) => JSON.stringify(q.body).includes(`job=\\"${id}\\"`));
        assert.equal(mine.length, 2, `agreement ${id}: ${mine.length} requests`);
        assert.equal(mine[0].headers['x-slm-engine'], monitor.instanceId);
        assert.equal(mine[0].headers.authorization, 'Bearer glsa_test');
      }
      for (const a of docs) {
        await assertTotalsEqualFullEvaluation(a);
      }
      assert.equal((await agreementRow('SLA-A')).state, 'met');
      assert.equal((await agreementRow('SLA-B')).state, 'breached');
      const breaches = await breachRows();
      assert.deepEqual(
        breaches.map((b) => [b.agreement_id, b.target_id, b.severity, b.current_state, b.agreement_type, b.service]),
        [
          ['SLA-B', 'availability', 'breached', 'breached', 'SLA', 'mail'],
          ['SLA-B', 'latency', 'breached', 'breached', 'SLA', 'mail'],
        ]
      );
      assert.deepEqual(breaches[0].bad_intervals, [{ from: new Date(INCIDENT.from).toISOString(), to: new Date(INCIDENT.to).toISOString() }]);
      assert.equal(breaches[0].period_from.toISOString(), '2026-03-01T00:00:00.000Z');
    });

    it('steady state: one request per agreement for the recent slices; no duplicate breach, version unchanged', async () => {
      const before = standIn.requests.length;
      const versions = (await breachRows()).map((b) => b.version);
      clock = T0 + 7 * M;
      await monitor.runOnce();
      const requests = standIn.requests.slice(before);
      // One each; the rolling window's head fragment (< 1 h) has its own request.
      assert.equal(requests.length, 4, JSON.stringify(requests.map((r) => [(r.body as any).from, (r.body as any).to, (r.body as any).queries[0].expr])));
      const ranges = requests.map((r) => ({ from: Number((r.body as { from: string }).from), to: Number((r.body as { to: string }).to) }));
      assert.ok(ranges.every((r) => r.to - r.from <= 2 * 60 * M), 'every request is short');
      assert.equal(ranges.filter((r) => r.from >= clock - 2 * 60 * M).length, 3, 'the recent slices of each agreement');
      for (const a of docs) {
        await assertTotalsEqualFullEvaluation(a);
      }
      const breaches = await breachRows();
      assert.equal(breaches.length, 2);
      assert.deepEqual(breaches.map((b) => b.version), versions);
      assert.ok(breaches.every((b) => new Date(b.last_evaluated_at).getTime() === clock));
    });

    it('a datasource outage lowers coverage, creates no breach (noData: bad), backs off, and recovery catches up', async () => {
      const coverageBefore = ((await agreementRow('SLA-A')).live as any[])[0].coverage;
      standIn.failDsQuery = null;
      standIn.route('POST', '/api/ds/query', () => ({ status: 502, body: { message: 'bad gateway: datasource down' } }));
      clock = T0 + 90 * M;
      const failed = await monitor.runOnce();
      assert.equal(failed.failed, 3);
      const a = await agreementRow('SLA-A');
      assert.match(a.last_error ?? '', /502/);
      assert.equal(a.failures, 1);
      const live = a.live as any[];
      assert.ok(live[0].coverage < coverageBefore, `coverage ${live[0].coverage} < ${coverageBefore}`);
      assert.equal(live[0].slices.bad, 0, 'unfetched slices are never bad');
      assert.equal(a.state, 'met');
      assert.equal((await breachRows()).length, 2, 'no breach from an outage');
      const status = (await request('/api/v1/monitoring/status')).json();
      assert.deepEqual(status.failing.map((f: { agreementId: string }) => f.agreementId).sort(), ['OLA-C', 'SLA-A', 'SLA-B']);
      assert.equal(status.source, 'environment');

      standIn.route('POST', '/api/ds/query', (req) => ({ status: 200, body: syntheticDsQuery(req.body as never, source) }));
      const retryAt = (await agreementRow('SLA-A')).next_run_at.getTime();
      assert.equal(retryAt, clock + 1, 'retried after the back-off (1 ms interval here), on the engine clock');
      assert.equal((await monitor.runOnce()).agreements, 0, 'nothing is due before the back-off expires');
      clock += 1_000; // past the back-off
      const recovered = await monitor.runOnce();
      assert.equal(recovered.failed, 0);
      const after = await agreementRow('SLA-A');
      assert.equal(after.last_error, null);
      assert.equal(after.failures, 0);
      assert.equal((after.live as any[])[0].coverage, 100);
      for (const d of docs) {
        await assertTotalsEqualFullEvaluation(d);
      }
    });

    it('a new revision in force is backfilled from the period start', async () => {
      const a = docs[0];
      const changed = { ...a, spec: { ...a.spec, targets: a.spec.targets.map((t, i) => (i === 0 ? { ...t, objective: 99.5, warning: undefined } : t)) } } as Agreement;
      const hash = contentHash(changed);
      await ts.store.db
        .insertInto('agreement_versions')
        .values({ org_id: 1, agreement_id: 'SLA-A', revision: 2, document: JSON.stringify(changed), hash, frozen_by: 'test', activated_at: new Date() })
        .execute();
      await ts.store.db.updateTable('agreements').set({ revision: 2, active_revision: 2 }).where('id', '=', 'SLA-A').execute();
      clock += 5 * M;
      await monitor.runOnce();
      const row = await agreementRow('SLA-A');
      assert.equal(row.revision_hash, hash);
      assert.equal((row.live as any[])[0].objective, 99.5);
      docs[0] = changed;
      await assertTotalsEqualFullEvaluation(changed);
    });

    it('a replica whose lease expired cannot write (fencing)', async () => {
      await ts.store.db.updateTable('monitor_agreements').set({ next_run_at: new Date(0) }).where('agreement_id', '=', 'SLA-B').execute();
      const dueBy = new Date(Date.now() + 1000);
      const [mine] = await claimDue(ts.store, { orgIds: [1], dueBy, owner: 'x', token: 'x:1', leaseMs: 60_000, limit: 1 });
      assert.equal(mine.agreementId, 'SLA-B');
      const others = await claimDue(ts.store, { orgIds: [1], dueBy, owner: 'y', token: 'y:1', leaseMs: 60_000, limit: 5 });
      assert.ok(!others.some((c) => c.agreementId === 'SLA-B'), 'leased: nobody else gets it');
      await ts.store.db.updateTable('monitor_agreements').set({ lease_until: new Date(Date.now() - 1000) }).where('agreement_id', '=', 'SLA-B').execute();
      const theirs = (await claimDue(ts.store, { orgIds: [1], dueBy, owner: 'y', token: 'y:2', leaseMs: 60_000, limit: 5 })).find((c) => c.agreementId === 'SLA-B');
      assert.ok(theirs, 'an expired lease can be claimed');
      await assert.rejects(commit(ts.store, { claim: mine, leaseMs: 60_000 }, 'h', [], new Date()), LeaseLost);
      await commit(ts.store, { claim: theirs, leaseMs: 60_000 }, 'h', [], new Date());
      await ts.store.db.updateTable('monitor_agreements').set({ lease_until: null, lease_token: null, lease_owner: null }).execute();
    });

    it('serves status, evaluations (filters, page), one agreement with history, KPIs and /metrics', async () => {
      const list = (await request('/api/v1/monitoring/evaluations?limit=2')).json();
      assert.equal(list.total, 3);
      assert.deepEqual(list.items.map((i: { agreementId: string }) => i.agreementId), ['OLA-C', 'SLA-A']);
      const breached = (await request('/api/v1/monitoring/evaluations?state=breached')).json();
      assert.deepEqual(breached.items.map((i: { agreementId: string }) => i.agreementId), ['SLA-B']);
      const b = breached.items[0];
      assert.equal(b.targets[0].badIntervals[0].from, new Date(INCIDENT.from).toISOString());
      assert.equal(b.period.from, '2026-03-01T00:00:00.000Z');
      assert.ok(b.targets[0].burnRate !== undefined);
      assert.deepEqual((await request('/api/v1/monitoring/evaluations?type=OLA')).json().items.map((i: { agreementId: string }) => i.agreementId), ['OLA-C']);
      assert.equal((await request('/api/v1/monitoring/evaluations?state=bogus')).statusCode, 400);
      const one = (await request('/api/v1/monitoring/evaluations/SLA-B?periods=3')).json();
      assert.equal(one.current.state, 'breached');
      assert.deepEqual(one.history, [], 'no closed period yet');
      assert.equal((await request('/api/v1/monitoring/evaluations/SLA-NOPE')).statusCode, 404);
      const kpis = (await request('/api/v1/monitoring/kpis?periods=2')).json();
      assert.equal(kpis.periods.length, 2);
      assert.equal(kpis.periods[0].kpis.SLA.active, 2);
      assert.equal(kpis.periods[0].kpis.SLA.breached, 1);
      const status = (await request('/api/v1/monitoring/status')).json();
      assert.equal(status.monitoredAgreements, 3);
      assert.ok(status.lastCycle.agreements >= 1);
      assert.equal((await request('/api/v1/monitoring/status', 'read', { 'x-slm-secret': 'wrong' })).statusCode, 401);

      const metrics = await app.inject({ method: 'GET', url: '/metrics' });
      assert.equal(metrics.statusCode, 200);
      assert.match(metrics.body, /slm_target_state\{org="1",agreement="SLA-B",type="SLA",service="mail",target="availability",state="breached"\} 1/);
      assert.match(metrics.body, /slm_agreement_breached\{org="1",agreement="SLA-A",type="SLA",service="mail",provider="it-operations",counterparty="finance"\} 0/);
      assert.match(metrics.body, /slm_breach_ratio_percent\{org="1",type="SLA"\} 50/);
      assert.match(metrics.body, /slm_monitor_cycle_seconds_count \d+/);
      assert.match(metrics.body, /slm_monitor_datasource_errors_total [1-9]/);
    });

    it('breach list filters by severity, type, service and party, newest first; PATCH sets the assignee', async () => {
      const ids = async (qs: string) => (await request(`/api/v1/breaches${qs}`)).json().items.map((x: { targetId: string }) => x.targetId);
      assert.equal((await ids('?severity=breached')).length, 2);
      assert.deepEqual(await ids('?type=OLA'), []);
      assert.equal((await ids('?party=finance')).length, 2);
      assert.equal((await ids('?service=mail&severity=at_risk')).length, 0);
      const first = (await request('/api/v1/breaches')).json().items[0];
      const patched = await app.inject({
        method: 'PATCH',
        url: `/api/v1/breaches/${first.id}`,
        headers: { 'x-slm-secret': TEST_SECRET, 'x-slm-permission': 'monitor', 'x-grafana-user': 'alice', 'if-match': String(first.version), 'content-type': 'application/json' },
        payload: JSON.stringify({ assignee: 'bob' }),
      });
      assert.equal(patched.statusCode, 200, patched.body);
      assert.equal(patched.json().assignee, 'bob');
    });

    it('documents every monitoring route in its OpenAPI part', () => {
      const doc = monitoringOpenApi();
      // The connection routes are the Grafana side's (server/grafana/openapi.ts).
      const routes = registeredRoutes(app).filter(
        (r) => r.path.startsWith('/api/v1/monitoring') && !r.path.endsWith('/connection') && r.method === 'GET'
      );
      assert.equal(routes.length, 4);
      for (const r of routes) {
        const path = r.path.slice('/api/v1'.length).replace(/:(\w+)/g, '{$1}');
        assert.ok((doc.paths as Record<string, Record<string, unknown>>)[path]?.get, `${path} documented`);
      }
    });
  });
}


