/**
 * The app in real Chromium, mounted by the thin test host (tests/host: Grafana cannot run here)
 * with its proxy routes forwarded to a real engine. Screenshots go to test-output/screenshots.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import pluginJson from '../../../src/plugin.json';
import enUS from '../../../src/locales/en-US/slm-servicelevel-app.json';
import zhHans from '../../../src/locales/zh-Hans/slm-servicelevel-app.json';
import { openHostPage } from '../../support/hostPage';
import { launchChromium, screenshotPath } from '../../support/browser';
import { RunningEngine, freePort, startEngine } from '../../support/engine';
import { TestHost, startHost } from '../../host/server';

const APP = `/a/${pluginJson.id}`;
const pages = pluginJson.includes.filter((i) => i.type === 'page' && i.path?.startsWith('/a/'));
const slugOf = (path: string) => path.split('/').pop()!;

let engine: RunningEngine;
let host: TestHost;
let browser: Browser;

before(async () => {
  engine = await startEngine();
  host = await startHost({
    settings: { jsonData: { engineUrl: engine.url }, secureJsonData: { engineSecret: engine.secret } },
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await host?.close();
  await engine?.stop();
});

async function open(path: string, params: Record<string, string> = {}): Promise<Page> {
  return openHostPage(browser, host, path, { params, viewport: { width: 1280, height: 800 } });
}

describe('app pages in Chromium', () => {
  /** Per page of plugin.json: the empty state's message and its first action, for an admin on an empty engine. */
  const EMPTY: Record<string, { message: string; action: string }> = {
    overview: { message: enUS.pages.overview.empty['no-active'], action: enUS.pages.overview.empty.create },
    catalog: { message: enUS.pages.catalog.empty.message, action: enUS.pages.catalog.empty['add-first'] },
    parties: { message: enUS.pages.parties.empty, action: enUS.pages.parties['add-first'] },
    agreements: { message: enUS.pages.agreements.empty.message, action: enUS.pages.agreements.empty.action },
    contracts: { message: enUS.pages.contracts.empty.message, action: enUS.pages.contracts.empty.action },
    breaches: { message: enUS.pages.breaches.empty['no-open'], action: enUS.pages.breaches.empty.action },
    reviews: { message: enUS.pages.reviews.empty.message, action: enUS.pages.reviews.empty.action },
    plans: { message: enUS.pages.plans.empty.message, action: enUS.pages.plans.empty.action },
  };

  test('every page of plugin.json renders its title, subtitle and an empty state whose first action stays in the app', async () => {
    assert.deepEqual(pages.map((p) => slugOf(p.path!)).sort(), Object.keys(EMPTY).sort());
    for (const include of pages) {
      const slug = slugOf(include.path!);
      const page = await open(`${APP}/${slug}`);
      const strings = (enUS.pages as Record<string, { title: string; subtitle: string }>)[slug];
      await page.getByRole('heading', { name: strings.title, exact: true }).waitFor();
      await page.getByText(strings.subtitle).waitFor();
      await page.getByText(EMPTY[slug].message, { exact: true }).waitFor();
      const action = page.getByRole('link', { name: EMPTY[slug].action }).or(page.getByRole('button', { name: EMPTY[slug].action }));
      assert.equal(await action.count(), 1, `${slug}: one call to action`);
      await action.click();
      await page.waitForURL((url) => url.pathname !== `${APP}/${slug}`);
      assert.match(new URL(page.url()).pathname, new RegExp(`^${APP}/`), `${slug}: the first action leads inside the app`);
      await page.close();
    }
  });

  test('the call to action navigates inside the app', async () => {
    const page = await open(`${APP}/overview`);
    await page.getByRole('link', { name: enUS.pages.overview.empty.create }).click();
    await page.waitForURL((url) => url.pathname.startsWith(`${APP}/agreements`));
    assert.equal(new URL(page.url()).pathname, `${APP}/agreements/new`);
    await page.close();
  });

  test('screenshots: overview in dark, light and zh-Hans, and the configuration page', async () => {
    for (const [name, params] of [
      ['overview-dark', { theme: 'dark' }],
      ['overview-light', { theme: 'light' }],
      ['overview-zh-Hans', { theme: 'dark', lang: 'zh-Hans' }],
    ] as const) {
      const page = await open(`${APP}/overview`, params);
      const title = name.endsWith('zh-Hans') ? zhHans.pages.overview.title : enUS.pages.overview.title;
      await page.getByRole('heading', { name: title, exact: true }).waitFor();
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const isDark = background.match(/\d+/g)!.slice(0, 3).every((c) => Number(c) < 80);
      assert.equal(isDark, params.theme === 'dark', `${name}: body background ${background}`);
      await page.screenshot({ path: screenshotPath(name), fullPage: true });
      await page.close();
    }
    const zh = await open(`${APP}/breaches`, { lang: 'zh-Hans' });
    await zh.getByText(zhHans.pages.breaches.empty['no-open']).waitFor();
    assert.match(zhHans.pages.breaches.title, /违例/);
    await zh.close();
  });
});

