/**
 * Issue 8 end to end in real Chromium: the monitored world of tests/support/breachScene.ts (a real
 * Prometheus with an incident on mail, the Grafana stand-in over it with the dashboard API, a real
 * engine monitoring every second), plus a second mail SLA over a rolling 24-hour window. A
 * service level manager schedules a review of the mail service for this week → generates its
 * period report → records the meeting's decisions → creates an improvement plan from a breached
 * target of the report → starts and completes it → verifies its effect; the review's shared
 * dashboard is generated through the stand-in and drawn by the thin host; the review is closed and
 * its report frozen. Every figure a page shows is compared with what the engine answers, never with
 * a constant. Screenshots: test-output/screenshots/review-*, plan-*, copied to docs/screenshots.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import pluginJson from '../../../src/plugin.json';
import enUS from '../../../src/locales/en-US/slm-servicelevel-app.json';
import zhHans from '../../../src/locales/zh-Hans/slm-servicelevel-app.json';
import { planTestIds } from '../../../src/pages/ImprovementPlans/testIds';
import { testIds as reviewIds } from '../../../src/pages/Reviews/testIds';
import type { OrgRole } from '../../../src/test/grafanaPluginProxy';
import { openHostPage } from '../../support/hostPage';
import { screenshotPath } from '../../support/browser';
import { bundleHostView, useHostView } from '../../support/hostViewBundle';
import { AGREEMENTS, WEEK, type SceneAgreement } from '../../support/breachScene';
import { installDashboardsApi } from '../../support/grafanaStandIn/dashboards';
import { installAnnotationsApi } from '../../support/grafanaStandIn/annotations';
import { type MonitoredWorld, breachOf, startMonitoredWorld, waitFor } from '../../support/monitoredWorld';
import type { TestHost } from '../../host/server';

const ROOT = resolve(__dirname, '..', '..', '..');
const APP = `/a/${pluginJson.id}`;
const TOKEN = 'glsa_browser_reviews';
/** The second mail SLA: the same incident, judged over the last 24 hours. */
const ROLLING: SceneAgreement = {
  id: 'SLA-MAIL-002',
  type: 'SLA',
  title: 'Mail for Finance, last 24 hours',
  service: 'mail',
  provider: 'it-operations',
  counterparty: 'finance',
  job: 'mail',
  objective: 99.9,
  underpinnedBy: ['OLA-NET-001'],
  window: { rolling: '1d' },
};
const MAIL_SLAS = ['SLA-MAIL-001', ROLLING.id];
const TITLE = 'Mail, weekly review with Finance';
const en = enUS.pages;
const zh = zhHans.pages;
const isoDate = (t: number) => new Date(t).toISOString().slice(0, 10);
const PERIOD = { from: isoDate(WEEK.from), to: isoDate(Date.now()) };

let world: MonitoredWorld;
let dashboards: ReturnType<typeof installDashboardsApi>;
let host: TestHost;
let browser: Browser;
let call: MonitoredWorld['call'];
/** Set by the first test, read by the later ones (they run in order). */
let reviewId = '';
let planId = '';

before(async () => {
  const view = bundleHostView('savedDashboard');
  view.catch(() => undefined); // awaited by the world; not an unhandled rejection meanwhile
  world = await startMonitoredWorld({
    token: TOKEN,
    agreements: [...AGREEMENTS, ROLLING],
    installApis: (standIn) => {
      installAnnotationsApi(standIn);
      dashboards = installDashboardsApi(standIn);
    },
    alongside: [view],
  });
  ({ host, browser, call } = world);
  for (const id of MAIL_SLAS) {
    await waitFor(`the ${id} breach`, () => breachOf(call, id), 60_000);
  }
});

after(async () => {
  await world?.stop();
});

/** A page of the host as a user with that basic role (Editor manages reviews and plans). */
function open(path: string, params: Record<string, string> = {}, role: OrgRole = 'Editor'): Promise<Page> {
  return openHostPage(browser, host, path, { params, role });
}

/** Grafana's percent unit as the pages format it (formatPercent). */
const pct = (v: number | null | undefined, decimals = 2) => (v === null || v === undefined ? '–' : `${v.toFixed(decimals)}%`);

const reviewPage = (tab?: string) => `${APP}/reviews/${encodeURIComponent(reviewId)}${tab ? `?tab=${tab}` : ''}`;

