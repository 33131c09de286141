/**
 * Builds the thin host's browser entry (tests/host/entry.tsx) with its `/panel-host` view
 * replaced by tests/support/breachDashboard.tsx, and serves that build to one Playwright page in
 * place of the host's own bundle: the page keeps the host's origin, boot data, plugin proxy and
 * `/api/ds/query`, only the code of the panel view differs.
 */
import { build, type Plugin } from 'esbuild';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import type { Page } from 'playwright-core';

const ENTRY = resolve(__dirname, '..', 'host', 'entry.tsx');
const DASHBOARD = resolve(__dirname, 'breachDashboard.tsx');

const swapPanelHost: Plugin = {
  name: 'breach-dashboard',
  setup(b) {
    b.onResolve({ filter: /^\.\/panelHost$/ }, (args) => (args.importer === ENTRY ? { path: DASHBOARD } : undefined));
  },
};

let built: Promise<string> | undefined;

/** The build's directory (once per process). */
export function bundleBreachDashboard(): Promise<string> {
  built ??= (async () => {
    const outdir = await mkdtemp(join(tmpdir(), 'slm-breach-dashboard-'));
    await build({
      entryPoints: [ENTRY],
      bundle: true,
      outdir,
      entryNames: 'bundle',
      format: 'esm',
      jsx: 'automatic',
      loader: { '.svg': 'text', '.woff2': 'file', '.woff': 'file', '.ttf': 'file', '.png': 'file' },
      define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
      plugins: [swapPanelHost],
      logLevel: 'error',
    });
    return outdir;
  })();
  return built;
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.woff2': 'font/woff2', '.svg': 'image/svg+xml' };

/** Answers the page's `/public/build/*` requests from the breach dashboard build. */
export async function useBreachDashboard(page: Page, hostUrl: string): Promise<void> {
  const outdir = await bundleBreachDashboard();
  await page.route(`${hostUrl}/public/build/**`, async (route) => {
    const file = join(outdir, new URL(route.request().url()).pathname.slice('/public/build/'.length));
    const body = await readFile(file).catch(() => undefined);
    await (body
      ? route.fulfill({ status: 200, body, contentType: TYPES[extname(file)] ?? 'application/octet-stream' })
      : route.fulfill({ status: 404, body: 'not found' }));
  });
}
