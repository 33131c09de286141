/**
 * The evaluator against a real Prometheus: a counter with known per-slice counts (including
 * injected bad periods and a zero-traffic gap) is backfilled with promtool, queried over HTTP
 * exactly as Grafana's Prometheus datasource would, turned into the frames Grafana returns, and
 * evaluated. Compliance must equal both the value computed from the generated counts and
 * Prometheus's own sum_over_time computation. Requires /usr/bin/prometheus and /usr/bin/promtool.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluateResponse, validateAgreement, type Agreement } from '../../../src/domain';

const PROMETHEUS = '/usr/bin/prometheus';
const PROMTOOL = '/usr/bin/promtool';
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

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

type PromMatrix = {
  status: string;
  data: { resultType: string; result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> };
};
type PromVector = {
  status: string;
  data: { resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> };
};

/**
 * A Prometheus matrix as Grafana's Prometheus datasource returns it from /api/ds/query: one
 * frame per series (dataplane timeseries-multi), Time in ms, Value float64 with the series
 * labels, NaN/±Inf sent as null and listed in `entities`.
 */
function toGrafanaFrames(refId: string, expr: string, stepS: number, matrix: PromMatrix) {
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
        meta: { type: 'timeseries-multi', typeVersion: [0, 1], executedQueryString: `Expr: ${expr}\nStep: ${stepS}s` },
        fields: [
          { name: 'Time', type: 'time', typeInfo: { frame: 'time.Time' }, config: { interval: stepS * 1000 } },
          {
            name: 'Value',
            type: 'number',
            typeInfo: { frame: 'float64' },
            labels,
            config: { displayNameFromDS: expr },
          },
        ],
      },
      data: {
        values: [times, parsed.map((v) => (Number.isFinite(v) ? v : null))],
        ...(Object.keys(entities).length ? { entities: [null, entities] } : {}),
      },
    };
  });
}

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
  let prometheus: ChildProcess | undefined;
  let base: string;
  let stderr = '';

  before(async () => {
    assert.ok(existsSync(PROMETHEUS), `${PROMETHEUS} is required (Debian package prometheus)`);
    assert.ok(existsSync(PROMTOOL), `${PROMTOOL} is required (Debian package prometheus)`);
    dir = mkdtempSync(join(tmpdir(), 'slm-prom-'));
    writeFileSync(join(dir, 'data.om'), openMetrics());
    writeFileSync(join(dir, 'prometheus.yml'), 'global:\n  scrape_interval: 1m\n');
    const backfill = spawnSync(
      PROMTOOL,
      ['tsdb', 'create-blocks-from', 'openmetrics', '-q', join(dir, 'data.om'), join(dir, 'tsdb')],
      {
        encoding: 'utf8',
      }
    );
    assert.equal(backfill.status, 0, `promtool failed: ${backfill.stderr}`);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    prometheus = spawn(
      PROMETHEUS,
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'tsdb')}`,
        '--storage.tsdb.retention.time=30d',
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] }
    );
    prometheus.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
    const deadline = Date.now() + 30_000;
    for (;;) {
      assert.equal(prometheus.exitCode, null, `prometheus exited: ${stderr}`);
      const ok = await fetch(`${base}/-/ready`).then(
        (r) => r.ok,
        () => false
      );
      if (ok) {
        break;
      }
      assert.ok(Date.now() < deadline, `prometheus not ready after 30 s: ${stderr}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  after(() => {
    prometheus?.kill('SIGTERM');
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
