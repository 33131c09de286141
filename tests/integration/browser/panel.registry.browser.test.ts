/**
 * The SLA status panel mapped to an agreement of the registry: a real engine started with the
 * dev environment's seed (provisioning/seed), reached through the thin host's stand-in of
 * Grafana's plugin proxy. The panel must show the registry agreement's title and evaluate its
 * target (objective, service hours, time zone from the engine) exactly as the shared evaluator
 * does on the same frames.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { evaluateAgreement, parseAgreement, seriesFromFrames, type FrameLike } from '../../../src/domain';
import { openHostPage } from '../../support/hostPage';
import { launchChromium, screenshotPath } from '../../support/browser';
import { RunningEngine, startEngine } from '../../support/engine';
import { TestHost, startHost } from '../../host/server';
import { AT, slaFrames } from '../../host/panelFixtures';

const ROOT = resolve(__dirname, '..', '..', '..');
const SEED_SLA = resolve(ROOT, 'provisioning', 'seed', 'agreements', 'SLA-2026-001.yaml');

let engine: RunningEngine;
let host: TestHost;
let browser: Browser;

before(async () => {
  engine = await startEngine({ SLM_SEED_DIR: resolve(ROOT, 'provisioning', 'seed') });
  host = await startHost({ settings: { jsonData: { engineUrl: engine.url }, secureJsonData: { engineSecret: engine.secret } } });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await host?.close();
  await engine?.stop();
});

async function open(agreement: string): Promise<Page> {
  return openHostPage(browser, host, '/panel-host', {
    params: { theme: 'dark', width: '640', height: '400', agreement },
    viewport: { width: 700, height: 500 },
    fixedTime: AT,
  });
}

const testId = (id: string) => `[data-testid="data-testid slm-slastatus-${id}"]`;

describe('SLA status panel with a registry agreement from a real engine', () => {
  test('shows the seeded SLA and its target evaluated with the registry objective, service hours and time zone', async () => {
    const parsed = parseAgreement(readFileSync(SEED_SLA, 'utf8'));
    assert.ok(parsed.ok);
    const frames = slaFrames().map((f) => ({ ...f, refId: f.refId === 'A' ? 'availability/good' : 'availability/total' }));
    const expected = evaluateAgreement(parsed.agreement, seriesFromFrames(frames as unknown as FrameLike[]), { at: AT }).targets.find(
      (t) => t.id === 'availability'
    )!;

    const page = await open('SLA-2026-001');
    await page.locator('[data-state]').first().waitFor({ timeout: 30_000 });
    await page.getByText(parsed.agreement.metadata.title).waitFor();
    assert.equal(await page.locator(testId('compliance')).innerText(), `${expected.compliance!.toFixed(3)}%`);
    assert.equal(await page.locator('[data-state]').first().getAttribute('data-state'), expected.state);
    await page.screenshot({ path: screenshotPath('panel-registry'), fullPage: true });
    await page.close();
  });

  test('an agreement the registry does not have gets its own message', async () => {
    const page = await open('SLA-1999-404');
    const message = page.locator(testId('message'));
    await message.waitFor({ timeout: 30_000 });
    assert.equal(await message.getAttribute('data-kind'), 'not_found');
    assert.match(await message.innerText(), /SLA-1999-404/);
    await page.close();
  });
});
