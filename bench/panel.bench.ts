/**
 * The SLA status panel, one update: 10 targets × 30 days of 1-minute data (432 k slices) from
 * Prometheus-shaped frames → mapping + evaluation + burn-down + chart series (src/panels, all on
 * src/domain) → render (react-dom/server renderToString of the compact view of all targets and
 * the full view with the SVG chart of one, inside a jsdom window because @grafana/ui needs one).
 * Printed as a ratio to the evaluator floor measured in the same run (a bare pass over the same
 * good/total arrays) and in absolute ms against the 100 ms goal. The panel computes target by
 * target between yields (useModel.ts), so the longest single chunk is what holds the main thread.
 */
import type { Bench } from './run';
import { measureAll } from './measure';

const TARGETS = 10;
const SLICE_MS = 60_000;
const SLICES = 30 * 1440;
const END = Date.UTC(2026, 3, 1);
const START = END - SLICES * SLICE_MS;
const GOAL_MS = 100;

/** A browser-like global scope for @grafana/ui (it reads window at load). */
function installDom(): void {
  // @grafana/ui requires uPlot's stylesheet; webpack handles that in the plugin, here it is skipped.
   
  require('node:module').Module._extensions['.css'] = () => undefined;
   
  const { JSDOM } = require('jsdom');
  const dom = new JSDOM('<!doctype html><html><body></body></html>', { url: 'http://localhost/', pretendToBeVisual: true });
  const g = globalThis as Record<string, unknown>;
  for (const key of ['window', 'document', 'navigator', 'HTMLElement', 'Element', 'Node', 'getComputedStyle', 'requestAnimationFrame', 'cancelAnimationFrame', 'CustomEvent', 'Event', 'EventTarget', 'DOMParser']) {
    if (!(key in g) || ['window', 'document', 'navigator', 'Event', 'CustomEvent', 'EventTarget'].includes(key)) {
      Object.defineProperty(g, key, { value: key === 'window' ? dom.window : dom.window[key], configurable: true, writable: true });
    }
  }
  dom.window.matchMedia = () => ({ matches: false, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {} });
  g.matchMedia = dom.window.matchMedia;
  g.devicePixelRatio = 1;
  for (const key of Object.getOwnPropertyNames(dom.window)) {
    // the rest of the window's names (uPlot, emotion … read a few more at load)
    if (!(key in g)) {
      try {
        g[key] = dom.window[key];
      } catch {
        // read-only accessors of the window: not needed
      }
    }
  }
}

interface Fixture {
  frames: Array<{ refId: string; fields: Array<{ name: string; type: string; values: number[]; labels?: Record<string, string> }> }>;
  good: number[][];
  total: number[][];
}

function makeFixture(): Fixture {
  const times = Array.from({ length: SLICES }, (_, i) => START + (i + 1) * SLICE_MS);
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const good: number[][] = [];
  const total: number[][] = [];
  const frames: Fixture['frames'] = [];
  for (let k = 0; k < TARGETS; k++) {
    const t = Array.from({ length: SLICES }, () => Math.floor(50 + rand() * 100));
    const g = t.map((v) => (rand() < 0.005 ? Math.floor(v * 0.9) : v));
    good.push(g);
    total.push(t);
    // One frame per query, Time + Value, plain arrays: what Grafana's Prometheus datasource hands a panel.
    frames.push({ refId: `G${k}`, fields: [{ name: 'Time', type: 'time', values: times }, { name: 'Value', type: 'number', values: g, labels: { job: 'mail' } }] });
    frames.push({ refId: `T${k}`, fields: [{ name: 'Time', type: 'time', values: times }, { name: 'Value', type: 'number', values: t, labels: { job: 'mail' } }] });
  }
  return { frames, good, total };
}

