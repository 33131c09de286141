/**
 * The agreements pages in real Chromium, mounted by the thin test host (Grafana cannot run here)
 * against a real engine seeded with provisioning/seed. The host gives its user the RBAC actions
 * Grafana would (src/plugin.json roles for the user's basic role) and checks them on every proxy
 * route, so what the page allows is also what the proxy allows.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import pluginJson from '../../../src/plugin.json';
import enUS from '../../../src/locales/en-US/slm-servicelevel-app.json';
import zhHans from '../../../src/locales/zh-Hans/slm-servicelevel-app.json';
import { openHostPage } from '../../support/hostPage';
import { launchChromium, screenshotPath } from '../../support/browser';
import { RunningEngine, startEngine } from '../../support/engine';
import { TestHost, startHost } from '../../host/server';
import type { OrgRole } from '../../../src/test/grafanaPluginProxy';

const ROOT = resolve(__dirname, '..', '..', '..');
const LIST = `/a/${pluginJson.id}/agreements`;
const en = enUS.pages.agreements;
const zh = zhHans.pages.agreements;

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

/** Opens a page of the host as a user with that basic role (what Grafana's session would be). */
async function open(path: string, params: Record<string, string> = {}, role: OrgRole = 'Admin'): Promise<Page> {
  return openHostPage(browser, host, path, { params, role });
}

