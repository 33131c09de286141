/**
 * The evaluator against a real Prometheus: a counter with known per-slice counts (including
 * injected bad periods and a zero-traffic gap) is backfilled with promtool, queried over HTTP
 * exactly as Grafana's Prometheus datasource would, turned into the frames Grafana returns, and
 * evaluated. Compliance must equal both the value computed from the generated counts and
 * Prometheus's own sum_over_time computation. Requires /usr/bin/prometheus and /usr/bin/promtool.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluateResponse, validateAgreement, type Agreement } from '../../../src/domain';
import { backfill, toGrafanaFrames, type PromMatrix } from '../../support/promData';
import { startPrometheus, type RunningPrometheus } from '../../support/prometheus';

const SLICE_S = 300;
const HOUR_MS = 3_600_000;

// The evaluated day ends three whole hours ago (inside retention, clear of the head block).
const TO = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 3 * HOUR_MS;
const FROM = TO - 24 * HOUR_MS;
const SLICES = (TO - FROM) / (SLICE_S * 1000); // 288
// Counter samples every slice from one hour before the day to one hour after it.
const GEN_START = FROM - HOUR_MS;
const GEN_SLICES = (TO + HOUR_MS - GEN_START) / (SLICE_S * 1000);
const OFFSET = (FROM - GEN_START) / (SLICE_S * 1000); // generated slice index of the day's first slice

const BAD_RUNS: Array<[number, number]> = [
  [30, 36], // 6 slices at 50 % errors
  [200, 204], // 4 slices, then a zero-traffic gap, then 3 more
  [207, 210],
];
const ZERO_TRAFFIC: [number, number] = [204, 207];

/** Per-slice counts of the evaluated day's slice i (negative or ≥ SLICES: outside the day). */
function counts(i: number): { ok: number; err: number } {
  if (i >= ZERO_TRAFFIC[0] && i < ZERO_TRAFFIC[1]) {
    return { ok: 0, err: 0 };
  }
  const total = 100 + ((i * 37 + 1000) % 50);
  const inBadRun = BAD_RUNS.some(([a, b]) => i >= a && i < b);
  // Half the requests fail in a bad run (≈ 800 of ≈ 36 000: the day breaches 99 %); one error
  // in ≥ 100 requests elsewhere keeps those slices at or above 99 %.
  const err = inBadRun ? Math.floor(total / 2) : i % 17 === 0 ? 1 : 0;
  // Outside the day, make everything bad so a slice leaking in would show.
  if (i < 0 || i >= SLICES) {
    return { ok: 0, err: total };
  }
  return { ok: total - err, err };
}