export const panelBench: Bench = {
  name: 'panel',
  description: 'SLA status panel update: 10 targets × 30 days × 1-minute data, processing + render (react-dom/server in jsdom)',
  async run() {
    // React's production build, as Grafana ships it (the development build checks every render).
    process.env.NODE_ENV = 'production';
    // Other benches may have loaded the development build already (through @grafana/i18n): drop it.
    for (const key of Object.keys(require.cache)) {
      if (/node_modules\/(react|react-dom|scheduler|react-i18next|@grafana|@emotion)\//.test(key)) {
        delete require.cache[key];
      }
    }
    installDom();
    // require, not import(): these load as CommonJS like the rest of the bench (the ESM build of
    // @grafana/data cannot load moment-timezone under Node's ESM loader).
     
    const React = require('react');
    const { renderToString } = require('react-dom/server');
    const { createTheme } = require('@grafana/data');
    const { ThemeContext } = require('@grafana/ui');
    const { validateAgreement } = require('../src/domain');
    const { mapFrames } = require('../src/panels/slastatus/mapping');
    const { modelSteps } = require('../src/panels/slastatus/model');
    const { CompactRows } = require('../src/panels/slastatus/components/CompactRows');
    const { TargetView } = require('../src/panels/slastatus/components/TargetView');

     
    const fx = makeFixture();
    const sli = { ratio: { good: { datasource: 'p', expr: 'g' }, total: { datasource: 'p', expr: 't' } } };
    const parsed = validateAgreement({
      apiVersion: 'slm/v1',
      kind: 'Agreement',
      metadata: { id: 'SLA-bench', title: 'Bench' },
      spec: {
        type: 'SLA', service: 's', provider: 'p', counterparty: 'c', timezone: 'Europe/Berlin', window: { rolling: '30d' },
        serviceHours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '07:00', to: '20:00' }],
        maintenance: [{ from: '2026-03-15T02:00:00+01:00', to: '2026-03-15T04:00:00+01:00' }],
        targets: Array.from({ length: TARGETS }, (_, k) => ({ id: `t${k}`, objective: 99, warning: 99.5, slice: '1m', sli })),
      },
    });
    if (!parsed.ok) {
      throw new Error(JSON.stringify(parsed.errors));
    }
    const agreement = parsed.agreement;
    const rows = agreement.spec.targets.flatMap((t, k) => [
      { refId: `G${k}`, target: t.id, role: 'good' as const },
      { refId: `T${k}`, target: t.id, role: 'total' as const },
    ]);
    const resolved = { period: { from: START, to: END }, at: END };
    const theme = createTheme({ colors: { mode: 'dark' } });
    const view = { width: 1200, height: 400, timeZone: 'UTC', linkable: true };
    const withTheme = (el: unknown) => React.createElement(ThemeContext.Provider, { value: theme }, el);

    let sink = 0;
    const maxSteps: number[] = [];
    let mapMs = 0;
    const floor = () => {
      // The floor: one bare pass over every good/total array of the update.
      let s = 0;
      for (let k = 0; k < TARGETS; k++) {
        const g = fx.good[k];
        const t = fx.total[k];
        for (let i = 0; i < SLICES; i++) {
          s += t[i] > 0 ? g[i] / t[i] : 0;
        }
      }
      sink += s;
    };
    const processing = () => {
      const m0 = performance.now();
      const series = mapFrames(fx.frames, rows);
      mapMs = performance.now() - m0;
      if (!(series instanceof Map)) {
        throw new Error(JSON.stringify(series));
      }
      // Step by step, as useModel runs them between yields: the longest step is how long the page is held.
      const { steps, result } = modelSteps({ agreement, series }, resolved);
      let maxStep = 0;
      for (const step of steps) {
        const t0 = performance.now();
        step();
        maxStep = Math.max(maxStep, performance.now() - t0);
      }
      maxSteps.push(maxStep);
      return result();
    };
    const model = processing();
    const one = { ...model, targets: [model.targets[0]] };
    const render = () => {
      sink += renderToString(withTheme(React.createElement(CompactRows, { model, ...view }))).length;
      sink += renderToString(withTheme(React.createElement(TargetView, { model: one, ...view }))).length;
    };
    if (process.env.PANEL_BENCH_DETAIL) {
      const [a, b] = measureAll(5, 2, [
        () => renderToString(withTheme(React.createElement(CompactRows, { model, ...view }))),
        () => renderToString(withTheme(React.createElement(TargetView, { model: one, ...view }))),
      ]);
      console.log(`render detail: compact ${a.ms.toFixed(1)} ms, full ${b.ms.toFixed(1)} ms`);
    }
    const [f, p, r] = measureAll(9, 2, [floor, () => processing(), render]);
    const procMs = p.ms;
    const renderMs = r.ms;
    const updateMs = procMs + renderMs;
    const slices = TARGETS * SLICES;
    const rows2 = [
      ['floor: bare pass over good/total', f.ms, 1],
      ['processing (map + evaluate + burn-down + chart)', procMs, procMs / f.ms],
      ['render (renderToString, compact 10 rows + full chart of 1)', renderMs, renderMs / f.ms],
      ['update = processing + render', updateMs, updateMs / f.ms],
    ] as const;
    console.log(`${TARGETS} targets × ${SLICES} slices = ${slices} slices; best of 9 interleaved rounds`);
    console.log('| step | ms | vs floor |');
    console.log('| --- | --- | --- |');
    for (const [label, ms, ratio] of rows2) {
      console.log(`| ${label} | ${ms.toFixed(1)} | ${ratio.toFixed(1)}× |`);
    }
    const sortedSteps = [...maxSteps].sort((a, b) => a - b);
    console.log(
      `main thread held at most: mapping frames ${mapMs.toFixed(1)} ms (in the render's memo), then the longest evaluation step between two yields ${sortedSteps[Math.floor(sortedSteps.length / 2)].toFixed(1)} ms (median over runs)`
    );
    console.log(`goal: update under ${GOAL_MS} ms → ${updateMs < GOAL_MS ? 'met' : 'NOT met'} (${updateMs.toFixed(1)} ms); checksum ${sink % 1000 | 0}`);
  },
};
