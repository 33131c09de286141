/**
 * The SLA status panel in KPI mode, end to end: a real engine with the dev seed
 * (provisioning/seed), a real Prometheus backfilled (promtool) with known request counters and
 * latency histograms for the seeded `mail` and `portal` jobs over the current month, the thin
 * host's stand-ins for Grafana's plugin proxy and `/api/ds/query`, and the panel in Chromium
 * with the page clock fixed inside the backfilled range. The monitored and breached counts and
 * ratios per type must equal `computeKpis` over `evaluateResponse` run here in Node on the same
 * Prometheus data. Screenshot: test-output/screenshots/panel-kpi.png.
 *
 * The data: mail loses 15 of 100 requests in every hundredth 5-minute slice (99.85 %: below the
 * 99.9 % of SLA-2026-001 and the 99.95 % of OLA-2026-001, above the 99.5 % of UC-2026-001) and
 * is slow in one slice of 150; portal loses 0.05 % and has no latency histogram, so the latency
 * target of SLA-2026-002 has no data and that SLA is not monitored.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { computeKpis, currentPeriod, evaluateResponse, parseAgreement, refIdsOf, type Agreement, type Kpis } from '../../../src/domain';
import { openHostPage } from '../../support/hostPage';
import { launchChromium, screenshotPath } from '../../support/browser';
import { RunningEngine, startEngine } from '../../support/engine';
import { backfill, openMetrics, toGrafanaFrames, type PromMatrix, type Sample } from '../../support/promData';
import { RunningPrometheus, startPrometheus } from '../../support/prometheus';
import { TestHost, startHost } from '../../host/server';

const ROOT = resolve(__dirname, '..', '..', '..');
const PLUGIN_JSON = JSON.parse(readFileSync(join(ROOT, 'src', 'plugin.json'), 'utf8'));
const SLICE = 300_000;
const HOUR = 3_600_000;
const ZONE = 'Asia/Shanghai'; // the seeded agreements' zone

/**
 * The page's fixed "now": two whole hours ago (inside retention, clear of Prometheus's head),
 * moved back to the end of the previous month when the current month is less than a day old.
 */
function evaluationTime(): number {
  const at = Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR;
  const month = currentPeriod({ calendar: 'month' }, ZONE, at);
  return at - month.from < 24 * HOUR ? month.from - HOUR : at;
}

const AT = evaluationTime();
const PERIOD = currentPeriod({ calendar: 'month' }, ZONE, AT);
const GEN_START = PERIOD.from - HOUR;
const GEN_END = AT + HOUR;

/** Requests and errors of slice i (counted from the period's start) per job. */
function requests(job: 'mail' | 'portal', i: number): { ok: number; err: number } {
  if (job === 'mail') {
    const err = ((i % 100) + 100) % 100 === 0 ? 15 : 0;
    return { ok: 100 - err, err };
  }
  const err = ((i % 100) + 100) % 100 === 50 ? 10 : 0;
  return { ok: 200 - err, err };
}

/** Cumulative latency bucket counts of slice i of mail: 100 requests, p95 ≤ 0.3 s except one slice in 150. */
function mailLatency(i: number): Record<string, number> {
  const slow = ((i % 150) + 150) % 150 === 7;
  return { '0.1': 80, '0.3': slow ? 85 : 97, '0.5': 99, '1': 100, '+Inf': 100 };
}

