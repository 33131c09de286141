/**
 * Size of what the browser downloads: every JavaScript file of the production build (dist/,
 * built with `npm run build` first when missing), raw and gzipped, the initial `module.js` first,
 * with each one's gzipped size as a ratio of the largest page chunk. Pages load lazily
 * (src/components/App/App.tsx), so module.js should be a small fraction of one page.
 * A chunk is named after the page whose translation keys (`pages.<page>.`) it holds most of;
 * chunks without any are shared code (Grafana's libraries are not bundled: they are externals).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Bench } from './run';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = path.join(ROOT, 'dist');
const PAGES = ['overview', 'catalog', 'agreements', 'contracts', 'breaches', 'reviews', 'plans', 'parties'];
/** Fewer keys than this is a page's link or label used elsewhere, not the page. */
const MIN_KEYS = 5;
/** Goal: the initial module.js is at most this share of the largest page chunk (gzipped). */
const INITIAL_SHARE_GOAL = 0.5;

export interface Chunk {
  file: string;
  raw: number;
  gzip: number;
  /** Page the chunk holds, `entry` for an entry point, `shared` otherwise. */
  role: string;
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? jsFiles(full) : e.name.endsWith('.js') ? [full] : [];
  });
}

/** The page whose `t('pages.<page>.…')` keys the code holds most of, if it holds enough. */
export function pageOf(code: string): string | undefined {
  let best: { page: string; n: number } | undefined;
  for (const page of PAGES) {
    const n = code.split(`pages.${page}.`).length - 1;
    if (n >= MIN_KEYS && (!best || n > best.n)) {
      best = { page, n };
    }
  }
  return best?.page;
}

export function chunksOf(dist: string): Chunk[] {
  return jsFiles(dist).map((full) => {
    const code = readFileSync(full);
    const file = path.relative(dist, full);
    const entry = path.basename(file) === 'module.js';
    return {
      file,
      raw: code.length,
      gzip: gzipSync(code, { level: 9 }).length,
      role: entry ? 'entry' : (pageOf(code.toString('utf8')) ?? 'shared'),
    };
  });
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`.padStart(10);

function ensureBuild(): void {
  if (existsSync(path.join(DIST, 'module.js'))) {
    return;
  }
  console.log('  dist/ has no build: running npm run build');
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) {
    throw new Error(`npm run build failed (exit ${build.status})`);
  }
}

function report(): void {
  ensureBuild();
  const chunks = chunksOf(DIST);
  const pages = chunks.filter((c) => PAGES.includes(c.role));
  const largest = pages.reduce<Chunk | undefined>((a, c) => (!a || c.gzip > a.gzip ? c : a), undefined);
  const initial = chunks.find((c) => c.file === 'module.js');
  if (!initial || !largest) {
    throw new Error(`dist/ has no module.js or no page chunk: ${chunks.map((c) => c.file).join(', ')}`);
  }
  const order = (c: Chunk) => (c.role === 'entry' ? 0 : PAGES.includes(c.role) ? 1 : 2);
  const sorted = [...chunks].sort((a, b) => order(a) - order(b) || b.gzip - a.gzip);
  console.log(
    `  ${'file'.padEnd(28)}${'role'.padEnd(12)}${'raw'.padStart(10)}${'gzip'.padStart(10)}   gzip ÷ largest page (${largest.role})`
  );
  for (const c of sorted) {
    console.log(
      `  ${c.file.padEnd(28)}${c.role.padEnd(12)}${kb(c.raw)}${kb(c.gzip)}   ${(c.gzip / largest.gzip).toFixed(2)}`
    );
  }
  const appTotal = chunks.filter((c) => !c.file.startsWith('panels')).reduce((n, c) => n + c.gzip, 0);
  const share = initial.gzip / largest.gzip;
  console.log(`  app total (all chunks, gzip): ${kb(appTotal).trim()}; initial module.js: ${kb(initial.gzip).trim()}`);
  console.log(
    `  initial module.js = ${share.toFixed(2)} × the largest page chunk   goal ≤ ${INITIAL_SHARE_GOAL}: ${share <= INITIAL_SHARE_GOAL ? 'MET' : 'NOT MET'}`
  );
}

export const bundleBench: Bench = {
  name: 'bundle',
  description: 'gzipped size of each chunk of the production build (dist/); module.js against the largest page',
  run: report,
};
