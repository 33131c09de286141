/**
 * "A breach on a dashboard" for the thin host (Grafana cannot run here): the demo dashboard's
 * layout — request rate and error ratio as Grafana time series (TimeSeries from @grafana/ui)
 * above the SLA status panel — over LIVE data: the agreement's own queries sent to the host's
 * `/api/ds/query` (real Prometheus), and the SLA panel in registry mode reading the agreement
 * from the engine through the plugin proxy. The breach annotation the engine wrote to Grafana
 * (`annotation=<from>-<to>`, epoch ms) is shaded on the time series the way Grafana draws an
 * annotation region: a uPlot draw hook.
 *
 * Mounted by bundling tests/host/entry.tsx with its `./panelHost` import pointed here (see
 * tests/support/hostViewBundle.ts), so the boot (theme, i18n, user, backend) is the host's own.
 * Query: agreement, good, total (expressions of the target `availability`), datasource, from, to.
 */
import React, { useLayoutEffect } from 'react';
import {
  applyFieldOverrides,
  createDataFrame,
  dataFrameFromJSON,
  dateTime,
  FieldColorModeId,
  FieldType,
  LoadingState,
  type DataFrame,
  type DataFrameJSON,
  type GrafanaTheme2,
  type PanelData,
  type PanelPlugin,
  type TimeRange,
} from '@grafana/data';
import { LegendDisplayMode } from '@grafana/schema';
import { TimeSeries, type UPlotConfigBuilder } from '@grafana/ui';
import { DEFAULT_OPTIONS, type SlaStatusOptions } from '../../src/panels/slastatus/types';

const STEP = 60_000;

function Chrome({ title, width, height, theme, children }: { title: string; width: number; height: number; theme: GrafanaTheme2; children: React.ReactNode }) {
  return (
    <section
      data-testid="host-panel"
      style={{
        width,
        height,
        background: theme.colors.background.primary,
        border: `1px solid ${theme.colors.border.weak}`,
        borderRadius: theme.shape.radius.default,
        display: 'flex',
        flexDirection: 'column',
      }}
    >
      <h2 style={{ fontSize: theme.typography.h6.fontSize, margin: 0, padding: theme.spacing(0.5, 1), height: 32, lineHeight: '24px' }}>{title}</h2>
      <div style={{ padding: theme.spacing(0, 1, 1, 1) }}>{children}</div>
    </section>
  );
}

/** Grafana's annotation region: a translucent band over the plot between the two times. */
function AnnotationRegion({ config, from, to, color }: { config: UPlotConfigBuilder; from: number; to: number; color: string }) {
  useLayoutEffect(() => {
    config.addHook('draw', (u) => {
      const left = u.valToPos(from, 'x', true);
      const right = u.valToPos(to, 'x', true);
      const { top, height } = u.bbox;
      u.ctx.save();
      u.ctx.fillStyle = color;
      u.ctx.fillRect(left, top, Math.max(2, right - left), height);
      u.ctx.restore();
    });
  }, [config, from, to, color]);
  return null;
}

async function queryFrames(params: URLSearchParams, from: number, to: number): Promise<DataFrame[]> {
  const datasource = { uid: params.get('datasource') ?? 'prometheus', type: 'prometheus' };
  const res = await fetch('/api/ds/query', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      from: String(from),
      to: String(to),
      queries: (['A', 'B'] as const).map((refId) => ({
        refId,
        datasource,
        expr: params.get(refId === 'A' ? 'good' : 'total'),
        intervalMs: STEP,
        maxDataPoints: 11_000,
        range: true,
      })),
    }),
  });
  if (!res.ok) {
    throw new Error(`/api/ds/query answered ${res.status}: ${await res.text()}`);
  }
  const body = (await res.json()) as { results: Record<string, { frames?: DataFrameJSON[] }> };
  return ['A', 'B'].flatMap((refId) => (body.results[refId]?.frames ?? []).map((f) => dataFrameFromJSON(f)));
}

/** Per-minute values of a frame by time. */
function valuesByTime(frame: DataFrame): Map<number, number> {
  const [time, value] = frame.fields;
  return new Map(time.values.map((t: number, i: number) => [t, value.values[i] as number]));
}

