/**
 * "Save the mapping back" from the panel's query-mapping editor to a real engine (dev seed),
 * through the thin host's stand-in of Grafana's plugin proxy, in Chromium:
 *  - a DRAFT agreement (created here through the engine API) takes the executed queries, as the
 *    YAML export then shows;
 *  - an ACTIVE one is left unchanged, with a message that an amendment is needed; the offered
 *    action opens the amendment and saves the queries into it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { parseAgreement, type Agreement } from '../../../src/domain';
import { openHostPage } from '../../support/hostPage';
import { launchChromium } from '../../support/browser';
import { RunningEngine, startEngine } from '../../support/engine';
import { TestHost, startHost } from '../../host/server';

const ROOT = resolve(__dirname, '..', '..', '..');
const GOOD = 'sum(increase(http_requests_total{job="mail",code!~"5..",tier="edge"}[5m]))';
const TOTAL = 'sum(increase(http_requests_total{job="mail",tier="edge"}[5m]))';

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

function engineCall(path: string, init: { method?: string; body?: unknown; permission?: string } = {}) {
  return fetch(`${engine.url}/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: {
      'X-SLM-Secret': engine.secret,
      'X-SLM-Permission': init.permission ?? 'read',
      'X-Grafana-User': 'admin',
      'X-Grafana-Org-Id': '1',
      ...(init.body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
}

async function exported(id: string): Promise<Agreement> {
  const res = await engineCall(`/agreements/${id}/export`);
  assert.equal(res.status, 200);
  const parsed = parseAgreement(await res.text());
  assert.ok(parsed.ok);
  return parsed.agreement;
}

const availability = (a: Agreement) => a.spec.targets.find((t) => t.id === 'availability')!.sli.ratio!;

async function openEditor(agreement: string): Promise<Page> {
  return openHostPage(browser, host, '/panel-host', {
    params: { view: 'editor', agreement, good: GOOD, total: TOTAL },
    viewport: { width: 520, height: 600 },
  });
}

const testId = (id: string) => `[data-testid="data-testid slm-slastatus-${id}"]`;

describe('saving a panel mapping back to a real engine', () => {
  test('a draft agreement stores the executed queries', async () => {
    // A draft made through the engine API: the seeded VPN SLA under a new id.
    const yaml = readFileSync(resolve(ROOT, 'provisioning', 'seed', 'agreements', 'SLA-2026-004.yaml'), 'utf8').replace(/SLA-2026-004/g, 'SLA-2026-090');
    const created = await engineCall('/agreements/import', { method: 'POST', body: { yaml }, permission: 'manage' });
    assert.equal(created.status, 201, await created.clone().text());
    assert.equal(((await created.json()) as { state: string }).state, 'draft');

    const page = await openEditor('SLA-2026-090');
    await page.locator(testId('save-mapping')).click();
    const result = page.locator(testId('save-result'));
    await result.waitFor();
    assert.match(await result.innerText(), /Saved to agreement SLA-2026-090/);
    assert.deepEqual(availability(await exported('SLA-2026-090')), {
      good: { datasource: 'prometheus', expr: GOOD },
      total: { datasource: 'prometheus', expr: TOTAL },
    });
    await page.close();
  });

  test('an active agreement is left unchanged and says an amendment is needed; the offered amendment takes the queries', async () => {
    const before = await exported('SLA-2026-001');
    const page = await openEditor('SLA-2026-001');
    await page.locator(testId('save-mapping')).click();
    const result = page.locator(testId('save-result'));
    await result.waitFor();
    assert.match(await result.innerText(), /Agreement SLA-2026-001 is active: its queries change only through an amendment.*Nothing was saved/s);
    assert.deepEqual(await exported('SLA-2026-001'), before, 'nothing changed');

    await page.locator(testId('open-amendment')).click();
    await page.getByText('Saved to a new amendment of agreement SLA-2026-001').waitFor();
    const detail = (await (await engineCall('/agreements/SLA-2026-001')).json()) as { state: string; amendment: { state: string } | null };
    assert.equal(detail.state, 'active', 'the signed revision stays in force');
    assert.equal(detail.amendment?.state, 'draft');
    assert.deepEqual(availability(await exported('SLA-2026-001')), {
      good: { datasource: 'prometheus', expr: GOOD },
      total: { datasource: 'prometheus', expr: TOTAL },
    });
    await page.close();
  });
});
