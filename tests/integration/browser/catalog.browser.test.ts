/**
 * The service catalog in real Chromium, mounted by the thin test host (Grafana cannot run here)
 * against a real engine seeded with provisioning/seed. A service is created through the form
 * (with owner, dependencies, service hours and a dashboard), its page must show what the engine
 * stored — read back from the engine's API — and the dependency graph must place it on both
 * sides: as the centre of its own page and as a dependent on the page of a service it needs.
 * From its page the next step, drafting an SLA, opens the agreement editor.
 * Screenshots: test-output/screenshots/catalog-service-{dark,light,zh-Hans}.png and
 * catalog-form-dark.png.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import pluginJson from '../../../src/plugin.json';
import zhHans from '../../../src/locales/zh-Hans/slm-servicelevel-app.json';
import type { OrgRole } from '../../../src/test/grafanaPluginProxy';
import { openHostPage } from '../../support/hostPage';
import { launchChromium, screenshotPath } from '../../support/browser';
import { RunningEngine, startEngine } from '../../support/engine';
import { TestHost, startHost } from '../../host/server';

const ROOT = resolve(__dirname, '..', '..', '..');
const APP = `/a/${pluginJson.id}`;
const CATALOG = `${APP}/catalog`;

let engine: RunningEngine;
let host: TestHost;
let browser: Browser;

before(async () => {
  engine = await startEngine({ SLM_SEED_DIR: resolve(ROOT, 'provisioning', 'seed') });
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

/** Opens a page of the host as a user with that basic role (what Grafana's session would be). */
async function open(path: string, params: Record<string, string> = {}, role: OrgRole = 'Admin'): Promise<Page> {
  return openHostPage(browser, host, path, { params, role, viewport: { width: 1280, height: 1000 } });
}

async function engineGet(path: string) {
  const res = await fetch(`${engine.url}/api/v1${path}`, {
    headers: {
      'X-SLM-Secret': engine.secret,
      'X-SLM-Permission': 'read',
      'X-Grafana-User': 'admin',
      'X-Grafana-Org-Id': '1',
    },
  });
  return { status: res.status, body: await res.json() };
}

/** Keys of the graph's nodes of one kind (dependent, center, dependency), top to bottom. */
async function graphNodes(page: Page, kind: string): Promise<string[]> {
  return page
    .getByTestId('slm-dependency-graph')
    .locator(`g[data-kind="${kind}"]`)
    .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-node') ?? ''));
}

