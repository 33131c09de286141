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
import { createDataFrame, FieldType, dateTime, type DataFrame, type GrafanaTheme2, type PanelPlugin, type TimeRange } from '@grafana/data';
import { CHROME, PanelChrome, pluginPanel, timeSeries } from './panelParts';
import { AT, MARCH, PANEL_OPTIONS, STEP, dashboardFrames, slaFrames } from './panelFixtures';

const RANGE: TimeRange = { from: dateTime(MARCH), to: dateTime(AT), raw: { from: 'now-30d', to: 'now' } };

function slaPanel(plugin: PanelPlugin, width: number, height: number, series: DataFrame[], options = PANEL_OPTIONS) {
  return pluginPanel(plugin, { title: 'Mail availability', options, series, range: RANGE, refIds: ['A', 'B'], intervalMs: STEP, width, height });
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
    const inner = (w: number, h: number) => ({ w: w - CHROME.width, h: h - CHROME.height });
    const wide = inner(700, 300);
    const side = inner(520, 300);
    return (
      <div style={{ display: 'grid', gridTemplateColumns: '700px 520px', gap: 8, padding: 8 }}>
        <PanelChrome title="Requests per second" width={700} height={300} theme={theme}>
          {timeSeries(rate, theme, RANGE, wide, 'reqps')}
        </PanelChrome>
        <PanelChrome title="Error ratio" width={520} height={300} theme={theme}>
          {timeSeries(errors, theme, RANGE, side, 'percent')}
        </PanelChrome>
        <div style={{ gridColumn: '1 / span 2' }}>
          <PanelChrome title="Mail availability — SLA status" width={1228} height={380} theme={theme}>
            {slaPanel(plugin, 1210, 338, series)}
          </PanelChrome>
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
      <PanelChrome title={params.get('mode') === 'kpi' ? 'Service level KPIs' : 'Mail availability'} width={width + CHROME.width} height={height + CHROME.height} theme={theme}>
        {slaPanel(plugin, width, height, series, options)}
      </PanelChrome>
    </div>
  );
}
