/**
 * The agreement list over 10,000 agreements in real Chromium: a fresh PostgreSQL database is
 * loaded through the engine's store API (bulk insert, see bench/seedAgreements.ts), a real
 * engine serves it and the thin test host mounts the app (Grafana cannot run here). The page's
 * own network events show what it asked the engine for: one page of rows, never all of them,
 * and the next page only when the user pages on. How fast the first rows appear is measured by
 * `npm run bench list10k`, not asserted here.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import pluginJson from '../../../src/plugin.json';
import {
  LIST10K_AGREEMENTS,
  type SeededDatabase,
  freshDatabase,
  listAgreementId,
  listRequests,
  seedAgreements,
} from '../../../bench/seedAgreements';
import { launchChromium, screenshotPath } from '../../support/browser';
import { RunningEngine, startEngine } from '../../support/engine';
import { TestHost, startHost } from '../../host/server';

const LIST = `/a/${pluginJson.id}/agreements`;
const PAGE_SIZE = 50;

let db: SeededDatabase;
let engine: RunningEngine;
let host: TestHost;
let browser: Browser;

before(async () => {
  db = await freshDatabase('slm_list10k_test');
  await seedAgreements(db.url, LIST10K_AGREEMENTS);
  engine = await startEngine({ SLM_DATABASE_URL: db.url, SLM_MONITOR: 'off' });
  host = await startHost({
    settings: { jsonData: { engineUrl: engine.url }, secureJsonData: { engineSecret: engine.secret } },
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await host?.close();
  await engine?.stop();
  await db?.drop();
});

interface Seen {
  url: string;
  items?: number;
}

/** Opens the list, recording every agreement-list answer the page received and how many rows it held. */
async function openList(): Promise<{ page: Page; seen: Seen[]; settle: () => Promise<unknown> }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const seen: Seen[] = [];
  const pending: Array<Promise<void>> = [];
  page.on('response', (res) => {
    if (new URL(res.url()).pathname.endsWith('/api/v1/agreements')) {
      pending.push(
        res
          .json()
          .then((body: { items?: unknown[] }) => void seen.push({ url: res.url(), items: body.items?.length }))
          .catch(() => void seen.push({ url: res.url() }))
      );
    }
  });
  await page.goto(`${host.url}${LIST}`);
  await page.waitForFunction(
    () => document.body.dataset.hostReady === 'true' || document.body.dataset.hostError,
    null,
    { timeout: 60_000 }
  );
  assert.equal(await page.evaluate(() => document.body.dataset.hostError), undefined);
  assert.deepEqual(errors, []);
  // answers are read asynchronously: wait for those read so far before counting
  return { page, seen, settle: () => Promise.all(pending) };
}

function ids(page: Page) {
  return page.getByTestId('slm-agreements-table').locator('tbody tr td:first-child').allInnerTexts();
}

describe(`agreement list with ${LIST10K_AGREEMENTS} agreements`, () => {
  test('asks the engine for one page only, shows its rows, and pages on by asking for the next page', async () => {
    const { page, seen, settle } = await openList();
    const table = page.getByTestId('slm-agreements-table');
    // the list is in id order: OLA-L-00001, OLA-L-00004, …
    await table.getByRole('link', { name: listAgreementId(1), exact: true }).waitFor();
    await page
      .getByTestId('slm-agreements-range')
      .getByText(`1–${PAGE_SIZE} of ${LIST10K_AGREEMENTS} agreements`)
      .waitFor();
    await settle();

    const first = listRequests(seen);
    assert.deepEqual(first, [{ limit: PAGE_SIZE, offset: 0, items: PAGE_SIZE }], 'one request, for one page of rows');
    const shown = (await ids(page)).map((s) => s.trim());
    assert.equal(shown.length, PAGE_SIZE, 'the page shows the rows it asked for, no more');
    assert.deepEqual(shown, [...shown].sort(), 'in id order');
    assert.equal(shown[0], listAgreementId(1));
    await page.screenshot({ path: screenshotPath('agreements-list-10k-dark') });

    await page.getByRole('button', { name: '2', exact: true }).click();
    await page
      .getByTestId('slm-agreements-range')
      .getByText(`${PAGE_SIZE + 1}–${2 * PAGE_SIZE} of ${LIST10K_AGREEMENTS} agreements`)
      .waitFor();
    await settle();
    const next = listRequests(seen).slice(first.length);
    assert.deepEqual(
      next,
      [{ limit: PAGE_SIZE, offset: PAGE_SIZE, items: PAGE_SIZE }],
      'paging on asks for the next page only'
    );
    const second = (await ids(page)).map((s) => s.trim());
    assert.equal(second.length, PAGE_SIZE);
    assert.ok(
      second[0] > shown[PAGE_SIZE - 1],
      `page 2 starts after page 1 (${second[0]} after ${shown[PAGE_SIZE - 1]})`
    );
    assert.equal(new URL(page.url()).searchParams.get('page'), '2');

    const total = listRequests(seen).reduce((n, r) => n + (r.items ?? 0), 0);
    assert.equal(total, 2 * PAGE_SIZE, `rows received from the engine: ${total} of ${LIST10K_AGREEMENTS}`);
    await page.close();
  });
});
