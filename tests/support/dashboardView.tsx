/**
 * A saved Grafana dashboard drawn by the thin host (Grafana cannot run here): the dashboard JSON
 * the engine saved through the Grafana stand-in's `POST /api/dashboards/db` (handed to the page
 * as `window.__SLM_DASHBOARD__`) laid out on Grafana's 24-column grid (30 px rows), each SLA
 * status panel mounted as the real panel plugin with the panel's own options, its targets run
 * through the host's `/api/ds/query` (real Prometheus) over the dashboard's time range, the way
 * a dashboard runs them. Only the slm-slastatus-panel type is drawn; any other panel type shows a
 * labelled placeholder so a dashboard with one is visible, not silently hidden.
 *
 * Mounted through tests/support/hostViewBundle.ts in place of tests/host/panelHost.tsx.
 */
import React from 'react';
import { dataFrameFromJSON, dateTime, type DataFrame, type DataFrameJSON, type GrafanaTheme2, type PanelPlugin, type TimeRange } from '@grafana/data';
import { durationMs } from '../../src/domain';
import { CHROME, PanelChrome, pluginPanel } from '../host/panelParts';

const COLUMN = 52;
const ROW = 30;
const GAP = 8;

interface SavedPanel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  targets: Array<{ refId: string; datasource?: { uid: string }; expr?: string; interval?: string }>;
  options: Record<string, unknown>;
}

export interface SavedDashboard {
  title: string;
  time: { from: string; to: string };
  panels: SavedPanel[];
}

declare global {
  interface Window {
    __SLM_DASHBOARD__?: SavedDashboard;
  }
}

async function runTargets(panel: SavedPanel, from: number, to: number): Promise<DataFrame[]> {
  if (!panel.targets.length) {
    return [];
  }
  const res = await fetch('/api/ds/query', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      from: String(from),
      to: String(to),
      queries: panel.targets.map((t) => ({
        ...t,
        datasource: { uid: t.datasource?.uid ?? 'prometheus', type: 'prometheus' },
        intervalMs: t.interval ? durationMs(t.interval) : 60_000,
        maxDataPoints: 11_000,
      })),
    }),
  });
  if (!res.ok) {
    throw new Error(`/api/ds/query answered ${res.status}: ${await res.text()}`);
  }
  const body = (await res.json()) as { results: Record<string, { frames?: DataFrameJSON[] }> };
  return panel.targets.flatMap((t) => (body.results[t.refId]?.frames ?? []).map((f) => dataFrameFromJSON(f)));
}

/** A panel at its place on the grid, its content sized as Grafana sizes it inside the chrome. */
function placed(panel: SavedPanel, theme: GrafanaTheme2, content: (width: number, height: number) => React.ReactNode) {
  const { x, y, w, h } = panel.gridPos;
  const width = w * COLUMN - GAP;
  const height = h * ROW - GAP;
  return (
    <PanelChrome
      key={panel.id}
      title={panel.title}
      width={width}
      height={height}
      theme={theme}
      testId="host-dashboard-panel"
      panelId={panel.id}
      style={{ position: 'absolute', left: x * COLUMN, top: y * ROW, overflow: 'hidden' }}
    >
      {content(width - CHROME.width, height - CHROME.height)}
    </PanelChrome>
  );
}

export async function panelHostElement(theme: GrafanaTheme2): Promise<React.ReactElement> {
  const dashboard = window.__SLM_DASHBOARD__;
  if (!dashboard) {
    throw new Error('no dashboard handed to the page (window.__SLM_DASHBOARD__)');
  }
  const from = Date.parse(dashboard.time.from);
  const to = Math.min(Date.parse(dashboard.time.to), Date.now());
  const range: TimeRange = { from: dateTime(from), to: dateTime(to), raw: { from: dashboard.time.from, to: dashboard.time.to } };
  const { plugin } = (await import('../../src/panels/slastatus/module')) as { plugin: PanelPlugin };
  const drawn = await Promise.all(
    dashboard.panels.map(async (panel) => {
      if (panel.type !== 'slm-slastatus-panel') {
        return placed(panel, theme, () => `panel type ${panel.type} is not drawn by the stand-in`);
      }
      const series = await runTargets(panel, from, to);
      const refIds = panel.targets.map((t) => t.refId);
      return placed(panel, theme, (width, height) =>
        pluginPanel(plugin, { id: panel.id, title: panel.title, options: panel.options, series, range, refIds, intervalMs: 60_000, width, height })
      );
    })
  );
  const height = Math.max(...dashboard.panels.map((p) => (p.gridPos.y + p.gridPos.h) * ROW));
  return (
    <div style={{ padding: GAP }}>
      <h1 data-testid="host-dashboard-title" style={{ fontSize: theme.typography.h4.fontSize, margin: theme.spacing(0, 0, 1, 0) }}>
        {dashboard.title}
      </h1>
      <div style={{ position: 'relative', width: 24 * COLUMN, height }}>{drawn}</div>
    </div>
  );
}
