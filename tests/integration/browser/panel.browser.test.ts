/**
 * The SLA status panel in real Chromium, mounted by the thin host's /panel-host page (Grafana
 * cannot run here) with real @grafana/data frames and the page clock fixed at the fixture's
 * evaluation time. The visible numbers are checked against the shared evaluator run in Node on
 * the same frames. Screenshots: test-output/screenshots/panel-{dark,light,zh-Hans,small}.png and
 * docs/screenshots/panel-dashboard.png (README).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { evaluateAgreement, seriesFromFrames, type Agreement, type FrameLike } from '../../../src/domain';
import { activeMappings, buildAdhocAgreement } from '../../../src/panels/slastatus/mapping';
import zhHans from '../../../src/panels/slastatus/locales/zh-Hans/slm-slastatus-panel.json';
import { openHostPage } from '../../support/hostPage';
import { launchChromium, screenshotPath } from '../../support/browser';
import { TestHost, startHost } from '../../host/server';
import { AT, DIP, OUTAGE, PANEL_OPTIONS, slaFrames } from '../../host/panelFixtures';

let host: TestHost;
let browser: Browser;

before(async () => {
  // The panel in ad-hoc mode never calls the engine; the app settings only have to exist.
  host = await startHost({ settings: { jsonData: { engineUrl: 'http://127.0.0.1:9' }, secureJsonData: { engineSecret: 'unused' } } });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await host?.close();
});

function expected() {
  const agreement = buildAdhocAgreement(PANEL_OPTIONS, activeMappings(PANEL_OPTIONS), { timeZone: 'UTC' }) as Agreement;
  const frames = slaFrames().map((f) => ({ ...f, refId: f.refId === 'A' ? 'availability/good' : 'availability/total' }));
  return evaluateAgreement(agreement, seriesFromFrames(frames as unknown as FrameLike[]), { at: AT }).targets[0];
}

async function open(params: Record<string, string>, viewport = { width: 700, height: 500 }): Promise<Page> {
  const page = await openHostPage(browser, host, '/panel-host', { params, viewport, fixedTime: AT });
  await page.locator('[data-state]').first().waitFor({ timeout: 30_000 });
  return page;
}

const testId = (id: string) => `[data-testid="data-testid slm-slastatus-${id}"]`;

describe('SLA status panel in Chromium', () => {
  const e = expected();

  test('the fixture has the breaches it was built with (sanity of the expectation)', () => {
    assert.equal(e.state, 'at_risk');
    assert.deepEqual(
      e.badIntervals.map((i) => [i.from, i.to]),
      [
        [OUTAGE.from, OUTAGE.to],
        [DIP.from, DIP.to],
      ]
    );
  });

  for (const [name, params] of [
    ['panel-dark', { theme: 'dark' }],
    ['panel-light', { theme: 'light' }],
  ] as const) {
    test(`${name}: state, compliance and budget as the evaluator computes them, breaches marked`, async () => {
      const page = await open({ ...params, width: '640', height: '400' });
      assert.equal(await page.locator(testId('state')).getAttribute('data-state'), 'at_risk');
      assert.equal(await page.locator(testId('state')).innerText(), 'At risk');
      assert.equal(await page.locator(testId('compliance')).innerText(), `${e.compliance!.toFixed(3)}%`);
      assert.equal(await page.locator(testId('budget')).innerText(), `${e.errorBudgetRemaining!.toFixed(1)}%`);
      const regions = await page.locator(testId('region')).evaluateAll((els) => els.map((el) => [Number(el.getAttribute('data-from')), Number(el.getAttribute('data-to'))]));
      assert.deepEqual(regions, [
        [OUTAGE.from, OUTAGE.to],
        [DIP.from, DIP.to],
      ]);
      // Regions are drawn, not just present: the outage rect is visibly wide and red-tinted.
      const box = await page.locator(testId('region')).first().boundingBox();
      assert.ok(box && box.width >= 1 && box.height > 100, `outage region drawn: ${JSON.stringify(box)}`);
      await page.screenshot({ path: screenshotPath(name) });
      await page.close();
    });
  }

  test('panel-zh-Hans: Chinese labels, same numbers', async () => {
    const page = await open({ theme: 'dark', lang: 'zh-Hans', width: '640', height: '400' });
    assert.equal(await page.locator(testId('state')).innerText(), zhHans.state.at_risk);
    await page.getByText(zhHans.stat.budget).waitFor();
    await page.getByText(zhHans.stat.compliance).waitFor();
    assert.equal(await page.locator(testId('compliance')).innerText(), `${e.compliance!.toFixed(3)}%`);
    await page.screenshot({ path: screenshotPath('panel-zh-Hans') });
    await page.close();
  });

  test('panel-small: a 260×150 panel keeps state and numbers, drops the chart', async () => {
    const page = await open({ theme: 'dark', width: '260', height: '150' }, { width: 320, height: 240 });
    assert.equal(await page.locator(testId('state')).getAttribute('data-state'), 'at_risk');
    assert.equal(await page.locator(testId('compliance')).innerText(), `${e.compliance!.toFixed(3)}%`);
    assert.equal(await page.locator(testId('chart')).count(), 0);
    // Nothing spills out of the panel.
    const panel = await page.locator('[data-testid="host-panel"]').boundingBox();
    const state = await page.locator(testId('state')).boundingBox();
    assert.ok(panel && state && state.x + state.width <= panel.x + panel.width + 1, 'state badge inside the panel');
    await page.screenshot({ path: screenshotPath('panel-small') });
    await page.close();
  });

  test('dashboard: the panel next to two regular Grafana time series panels, breach marked (README screenshot)', async () => {
    const page = await open({ theme: 'dark', view: 'dashboard' }, { width: 1250, height: 720 });
    assert.equal(await page.locator('[data-testid="host-panel"]').count(), 3);
    // uPlot draws the two time series panels on canvases.
    await page.locator('canvas').nth(1).waitFor();
    assert.equal(await page.locator(testId('region')).count(), 2);
    await page.screenshot({ path: resolve(__dirname, '..', '..', '..', 'docs', 'screenshots', 'panel-dashboard.png') });
    await page.screenshot({ path: screenshotPath('panel-dashboard') });
    await page.close();
  });
});