describe('reviews and improvement plans in Chromium: schedule → report → decisions → plan → complete → verification', () => {
  test('a service level manager schedules a review of the mail service for this week', async () => {
    const page = await open(`${APP}/reviews`);
    await page.getByRole('link', { name: en.reviews.empty.action }).click(); // nothing planned yet: the empty state offers it
    await page.getByTestId(reviewIds.form).waitFor();
    await page.locator('#slm-review-title').fill(TITLE);
    await page.locator('#slm-review-from').fill(PERIOD.from);
    await page.locator('#slm-review-to').fill(PERIOD.to);
    await page.locator('#slm-review-scope-services').click();
    await page.getByRole('option', { name: /mail/i }).first().click();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: en.reviews.form.create }).click();
    await page.getByTestId(reviewIds.detail.header).waitFor();
    reviewId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    const stored = await call('GET', `/reviews/${encodeURIComponent(reviewId)}`);
    assert.equal(stored.title, TITLE);
    assert.deepEqual(stored.period, PERIOD);
    assert.deepEqual(stored.scope.services, ['mail']);
    assert.equal(stored.status, 'scheduled');
    assert.equal(stored.report, null, 'no report before it is generated');
    await page.close();
  });

  test('generate report: every agreement and target of the scope with the engine’s figures', async () => {
    const page = await open(reviewPage());
    await page.getByRole('button', { name: en.reviews.action.generate }).click();
    await waitFor('the stored report', async () => (await call('GET', `/reviews/${encodeURIComponent(reviewId)}`)).report);
    const envelope = await call('GET', `/reviews/${encodeURIComponent(reviewId)}/report`);
    assert.equal(envelope.source, 'stored');
    const report = envelope.report;
    assert.deepEqual(report.agreements.map((a: { id: string }) => a.id).sort(), [...MAIL_SLAS].sort(), 'the mail service’s agreements');
    await page.reload();
    await page.getByTestId(reviewIds.report.root).waitFor();
    for (const agreement of report.agreements) {
      for (const target of agreement.targets) {
        const row = page.getByTestId(reviewIds.report.target(agreement.id, target.id));
        await row.waitFor();
        assert.equal((await row.getByTestId(reviewIds.report.compliance).innerText()).trim(), pct(target.compliance), `${agreement.id}/${target.id}`);
        assert.equal(await row.locator('[data-testid="slm-target-state"]').first().getAttribute('data-state'), target.state);
      }
    }
    const breached = report.agreements.flatMap((a: { targets: Array<{ state: string }> }) => a.targets).filter((t: { state: string }) => t.state === 'breached');
    assert.ok(breached.length >= 1, 'the incident breached the mail SLAs');
    const shown = await page
      .getByTestId(reviewIds.report.breaches)
      .locator('[data-testid="slm-report-breach"] a')
      .evaluateAll((links) => links.filter((a) => a.getAttribute('href')!.includes('/breaches/')).map((a) => a.getAttribute('href')));
    assert.deepEqual(
      shown.sort(),
      report.breaches.map((b: { id: string }) => `${APP}/breaches/${encodeURIComponent(b.id)}`).sort(),
      'the period’s breaches, each linked to its page'
    );
    assert.ok(report.breaches.length >= MAIL_SLAS.length);
    await page.close();
  });

  test('the shared dashboard: saved in Grafana in the app’s folder, one SLA status panel per agreement and the KPI panel, drawn over live data', async () => {
    const page = await open(reviewPage());
    await page.getByRole('button', { name: en.reviews.dashboard.create }).click();
    const link = page.getByRole('link', { name: en.reviews.dashboard.open });
    await link.waitFor();
    const review = await call('GET', `/reviews/${encodeURIComponent(reviewId)}`);
    assert.ok(review.dashboard?.uid, 'the review remembers its dashboard');
    const saved = dashboards.dashboards.get(review.dashboard.uid);
    assert.ok(saved, 'the dashboard was saved through Grafana’s dashboard API');
    assert.equal(await link.getAttribute('href'), review.dashboard.url);
    const panels = saved.dashboard.panels as Array<{ type: string; options: { mode?: string; agreementId?: string } }>;
    assert.ok(panels.every((p) => p.type === 'slm-slastatus-panel'));
    assert.deepEqual(panels.filter((p) => p.options.mode === 'target').map((p) => p.options.agreementId).sort(), [...MAIL_SLAS].sort());
    assert.equal(panels.filter((p) => p.options.mode === 'kpi').length, 1, 'the KPI panel');
    await page.close();

    // The saved JSON drawn the way a dashboard draws it (tests/support/dashboardView.tsx).
    host.user.role = 'Viewer';
    host.user.login = 'viewer';
    const shot = await browser.newPage({ viewport: { width: 1264, height: 900 } });
    const errors: string[] = [];
    shot.on('pageerror', (e) => errors.push(e.message));
    await useHostView(shot, host.url, 'savedDashboard');
    await shot.addInitScript((d) => {
      window.__SLM_DASHBOARD__ = d;
    }, saved.dashboard as never);
    await shot.goto(`${host.url}/panel-host?theme=dark`);
    await shot.waitForFunction(() => document.body.dataset.hostReady === 'true' || document.body.dataset.hostError, null, { timeout: 60_000 });
    assert.equal(await shot.evaluate(() => document.body.dataset.hostError), undefined);
    const evaluations = (await call('GET', '/monitoring/evaluations?service=mail&limit=10')).items as Array<{ agreementId: string; state: string }>;
    for (const id of MAIL_SLAS) {
      const panel = shot.locator('[data-testid="host-dashboard-panel"]', { hasText: id });
      const state = panel.locator('[data-testid="data-testid slm-slastatus-state"]').first();
      await state.waitFor({ timeout: 30_000 });
      assert.equal(await state.getAttribute('data-state'), evaluations.find((e) => e.agreementId === id)?.state, `${id} on the dashboard`);
    }
    assert.deepEqual(errors, [], 'no uncaught errors in the page');
    await shot.screenshot({ path: screenshotPath('review-dashboard'), fullPage: true });
    await shot.close();
  });

  test('record the meeting: participants, minutes, a decision and an action item', async () => {
    const page = await open(reviewPage('meeting'));
    await page.getByTestId(reviewIds.meeting.form).waitFor();
    await page.locator('#slm-meeting-minutes').fill('The network incident on Tuesday caused the mail breach.');
    await page.getByRole('button', { name: en.reviews.meeting['add-decision'] }).click();
    await page.getByTestId(reviewIds.meeting.decisions).locator('input, textarea').last().fill('Add a second network path for mail');
    await page.getByRole('button', { name: en.reviews.meeting['add-action-item'] }).click();
    await page.locator('#slm-action-0-text').fill('Order the second uplink');
    await page.locator('#slm-action-0-owner').fill('network-team');
    await page.getByRole('button', { name: en.reviews.meeting.save }).click();
    const saved = await waitFor('the minutes', async () => {
      const r = await call('GET', `/reviews/${encodeURIComponent(reviewId)}`);
      return r.decisions.length ? r : undefined;
    });
    assert.deepEqual(saved.decisions, ['Add a second network path for mail']);
    assert.deepEqual(saved.actionItems, [{ text: 'Order the second uplink', owner: 'network-team', done: false }]);
    assert.match(saved.minutes, /network incident/);
    await page.close();
  });

  test('an improvement plan from the breached rolling SLA: created from the report, started, completed, verified', async () => {
    const page = await open(reviewPage());
    const row = page.getByTestId(reviewIds.report.target(ROLLING.id, 'availability'));
    await row.waitFor();
    await row.getByRole('button', { name: new RegExp(en.reviews.report['create-plan']) }).click();
    await page.getByTestId(planTestIds.form.form).waitFor();
    await page.locator(`#${planTestIds.form.title}`).fill('Second network path for mail');
    await page.locator(`#${planTestIds.form.owner}`).fill('network-team');
    await page.getByRole('button', { name: en.plans.form['add-measure'] }).click();
    await page.locator(`#${planTestIds.form.measure}-0`).fill('Order and install the second uplink');
    await page.getByRole('button', { name: en.plans.form.create }).click();
    await page.getByTestId(planTestIds.detail.moves).waitFor();
    planId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    const created = await call('GET', `/plans/${encodeURIComponent(planId)}`);
    assert.deepEqual(
      { agreementId: created.goal.agreementId, targetId: created.goal.targetId, reviews: created.links.reviews, status: created.status },
      { agreementId: ROLLING.id, targetId: 'availability', reviews: [reviewId], status: 'planned' },
      'the plan carries the goal target and the review it came from'
    );
    assert.deepEqual(created.measures, [{ text: 'Order and install the second uplink', done: false }]);

    await page.getByTestId(`${planTestIds.detail.move}-start`).click();
    await waitFor('in progress', async () => (await call('GET', `/plans/${encodeURIComponent(planId)}`)).status === 'in_progress');
    await page.getByTestId(`${planTestIds.detail.move}-complete`).click();
    await waitFor('done', async () => (await call('GET', `/plans/${encodeURIComponent(planId)}`)).status === 'done');
    await page.getByTestId(planTestIds.detail.verify).click();
    const verified = await waitFor('the verification', async () => (await call('GET', `/plans/${encodeURIComponent(planId)}`)).verification);
    await page.getByTestId(planTestIds.detail.before).waitFor();
    assert.ok(verified.before && verified.before.compliance !== null, 'the day before the completion has figures');
    assert.ok(verified.before.compliance < ROLLING.objective, `the incident is in "before": ${verified.before.compliance}`);
    assert.match(await page.getByTestId(planTestIds.detail.before).innerText(), new RegExp(pct(verified.before.compliance).replace('.', '\\.')));
    assert.equal(await page.getByTestId(planTestIds.detail.goalReached).getAttribute('data-value'), String(verified.goalReached));
    assert.equal(await page.getByTestId(planTestIds.detail.improved).getAttribute('data-value'), String(verified.improved));
    assert.equal(verified.completedAt !== null, true, 'split at the completion');
    await page.screenshot({ path: screenshotPath('plan-verified-dark'), fullPage: true });
    await page.close();

    const plans = await open(reviewPage('plans'));
    const listed = plans.getByTestId(reviewIds.plans.root).getByRole('link', { name: 'Second network path for mail' });
    await listed.waitFor();
    assert.equal(await listed.getAttribute('href'), `${APP}/plans/${encodeURIComponent(planId)}`);
    await plans.close();
  });

  test('overdue plans are flagged on the Overview with the engine’s count', async () => {
    await call('POST', '/plans', { body: { title: 'Replace the mail relay', owner: 'it-operations', dueDate: '2026-01-31' }, permission: 'manage' });
    const overdue = await call('GET', '/plans?overdue=true&limit=5');
    assert.ok(overdue.total >= 1);
    const page = await open(`${APP}/overview`);
    const card = page.getByTestId(planTestIds.overview.card);
    await card.waitFor();
    assert.equal((await card.getByTestId(planTestIds.overview.count).innerText()).trim(), String(overdue.total));
    assert.equal(await card.getByTestId(planTestIds.overview.row).count(), overdue.items.length);
    await page.close();
  });

  test('close the review: its report is frozen and the page offers no more writes', async () => {
    const page = await open(reviewPage(), {}, 'Admin');
    await page.getByRole('button', { name: en.reviews.action.hold }).click();
    await waitFor('held', async () => (await call('GET', `/reviews/${encodeURIComponent(reviewId)}`)).status === 'held');
    await page.getByRole('button', { name: en.reviews.action.close }).click();
    await page.getByRole('dialog').getByRole('button', { name: en.reviews.action.close }).click();
    const closed = await waitFor('closed', async () => {
      const r = await call('GET', `/reviews/${encodeURIComponent(reviewId)}`);
      return r.status === 'closed' ? r : undefined;
    });
    assert.deepEqual(closed.report.meeting.decisions, ['Add a second network path for mail'], 'the final minutes are in the frozen report');
    const envelope = await call('GET', `/reviews/${encodeURIComponent(reviewId)}/report`);
    assert.equal(envelope.frozen, true);
    await page.reload();
    await page.getByTestId(reviewIds.report.root).waitFor();
    assert.equal(await page.getByRole('button', { name: en.reviews.action.generate }).count(), 0, 'no report generation once closed');
    assert.equal(await page.getByRole('button', { name: en.reviews.action.regenerate }).count(), 0);
    await page.close();

    // the frozen report in dark, light and zh-Hans
    for (const [variant, params, title] of [
      ['dark', { theme: 'dark' }, en.reviews.action.closed],
      ['light', { theme: 'light' }, en.reviews.action.closed],
      ['zh-Hans', { theme: 'dark', lang: 'zh-Hans' }, zh.reviews.action.closed],
    ] as const) {
      const shot = await open(reviewPage(), params, 'Admin');
      await shot.getByTestId(reviewIds.report.root).waitFor();
      await shot.getByTestId(reviewIds.report.target('SLA-MAIL-001', 'availability')).waitFor();
      await shot.getByText(title).first().waitFor();
      await shot.screenshot({ path: screenshotPath(`review-report-${variant}`), fullPage: true });
      await shot.close();
    }
    mkdirSync(resolve(ROOT, 'docs', 'screenshots'), { recursive: true });
    for (const name of ['review-report-dark', 'review-report-light', 'review-report-zh-Hans', 'review-dashboard', 'plan-verified-dark']) {
      copyFileSync(screenshotPath(name), resolve(ROOT, 'docs', 'screenshots', `${name}.png`));
    }
  });
});
