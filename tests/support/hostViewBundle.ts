/**
 * Builds the thin host's browser entry (tests/host/entry.tsx) with its `/panel-host` view
 * replaced by another view module (tests/support/breachDashboard.tsx, dashboardView.tsx), and
 * serves that build to one Playwright page in place of the host's own bundle: the page keeps the
 * host's origin, boot data, plugin proxy and `/api/ds/query`, only the code of the panel view
 * differs.
 */
import { build, type Plugin } from 'esbuild';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import type { Page } from 'playwright-core';

const ENTRY = resolve(__dirname, '..', 'host', 'entry.tsx');

export const HOST_VIEWS = {
  breachDashboard: resolve(__dirname, 'breachDashboard.tsx'),
  savedDashboard: resolve(__dirname, 'dashboardView.tsx'),
} as const;
export type HostView = keyof typeof HOST_VIEWS;

const swapPanelHost = (view: string): Plugin => ({
  name: 'host-view',
  setup(b) {
    b.onResolve({ filter: /^\.\/panelHost$/ }, (args) => (args.importer === ENTRY ? { path: view } : undefined));
  },
});

const built = new Map<HostView, Promise<string>>();

/** The build's directory (once per process and view). */
export function bundleHostView(view: HostView): Promise<string> {
  let outdir = built.get(view);
  if (!outdir) {
    outdir = (async () => {
      const dir = await mkdtemp(join(tmpdir(), `slm-host-view-${view}-`));
      await build({
        entryPoints: [ENTRY],
        bundle: true,
        outdir: dir,
        entryNames: 'bundle',
        format: 'esm',
        jsx: 'automatic',
        loader: { '.svg': 'text', '.woff2': 'file', '.woff': 'file', '.ttf': 'file', '.png': 'file' },
        define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
        plugins: [swapPanelHost(HOST_VIEWS[view])],
        logLevel: 'error',
      });
      return dir;
    })();
    built.set(view, outdir);
  }
  return outdir;
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.woff2': 'font/woff2', '.svg': 'image/svg+xml' };

/** Answers the page's `/public/build/*` requests from the view's build. */
export async function useHostView(page: Page, hostUrl: string, view: HostView): Promise<void> {
  const outdir = await bundleHostView(view);
  await page.route(`${hostUrl}/public/build/**`, async (route) => {
    const file = join(outdir, new URL(route.request().url()).pathname.slice('/public/build/'.length));
    const body = await readFile(file).catch(() => undefined);
    await (body
      ? route.fulfill({ status: 200, body, contentType: TYPES[extname(file)] ?? 'application/octet-stream' })
      : route.fulfill({ status: 404, body: 'not found' }));
  });
}
