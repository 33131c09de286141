/**
 * The agreement editor in real Chromium (thin test host) against a real engine seeded with
 * provisioning/seed: YAML errors at their lines and nothing saved, a fixed YAML saved through the
 * engine's import, a YAML file with errors loaded from disk, and the target builder's field errors.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import pluginJson from '../../../src/plugin.json';
import enUS from '../../../src/locales/en-US/slm-servicelevel-app.json';
import { openHostPage } from '../../support/hostPage';
import { launchChromium, screenshotPath } from '../../support/browser';
import { RunningEngine, startEngine } from '../../support/engine';
import { TestHost, startHost } from '../../host/server';

const ROOT = resolve(__dirname, '..', '..', '..');
const LIST = `/a/${pluginJson.id}/agreements`;
const ed = enUS.pages.agreements.editor;

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

async function open(path: string, params: Record<string, string> = {}): Promise<Page> {
  return openHostPage(browser, host, path, { params, role: 'Admin', viewport: { width: 1280, height: 1000 } });
}

async function engineGet(path: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${engine.url}/api/v1${path}`, {
    headers: { 'X-SLM-Secret': engine.secret, 'X-SLM-Permission': 'read', 'X-Grafana-User': 'test' },
  });
  return { status: res.status, text: await res.text() };
}

const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

describe('agreement editor', () => {
  test('YAML tab: an objective of 120 is shown at its line and nothing is saved; the fixed YAML is saved', async () => {
    const before = (await engineGet('/agreements/SLA-2026-003/export')).text;
    assert.match(before, /objective: /);
    const page = await open(`${LIST}/SLA-2026-003?tab=yaml`);
    const editor = page.getByRole('textbox', { name: ed.label });
    await page.waitForFunction(() => (document.querySelector('[data-testid="slm-yaml-text"]') as HTMLTextAreaElement | null)?.value.includes('objective'));
    const original = await editor.inputValue();
    assert.equal(original, before, 'the editor holds the engine export');

    const objective = /objective: [\d.]+/.exec(original)![0];
    const broken = original.replace(objective, 'objective: 120');
    await editor.fill(broken);
    await page.getByRole('button', { name: ed.validate }).click();
    const line = lineOf(broken, 'objective: 120');
    const issue = page.locator(`[data-testid="slm-yaml-issue"][data-line="${line}"]`);
    await issue.waitFor();
    assert.match(await issue.innerText(), /spec\.targets\[0\]\.objective must be between 0 and 100/);
    await page.locator(`[data-testid="slm-yaml-gutter"] [data-line="${line}"][data-error="true"]`).waitFor();
    await issue.getByRole('button').click();
    const selected = await editor.evaluate((el: HTMLTextAreaElement) => el.value.slice(el.selectionStart, el.selectionEnd));
    assert.equal(selected.trim(), 'objective: 120', 'the line with the error is selected');
    await page.screenshot({ path: screenshotPath('agreements-yaml-dark'), fullPage: true });

    await page.getByRole('button', { name: ed.save, exact: true }).click();
    await page.getByTestId('slm-yaml-invalid').waitFor();
    assert.equal((await engineGet('/agreements/SLA-2026-003/export')).text, before, 'nothing was saved');

    const fixed = original.replace(objective, 'objective: 99.7');
    assert.notEqual(fixed, original);
    await editor.fill(fixed);
    await page.getByRole('button', { name: ed.save, exact: true }).click();
    await page.getByTestId('slm-yaml-saved').waitFor();
    const after = (await engineGet('/agreements/SLA-2026-003/export')).text;
    assert.match(after, /objective: 99\.7\n/);
    assert.equal(await editor.inputValue(), after, 'the editor shows what the engine stored');
    await page.close();
  });

  test('YAML tab: an active agreement cannot be saved until an amendment is opened', async () => {
    const page = await open(`${LIST}/SLA-2026-002?tab=yaml`);
    await page.getByTestId('slm-edit-blocked').waitFor();
    assert.match(await page.getByTestId('slm-edit-blocked').innerText(), /Active: open an amendment first/);
    assert.equal(await page.getByRole('button', { name: ed.save, exact: true }).isDisabled(), true);
    await page.getByRole('button', { name: ed['open-amendment'] }).click();
    await page.getByTestId('slm-edit-blocked').waitFor({ state: 'detached' });
    const detail = JSON.parse((await engineGet('/agreements/SLA-2026-002')).text);
    assert.deepEqual(detail.amendment?.state, 'draft');
    await page.close();
  });

  test('New agreement: a YAML file with errors is loaded from disk and its errors shown at their lines', async () => {
    const seeded = (await engineGet('/agreements/SLA-2026-004/export')).text;
    const bad = seeded.replace(/id: SLA-2026-004/, 'id: SLA-2026-099').replace(/timezone: .*/, 'timezone: Mars/Olympus');
    const dir = mkdtempSync(join(tmpdir(), 'slm-yaml-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, bad);

    const page = await open(`${LIST}/new`);
    await page.getByRole('textbox', { name: ed.label }).waitFor();
    await page.locator('input[type="file"]').setInputFiles(file);
    const issue = page.locator(`[data-testid="slm-yaml-issue"][data-line="${lineOf(bad, 'timezone:')}"]`);
    await issue.waitFor();
    assert.match(await issue.innerText(), /'Mars\/Olympus' is not an IANA time zone/);
    await page.getByRole('button', { name: enUS.pages.agreements.new.create }).click();
    await page.getByTestId('slm-yaml-invalid').waitFor();
    assert.equal((await engineGet('/agreements/SLA-2026-099')).status, 404, 'nothing was created');
    await page.close();
  });

  test('Targets tab: errors next to the fields, then a valid change saved with If-Match', async () => {
    const page = await open(`${LIST}/SLA-2026-004?tab=targets`);
    await page.getByTestId('slm-target-row-0').getByRole('button', { name: ed.edit }).click();
    const editor = page.getByTestId('slm-target-editor');
    const objective = editor.getByLabel(ed.objective);
    await objective.fill('120');
    await page.getByRole('button', { name: ed['save-targets'] }).click();
    await editor.getByText('must be between 0 and 100').waitFor();
    assert.equal(await objective.getAttribute('aria-invalid'), 'true');

    await objective.fill('99.8');
    await page.getByRole('button', { name: ed['save-targets'] }).click();
    await page.getByTestId('slm-targets-saved').waitFor();
    const detail = JSON.parse((await engineGet('/agreements/SLA-2026-004')).text);
    assert.equal(detail.document.spec.targets[0].objective, 99.8);
    await page.close();
  });

  test('screenshots: the Targets tab with the service calendar, in English and zh-Hans', async () => {
    mkdirSync(resolve(ROOT, 'docs', 'screenshots'), { recursive: true });
    for (const [name, params] of [
      ['editor-targets-dark', { theme: 'dark' }],
      ['editor-targets-light', { theme: 'light' }],
      ['editor-targets-zh-Hans', { theme: 'dark', lang: 'zh-Hans' }],
    ] as const) {
      const page = await open(`${LIST}/SLA-2026-001?tab=targets`, params);
      const calendar = page.getByTestId('slm-calendar');
      await calendar.waitFor();
      // the seeded agreement has weekday service hours: the calendar shows them
      assert.ok((await calendar.getByTestId('slm-calendar-hours').count()) > 0, `${name}: service hours on the calendar`);
      await page.screenshot({ path: screenshotPath(name), fullPage: true });
      await page.close();
      if (name !== 'editor-targets-light') {
        copyFileSync(screenshotPath(name), resolve(ROOT, 'docs', 'screenshots', `${name}.png`));
      }
    }
  });
});
