/**
 * Issue 5's main flow as one story through the UI, in real Chromium (thin test host) against a
 * real engine seeded with provisioning/seed: a service level manager (Editor) creates a service,
 * drafts from its page an OLA and an SLA with two targets underpinned by that OLA, comments on the
 * SLA, sends it for signature and signs it for both parties; the SLM owner (Admin) activates it.
 * Every step is checked against what the engine stored, not only against what the page shows.
 * Screenshots: test-output/screenshots/lifecycle-sla-{dark,light,zh-Hans}.png.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import pluginJson from '../../../src/plugin.json';
import enUS from '../../../src/locales/en-US/slm-servicelevel-app.json';
import zhHans from '../../../src/locales/zh-Hans/slm-servicelevel-app.json';
import type { OrgRole } from '../../../src/test/grafanaPluginProxy';
import { openHostPage } from '../../support/hostPage';
import { launchChromium, screenshotPath } from '../../support/browser';
import { RunningEngine, startEngine } from '../../support/engine';
import { TestHost, startHost } from '../../host/server';

const ROOT = resolve(__dirname, '..', '..', '..');
const APP = `/a/${pluginJson.id}`;
const CATALOG = `${APP}/catalog`;
const AGREEMENTS = `${APP}/agreements`;
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

async function open(path: string, role: OrgRole, params: Record<string, string> = {}): Promise<Page> {
  return openHostPage(browser, host, path, { params, role, viewport: { width: 1280, height: 1000 } });
}

async function engineGet(path: string) {
  const res = await fetch(`${engine.url}/api/v1${path}`, {
    headers: { 'X-SLM-Secret': engine.secret, 'X-SLM-Permission': 'read', 'X-Grafana-User': 'test', 'X-Grafana-Org-Id': '1' },
  });
  return { status: res.status, body: await res.json() };
}

async function waitForState(page: Page, state: string) {
  await page.getByTestId('slm-agreement-header').locator(`[data-testid="slm-agreement-state"][data-state="${state}"]`).waitFor();
}

/** Rewrites one piece of the editor's text; fails if the piece is not there (the template changed). */
function edit(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `the editor's text has ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

const LATENCY_TARGET = `    - id: first-response
      name: First response within 15 min
      objective: 95
      slice: 5m
      budgeting: timeslices
      sli:
        threshold:
          query: { datasource: prometheus, expr: 'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{job="helpdesk"}[5m])))' }
          op: lte
          value: 900
`;

/** On the New agreement page reached from the service: the template, already for helpdesk, made into `yaml`. */
async function createFromTemplate(page: Page, make: (template: string) => string): Promise<void> {
  const editor = page.getByRole('textbox', { name: en.editor.label });
  await editor.waitFor();
  const template = await editor.inputValue();
  assert.match(template, /^  service: helpdesk$/m, 'the draft is for the service it was started from');
  await editor.fill(make(template));
  await page.getByRole('button', { name: en.new.create }).click();
}

async function draftFromService(page: Page): Promise<void> {
  await page.goto(`${host.url}${CATALOG}/helpdesk`);
  await page.getByTestId('slm-service-header').getByRole('link', { name: 'Draft an SLA for this service' }).click();
  await page.waitForURL(`**${AGREEMENTS}/new?service=helpdesk`);
}

describe('issue 5: from a new service to an active SLA', () => {
  test('create a service → draft an SLA with two targets and an OLA → comment → both parties sign → active', async () => {
    // (1) the service level manager creates the service
    let page = await open(`${CATALOG}/new`, 'Editor');
    await page.locator('#slm-service-key').fill('helpdesk');
    await page.locator('#slm-service-name').fill('服务台 (Service desk)');
    await page.locator('#slm-service-owner').fill('IT');
    await page.getByRole('option', { name: /it-operations/ }).click();
    await page.getByRole('radio', { name: 'Live' }).click();
    await page.getByRole('button', { name: 'Create service' }).click();
    await page.waitForURL(`**${CATALOG}/helpdesk`);
    const service = await engineGet('/services/helpdesk');
    assert.equal(service.status, 200);
    assert.deepEqual(
      { ownerTeam: service.body.ownerTeam, lifecycle: service.body.lifecycle, createdBy: service.body.createdBy },
      { ownerTeam: 'it-operations', lifecycle: 'live', createdBy: 'editor' }
    );

    // (2a) from the service page: the OLA the network team gives IT operations for it
    await draftFromService(page);
    await createFromTemplate(page, (t) =>
      [
        ['id: SLA-NEW-001', 'id: OLA-HD-001'],
        ['title: New service level agreement', 'title: 网络组 OLA — Network for the service desk'],
        ['type: SLA', 'type: OLA'],
        ['provider: it-operations', 'provider: network-team'],
        ['counterparty: my-customer', 'counterparty: it-operations'],
        ['objective: 99.9', 'objective: 99.95'],
      ].reduce((text, [from, to]) => edit(text, from, to), t)
    );
    await page.waitForURL(`**${AGREEMENTS}/OLA-HD-001?tab=yaml`);
    const ola = await engineGet('/agreements/OLA-HD-001');
    assert.deepEqual(
      { type: ola.body.type, service: ola.body.service, state: ola.body.state },
      { type: 'OLA', service: 'helpdesk', state: 'draft' }
    );

    // (2b) and the SLA for Finance: two targets, underpinned by the OLA
    await draftFromService(page);
    await createFromTemplate(page, (t) =>
      edit(
        edit(edit(edit(t, 'id: SLA-NEW-001', 'id: SLA-HD-001'), 'title: New service level agreement', 'title: 服务台 SLA — Service desk for Finance'), 'counterparty: my-customer', 'counterparty: finance'),
        '  targets:\n',
        '  underpinnedBy: [OLA-HD-001]\n  targets:\n'
      ) + LATENCY_TARGET
    );
    await page.waitForURL(`**${AGREEMENTS}/SLA-HD-001?tab=yaml`);
    const drafted = (await engineGet('/agreements/SLA-HD-001')).body;
    assert.deepEqual(
      {
        state: drafted.state,
        service: drafted.service,
        underpinnedBy: drafted.underpinnedBy,
        targets: drafted.document.spec.targets.map((x: { id: string; objective: number }) => [x.id, x.objective]),
      },
      {
        state: 'draft',
        service: 'helpdesk',
        underpinnedBy: ['OLA-HD-001'],
        targets: [
          ['availability', 99.9],
          ['first-response', 95],
        ],
      }
    );

    // its page shows both targets and the OLA in the underpinning tree
    await page.getByTestId('slm-agreement-tab-overview').click();
    const targets = page.getByTestId('slm-agreement-targets');
    await targets.getByText('availability', { exact: true }).waitFor();
    await targets.getByText('first-response', { exact: true }).waitFor();
    const olaNode = page.getByTestId('slm-underpinning-tree').getByTestId('slm-underpinning-OLA-HD-001');
    await olaNode.locator('[data-state="draft"]').waitFor();
    assert.equal(await olaNode.getByRole('link', { name: 'OLA-HD-001' }).getAttribute('href'), `${AGREEMENTS}/OLA-HD-001`);
    // the OLA promises more than the SLA it underpins: nothing to warn about
    assert.equal(await olaNode.getByTestId('slm-consistency-warning').count(), 0);

    // (3) negotiation: the draft goes to the parties, who comment
    await page.getByTestId('slm-agreement-tab-actions').click();
    await page.getByRole('button', { name: en.move.negotiating }).click();
    await waitForState(page, 'negotiating');
    await page.getByTestId('slm-agreement-tab-negotiation').click();
    const box = page.getByRole('textbox', { name: new RegExp(`^${en.detail.comments.label}`) });
    const comment = 'Finance asks for first response within 15 minutes in service hours.';
    await box.fill(comment);
    await page.getByRole('button', { name: en.detail.comments.send, exact: true }).click();
    await page.getByTestId('slm-comments').getByText(comment).waitFor();
    const comments = (await engineGet('/agreements/SLA-HD-001/comments')).body.items;
    assert.deepEqual(
      comments.map((c: { user: string; body: string }) => [c.user, c.body]),
      [['editor', comment]]
    );

    // (4) sent for signature, signed for the provider and the customer
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
    const pending = (await engineGet('/agreements/SLA-HD-001')).body;
    assert.equal(pending.state, 'pending_signature');
    assert.deepEqual(pending.pendingVersion?.missing, [], 'no required signature is missing');
    assert.deepEqual(
      pending.pendingVersion.signatures.map((x: { party: string; user: string }) => [x.party, x.user]).sort(),
      [
        ['finance', 'editor'],
        ['it-operations', 'editor'],
      ]
    );
    await page.close();

    // (5) the SLM owner activates it
    page = await open(`${AGREEMENTS}/SLA-HD-001?tab=actions`, 'Admin');
    await page.getByRole('button', { name: en.move.active, exact: true }).click();
    await waitForState(page, 'active');
    const activated = (await engineGet('/agreements/SLA-HD-001')).body;
    assert.equal(activated.state, 'active');
    assert.deepEqual(
      activated.consistency.filter((w: { kind: string }) => w.kind === 'state').map((w: { underpinning: { agreement: string } }) => w.underpinning.agreement),
      ['OLA-HD-001'],
      'an SLA in force over a draft OLA carries a consistency warning'
    );
    await page.close();

    // the final agreement page, in dark, light and zh-Hans
    for (const [name, params, activeLabel] of [
      ['lifecycle-sla-dark', { theme: 'dark' }, en.state.active],
      ['lifecycle-sla-light', { theme: 'light' }, en.state.active],
      ['lifecycle-sla-zh-Hans', { theme: 'dark', lang: 'zh-Hans' }, zh.state.active],
    ] as const) {
      const shot = await open(`${AGREEMENTS}/SLA-HD-001`, 'Admin', params);
      await waitForState(shot, 'active');
      await shot.getByTestId('slm-agreement-header').getByText(activeLabel).waitFor();
      await shot.getByTestId('slm-agreement-targets').getByText('first-response', { exact: true }).waitFor();
      await shot.getByTestId('slm-underpinning-OLA-HD-001').locator('[data-state="draft"]').waitFor();
      await shot.getByTestId('slm-underpinning-OLA-HD-001').getByTestId('slm-consistency-warning').waitFor();
      await shot.screenshot({ path: screenshotPath(name), fullPage: true });
      await shot.close();
    }
  });
});