function derived(frames: DataFrame[]) {
  const good = valuesByTime(frames.find((f) => f.refId === 'A')!);
  const total = valuesByTime(frames.find((f) => f.refId === 'B')!);
  const times = [...total.keys()].filter((t) => good.has(t)).sort((a, b) => a - b);
  const frame = (refId: string, values: number[]) =>
    createDataFrame({
      refId,
      fields: [
        { name: 'Time', type: FieldType.time, values: times, config: { interval: STEP } },
        { name: 'Value', type: FieldType.number, values, labels: { job: 'mail' }, config: {} },
      ],
    });
  return {
    rate: [frame('R', times.map((t) => total.get(t)! / 60))],
    errors: [frame('E', times.map((t) => (100 * (total.get(t)! - good.get(t)!)) / total.get(t)!))],
  };
}

function timeSeries(frames: DataFrame[], theme: GrafanaTheme2, range: TimeRange, size: { w: number; h: number }, unit: string, region?: { from: number; to: number }) {
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
      {(config) => (region ? <AnnotationRegion config={config} from={region.from} to={region.to} color={theme.colors.error.transparent} /> : null)}
    </TimeSeries>
  );
}

function slaPanel(plugin: PanelPlugin, options: SlaStatusOptions, series: DataFrame[], range: TimeRange, width: number, height: number) {
  const Panel = plugin.panel!;
  const data: PanelData = {
    state: LoadingState.Done,
    series,
    timeRange: range,
    request: { targets: [{ refId: 'A' }, { refId: 'B' }], intervalMs: STEP, range } as never,
  };
  return (
    <Panel
      id={1}
      data={data}
      timeRange={range}
      timeZone="utc"
      options={options}
      transparent={false}
      width={width}
      height={height}
      fieldConfig={{ defaults: {}, overrides: [] }}
      renderCounter={0}
      title="SLA status"
      eventBus={{} as never}
      onOptionsChange={() => {}}
      onFieldConfigChange={() => {}}
      replaceVariables={(v: string) => v}
      onChangeTimeRange={() => {}}
    />
  );
}

export async function panelHostElement(theme: GrafanaTheme2, params: URLSearchParams): Promise<React.ReactElement> {
  const from = Number(params.get('from'));
  const to = Number(params.get('to'));
  const range: TimeRange = { from: dateTime(from), to: dateTime(to), raw: { from: 'now/w', to: 'now' } };
  const agreementId = params.get('agreement') ?? '';
  const [start, end] = (params.get('annotation') ?? '').split('-').map(Number);
  const region = Number.isFinite(start) && Number.isFinite(end) && start > 0 ? { from: start, to: end } : undefined;
  const { plugin } = (await import('../../src/panels/slastatus/module')) as { plugin: PanelPlugin };
  const series = await queryFrames(params, from, to);
  const { rate, errors } = derived(series);
  const options: SlaStatusOptions = {
    ...DEFAULT_OPTIONS,
    source: 'registry',
    agreementId,
    mappings: [
      { refId: 'A', target: 'availability', role: 'good' },
      { refId: 'B', target: 'availability', role: 'total' },
    ],
  };
  const inner = (w: number, h: number) => ({ w: w - 18, h: h - 42 });
  return (
    <div style={{ display: 'grid', gridTemplateColumns: '700px 520px', gap: 8, padding: 8 }}>
      <Chrome title="Mail: requests per second" width={700} height={300} theme={theme}>
        {timeSeries(rate, theme, range, inner(700, 300), 'reqps', region)}
      </Chrome>
      <Chrome title="Mail: error ratio" width={520} height={300} theme={theme}>
        {timeSeries(errors, theme, range, inner(520, 300), 'percent', region)}
      </Chrome>
      <div style={{ gridColumn: '1 / span 2' }}>
        <Chrome title={`${agreementId} — SLA status`} width={1228} height={380} theme={theme}>
          {slaPanel(plugin, options, series, range, 1210, 338)}
        </Chrome>
      </div>
    </div>
  );
}