describe('service catalog from the real engine', () => {
  async function createService(body: object) {
    const res = await fetch(`${engine.url}/api/v1/services`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-SLM-Secret': engine.secret,
        'X-SLM-Permission': 'manage',
        'X-Grafana-User': 'manager',
      },
      body: JSON.stringify(body),
    });
    assert.equal(res.status, 201, await res.text());
  }

  test('lists the services of the catalog and searches them on the engine', async () => {
    await createService({ key: 'mail', name: 'Mail', category: 'Collaboration', ownerTeam: 'it-operations', lifecycle: 'live' });
    await createService({ key: 'payroll', name: '薪资服务', category: 'HR', ownerTeam: 'hr-systems', lifecycle: 'planned' });
    const page = await open(`${APP}/catalog`);
    const table = page.getByTestId('slm-catalog-table');
    await table.getByText('薪资服务').waitFor();
    await table.getByText('mail', { exact: true }).waitFor();
    await page.screenshot({ path: screenshotPath('catalog-dark'), fullPage: true });

    await page.getByRole('textbox', { name: enUS.pages.catalog.search }).fill('薪资');
    await table.getByText('it-operations').waitFor({ state: 'detached' });
    await table.getByText('薪资服务').waitFor();
    assert.equal(await table.getByRole('row').count(), 2, 'the header and the one matching service');
    await page.close();
  });
});

describe('configuration page through the plugin proxy to a real engine', () => {
  async function testConnection(page: Page) {
    await page.getByRole('button', { name: enUS.config.test.label }).click();
    const result = page.getByTestId(/slm-config-result/);
    await result.waitFor();
    return (await result.innerText()).trim();
  }

  test('with the right secret the connection test names the engine, its version and the Grafana user', async () => {
    const page = await open(`/plugins/${pluginJson.id}`);
    const text = await testConnection(page);
    assert.match(text, /Connected to slm-engine v\d+\.\d+\.\d+ as admin/);
    await page.screenshot({ path: screenshotPath('config-connected'), fullPage: true });
    await page.close();
  });

  test('a wrong secret, an unreachable engine and a server that is no engine each get their own message', async () => {
    const saved = host.settings;
    try {
      host.settings.secureJsonData = { engineSecret: 'not-the-secret' };
      let page = await open(`/plugins/${pluginJson.id}`);
      assert.match(await testConnection(page), /rejected the shared secret/);
      await page.close();

      const deadPort = await freePort();
      host.settings.secureJsonData = saved.secureJsonData;
      Object.assign(host.settings, { jsonData: { engineUrl: `http://127.0.0.1:${deadPort}` }, secureJsonData: { engineSecret: engine.secret } });
      page = await open(`/plugins/${pluginJson.id}`);
      assert.match(await testConnection(page), new RegExp(`could not reach the engine at http://127.0.0.1:${deadPort}`));
      await page.close();

      // The host itself answers every path with its HTML page: a server that is not an engine.
      Object.assign(host.settings, { jsonData: { engineUrl: host.url } });
      page = await open(`/plugins/${pluginJson.id}`);
      assert.match(await testConnection(page), /not an SLM engine/);
      await page.close();
    } finally {
      Object.assign(host.settings, { jsonData: { engineUrl: engine.url }, secureJsonData: { engineSecret: engine.secret } });
    }
  });

  test('saving keeps the secret write-only: the page shows it as configured, never its value', async () => {
    const page = await open(`/plugins/${pluginJson.id}`);
    const secret = page.getByLabel(enUS.config['engine-secret'].label);
    await secret.waitFor();
    assert.equal(await secret.inputValue(), 'configured');
    assert.equal(await secret.isDisabled(), true);
    const html = await page.content();
    assert.ok(!html.includes(engine.secret), 'the secret never reaches the browser');
    await page.close();
  });
});
