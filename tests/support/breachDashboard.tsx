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
import { createDataFrame, dataFrameFromJSON, dateTime, FieldType, type DataFrame, type DataFrameJSON, type GrafanaTheme2, type PanelPlugin, type TimeRange } from '@grafana/data';
import { type UPlotConfigBuilder } from '@grafana/ui';
import { CHROME, PanelChrome, pluginPanel, timeSeries } from '../host/panelParts';
import { DEFAULT_OPTIONS, type SlaStatusOptions } from '../../src/panels/slastatus/types';

const STEP = 60_000;

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

/** The time series of the dashboard, with the breach annotation shaded when there is one. */
function annotated(frames: DataFrame[], theme: GrafanaTheme2, range: TimeRange, size: { w: number; h: number }, unit: string, region?: { from: number; to: number }) {
  return timeSeries(frames, theme, range, size, unit, (config) =>
    region ? <AnnotationRegion config={config} from={region.from} to={region.to} color={theme.colors.error.transparent} /> : null
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
  const inner = (w: number, h: number) => ({ w: w - CHROME.width, h: h - CHROME.height });
  return (
    <div style={{ display: 'grid', gridTemplateColumns: '700px 520px', gap: 8, padding: 8 }}>
      <PanelChrome title="Mail: requests per second" width={700} height={300} theme={theme}>
        {annotated(rate, theme, range, inner(700, 300), 'reqps', region)}
      </PanelChrome>
      <PanelChrome title="Mail: error ratio" width={520} height={300} theme={theme}>
        {annotated(errors, theme, range, inner(520, 300), 'percent', region)}
      </PanelChrome>
      <div style={{ gridColumn: '1 / span 2' }}>
        <PanelChrome title={`${agreementId} — SLA status`} width={1228} height={380} theme={theme}>
          {pluginPanel(plugin, { title: 'SLA status', options, series, range, refIds: ['A', 'B'], intervalMs: STEP, width: 1210, height: 338 })}
        </PanelChrome>
      </div>
    </div>
  );
}
