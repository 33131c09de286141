/**
 * The `/panel-host` page of the thin host: mounts the SLA status panel plugin's real panel
 * component (`src/panels/slastatus/module.tsx`) with frames built by @grafana/data, the way a
 * dashboard does — a panel chrome with a title and the PanelProps Grafana passes. With
 * `view=dashboard` it sits next to two regular Grafana time series (TimeSeries from @grafana/ui).
 * Query: view=single|dashboard, width, height (single), agreement (single: map to that registry
 * agreement, read from the engine through the proxy, instead of the ad-hoc objective),
 * mode=kpi (single: KPI mode, with the filters type, service and party).
 * `view=editor`: the panel's query-mapping editor (as in the panel options pane) for the
 * registry agreement `agreement`, queries A and B mapped to its `availability` target as good
 * and total, with the expressions `good` and `total` as Grafana reports them executed.
 */
import React from 'react';
import {
  applyFieldOverrides,
  createDataFrame,
  FieldType,
  dateTime,
  FieldColorModeId,
  LoadingState,
  type DataFrame,
  type GrafanaTheme2,
  type PanelData,
  type PanelPlugin,
  type TimeRange,
} from '@grafana/data';
import { LegendDisplayMode } from '@grafana/schema';
import { TimeSeries } from '@grafana/ui';
import { AT, MARCH, PANEL_OPTIONS, STEP, dashboardFrames, slaFrames } from './panelFixtures';

const RANGE: TimeRange = { from: dateTime(MARCH), to: dateTime(AT), raw: { from: 'now-30d', to: 'now' } };

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

function slaPanel(plugin: PanelPlugin, width: number, height: number, series: DataFrame[], options = PANEL_OPTIONS) {
  const Panel = plugin.panel!;
  const data: PanelData = {
    state: LoadingState.Done,
    series,
    timeRange: RANGE,
    request: { targets: [{ refId: 'A' }, { refId: 'B' }], intervalMs: STEP, range: RANGE } as never,
  };
  return (
    <Panel
      id={1}
      data={data}
      timeRange={RANGE}
      timeZone="utc"
      options={options}
      transparent={false}
      width={width}
      height={height}
      fieldConfig={{ defaults: {}, overrides: [] }}
      renderCounter={0}
      title="Mail availability"
      eventBus={{} as never}
      onOptionsChange={() => {}}
      onFieldConfigChange={() => {}}
      replaceVariables={(v: string) => v}
      onChangeTimeRange={() => {}}
    />
  );
}

function timeSeries(frames: DataFrame[], theme: GrafanaTheme2, width: number, height: number, unit: string) {
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
      width={width}
      height={height}
      timeRange={RANGE}
      timeZone="utc"
      legend={{ showLegend: false, displayMode: LegendDisplayMode.List, placement: 'bottom', calcs: [] }}
    />
  );
}

function EditorHost({ Editor, agreementId, frames }: { Editor: React.ComponentType<any>; agreementId: string; frames: DataFrame[] }) {
  const [mappings, setMappings] = React.useState([
    { refId: 'A', target: 'availability', role: 'good' },
    { refId: 'B', target: 'availability', role: 'total' },
  ]);
  const options = { ...PANEL_OPTIONS, source: 'registry' as const, agreementId, mappings };
  return <Editor value={mappings} onChange={setMappings} item={{}} context={{ data: frames, options }} />;
}

export async function panelHostElement(theme: GrafanaTheme2, params: URLSearchParams): Promise<React.ReactElement> {
  if (params.get('view') === 'editor') {
    const { MappingEditor } = await import('../../src/panels/slastatus/components/MappingEditor');
    const executed = (refId: string, expr: string) =>
      createDataFrame({ refId, meta: { executedQueryString: `Expr: ${expr}\nStep: 5m` }, fields: [{ name: 'Time', type: FieldType.time, values: [] }, { name: 'Value', type: FieldType.number, values: [] }] });
    const frames = [executed('A', params.get('good') ?? ''), executed('B', params.get('total') ?? '')];
    return (
      <div style={{ padding: 8, width: 420 }}>
        <EditorHost Editor={MappingEditor} agreementId={params.get('agreement') ?? ''} frames={frames} />
      </div>
    );
  }
  const { plugin } = (await import('../../src/panels/slastatus/module')) as { plugin: PanelPlugin };
  const series = slaFrames();
  if (params.get('view') === 'dashboard') {
    const { rate, errors } = dashboardFrames();
    const inner = (w: number, h: number) => ({ w: w - 18, h: h - 42 });
    const wide = inner(700, 300);
    const side = inner(520, 300);
    return (
      <div style={{ display: 'grid', gridTemplateColumns: '700px 520px', gap: 8, padding: 8 }}>
        <Chrome title="Requests per second" width={700} height={300} theme={theme}>
          {timeSeries(rate, theme, wide.w, wide.h, 'reqps')}
        </Chrome>
        <Chrome title="Error ratio" width={520} height={300} theme={theme}>
          {timeSeries(errors, theme, side.w, side.h, 'percent')}
        </Chrome>
        <div style={{ gridColumn: '1 / span 2' }}>
          <Chrome title="Mail availability — SLA status" width={1228} height={380} theme={theme}>
            {slaPanel(plugin, 1210, 338, series)}
          </Chrome>
        </div>
      </div>
    );
  }
  const width = Number(params.get('width') ?? 640);
  const height = Number(params.get('height') ?? 400);
  // `agreement=<id>`: the same queries mapped to that registry agreement's target instead
  const agreementId = params.get('agreement');
  let options = agreementId ? { ...PANEL_OPTIONS, source: 'registry' as const, agreementId } : PANEL_OPTIONS;
  if (params.get('mode') === 'kpi') {
    // KPI mode: the panel queries Grafana's /api/ds/query itself, per agreement
    const kpiType = (params.get('type') ?? '') as typeof PANEL_OPTIONS.kpiType;
    options = { ...PANEL_OPTIONS, mode: 'kpi', kpiType, kpiService: params.get('service') ?? '', kpiParty: params.get('party') ?? '' };
  }
  return (
    <div style={{ padding: 8 }}>
      <Chrome title={params.get('mode') === 'kpi' ? 'Service level KPIs' : 'Mail availability'} width={width + 18} height={height + 42} theme={theme}>
        {slaPanel(plugin, width, height, series, options)}
      </Chrome>
    </div>
  );
}