function seriesSamples(): { counters: Sample[]; buckets: Sample[] } {
  const counters: Sample[] = [];
  const buckets: Sample[] = [];
  const totals = new Map<string, number>();
  const add = (list: Sample[], labels: Record<string, string>, t: number, inc: number) => {
    const key = JSON.stringify(labels);
    const v = (totals.get(key) ?? 0) + inc;
    totals.set(key, v);
    list.push({ labels, t, v });
  };
  for (let t = GEN_START; t <= GEN_END; t += SLICE) {
    const i = Math.round((t - PERIOD.from) / SLICE) - 1; // the slice ending at t
    const first = t === GEN_START;
    for (const job of ['mail', 'portal'] as const) {
      const c = requests(job, i);
      add(counters, { job, code: '200' }, t, first ? 0 : c.ok);
      add(counters, { job, code: '500' }, t, first ? 0 : c.err);
    }
    for (const [le, n] of Object.entries(mailLatency(i))) {
      add(buckets, { job: 'mail', le }, t, first ? 0 : n);
    }
  }
  return { counters, buckets };
}

let engine: RunningEngine;
let prometheus: RunningPrometheus;
let host: TestHost;
let browser: Browser;
let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'slm-kpi-'));
  const { counters, buckets } = seriesSamples();
  const tsdb = backfill(
    dir,
    openMetrics([
      { name: 'http_requests', type: 'counter', help: 'Requests by job and status code.', samples: counters },
      { name: 'http_request_duration_seconds_bucket', type: 'gauge', help: 'Cumulative latency buckets.', samples: buckets },
    ])
  );
  [engine, prometheus] = await Promise.all([
    startEngine({ SLM_SEED_DIR: resolve(ROOT, 'provisioning', 'seed') }),
    startPrometheus('global:\n  scrape_interval: 1m\n', [`--storage.tsdb.path=${tsdb}`, '--storage.tsdb.retention.time=60d']),
  ]);
  host = await startHost({
    settings: { jsonData: { engineUrl: engine.url }, secureJsonData: { engineSecret: engine.secret } },
    datasources: { prometheus: prometheus.url },
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await host?.close();
  await prometheus?.stop();
  await engine?.stop();
  if (dir) {
    rmSync(dir, { recursive: true, force: true });
  }
});

async function engineGet(path: string): Promise<Response> {
  const res = await fetch(`${engine.url}/api/v1${path}`, {
    headers: { 'X-SLM-Secret': engine.secret, 'X-SLM-Permission': 'read', 'X-Grafana-User': 'admin', 'X-Grafana-Org-Id': '1' },
  });
  assert.equal(res.status, 200, `${path}: ${await res.clone().text()}`);
  return res;
}

/** What the panel must show: the shared evaluator in Node on Prometheus's own range results. */
async function expectedKpis(): Promise<{ kpis: Kpis; notMonitored: string[]; breached: string[] }> {
  const { items } = (await (await engineGet('/agreements?state=active&limit=500')).json()) as { items: Array<{ id: string }> };
  const evaluations = [];
  for (const { id } of items) {
    const parsed = parseAgreement(await (await engineGet(`/agreements/${id}/export`)).text());
    assert.ok(parsed.ok, id);
    const agreement: Agreement = parsed.agreement;
    const results: Record<string, unknown> = {};
    for (const target of agreement.spec.targets) {
      const queries = target.sli.ratio ? [target.sli.ratio.good, target.sli.ratio.total] : [target.sli.threshold!.query];
      for (const [k, refId] of refIdsOf(target).entries()) {
        const params = new URLSearchParams({
          query: queries[k].expr,
          start: String(Math.floor(PERIOD.from / SLICE) * (SLICE / 1000)),
          end: String(Math.floor(AT / SLICE) * (SLICE / 1000)),
          step: String(SLICE / 1000),
        });
        const matrix = (await (await fetch(`${prometheus.url}/api/v1/query_range?${params}`)).json()) as PromMatrix;
        assert.equal(matrix.status, 'success');
        results[refId] = { status: 200, frames: toGrafanaFrames(refId, queries[k].expr, SLICE / 1000, matrix) };
      }
    }
    evaluations.push(evaluateResponse(agreement, JSON.parse(JSON.stringify({ results })), { at: AT, allowEmpty: true }));
  }
  return {
    kpis: computeKpis(evaluations),
    notMonitored: evaluations.filter((e) => e.targets.some((t) => t.state === 'no_data')).map((e) => e.id),
    breached: evaluations.filter((e) => e.state === 'breached').map((e) => e.id),
  };
}

