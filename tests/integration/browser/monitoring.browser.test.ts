/**
 * Issue 7 end to end in real Chromium: a real Prometheus with an injected incident
 * (tests/support/breachScene.ts), the Grafana stand-in over it with the annotations and alerting
 * provisioning APIs, a real engine monitoring every second through the stand-in, agreements made
 * active through the engine's API, and the app mounted by the thin host (tests/host) with its
 * proxy routes forwarded to the engine. Every figure a page shows is compared with what the
 * engine answers at the same time, never with a constant. Screenshots go to
 * test-output/screenshots (monitoring-*), the best of them to docs/screenshots.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import pluginJson from '../../../src/plugin.json';
import enUS from '../../../src/locales/en-US/slm-servicelevel-app.json';
import zhHans from '../../../src/locales/zh-Hans/slm-servicelevel-app.json';
import type { OrgRole } from '../../../src/test/grafanaPluginProxy';
import { openHostPage } from '../../support/hostPage';
import { screenshotPath } from '../../support/browser';
import { bundleHostView, useHostView } from '../../support/hostViewBundle';
import { AGREEMENTS, DATASOURCE, WEEK, query } from '../../support/breachScene';
import { GrafanaStandIn } from '../../support/grafanaStandIn';
import { installAlertingApi } from '../../support/grafanaStandIn/alerting';
import { installAnnotationsApi } from '../../support/grafanaStandIn/annotations';
import { type MonitoredWorld, breachOf, startMonitoredWorld, waitFor } from '../../support/monitoredWorld';
import type { TestHost } from '../../host/server';

const ROOT = resolve(__dirname, '..', '..', '..');
const APP = `/a/${pluginJson.id}`;
const TOKEN = 'glsa_browser_monitoring';
const SLA = 'SLA-MAIL-001';
const OLA = 'OLA-NET-001';
const HANDLE = `${pluginJson.id}.breaches:handle`;
const en = enUS.pages;
const zh = zhHans.pages;

let world: MonitoredWorld;
let standIn: GrafanaStandIn;
let annotations: ReturnType<typeof installAnnotationsApi>;
let host: TestHost;
let browser: Browser;
let call: MonitoredWorld['call'];
/** The SLA's breach as the engine first recorded it. */
let breachId: string;

before(async () => {
  const dashboard = bundleHostView('breachDashboard');
  dashboard.catch(() => undefined); // awaited by the world; not an unhandled rejection meanwhile
  world = await startMonitoredWorld({
    token: TOKEN,
    installApis: (s) => {
      annotations = installAnnotationsApi(s);
      installAlertingApi(s);
    },
    alongside: [dashboard],
  });
  ({ standIn, host, browser, call } = world);
  const sla = await waitFor('the SLA breach', () => breachOf(call, SLA));
  await waitFor('the OLA breach', () => breachOf(call, OLA));
  breachId = sla.id;
});

after(async () => {
  await world?.stop();
});

/** A page of the host as a user with that basic role (Editor holds the monitor role, Viewer the reader role). */
async function open(path: string, params: Record<string, string> = {}, role: OrgRole = 'Admin'): Promise<Page> {
  return openHostPage(browser, host, path, { params, role });
}

const VARIANTS = [
  ['dark', { theme: 'dark' }],
  ['light', { theme: 'light' }],
  ['zh-Hans', { theme: 'dark', lang: 'zh-Hans' }],
] as const;

/** The same page in dark, light and zh-Hans: `ready` waits for what must be on it (in that language). */
async function screenshots(name: string, path: string, ready: (page: Page, lang: 'en' | 'zh') => Promise<unknown>) {
  for (const [variant, params] of VARIANTS) {
    const page = await open(path, params);
    await ready(page, variant === 'zh-Hans' ? 'zh' : 'en');
    await page.screenshot({ path: screenshotPath(`${name}-${variant}`), fullPage: true });
    await page.close();
  }
}

/** Grafana's percent unit as the pages format it (formatPercent). */
const pct = (v: number | null | undefined, decimals = 2) => (v === null || v === undefined ? '–' : `${v.toFixed(decimals)}%`);

/** What formatAge shows in en-US for a time, at `now`. */
function age(iso: string, now: number): string {
  const ms = Math.max(0, now - Date.parse(iso));
  return ms < 60_000 ? 'less than a minute' : ms < 3_600_000 ? `${Math.floor(ms / 60_000)} min` : `${Math.floor(ms / 3_600_000)} h ${Math.floor((ms % 3_600_000) / 60_000)} min`;
}

