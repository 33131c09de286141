/**
 * What every panel view of the thin host draws the way a Grafana dashboard does: the panel chrome
 * (a box with the title), a plugin's panel component mounted with the PanelProps Grafana passes,
 * and Grafana's time series. Used by tests/host/panelHost.tsx and by the views bundled in its
 * place (tests/support/breachDashboard.tsx, dashboardView.tsx).
 */
import React from 'react';
import {
  applyFieldOverrides,
  FieldColorModeId,
  LoadingState,
  type DataFrame,
  type GrafanaTheme2,
  type PanelData,
  type PanelPlugin,
  type TimeRange,
} from '@grafana/data';
import { LegendDisplayMode } from '@grafana/schema';
import { TimeSeries, type UPlotConfigBuilder } from '@grafana/ui';

/** Room the chrome takes around the panel's content: padding left + right, title + padding below. */
export const CHROME = { width: 18, height: 42 } as const;

export function PanelChrome(props: {
  title: string;
  width: number;
  height: number;
  theme: GrafanaTheme2;
  children: React.ReactNode;
  /** Placement on a dashboard grid, and what a test finds the panel by. */
  style?: React.CSSProperties;
  testId?: string;
  panelId?: number;
}) {
  const { title, width, height, theme, children, style, testId = 'host-panel', panelId } = props;
  return (
    <section
      data-testid={testId}
      data-panel-id={panelId}
      style={{
        width,
        height,
        background: theme.colors.background.primary,
        border: `1px solid ${theme.colors.border.weak}`,
        borderRadius: theme.shape.radius.default,
        display: 'flex',
        flexDirection: 'column',
        ...style,
      }}
    >
      <h2 style={{ fontSize: theme.typography.h6.fontSize, margin: 0, padding: theme.spacing(0.5, 1), height: 32, lineHeight: '24px' }}>{title}</h2>
      <div style={{ padding: theme.spacing(0, 1, 1, 1) }}>{children}</div>
    </section>
  );
}

export interface MountedPanel {
  id?: number;
  title: string;
  options: unknown;
  series: DataFrame[];
  range: TimeRange;
  refIds: string[];
  intervalMs: number;
  width: number;
  height: number;
}

/** The plugin's panel component with the props a dashboard passes after its queries ran. */
export function pluginPanel(plugin: PanelPlugin, p: MountedPanel) {
  const Panel = plugin.panel!;
  const data: PanelData = {
    state: LoadingState.Done,
    series: p.series,
    timeRange: p.range,
    request: { targets: p.refIds.map((refId) => ({ refId })), intervalMs: p.intervalMs, range: p.range } as never,
  };
  return (
    <Panel
      id={p.id ?? 1}
      data={data}
      timeRange={p.range}
      timeZone="utc"
      options={p.options as never}
      transparent={false}
      width={p.width}
      height={p.height}
      fieldConfig={{ defaults: {}, overrides: [] }}
      renderCounter={0}
      title={p.title}
      eventBus={{} as never}
      onOptionsChange={() => {}}
      onFieldConfigChange={() => {}}
      replaceVariables={(v: string) => v}
      onChangeTimeRange={() => {}}
    />
  );
}

/** Grafana's time series panel body: the frames in `unit`, no legend; `children` may add uPlot hooks. */
export function timeSeries(
  frames: DataFrame[],
  theme: GrafanaTheme2,
  range: TimeRange,
  size: { w: number; h: number },
  unit: string,
  children?: (config: UPlotConfigBuilder) => React.ReactNode
) {
  const processed = applyFieldOverrides({
    data: frames,
    fieldConfig: { defaults: { unit, color: { mode: FieldColorModeId.PaletteClassic }, custom: { lineWidth: 1, fillOpacity: 10 } }, overrides: [] },
    replaceVariables: (v) => v,
    theme,
    timeZone: 'utc',
  });
  return (
    <TimeSeries
      frames={processed}
      width={size.w}
      height={size.h}
      timeRange={range}
      timeZone="utc"
      legend={{ showLegend: false, displayMode: LegendDisplayMode.List, placement: 'bottom', calcs: [] }}
    >
      {(config) => children?.(config) ?? null}
    </TimeSeries>
  );
}