describe('service catalog', () => {
  test('create a service through the form, then its page shows what the engine stored', async () => {
    const page = await open(CATALOG);
    await page.getByTestId('slm-catalog-table').getByRole('link', { name: 'mail', exact: true }).waitFor();
    await page.getByRole('button', { name: 'New service' }).click();
    await page.waitForURL(`**${CATALOG}/new`);

    await page.locator('#slm-service-key').fill('helpdesk');
    await page.locator('#slm-service-name').fill('服务台 (Service desk)');
    await page.locator('#slm-service-description').fill('Tickets, phone and chat support for employees.');
    await page.locator('#slm-service-category').fill('support');
    await page.locator('#slm-service-owner').fill('IT');
    await page.getByRole('option', { name: /it-operations/ }).click();
    await page.getByRole('radio', { name: 'Live' }).click();
    await page.getByRole('button', { name: 'Add a feature' }).click();
    await page.getByRole('textbox', { name: 'Features, item 1' }).fill('ticket tracking');
    await page.getByRole('button', { name: 'Add a feature' }).click();
    await page.getByRole('textbox', { name: 'Features, item 2' }).fill('phone support');
    await page.getByRole('button', { name: 'Add a usage scenario' }).click();
    await page.getByRole('textbox', { name: 'Usage scenarios, item 1' }).fill('An employee cannot log in to mail');
    await page.getByRole('button', { name: 'Add service hours' }).click();
    const hours = page.getByRole('group', { name: 'Service hours, row 1' });
    await hours.getByText('Sat', { exact: true }).click();
    await hours.getByLabel('From').fill('07:30');
    for (const name of ['邮件服务', 'DNS']) {
      await page.locator('#slm-service-dependencies').fill(name);
      await page.getByRole('option', { name: new RegExp(name) }).click();
    }
    await page.getByRole('button', { name: 'Link a dashboard' }).click();
    await page.locator('#slm-dashboard-0-uid').fill('helpdesk-overview');
    await page.locator('#slm-dashboard-0-title').fill('Service desk overview');
    await page.screenshot({ path: screenshotPath('catalog-form-dark'), fullPage: true });
    await page.getByRole('button', { name: 'Create service' }).click();

    await page.waitForURL(`**${CATALOG}/helpdesk`);
    await page.getByRole('heading', { name: '服务台 (Service desk)' }).waitFor();
    const stored = await engineGet('/services/helpdesk');
    assert.equal(stored.status, 200);
    assert.deepEqual(
      {
        ownerTeam: stored.body.ownerTeam,
        lifecycle: stored.body.lifecycle,
        features: stored.body.features,
        usageScenarios: stored.body.usageScenarios,
        serviceHours: stored.body.serviceHours,
        dependencies: stored.body.dependencies,
        dashboards: stored.body.dashboards,
        createdBy: stored.body.createdBy,
      },
      {
        ownerTeam: 'it-operations',
        lifecycle: 'live',
        features: ['ticket tracking', 'phone support'],
        usageScenarios: ['An employee cannot log in to mail'],
        serviceHours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], from: '07:30', to: '18:00' }],
        dependencies: ['mail', 'dns'],
        dashboards: [{ uid: 'helpdesk-overview', title: 'Service desk overview' }],
        createdBy: 'admin',
      }
    );

    // the page shows it back: weekly hours, graph, dashboard link, and no agreement yet
    const hoursTable = page.getByTestId('slm-service-hours');
    assert.equal((await hoursTable.locator('tr[data-day="sat"] td').innerText()).trim(), '07:30–18:00');
    assert.equal((await hoursTable.locator('tr[data-day="sun"] td').innerText()).trim(), 'Outside service hours');
    assert.deepEqual(await graphNodes(page, 'center'), ['helpdesk']);
    assert.deepEqual(await graphNodes(page, 'dependency'), ['mail', 'dns']);
    assert.deepEqual(await graphNodes(page, 'dependent'), []);
    assert.equal(
      await page.getByRole('link', { name: 'Service desk overview' }).getAttribute('href'),
      '/d/helpdesk-overview?var-service=helpdesk'
    );
    await page.getByText('No agreement covers this service yet').waitFor();

    // graph links are keyboard links to the other services' pages
    const mailLink = page.getByTestId('slm-dependency-graph').getByRole('link', { name: /\(mail\)/ });
    await mailLink.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`**${CATALOG}/mail`);
    await page.getByTestId('slm-dependency-graph').waitFor();
    assert.deepEqual(await graphNodes(page, 'dependent'), ['helpdesk']);
    assert.deepEqual(await graphNodes(page, 'dependency'), ['dns']);
    // the seeded agreements of mail are listed with their live state or why it is not there
    const agreements = page.getByTestId('slm-service-agreements');
    await agreements.waitFor();
    const ids = await agreements
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-agreement')));
    assert.deepEqual([...ids].sort(), ['OLA-2026-001', 'SLA-2026-001', 'UC-2026-001']);
    await page.close();
  });

  test('the next step from a new service: drafting an SLA for it', async () => {
    const page = await open(`${CATALOG}/helpdesk`);
    await page.getByTestId('slm-service-header').getByRole('link', { name: 'Draft an SLA for this service' }).click();
    await page.waitForURL(`**${APP}/agreements/new?service=helpdesk`);
    await page.getByRole('heading', { name: 'New agreement' }).waitFor();
    await page.getByRole('button', { name: 'Create draft' }).waitFor();
    await page.close();
  });

  test('engine validation is shown next to the field; nothing is created', async () => {
    const page = await open(`${CATALOG}/new`);
    await page.locator('#slm-service-key').fill('Bad Key');
    await page.locator('#slm-service-name').fill('Bad');
    await page.getByRole('button', { name: 'Create service' }).click();
    // the engine's message is the key input's accessible description (Grafana's Field links them)
    const handle = await page.waitForFunction(() => {
      const id = document.querySelector('#slm-service-key')?.getAttribute('aria-describedby');
      return id ? document.getElementById(id)?.textContent : undefined;
    });
    assert.match(String(await handle.jsonValue()), /^must be 1-63 characters: lowercase letters/);
    assert.equal(new URL(page.url()).pathname, `${CATALOG}/new`);
    assert.equal((await engineGet('/services?q=Bad')).body.total, 0);
    await page.close();
  });

  test('a Viewer reads the catalog but cannot add or edit a service', async () => {
    const page = await open(`${CATALOG}/mail`, {}, 'Viewer');
    await page.getByTestId('slm-service-header').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Edit' }).isDisabled(), true);
    await page.close();
    const list = await open(CATALOG, {}, 'Viewer');
    await list.getByTestId('slm-catalog-table').waitFor();
    assert.equal(await list.getByRole('button', { name: 'New service' }).isDisabled(), true);
    await list.close();
  });

  test('screenshots of a service page in dark, light and zh-Hans', async () => {
    const zh = zhHans.pages.catalog as Record<string, unknown>;
    for (const [name, params] of [
      ['catalog-service-dark', { theme: 'dark' }],
      ['catalog-service-light', { theme: 'light' }],
      ['catalog-service-zh-Hans', { theme: 'dark', lang: 'zh-Hans' }],
    ] as const) {
      const page = await open(`${CATALOG}/mail`, params);
      await page.getByTestId('slm-dependency-graph').waitFor();
      await page.getByTestId('slm-service-agreements').waitFor();
      if (name.endsWith('zh-Hans')) {
        // the weekday names come from the zh-Hans locale once it has the catalog's keys
        const day = (zh.day as Record<string, string> | undefined)?.mon ?? 'Monday';
        await page.getByTestId('slm-service-hours').getByText(day, { exact: true }).waitFor();
      }
      await page.screenshot({ path: screenshotPath(name), fullPage: true });
      await page.close();
      if (name !== 'catalog-service-light') {
        mkdirSync(resolve(ROOT, 'docs', 'screenshots'), { recursive: true });
        copyFileSync(screenshotPath(name), resolve(ROOT, 'docs', 'screenshots', `${name}.png`));
      }
    }
  });
});
