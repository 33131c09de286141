/**
 * Opens a page of the thin test host (tests/host) in Chromium and waits until the host has
 * mounted the app or the panel: the host must report no mount error and the page no uncaught
 * error. Every browser test opens its pages through this.
 */
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { OrgRole } from '../../src/test/grafanaPluginProxy';
import type { TestHost } from '../host/server';

export interface HostPageOptions {
  /** Query parameters added to the path's own (theme, lang, panel options …). */
  params?: Record<string, string>;
  /** The signed-in user's role for this page (the login follows it: admin, editor, viewer). */
  role?: OrgRole;
  viewport?: { width: number; height: number };
  /** Freezes the page's clock (epoch ms) before it loads. */
  fixedTime?: number;
  /** Runs before the page loads, e.g. to listen to its responses. */
  beforeLoad?: (page: Page) => void | Promise<void>;
}

export async function openHostPage(browser: Browser, host: TestHost, path: string, opts: HostPageOptions = {}): Promise<Page> {
  if (opts.role) {
    host.user.role = opts.role;
    host.user.login = opts.role.toLowerCase();
  }
  const page = await browser.newPage({ viewport: opts.viewport ?? { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  if (opts.fixedTime !== undefined) {
    await page.clock.setFixedTime(opts.fixedTime);
  }
  await opts.beforeLoad?.(page);
  const [pathname, search = ''] = path.split('?');
  const query = new URLSearchParams(search);
  Object.entries(opts.params ?? {}).forEach(([k, v]) => query.set(k, v));
  await page.goto(`${host.url}${pathname}?${query}`);
  await page.waitForFunction(() => document.body.dataset.hostReady === 'true' || document.body.dataset.hostError, null, {
    timeout: 60_000,
  });
  const hostError = await page.evaluate(() => document.body.dataset.hostError);
  assert.equal(hostError, undefined, `the host failed to mount: ${hostError}`);
  assert.deepEqual(errors, [], 'no uncaught errors in the page');
  return page;
}