/** The engine's API directly, as another user of another Grafana would change it. */
async function engineApi(method: string, path: string, body?: unknown, ifMatch?: number) {
  const res = await fetch(`${engine.url}/api/v1${path}`, {
    method,
    headers: {
      'X-SLM-Secret': engine.secret,
      'X-SLM-Permission': 'own',
      'X-Grafana-User': 'someone-else',
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...(ifMatch !== undefined ? { 'If-Match': String(ifMatch) } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await res.json();
  assert.ok(res.ok, `${method} ${path}: ${res.status} ${JSON.stringify(data)}`);
  return data;
}

const stateOf = async (page: Page) => page.getByTestId('slm-agreement-header').getByTestId('slm-agreement-state').getAttribute('data-state');

async function waitForState(page: Page, state: string) {
  await page.getByTestId('slm-agreement-header').locator(`[data-testid="slm-agreement-state"][data-state="${state}"]`).waitFor();
}

function table(page: Page) {
  return page.getByTestId('slm-agreements-table');
}

describe('agreements list', () => {
  test('shows the seeded agreements and filters them by type, with the filter in the URL', async () => {
    const page = await open(LIST);
    await table(page).getByRole('link', { name: 'SLA-2026-001', exact: true }).waitFor();
    const ids = await table(page).locator('tbody tr td:first-child').allInnerTexts();
    assert.deepEqual(
      ids.map((s) => s.trim()),
      ['OLA-2026-001', 'OLA-2026-002', 'SLA-2026-001', 'SLA-2026-002', 'SLA-2026-003', 'SLA-2026-004', 'UC-2026-001', 'UC-2026-002']
    );
    await page.getByTestId('slm-agreements-range').getByText('1–8 of 8 agreements').waitFor();
    await page.screenshot({ path: screenshotPath('agreements-list-dark'), fullPage: true });

    await page.getByRole('radio', { name: 'UC', exact: true }).click();
    await table(page).getByRole('link', { name: 'SLA-2026-001' }).waitFor({ state: 'detached' });
    const ucs = await table(page).locator('tbody tr td:first-child').allInnerTexts();
    assert.deepEqual(ucs.map((s) => s.trim()), ['UC-2026-001', 'UC-2026-002']);
    assert.equal(new URL(page.url()).searchParams.get('type'), 'UC');
    await page.close();

    // the same link gives the same view
    const shared = await open(`${LIST}?type=OLA&state=active`);
    await table(shared).getByRole('link', { name: 'OLA-2026-001' }).waitFor();
    assert.equal(await table(shared).locator('tbody tr').count(), 2);
    await shared.close();
  });

  test('screenshots of the list in light and in zh-Hans', async () => {
    for (const [name, params, title] of [
      ['agreements-list-light', { theme: 'light' }, en.title],
      ['agreements-list-zh-Hans', { theme: 'dark', lang: 'zh-Hans' }, zh.title],
    ] as const) {
      const page = await open(LIST, params);
      await page.getByRole('heading', { name: title, exact: true }).waitFor();
      await table(page).getByRole('link', { name: 'SLA-2026-001' }).waitFor();
      if (name.endsWith('zh-Hans')) {
        await table(page).getByText(zh.state.active).first().waitFor();
      }
      await page.screenshot({ path: screenshotPath(name), fullPage: true });
      await page.close();
    }
  });
});

describe('agreement page', () => {
  test('SLA-2026-001: its targets, and its underpinning tree with the consistency warning on UC-2026-001', async () => {
    const page = await open(`${LIST}/SLA-2026-001`);
    await page.getByRole('heading', { name: 'SLA-2026-001', exact: true }).waitFor();
    const targets = page.getByTestId('slm-agreement-targets');
    await targets.getByText('availability', { exact: true }).waitFor();
    await targets.getByText('latency-p95', { exact: true }).waitFor();
    await targets.getByText('99.9 %', { exact: true }).waitFor();

    const tree = page.getByTestId('slm-underpinning-tree');
    const ola = tree.getByTestId('slm-underpinning-OLA-2026-001');
    const uc = tree.getByTestId('slm-underpinning-UC-2026-001');
    await ola.locator('[data-state="active"]').waitFor();
    await uc.locator('[data-state="active"]').waitFor();
    await uc.getByTestId('slm-consistency-warning').waitFor();
    assert.match(await uc.getByTestId('slm-consistency-warning').innerText(), /UC-2026-001/);
    assert.equal(await ola.getByTestId('slm-consistency-warning').count(), 0);
    assert.equal(await uc.getByRole('link', { name: 'UC-2026-001' }).getAttribute('href'), `${LIST}/UC-2026-001`);
    await page.screenshot({ path: screenshotPath('agreements-detail-dark'), fullPage: true });
    await page.close();

    for (const [name, params] of [
      ['agreements-detail-light', { theme: 'light' }],
      ['agreements-detail-zh-Hans', { theme: 'dark', lang: 'zh-Hans' }],
    ] as const) {
      const shot = await open(`${LIST}/SLA-2026-001`, params);
      await shot.getByTestId('slm-underpinning-UC-2026-001').getByTestId('slm-consistency-warning').waitFor();
      if (name.endsWith('zh-Hans')) {
        await shot.getByText(zh.detail.targets, { exact: true }).waitFor();
      }
      await shot.screenshot({ path: screenshotPath(name), fullPage: true });
      await shot.close();
    }
    mkdirSync(resolve(ROOT, 'docs', 'screenshots'), { recursive: true });
    for (const name of ['agreements-list-dark', 'agreements-detail-dark', 'agreements-detail-zh-Hans']) {
      copyFileSync(screenshotPath(name), resolve(ROOT, 'docs', 'screenshots', `${name}.png`));
    }
  });

  test('negotiation to activation: comment, send for signature, both parties sign, the owner activates', async () => {
    // a service level manager (Editor) negotiates and collects signatures
    let page = await open(`${LIST}/SLA-2026-003?tab=negotiation`, {}, 'Editor');
    await page.getByTestId('slm-agreement-header').getByText(en.state.negotiating).waitFor();
    const box = page.getByRole('textbox', { name: new RegExp(`^${en.detail.comments.label}`) });
    await box.fill('Finance accepts 99.5 % outside the payroll week.');
    await box.press('Control+Enter');
    await page.getByTestId('slm-comments').getByText('Finance accepts 99.5 % outside the payroll week.').waitFor();
    assert.equal(await box.inputValue(), '');
    const comments = await engineApi('GET', '/agreements/SLA-2026-003/comments');
    assert.equal(comments.items.at(-1).user, 'editor', 'the comment is recorded as the Grafana user');

    await page.getByTestId('slm-agreement-tab-actions').click();
    await page.getByRole('button', { name: en.move['pending-signature'] }).click();
    await waitForState(page, 'pending_signature');

    await page.getByTestId('slm-agreement-tab-signatures').click();
    for (const party of ['it-operations', 'finance']) {
      await page.getByRole('combobox', { name: en.detail.signatures['sign-for'] }).click();
      await page.getByRole('option', { name: party, exact: true }).click();
      await page.getByRole('button', { name: en.detail.signatures.sign }).click();
      await page.locator(`[data-testid="slm-signer-${party}"][data-signed="true"]`).waitFor();
    }
    await page.getByText(en.detail.signatures.complete).waitFor();

    // the manager may not activate: the button says which permission is missing
    await page.getByTestId('slm-agreement-tab-actions').click();
    const activate = page.getByRole('button', { name: en.move.active, exact: true });
    assert.equal(await activate.isDisabled(), true);
    assert.equal(
      await page.locator('[data-testid="slm-blocked"]', { has: activate }).getAttribute('data-reason'),
      'You need the permission slm-servicelevel-app.agreements:approve'
    );
    await page.close();

    // the SLM owner (Admin) activates
    page = await open(`${LIST}/SLA-2026-003?tab=actions`, {}, 'Admin');
    await page.getByRole('button', { name: en.move.active, exact: true }).click();
    await waitForState(page, 'active');
    assert.equal((await engineApi('GET', '/agreements/SLA-2026-003')).state, 'active');

    await page.getByTestId('slm-agreement-tab-versions').click();
    await page.getByTestId('slm-versions').getByText(en['version-status']['in-force']).waitFor();
    await page.close();
  });

  test('a change made elsewhere between loading and acting shows the conflict and re-applies on the current version', async () => {
    const page = await open(`${LIST}/SLA-2026-004?tab=actions`);
    await waitForState(page, 'draft');
    const before = await engineApi('GET', '/agreements/SLA-2026-004');
    // someone else moves it to negotiation and back: same state, newer version
    const moved = await engineApi('POST', '/agreements/SLA-2026-004/transitions', { to: 'negotiating' }, before.version);
    const back = await engineApi('POST', '/agreements/SLA-2026-004/transitions', { to: 'draft' }, moved.version);

    await page.getByRole('button', { name: en.move.negotiating }).click();
    const conflict = page.getByTestId('slm-version-conflict');
    await conflict.getByText(en.detail.conflict.title).waitFor();
    const text = await conflict.innerText();
    assert.match(text, new RegExp(`version ${before.version}, and the agreement is now at version ${back.version}`));
    assert.match(text, /someone-else/);
    assert.equal((await engineApi('GET', '/agreements/SLA-2026-004')).state, 'draft', 'nothing was done');
    await page.screenshot({ path: screenshotPath('agreements-conflict-dark'), fullPage: true });

    await conflict.getByRole('button', { name: `Apply “${en.move.negotiating}” to version ${back.version}` }).click();
    await waitForState(page, 'negotiating');
    assert.equal((await engineApi('GET', '/agreements/SLA-2026-004')).state, 'negotiating');
    await page.close();
  });

  test('a Viewer sees no enabled write action', async () => {
    const page = await open(`${LIST}/UC-2026-002?tab=actions`, {}, 'Viewer');
    await waitForState(page, 'pending_signature');
    const buttons = page.getByTestId('slm-agreement-actions').getByRole('button');
    assert.ok((await buttons.count()) >= 2, 'the moves are shown');
    for (const button of await buttons.all()) {
      assert.equal(await button.isDisabled(), true, `${await button.innerText()} is disabled`);
    }
    await page.getByText('You need the permission slm-servicelevel-app.agreements:write').first().waitFor({ state: 'attached' });

    await page.getByTestId('slm-agreement-tab-signatures').click();
    assert.equal(await page.getByRole('button', { name: en.detail.signatures.sign }).isDisabled(), true);
    await page.getByTestId('slm-agreement-tab-negotiation').click();
    assert.equal(await page.getByRole('button', { name: en.detail.comments.send, exact: true }).isDisabled(), true);
    await page.close();
  });
});