function openMetrics(): string {
  const lines = ['# HELP slm_requests Requests by status code.', '# TYPE slm_requests counter'];
  for (const code of ['200', '500'] as const) {
    let value = 0;
    for (let k = 0; k <= GEN_SLICES; k++) {
      if (k > 0) {
        const c = counts(k - 1 - OFFSET);
        value += code === '200' ? c.ok : c.err;
      }
      const ts = GEN_START / 1000 + k * SLICE_S;
      lines.push(`slm_requests_total{code="${code}"} ${value} ${ts}`);
    }
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

function expectedCompliance(): number {
  let good = 0;
  let total = 0;
  for (let i = 0; i < SLICES; i++) {
    const c = counts(i);
    good += c.ok;
    total += c.ok + c.err;
  }
  return (100 * good) / total;
}

type PromVector = {
  status: string;
  data: { resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> };
};

const GOOD_EXPR = 'sum(increase(slm_requests_total{code!~"5.."}[5m]))';
const TOTAL_EXPR = 'sum(increase(slm_requests_total[5m]))';

function agreement(): Agreement {
  const sli = (expr: string) => ({ datasource: 'prometheus', expr });
  const r = validateAgreement({
    apiVersion: 'slm/v1',
    kind: 'Agreement',
    metadata: { id: 'SLA-PROM', title: 'Backfilled' },
    spec: {
      type: 'SLA',
      service: 'web',
      provider: 'ops',
      counterparty: 'customer',
      timezone: 'UTC',
      window: { rolling: '1d' },
      targets: [
        {
          id: 'availability',
          objective: 99,
          slice: '5m',
          budgeting: 'occurrences',
          sli: { ratio: { good: sli(GOOD_EXPR), total: sli(TOTAL_EXPR) } },
        },
      ],
    },
  });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  return r.agreement;
}

describe('evaluator on a real Prometheus', () => {
  let dir: string;
  let prometheus: RunningPrometheus | undefined;
  let base: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'slm-prom-'));
    const tsdb = backfill(dir, openMetrics());
    prometheus = await startPrometheus('global:\n  scrape_interval: 1m\n', [`--storage.tsdb.path=${tsdb}`, '--storage.tsdb.retention.time=30d']);
    base = prometheus.url;
  });

  after(async () => {
    await prometheus?.stop();
    if (dir) {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  async function queryRange(expr: string): Promise<PromMatrix> {
    // Grafana asks for [start, end] at the step; points stamped at slice ends FROM+5m … TO.
    const params = new URLSearchParams({
      query: expr,
      start: String((FROM + SLICE_S * 1000) / 1000),
      end: String(TO / 1000),
      step: `${SLICE_S}`,
    });
    const res = await fetch(`${base}/api/v1/query_range?${params}`);
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()) as PromMatrix;
  }

  async function queryInstant(expr: string): Promise<number> {
    const params = new URLSearchParams({ query: expr, time: String(TO / 1000) });
    const res = await fetch(`${base}/api/v1/query?${params}`);
    const body = (await res.json()) as PromVector;
    assert.equal(body.status, 'success', JSON.stringify(body));
    assert.equal(body.data.result.length, 1, `${expr}: ${JSON.stringify(body.data.result)}`);
    return Number(body.data.result[0].value[1]);
  }

  it('computes the known compliance, the same as Prometheus, with the injected bad intervals', async () => {
    const [good, total] = await Promise.all([queryRange(GOOD_EXPR), queryRange(TOTAL_EXPR)]);
    assert.equal(total.data.result.length, 1);
    assert.equal(total.data.result[0].values.length, SLICES);
    const response = {
      results: {
        'availability/good': { status: 200, frames: toGrafanaFrames('availability/good', GOOD_EXPR, SLICE_S, good) },
        'availability/total': {
          status: 200,
          frames: toGrafanaFrames('availability/total', TOTAL_EXPR, SLICE_S, total),
        },
      },
    };
    const evaluation = evaluateResponse(agreement(), JSON.parse(JSON.stringify(response)), { at: TO });
    const target = evaluation.targets[0];

    const known = expectedCompliance();
    // Prometheus's own figure: per-slice counts summed over the day (a subquery of 288 steps).
    const window = `${(TO - FROM) / 1000 - 1}s`;
    const promOwn = await queryInstant(
      `100 * sum_over_time(${GOOD_EXPR}[${window}:5m]) / sum_over_time(${TOTAL_EXPR}[${window}:5m])`
    );
    const promIncrease = await queryInstant(
      `100 * sum(increase(slm_requests_total{code!~"5.."}[1d])) / sum(increase(slm_requests_total[1d]))`
    );

    assert.deepEqual(evaluation.period, { from: FROM, to: TO });
    assert.ok(Math.abs(target.compliance! - known) < 1e-9, `evaluator ${target.compliance} vs known ${known}`);
    assert.ok(Math.abs(target.compliance! - promOwn) < 1e-9, `evaluator ${target.compliance} vs Prometheus ${promOwn}`);
    assert.ok(Math.abs(promIncrease - known) < 1e-9, `Prometheus increase ${promIncrease} vs known ${known}`);
    assert.equal(target.slices.counted, SLICES);
    assert.equal(target.coverage, (100 * (SLICES - 3)) / SLICES); // the zero-traffic slices have no data
    assert.equal(target.state, 'breached');
    const slice = SLICE_S * 1000;
    assert.deepEqual(
      target.badIntervals,
      BAD_RUNS.map(([a, b]) => ({ from: FROM + a * slice, to: FROM + b * slice }))
    );
  });
});