async function open(params: Record<string, string>): Promise<Page> {
  const page = await openHostPage(browser, host, '/panel-host', {
    params: { theme: 'dark', width: '660', height: '300', mode: 'kpi', ...params },
    viewport: { width: 720, height: 420 },
    fixedTime: AT,
  });
  await page.locator('[data-complete="true"]').waitFor({ timeout: 60_000 });
  return page;
}

const testId = (id: string) => `[data-testid="data-testid slm-slastatus-${id}"]`;
const pct = (v: number | null) => (v === null ? '–' : `${v.toFixed(1)}%`);

describe('SLA status panel in KPI mode on a real engine and a real Prometheus', () => {
  test('shows per type the monitored and breached counts and ratios the shared evaluator computes, with drill-down links', async () => {
    const expected = await expectedKpis();
    // The data is meant to give figures worth checking: some monitored, some not, some breached.
    assert.equal(expected.kpis.all.active, 5, JSON.stringify(expected));
    assert.deepEqual(expected.notMonitored, ['SLA-2026-002']);
    assert.deepEqual(expected.breached.sort(), ['OLA-2026-001', 'SLA-2026-001']);

    const page = await open({});
    for (const type of ['SLA', 'OLA', 'UC', 'all'] as const) {
      const row = page.locator(testId(`kpi-${type}`));
      const f = expected.kpis[type];
      assert.equal((await row.locator('[data-field="active"]').innerText()).trim(), String(f.active), `${type} active`);
      assert.equal((await row.locator('[data-field="monitored"]').innerText()).trim(), `${f.monitored} (${pct(f.monitoredRatio)})`, `${type} monitored`);
      assert.equal((await row.locator('[data-field="breached"]').innerText()).trim(), `${f.breached} (${pct(f.breachRatio)})`, `${type} breached`);
    }

    // Drill-down: the type opens the agreements page filtered, the breached count the breaches page.
    const pages = (PLUGIN_JSON.includes as Array<{ path?: string }>).map((inc) => inc.path?.replace('%PLUGIN_ID%', PLUGIN_JSON.id));
    const sla = page.locator(testId('kpi-SLA'));
    const typeHref = await sla.getByRole('link', { name: 'SLA' }).getAttribute('href');
    const breachHref = await sla.locator('[data-field="breached"] a').getAttribute('href');
    assert.equal(typeHref, `/a/${PLUGIN_JSON.id}/agreements?type=SLA&state=active`);
    assert.equal(breachHref, `/a/${PLUGIN_JSON.id}/breaches?type=SLA`);
    assert.ok(pages.includes(typeHref!.split('?')[0]) && pages.includes(breachHref!.split('?')[0]), 'links lead to pages of the app');

    // Why SLA-2026-002 is not monitored: its latency target has no data.
    await page.locator(testId('kpi-not-monitored-SLA')).hover();
    const reasons = page.locator(testId('kpi-reasons'));
    await reasons.waitFor();
    const text = await reasons.innerText();
    assert.match(text, /SLA-2026-002 — latency-p95: data for 0\.0% of the period, 90% needed/);
    await page.screenshot({ path: screenshotPath('panel-kpi') });
    await page.close();
  });

  test('the filters narrow the agreements evaluated', async () => {
    const page = await open({ service: 'portal' });
    const all = page.locator(testId('kpi-all'));
    // portal: SLA-2026-002 (not monitored) and OLA-2026-002 (met)
    assert.equal((await all.locator('[data-field="active"]').innerText()).trim(), '2');
    assert.equal((await all.locator('[data-field="monitored"]').innerText()).trim(), '1 (50.0%)');
    assert.equal((await all.locator('[data-field="breached"]').innerText()).trim(), '0 (0.0%)');
    await page.close();
  });
});
