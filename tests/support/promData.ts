/**
 * Prometheus test data, shared by the integration tests and the test host's `/api/ds/query`
 * stand-in: known series written as OpenMetrics and backfilled with promtool into a TSDB that
 * a real Prometheus then serves, and Prometheus range results turned into the data frames
 * Grafana's Prometheus datasource returns from `/api/ds/query`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const PROMTOOL = process.env.PROMTOOL_PATH ?? '/usr/bin/promtool';

export interface PromMatrix {
  status: string;
  data: { resultType: string; result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> };
}

/** One sample: a value at a time (epoch ms). */
export interface Sample {
  labels: Record<string, string>;
  t: number;
  v: number;
}

/** Samples of one metric family as OpenMetrics text (timestamps in seconds), grouped by series. */
export function openMetrics(families: Array<{ name: string; type: 'counter' | 'gauge'; help: string; samples: Sample[] }>): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} ${family.type}`);
    const bySeries = new Map<string, Sample[]>();
    for (const s of family.samples) {
      const key = Object.entries(s.labels)
        .map(([k, v]) => `${k}="${v}"`)
        .join(',');
      bySeries.set(key, [...(bySeries.get(key) ?? []), s]);
    }
    const suffix = family.type === 'counter' ? '_total' : '';
    for (const [key, samples] of bySeries) {
      for (const s of samples.sort((a, b) => a.t - b.t)) {
        lines.push(`${family.name}${suffix}${key ? `{${key}}` : ''} ${s.v} ${s.t / 1000}`);
      }
    }
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

/** Writes OpenMetrics text to `dir/data.om` and backfills it into the TSDB at `dir/tsdb`; returns the TSDB path. */
export function backfill(dir: string, openMetricsText: string): string {
  if (!existsSync(PROMTOOL)) {
    throw new Error(`${PROMTOOL} is required (Debian package prometheus)`);
  }
  const input = join(dir, 'data.om');
  const tsdb = join(dir, 'tsdb');
  writeFileSync(input, openMetricsText);
  const run = spawnSync(PROMTOOL, ['tsdb', 'create-blocks-from', 'openmetrics', '-q', input, tsdb], { encoding: 'utf8' });
  if (run.status !== 0) {
    throw new Error(`promtool failed: ${run.stderr}`);
  }
  return tsdb;
}

/** DataFrameJSON as Grafana serialises it on the wire (schema + data, NaN/±Inf in entities). */
export interface FrameJSON {
  schema: {
    name: string;
    refId: string;
    meta: Record<string, unknown>;
    fields: Array<{ name: string; type: string; typeInfo?: { frame: string }; labels?: Record<string, string>; config?: Record<string, unknown> }>;
  };
  data: { values: unknown[][]; entities?: Array<Record<string, number[]> | null> };
}

/**
 * A Prometheus matrix as Grafana's Prometheus datasource returns it from /api/ds/query: one
 * frame per series (dataplane timeseries-multi), Time in ms, Value float64 with the series
 * labels, NaN/±Inf sent as null and listed in `entities`; an empty result is one frame without
 * fields that still carries the type.
 */
export function toGrafanaFrames(refId: string, expr: string, stepS: number, matrix: PromMatrix): FrameJSON[] {
  const meta = { type: 'timeseries-multi', typeVersion: [0, 1], executedQueryString: `Expr: ${expr}\nStep: ${stepS}s` };
  if (matrix.data.result.length === 0) {
    return [{ schema: { name: '', refId, meta, fields: [] }, data: { values: [] } }];
  }
  return matrix.data.result.map((series) => {
    const { __name__: name, ...labels } = series.metric;
    const times = series.values.map(([t]) => Math.round(t * 1000));
    const parsed = series.values.map(([, v]) => (v === '+Inf' ? Infinity : v === '-Inf' ? -Infinity : Number(v)));
    const entities: Record<string, number[]> = {};
    parsed.forEach((v, i) => {
      const kind = Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Inf' : v === -Infinity ? 'NegInf' : null;
      if (kind) {
        (entities[kind] ??= []).push(i);
      }
    });
    return {
      schema: {
        name: name ?? '',
        refId,
        meta,
        fields: [
          { name: 'Time', type: 'time', typeInfo: { frame: 'time.Time' }, config: { interval: stepS * 1000 } },
          { name: 'Value', type: 'number', typeInfo: { frame: 'float64' }, labels, config: { displayNameFromDS: expr } },
        ],
      },
      data: {
        values: [times, parsed.map((v) => (Number.isFinite(v) ? v : null))],
        ...(Object.keys(entities).length ? { entities: [null, entities] } : {}),
      },
    };
  });
}
