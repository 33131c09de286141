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
import { dataFrameFromJSON, dateTime, LoadingState, type DataFrame, type DataFrameJSON, type GrafanaTheme2, type PanelData, type PanelPlugin, type TimeRange } from '@grafana/data';
import { durationMs } from '../../src/domain';

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

function PanelBox({ panel, theme, children }: { panel: SavedPanel; theme: GrafanaTheme2; children: React.ReactNode }) {
  const { x, y, w, h } = panel.gridPos;
  return (
    <section
      data-testid="host-dashboard-panel"
      data-panel-id={panel.id}
      style={{
        position: 'absolute',
        left: x * COLUMN,
        top: y * ROW,
        width: w * COLUMN - GAP,
        height: h * ROW - GAP,
        background: theme.colors.background.primary,
        border: `1px solid ${theme.colors.border.weak}`,
        borderRadius: theme.shape.radius.default,
        overflow: 'hidden',
      }}
    >
      <h2 style={{ fontSize: theme.typography.h6.fontSize, margin: 0, padding: theme.spacing(0.5, 1), height: 32, lineHeight: '24px' }}>{panel.title}</h2>
      <div style={{ padding: theme.spacing(0, 1, 1, 1) }}>{children}</div>
    </section>
  );
}

function slaStatus(plugin: PanelPlugin, panel: SavedPanel, series: DataFrame[], range: TimeRange) {
  const Panel = plugin.panel!;
  const width = panel.gridPos.w * COLUMN - GAP - 18;
  const height = panel.gridPos.h * ROW - GAP - 42;
  const data: PanelData = {
    state: LoadingState.Done,
    series,
    timeRange: range,
    request: { targets: panel.targets.map((t) => ({ refId: t.refId })), intervalMs: 60_000, range } as never,
  };
  return (
    <Panel
      id={panel.id}
      data={data}
      timeRange={range}
      timeZone="utc"
      options={panel.options as never}
      transparent={false}
      width={width}
      height={height}
      fieldConfig={{ defaults: {}, overrides: [] }}
      renderCounter={0}
      title={panel.title}
      eventBus={{} as never}
      onOptionsChange={() => {}}
      onFieldConfigChange={() => {}}
      replaceVariables={(v: string) => v}
      onChangeTimeRange={() => {}}
    />
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
    dashboard.panels.map(async (panel) => (
      <PanelBox key={panel.id} panel={panel} theme={theme}>
        {panel.type === 'slm-slastatus-panel' ? slaStatus(plugin, panel, await runTargets(panel, from, to), range) : `panel type ${panel.type} is not drawn by the stand-in`}
      </PanelBox>
    ))
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
