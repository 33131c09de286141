/**
 * Data for the SLA status panel in the thin host (browser test, README screenshot): a mail
 * service's request counters as Prometheus returns them (one frame per query, Time + Value with
 * labels), 5-minute steps from March 1st to AT, with a marked outage on March 12th and a short
 * dip on March 17th. Pure data, so the browser test can evaluate the same frames in Node.
 */
import { FieldType, createDataFrame, type DataFrame } from '@grafana/data';
import { DEFAULT_OPTIONS, type SlaStatusOptions } from '../../src/panels/slastatus/types';

export const STEP = 300_000;
export const MARCH = Date.UTC(2026, 2, 1);
export const AT = Date.UTC(2026, 2, 20, 12);
export const OUTAGE = { from: Date.UTC(2026, 2, 12, 14), to: Date.UTC(2026, 2, 12, 16, 30) };
export const DIP = { from: Date.UTC(2026, 2, 17, 3), to: Date.UTC(2026, 2, 17, 3, 20) };

export interface Counters {
  times: number[];
  good: number[];
  total: number[];
}

export function counters(): Counters {
  const times: number[] = [];
  const good: number[] = [];
  const total: number[] = [];
  for (let end = MARCH + STEP; end <= AT; end += STEP) {
    const hour = new Date(end).getUTCHours();
    const t = Math.round(1200 + 800 * Math.sin(((hour - 6) / 24) * 2 * Math.PI) + ((end / STEP) % 7) * 10);
    const start = end - STEP;
    const fraction =
      start >= OUTAGE.from && start < OUTAGE.to ? 0.93 : start >= DIP.from && start < DIP.to ? 0.985 : 0.9995;
    times.push(end);
    total.push(t);
    good.push(Math.round(t * fraction));
  }
  return { times, good, total };
}

function frame(refId: string, times: number[], values: number[], labels: Record<string, string>): DataFrame {
  return createDataFrame({
    refId,
    meta: { executedQueryString: `Expr: ${refId}\nStep: 5m` },
    fields: [
      { name: 'Time', type: FieldType.time, values: times, config: { interval: STEP } },
      { name: 'Value', type: FieldType.number, values, labels, config: {} },
    ],
  });
}

/** The SLA panel's own queries: A good events, B all events, per 5 minutes. */
export function slaFrames(c = counters()): DataFrame[] {
  return [frame('A', c.times, c.good, { job: 'mail', code: '2xx' }), frame('B', c.times, c.total, { job: 'mail' })];
}

/** What the two regular time series panels next to it show: request rate and error ratio. */
export function dashboardFrames(c = counters()) {
  return {
    rate: [
      frame(
        'R',
        c.times,
        c.total.map((t) => t / 300),
        { job: 'mail' }
      ),
    ],
    errors: [
      frame(
        'E',
        c.times,
        c.total.map((t, i) => (100 * (t - c.good[i])) / t),
        { job: 'mail' }
      ),
    ],
  };
}

export const PANEL_OPTIONS: SlaStatusOptions = {
  ...DEFAULT_OPTIONS,
  source: 'adhoc',
  objective: 99.5,
  warning: 99.9,
  window: 'month',
  timezone: 'UTC',
  slice: '5m',
  mappings: [
    { refId: 'A', target: 'availability', role: 'good' },
    { refId: 'B', target: 'availability', role: 'total' },
  ],
};
