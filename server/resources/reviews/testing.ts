/**
 * Test support for reviews and improvement plans: a first quarter of monitoring history written
 * by the monitor itself (scheduler cycles against a Grafana stand-in answering /api/ds/query with
 * synthetic per-slice data), and the series that data is made of, for computing the expected
 * figures with the domain evaluator.
 */
import { pino } from 'pino';
import type { Agreement, TargetSeries } from '../../../src/domain';
import { GrafanaStandIn } from '../../../tests/support/grafanaStandIn';
import { monitorConfig } from '../../config';
import { insertActiveAgreements, syntheticDsQuery } from '../../monitor/testing';
import { startMonitoring } from '../../monitor/scheduler';
import type { Store } from '../../store/db';

export const H = 3_600_000;
const DAY = 24 * H;
/** Midnight in Shanghai (UTC+8, no DST) of a day of 2026. */
export const sh = (month: number, day: number, hour = 0) => Date.UTC(2026, month - 1, day, hour) - 8 * H;
export const JAN = { from: sh(1, 1), to: sh(2, 1) };
export const FEB = { from: sh(2, 1), to: sh(3, 1) };
export const MAR = { from: sh(3, 1), to: sh(4, 1) };
export const Q1 = { from: sh(1, 1), to: sh(4, 1) };
/** Agreement SLA-B fails half its requests (and is slow) for three hours in January and in February. */
export const INCIDENTS = [
  { from: sh(1, 15, 9), to: sh(1, 15, 12) },
  { from: sh(2, 10, 9), to: sh(2, 10, 12) },
];

const inIncident = (job: string, t: number) => job === 'b' && INCIDENTS.some((i) => t > i.from && t <= i.to);

/** Per-slice value of a query expression at the slice end `t`. */
export function source(expr: string, t: number): number | null {
  const job = /job="([^"]+)"/.exec(expr)?.[1] ?? '';
  const total = 1000 + ((t / H) % 7);
  if (expr.includes('latency')) {
    return inIncident(job, t) ? 0.9 : 0.1;
  }
  if (expr.includes('good')) {
    return inIncident(job, t) ? Math.floor(total / 2) : total;
  }
  return total;
}

export function quarterDoc(id: string, job: string, extra: Record<string, unknown> = {}) {
  const type = id.slice(0, id.indexOf('-'));
  return {
    apiVersion: 'slm/v1',
    kind: 'Agreement',
    metadata: { id, title: `Agreement ${id}` },
    spec: {
      type,
      service: 'mail',
      provider: 'it-operations',
      counterparty: type === 'OLA' ? 'network-team' : 'finance',
      timezone: 'Asia/Shanghai',
      window: { calendar: 'month' },
      noData: 'bad',
      targets: [
        {
          id: 'availability',
          objective: 99.9,
          warning: 99.95,
          slice: '1h',
          budgeting: 'occurrences',
          sli: { ratio: { good: { datasource: 'prom', expr: `good{job="${job}"}` }, total: { datasource: 'prom', expr: `total{job="${job}"}` } } },
          ...(job === 'b' ? { serviceCredits: [{ below: 99.9, credit: 10 }, { below: 99, credit: 25 }] } : {}),
        },
        { id: 'latency', objective: 99.5, slice: '1h', sli: { threshold: { query: { datasource: 'prom', expr: `latency{job="${job}"}` }, op: 'lte', value: 0.5 } } },
      ],
      ...extra,
    },
  };
}

/** SLA-A (clean), SLA-B (incidents, credit tiers, underpinned by OLA-C), OLA-C (clean). */
export const QUARTER_DOCS = [
  quarterDoc('SLA-A', 'a', { review: { cadence: 'quarter', participants: ['alice'] } }),
  quarterDoc('SLA-B', 'b', { underpinnedBy: ['OLA-C'], review: { cadence: 'month', participants: ['bob'] } }),
  quarterDoc('OLA-C', 'c', { review: { cadence: 'month', participants: ['carol', 'bob'] } }),
];

/** The series the synthetic source gives a target over [from, to] (points at slice ends). */
export function seriesOf(a: Agreement, targetId: string, from: number, to: number): TargetSeries {
  const t = a.spec.targets.find((x) => x.id === targetId)!;
  const series = (expr: string) => {
    const times: number[] = [];
    const values: number[] = [];
    for (let x = from; x <= to; x += H) {
      const v = source(expr, x);
      if (v !== null) {
        times.push(x);
        values.push(v);
      }
    }
    return { times: Float64Array.from(times), values: Float64Array.from(values) };
  };
  return t.sli.ratio ? { good: series(t.sli.ratio.good.expr), total: series(t.sli.ratio.total.expr) } : { value: series(t.sli.threshold!.query.expr) };
}

/**
 * Inserts the agreements (default QUARTER_DOCS) as active in org 1 and runs the monitor every
 * five days of simulated time through the first quarter, ending just after it so that March is settled.
 */
export async function monitorFirstQuarter(store: Store, inputs: unknown[] = QUARTER_DOCS): Promise<Agreement[]> {
  const standIn = await new GrafanaStandIn({ tokens: ['glsa_test'] }).start();
  standIn.route('POST', '/api/ds/query', (req) => ({ status: 200, body: syntheticDsQuery(req.body as never, source) }));
  const docs = await insertActiveAgreements(store, 1, inputs);
  let clock = sh(1, 1) + 30 * 60_000;
  const monitor = startMonitoring(
    {
      store,
      logger: pino({ level: 'silent' }),
      config: { ...monitorConfig({}), intervalMs: 1, settleMs: 2 * 60_000, concurrency: 2 },
      now: () => clock,
      grafanaTargets: async () => [{ url: standIn.url, token: 'glsa_test', orgId: 1, source: 'environment' }],
    },
    { loop: false }
  );
  try {
    const end = sh(4, 1) + 30 * 60_000;
    for (; clock < end; clock = Math.min(clock + 5 * DAY, end)) {
      const summary = await monitor.runOnce();
      if (summary.failed) {
        throw new Error(`monitor cycle failed at ${new Date(clock).toISOString()}`);
      }
    }
    await monitor.runOnce();
  } finally {
    await monitor.stop();
    await standIn.stop();
  }
  return docs;
}