/**
 * A live figure read from a page equals the engine's, read just before and just after it: the
 * engine folds a new minute in while the page loads, and either value is then what it showed.
 */
async function assertLive<T>(what: string, engineValue: () => Promise<T>, shown: () => Promise<string>, format: (v: T) => string) {
  const before = format(await engineValue());
  const text = (await shown()).trim();
  const after = format(await engineValue());
  assert.ok(text === before || text === after, `${what}: page shows ${text}, the engine ${before} / ${after}`);
}

const innerText = (page: Page, testId: string) => page.getByTestId(testId).innerText();

describe('monitoring in Chromium: overview, breaches, handling, live compliance, alert rules', () => {
  test('the engine recorded the SLA breach with its underpinning OLA breach, and annotated it in Grafana with the documented tags', async () => {
    const breach = await call('GET', `/breaches/${breachId}`);
    assert.equal(breach.severity, 'breached');
    assert.ok(breach.measured < breach.objective, `${breach.measured} < ${breach.objective}`);
    assert.ok(breach.badIntervals.length > 0);
    const related = (await call('GET', `/breaches/${breachId}/related`)).items;
    assert.deepEqual(
      related.map((r: { agreementId: string }) => r.agreementId),
      [OLA]
    );
    const annotation = await waitFor('the breach annotation', async () => [...annotations.annotations.values()].find((a) => a.tags.includes(`breach:${breachId}`)));
    assert.deepEqual(
      annotation.tags.filter((t) => !t.startsWith('breach:')).sort(),
      ['agreement:SLA-MAIL-001', 'service:mail', 'severity:breached', 'slm-breach', 'target:availability', 'type:SLA'].sort()
    );
    assert.equal(annotation.time, Date.parse(breach.badIntervals[0].from), 'the region starts with the first bad interval');
    assert.equal(annotation.timeEnd, Date.parse(breach.badIntervals.at(-1).to), 'and ends with the last');
    const posts = standIn.calls('/api/annotations', 'POST');
    assert.ok(posts.every((p) => p.headers.authorization === `Bearer ${TOKEN}`), 'with the service account token');
  });

  test('overview: KPI tiles carry the engine’s breach and monitored ratios, the breached agreements are listed', async () => {
    const kpis = (await call('GET', '/monitoring/kpis?periods=6')).periods[0].kpis;
    assert.ok(kpis.SLA.breachRatio > 0 && kpis.SLA.breachRatio < 100, `one of the two SLAs breached: ${JSON.stringify(kpis.SLA)}`);
    const page = await open(`${APP}/overview`);
    await page.getByTestId('slm-kpi-tiles').waitFor();
    for (const type of ['SLA', 'OLA', 'UC'] as const) {
      assert.equal((await innerText(page, `slm-kpi-${type}-breached-value`)).trim(), pct(kpis[type].breachRatio, 1), `${type} breach ratio`);
      assert.equal((await innerText(page, `slm-kpi-${type}-monitored-value`)).trim(), pct(kpis[type].monitoredRatio, 1), `${type} monitored ratio`);
    }

    const evaluations = (await call('GET', '/monitoring/evaluations?limit=50')).items as Array<{ agreementId: string; state: string }>;
    const troubled = evaluations.filter((e) => e.state === 'breached' || e.state === 'at_risk');
    assert.deepEqual(troubled.map((e) => e.agreementId).sort(), [OLA, SLA]);
    const rows = page.getByTestId('slm-at-risk-row');
    await rows.first().waitFor();
    const shown = await rows.evaluateAll((trs) =>
      trs.map((tr) => ({ id: tr.querySelector('a')!.textContent!.trim(), state: tr.querySelector('[data-testid="slm-target-state"]')!.getAttribute('data-state') }))
    );
    assert.deepEqual(
      shown.sort((a, b) => a.id.localeCompare(b.id)),
      troubled.map((e) => ({ id: e.agreementId, state: e.state })).sort((a, b) => a.id.localeCompare(b.id))
    );
    const unresolved = await call('GET', '/breaches?status=open,acknowledged&limit=1');
    assert.equal((await innerText(page, 'slm-open-breaches-count')).trim(), String(unresolved.total));
    await page.close();

    await screenshots('monitoring-overview', `${APP}/overview`, async (p, lang) => {
      await p.getByRole('heading', { name: (lang === 'zh' ? zh : en).overview.title, exact: true }).waitFor();
      await p.getByTestId('slm-at-risk-row').first().waitFor();
      await p.getByTestId('slm-kpi-SLA-breached-value').waitFor();
    });
  });

  test('breaches list: the open breaches with their age, owner and numbers', async () => {
    const unresolved = await call('GET', '/breaches?status=open,acknowledged&limit=50');
    const page = await open(`${APP}/breaches`);
    const table = page.getByTestId('slm-breaches-table');
    const row = table.locator('tbody tr', { has: page.getByRole('link', { name: SLA, exact: true }) });
    await row.waitFor();
    assert.equal(await table.locator('tbody tr').count(), unresolved.total, 'one row per unresolved breach');
    const breach = await call('GET', `/breaches/${breachId}`);
    const cells = (await row.locator('td').allInnerTexts()).map((c) => c.trim());
    const now = Date.now();
    assert.ok([age(breach.createdAt, now - 15_000), age(breach.createdAt, now)].includes(cells[0]), `age ${cells[0]} for ${breach.createdAt}`);
    assert.equal(await row.getByTestId('slm-breach-severity').getAttribute('data-severity'), 'breached');
    assert.equal(cells[2], 'availability');
    assert.equal(cells[4], 'mail');
    assert.match(cells[5], new RegExp(`/ ${pct(breach.objective).replace('.', '\\.')}$`));
    assert.equal(cells[6], `${breach.provider} (provider)`, 'nobody assigned: the provider party owns it');
    assert.equal(await row.getByTestId('slm-breach-status').getAttribute('data-status'), 'open');
    await page.close();

    await screenshots('monitoring-breaches', `${APP}/breaches`, async (p, lang) => {
      await p.getByRole('heading', { name: (lang === 'zh' ? zh : en).breaches.title, exact: true }).waitFor();
      await p.getByTestId('slm-breaches-table').getByRole('link', { name: SLA, exact: true }).waitFor();
    });
  });

  test('breach page for a reader: measured vs objective, bad intervals, the related OLA breach, actions disabled with the reason, Markdown export', async () => {
    const page = await open(`${APP}/breaches/${breachId}`, {}, 'Viewer');
    await page.getByRole('heading', { name: `${SLA} · availability` }).waitFor();
    await assertLive(
      'measured',
      async () => (await call('GET', `/breaches/${breachId}`)).measured as number,
      () => innerText(page, 'slm-breach-measured'),
      (v) => pct(v)
    );
    const breach = await call('GET', `/breaches/${breachId}`);
    const measurement = page.getByTestId('slm-breach-measurement');
    await measurement.getByText(pct(breach.objective), { exact: true }).waitFor();
    const intervals = await page.getByTestId('slm-bad-intervals').locator('li').allInnerTexts();
    // Grafana's default format (YYYY-MM-DD HH:mm:ss) in the browser's time zone, the user's default.
    const parts = await page.evaluate(
      (list: Array<{ from: string; to: string }>) =>
        list.slice(0, 10).map((i) =>
          [i.from, i.to].map((iso) => {
            const d = new Date(iso);
            return [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()];
          })
        ),
      breach.badIntervals
    );
    const two = (n: number) => String(n).padStart(2, '0');
    const local = ([y, mo, d, h, mi, se]: number[]) => `${y}-${two(mo)}-${two(d)} ${two(h)}:${two(mi)}:${two(se)}`;
    const expected = parts.map(([from, to]) => `${local(from)} – ${local(to)}`);
    assert.deepEqual(intervals.slice(0, expected.length), expected);

    const related = page.getByTestId('slm-related-breach');
    await related.first().waitFor();
    assert.equal(await related.count(), 1);
    assert.match(await related.innerText(), new RegExp(OLA));
    const ola = await breachOf(call, OLA);
    assert.equal(await related.getByRole('link').getAttribute('href'), `${APP}/breaches/${ola.id}`);

    for (const name of [en.breaches.action.acknowledge, en.breaches.report.save]) {
      const button = page.getByRole('button', { name, exact: true });
      assert.equal(await button.isDisabled(), true, `${name} is disabled for a reader`);
      assert.equal(await page.locator('[data-testid="slm-blocked"]', { has: button }).getAttribute('data-reason'), `You need the permission ${HANDLE}`);
    }

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: en.breaches.export.markdown }).click();
    const file = await download;
    const markdown = readFileSync((await file.path())!, 'utf8');
    const after = await call('GET', `/breaches/${breachId}`);
    assert.ok(markdown.includes(SLA), 'the report names the agreement');
    const measured = [breach.measured, after.measured].map((v: number) => `${Number(v.toFixed(3))} %`);
    assert.ok(measured.some((m) => markdown.includes(m)), `the report gives the measured value ${measured.join(' or ')}`);
    await page.close();
  });

  test('a monitor acknowledges, assigns, writes the report and resolves; the engine records each step and Grafana’s annotation follows', async () => {
    const page = await open(`${APP}/breaches/${breachId}`, {}, 'Editor');
    await page.getByRole('button', { name: en.breaches.action.acknowledge, exact: true }).click();
    await page.locator('[data-testid="slm-breach-actions"] [data-status="acknowledged"]').waitFor();
    let record = await call('GET', `/breaches/${breachId}`);
    assert.equal(record.status, 'acknowledged');
    assert.equal(record.acknowledgedBy, 'editor', 'recorded as the Grafana user');

    await page.locator('#slm-breach-assignee').fill('li.wei');
    await page.getByRole('button', { name: en.breaches.detail.assign, exact: true }).click();
    await page.getByTestId('slm-breach-owner').getByText('li.wei', { exact: true }).waitFor();
    assert.equal((await call('GET', `/breaches/${breachId}`)).assignee, 'li.wei');

    const report = {
      summary: 'Half of the mail requests failed for an hour.',
      impact: 'Finance could not send or receive mail for 60 minutes.',
      rootCause: 'The campus network dropped packets between the mail front ends and the store (OLA-NET-001).',
      actions: ['Add a second uplink to the mail store', 'Alert on packet loss at 1 %'],
    };
    await page.locator('#slm-report-summary').fill(report.summary);
    await page.locator('#slm-report-impact').fill(report.impact);
    await page.locator('#slm-report-rootCause').fill(report.rootCause);
    await page.locator('#slm-report-actions').fill(report.actions.join('\n'));
    await page.getByRole('button', { name: en.breaches.report.save, exact: true }).click();
    await page.getByTestId('slm-breach-report').getByText(/Report saved/).waitFor();
    record = await call('GET', `/breaches/${breachId}`);
    assert.deepEqual(record.report, report);
    await page.close();

    await screenshots('monitoring-breach', `${APP}/breaches/${breachId}`, async (p, lang) => {
      await p.getByTestId('slm-breach-measured').waitFor();
      await p.getByTestId('slm-related-breach').first().waitFor();
      await p.getByText((lang === 'zh' ? zh : en).breaches.report.heading, { exact: true }).waitFor();
    });

    const again = await open(`${APP}/breaches/${breachId}`, {}, 'Editor');
    await again.getByRole('button', { name: en.breaches.action.resolve, exact: true }).click();
    await again.locator('[data-testid="slm-breach-actions"] [data-status="resolved"]').waitFor();
    record = await call('GET', `/breaches/${breachId}`);
    assert.equal(record.status, 'resolved');
    assert.equal(record.resolvedBy, 'editor');
    assert.equal(await again.getByRole('button', { name: en.breaches.action.resolve, exact: true }).count(), 0, 'nothing left to do');
    await again.close();

    const updated = await waitFor('the annotation updated to the resolved breach', async () => {
      const a = [...annotations.annotations.values()].find((x) => x.tags.includes(`breach:${breachId}`));
      return a && a.text.includes('status resolved') ? a : undefined;
    });
    assert.equal(standIn.calls(`/api/annotations/${updated.id}`, 'PUT').length > 0, true, 'updated in place (PUT), not added again');
    assert.equal([...annotations.annotations.values()].filter((x) => x.tags.includes(`breach:${breachId}`)).length, 1);
  });

  test('the agreement’s Targets tab shows the live compliance the engine evaluates; “Create alert rules” provisions them in Grafana', async () => {
    const evaluation = async () => ((await call('GET', `/monitoring/evaluations?agreement=${SLA}`)).items[0] as { state: string; targets: Array<{ id: string; state: string; compliance: number }> });
    const page = await open(`${APP}/agreements/${SLA}?tab=targets`, {}, 'Editor');
    const row = page.getByTestId('slm-live-target-availability');
    await row.waitFor();
    await assertLive('live compliance', async () => (await evaluation()).targets[0].compliance, async () => (await row.locator('td').nth(2).innerText()), (v) => pct(v));
    assert.equal(await row.getByTestId('slm-target-state').getAttribute('data-state'), (await evaluation()).targets[0].state);

    const before = standIn.calls('/api/v1/provisioning/alert-rules', 'POST').length;
    await page.getByRole('button', { name: en.agreements.live['create-rules'] }).click();
    const done = page.getByTestId('slm-alert-rules-done');
    await done.waitFor();
    const posts = standIn.calls('/api/v1/provisioning/alert-rules', 'POST').slice(before);
    assert.equal(posts.length, await done.locator('li').count(), 'one POST per rule the page lists');
    assert.equal(posts.length, 4, 'three burn-rate rules for the one target and the breach rule');
    const agreement = AGREEMENTS.find((a) => a.id === SLA)!;
    for (const post of posts) {
      const labels = (post.body as { labels: Record<string, string> }).labels;
      assert.equal(post.headers['x-disable-provenance'], 'true');
      assert.deepEqual(
        { agreement: labels.slm_agreement, type: labels.slm_type, service: labels.slm_service, party: labels.slm_party },
        { agreement: SLA, type: 'SLA', service: agreement.service, party: agreement.provider }
      );
    }
    const burnRate = posts.map((p) => (p.body as { labels: Record<string, string> }).labels).filter((l) => l.severity !== 'breach');
    assert.deepEqual(
      burnRate.map((l) => l.slm_target),
      ['availability', 'availability', 'availability']
    );
    await page.close();

    await screenshots('monitoring-targets', `${APP}/agreements/${SLA}?tab=targets`, async (p, lang) => {
      await p.getByTestId('slm-live-target-availability').waitFor();
      await p.getByText((lang === 'zh' ? zh : en).agreements.live.heading, { exact: true }).waitFor();
    });
  });

  test('a breach on a dashboard: the SLA status panel of the breached agreement, in breached state, over live data', async () => {
    const breach = await call('GET', `/breaches/${breachId}`);
    const agreement = AGREEMENTS.find((a) => a.id === SLA)!;
    const annotation = [...annotations.annotations.values()].find((a) => a.tags.includes(`breach:${breachId}`))!;
    host.user.role = 'Viewer';
    host.user.login = 'viewer';
    const page = await browser.newPage({ viewport: { width: 1244, height: 712 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await useHostView(page, host.url, 'breachDashboard');
    const params = new URLSearchParams({
      theme: 'dark',
      agreement: SLA,
      datasource: DATASOURCE,
      good: query('good', agreement.job),
      total: query('total', agreement.job),
      from: String(WEEK.from),
      to: String(Date.now()),
      annotation: `${annotation.time}-${annotation.timeEnd}`,
    });
    await page.goto(`${host.url}/panel-host?${params}`);
    await page.waitForFunction(() => document.body.dataset.hostReady === 'true' || document.body.dataset.hostError, null, { timeout: 60_000 });
    assert.equal(await page.evaluate(() => document.body.dataset.hostError), undefined);
    const state = page.locator('[data-testid="data-testid slm-slastatus-state"]');
    await state.first().waitFor({ timeout: 30_000 });
    assert.equal(await state.first().getAttribute('data-state'), 'breached');
    const regions = await page
      .locator('[data-testid="data-testid slm-slastatus-region"]')
      .evaluateAll((rects) => rects.map((r) => ({ from: Number(r.getAttribute('data-from')), to: Number(r.getAttribute('data-to')) })));
    for (const bad of breach.badIntervals as Array<{ from: string; to: string }>) {
      assert.ok(
        regions.some((r) => r.from <= Date.parse(bad.from) && r.to >= Date.parse(bad.to)),
        `the panel marks the breach's bad interval ${bad.from} – ${bad.to}: ${JSON.stringify(regions)}`
      );
    }
    assert.deepEqual(errors, [], 'no uncaught errors in the page');
    await page.screenshot({ path: screenshotPath('breach-on-dashboard'), fullPage: true });
    await page.close();

    mkdirSync(resolve(ROOT, 'docs', 'screenshots'), { recursive: true });
    for (const name of ['breach-on-dashboard', 'monitoring-overview-dark', 'monitoring-breaches-dark', 'monitoring-breach-dark', 'monitoring-targets-light', 'monitoring-breach-zh-Hans']) {
      copyFileSync(screenshotPath(name), resolve(ROOT, 'docs', 'screenshots', `${name}.png`));
    }
  });
});
