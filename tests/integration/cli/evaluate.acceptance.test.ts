/**
 * Acceptance of `slm evaluate` against DESIGN §5, with cases written independently of the
 * evaluator's own unit tests: each expectation below is worked out by hand in its comment.
 * Runs the real command (`npx slm evaluate …`) on YAML files and Grafana /api/ds/query responses.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..', '..');
const H = 3_600_000;
let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'slm-accept-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

type Points = Array<[iso: string, value: number]>;

/** A Grafana /api/ds/query response, one Prometheus-style frame per refId. */
function response(series: Record<string, Points>) {
  const results: Record<string, unknown> = {};
  for (const [refId, points] of Object.entries(series)) {
    results[refId] = {
      status: 200,
      frames: [
        {
          schema: {
            refId,
            meta: { type: 'timeseries-multi', typeVersion: [0, 1] },
            fields: [
              { name: 'Time', type: 'time', typeInfo: { frame: 'time.Time' } },
              { name: 'Value', type: 'number', typeInfo: { frame: 'float64' }, labels: { job: 'mail' } },
            ],
          },
          data: { values: [points.map(([t]) => Date.parse(t)), points.map(([, v]) => v)] },
        },
      ],
    };
  }
  return { results };
}

function agreement(spec: string, targets: string) {
  return `apiVersion: slm/v1
kind: Agreement
metadata:
  id: SLA-T
  title: Acceptance case
spec:
  type: SLA
  service: mail
  provider: it-operations
  counterparty: finance
${spec
  .trim()
  .split('\n')
  .map((l) => `  ${l}`)
  .join('\n')}
  targets:
${targets
  .trim()
  .split('\n')
  .map((l) => `    ${l}`)
  .join('\n')}
`;
}

let n = 0;
function evaluate(yaml: string, data: object, args: string[], viaNpx = false) {
  n++;
  const a = join(dir, `case${n}.yaml`);
  const d = join(dir, `case${n}.json`);
  writeFileSync(a, yaml);
  writeFileSync(d, JSON.stringify(data));
  const cmd = viaNpx ? 'npx' : process.execPath;
  const argv = viaNpx ? ['--no-install', 'slm', 'evaluate', a, '--data', d, ...args] : [join(ROOT, 'server/bin/slm.mjs'), 'evaluate', a, '--data', d, ...args];
  const r = spawnSync(cmd, argv, { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr, report: r.status === 0 ? JSON.parse(r.stdout) : undefined };
}

const close = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} ≈ ${expected}`);

const hourly = (fromIso: string, values: Array<number | null>): Points =>
  values.flatMap((v, i) => (v === null ? [] : [[new Date(Date.parse(fromIso) + (i + 1) * H).toISOString(), v] as [string, number]]));

describe('slm evaluate — DESIGN §5 acceptance', () => {
  test('calendar month in Asia/Shanghai: only slices of the period that have ended count; occurrences; budget; exactly-at-objective slice is good', () => {
    // March 2026 in Shanghai starts 2026-02-28T16:00Z. At 18:00Z two 1h slices have ended.
    // Points are stamped at slice end: 15:00Z (February), 17:00Z, 18:00Z, 19:00Z (not ended).
    // Σgood/Σtotal = (99 + 100) / (100 + 100) = 99.5 %; budget = 100 × (1 − 0.005/0.01) = 50.
    // The 16–17 slice is 99/100 = objective, so not bad: no bad intervals.
    const yaml = agreement(
      `timezone: Asia/Shanghai\nwindow: { calendar: month }`,
      `- id: avail
  objective: 99
  slice: 1h
  budgeting: occurrences
  sli:
    ratio:
      good: { datasource: prometheus, expr: good }
      total: { datasource: prometheus, expr: total }`
    );
    const data = response({
      'avail/good': [['2026-02-28T15:00:00Z', 0], ['2026-02-28T17:00:00Z', 99], ['2026-02-28T18:00:00Z', 100], ['2026-02-28T19:00:00Z', 0]],
      'avail/total': [['2026-02-28T15:00:00Z', 100], ['2026-02-28T17:00:00Z', 100], ['2026-02-28T18:00:00Z', 100], ['2026-02-28T19:00:00Z', 100]],
    });
    const { status, report } = evaluate(yaml, data, ['--at', '2026-02-28T18:00:00Z'], true);
    assert.equal(status, 0);
    assert.deepEqual(report.period, { from: '2026-02-28T16:00:00.000Z', to: '2026-03-31T16:00:00.000Z' });
    const [t] = report.targets;
    close(t.compliance, 99.5);
    close(t.errorBudgetRemaining, 50);
    assert.equal(t.coverage, 100);
    assert.deepEqual(t.badIntervals, []);
    assert.equal(t.state, 'met');
    assert.equal(report.state, 'met');

    // The previous period by name: February 2026 in Shanghai.
    const feb = evaluate(yaml, data, ['--at', '2026-02-28T18:00:00Z', '--period', '2026-02']);
    assert.deepEqual(feb.report.period, { from: '2026-01-31T16:00:00.000Z', to: '2026-02-28T16:00:00.000Z' });
    close(feb.report.targets[0].compliance, 0); // the 14–15Z... slice: 0 good of 100
  });

  // Week of Mon 2026-03-02 (UTC); service hours Mon–Fri 08–12; Tue 03-03 a holiday; maintenance
  // Wed 09:30–10:00 cuts the Wed 09–10 slice. Counted: Mon 8,9,10,11 and Wed 8,10,11 = 7 slices.
  // Values (threshold lte 0.3): Mon 8 .1, 9 .5 (bad), 10 .2, 11 none; Wed 8 .1, 9 5 (maintenance),
  // 10 .9 (bad), 11 .2; out-of-hours Mon 13 = 5 and holiday Tue 9 = 5 must not count.
  const weekSpec = (noData: string, minCoverage = 0) =>
    `timezone: UTC
window: { calendar: week }
serviceHours:
  - { days: [mon, tue, wed, thu, fri], from: "08:00", to: "12:00" }
holidays: ["2026-03-03"]
maintenance:
  - { from: "2026-03-04T09:30:00Z", to: "2026-03-04T10:00:00Z" }
noData: ${noData}
minCoverage: ${minCoverage}`;
  const latency = `- id: p95
  objective: 80
  slice: 1h
  budgeting: timeslices
  sli:
    threshold:
      query: { datasource: prometheus, expr: p95 }
      op: lte
      value: 0.3`;
  const weekData = response({
    'p95/value': [
      ...hourly('2026-03-02T08:00:00Z', [0.1, 0.5, 0.2, null, null, 5]),
      ...hourly('2026-03-03T09:00:00Z', [5]),
      ...hourly('2026-03-04T08:00:00Z', [0.1, 5, 0.9, 0.2]),
    ],
  });
  const at = ['--at', '2026-03-05T00:00:00Z'];

  test('service hours, holidays and a maintenance window that cuts a slice; noData ignore', () => {
    // With data 6 of 7 → coverage 85.714…; good 4 of 6 → 66.666…; budget 100 × (1 − (1/3)/0.2) = −66.666…
    const { report } = evaluate(agreement(weekSpec('ignore'), latency), weekData, at);
    const [t] = report.targets;
    assert.deepEqual(report.period, { from: '2026-03-02T00:00:00.000Z', to: '2026-03-09T00:00:00.000Z' });
    close(t.coverage, (6 / 7) * 100);
    close(t.compliance, (4 / 6) * 100);
    close(t.errorBudgetRemaining, -((1 / 3 / 0.2 - 1) * 100));
    assert.equal(t.state, 'breached');
    assert.deepEqual(t.badIntervals, [
      { from: '2026-03-02T09:00:00.000Z', to: '2026-03-02T10:00:00.000Z' },
      { from: '2026-03-04T10:00:00.000Z', to: '2026-03-04T11:00:00.000Z' },
    ]);
  });

  test('noData bad and good change the denominator and the bad intervals', () => {
    // bad: 4 good of 7; Mon 11–12 (no data) is bad and touches nothing bad → its own interval.
    const bad = evaluate(agreement(weekSpec('bad'), latency), weekData, at).report.targets[0];
    close(bad.compliance, (4 / 7) * 100);
    assert.deepEqual(bad.badIntervals, [
      { from: '2026-03-02T09:00:00.000Z', to: '2026-03-02T10:00:00.000Z' },
      { from: '2026-03-02T11:00:00.000Z', to: '2026-03-02T12:00:00.000Z' },
      { from: '2026-03-04T10:00:00.000Z', to: '2026-03-04T11:00:00.000Z' },
    ]);
    // good: 5 good of 7.
    close(evaluate(agreement(weekSpec('good'), latency), weekData, at).report.targets[0].compliance, (5 / 7) * 100);
  });

  test('coverage below minCoverage makes the target no_data, whatever its compliance', () => {
    const { report } = evaluate(agreement(weekSpec('ignore', 90), latency), weekData, at);
    assert.equal(report.targets[0].state, 'no_data');
    assert.equal(report.state, 'no_data');
  });

  test('rolling window; zero-traffic slice has no data and breaks a run of bad slices; warning gives at_risk; breached wins', () => {
    // Rolling 6h ending 06:00Z: slices 00..05. good/total: 100/100, 90/100 (bad), 0/0 (no data),
    // 50/100 (bad), 95/100 (bad), missing. Σ = 335/400 = 83.75 %; coverage 4/6.
    const yaml = agreement(
      `timezone: UTC\nwindow: { rolling: 6h }\nminCoverage: 50`,
      `- id: avail
  objective: 99
  slice: 1h
  sli:
    ratio:
      good: { datasource: prometheus, expr: good }
      total: { datasource: prometheus, expr: total }
- id: errors
  objective: 90
  warning: 99
  slice: 1h
  sli:
    ratio:
      good: { datasource: prometheus, expr: good }
      total: { datasource: prometheus, expr: total }`
    );
    const good = hourly('2026-03-02T00:00:00Z', [100, 90, 0, 50, 95, null]);
    const total = hourly('2026-03-02T00:00:00Z', [100, 100, 0, 100, 100, null]);
    // errors target: 97 of 100 in one slice → 97 % ≥ 90 objective but < 99 warning → at_risk.
    const data = response({
      'avail/good': good,
      'avail/total': total,
      'errors/good': hourly('2026-03-02T00:00:00Z', [97]),
      'errors/total': hourly('2026-03-02T00:00:00Z', [100]),
    });
    const { report } = evaluate(yaml, data, ['--at', '2026-03-02T06:00:00Z']);
    const [avail, errors] = report.targets;
    assert.deepEqual(report.period, { from: '2026-03-02T00:00:00.000Z', to: '2026-03-02T06:00:00.000Z' });
    close(avail.compliance, 83.75);
    close(avail.coverage, (4 / 6) * 100);
    assert.deepEqual(avail.badIntervals, [
      { from: '2026-03-02T01:00:00.000Z', to: '2026-03-02T02:00:00.000Z' },
      { from: '2026-03-02T03:00:00.000Z', to: '2026-03-02T05:00:00.000Z' },
    ]);
    assert.equal(avail.state, 'breached');
    assert.equal(errors.state, 'no_data'); // 1 of 6 slices with data < 50 % coverage
    assert.equal(report.state, 'breached');

    const withCoverage = evaluate(yaml.replace('minCoverage: 50', 'minCoverage: 10'), data, ['--at', '2026-03-02T06:00:00Z']);
    assert.equal(withCoverage.report.targets[1].state, 'at_risk');
    close(withCoverage.report.targets[1].compliance, 97);
  });

  test('timeslices over a ratio SLI: a slice is good when its own good/total reaches the objective', () => {
    // Slices 00..03 of a rolling 4h: 100/100 (good), 98/100 (bad), 0/0 (no data: left out under
    // noData ignore), 99/100 (exactly the objective: good). Good slices 2 of 3 → 66.666…;
    // the bad interval is 01–02 only.
    const yaml = agreement(
      `timezone: UTC\nwindow: { rolling: 4h }`,
      `- id: avail
  objective: 99
  slice: 1h
  budgeting: timeslices
  sli:
    ratio:
      good: { datasource: prometheus, expr: good }
      total: { datasource: prometheus, expr: total }`
    );
    const data = response({
      'avail/good': hourly('2026-03-02T00:00:00Z', [100, 98, 0, 99]),
      'avail/total': hourly('2026-03-02T00:00:00Z', [100, 100, 0, 100]),
    });
    const [t] = evaluate(yaml, data, ['--at', '2026-03-02T04:00:00Z']).report.targets;
    close(t.compliance, (2 / 3) * 100);
    close(t.coverage, 75);
    assert.deepEqual(t.badIntervals, [{ from: '2026-03-02T01:00:00.000Z', to: '2026-03-02T02:00:00.000Z' }]);
  });

  test('a calendar week across the daylight-saving change in Europe/Berlin has 167 hours', () => {
    // ISO week 13 of 2026: Mon 03-23 00:00 CET (22T23:00Z) to Mon 03-30 00:00 CEST (29T22:00Z).
    // Every hourly slice is good but one → 166 / 167.
    const from = Date.parse('2026-03-22T23:00:00Z');
    const points: Points = [];
    for (let i = 1; i <= 167; i++) {
      points.push([new Date(from + i * H).toISOString(), i === 100 ? 1 : 0.1]);
    }
    const yaml = agreement(`timezone: Europe/Berlin\nwindow: { calendar: week }`, latency);
    const { report } = evaluate(yaml, response({ 'p95/value': points }), ['--at', '2026-04-01T00:00:00Z', '--period', '2026-W13']);
    assert.deepEqual(report.period, { from: '2026-03-22T23:00:00.000Z', to: '2026-03-29T22:00:00.000Z' });
    close(report.targets[0].compliance, (166 / 167) * 100);
    assert.deepEqual(report.targets[0].badIntervals, [
      { from: new Date(from + 99 * H).toISOString(), to: new Date(from + 100 * H).toISOString() },
    ]);
  });

  test('invalid agreements exit 2 with the path, the reason and the line', () => {
    const thresholdOccurrences = agreement(`timezone: UTC\nwindow: { calendar: month }`, latency.replace('timeslices', 'occurrences'));
    const r1 = evaluate(thresholdOccurrences, response({}), ['--at', '2026-03-05T00:00:00Z']);
    assert.equal(r1.status, 2);
    assert.match(r1.stderr, /spec\.targets\[0\]/);
    assert.match(r1.stderr, /occurrences/);
    assert.match(r1.stderr, /line \d+/);

    const warningBelow = agreement(`timezone: UTC\nwindow: { calendar: month }`, latency.replace('objective: 80', 'objective: 80\n  warning: 70'));
    const r2 = evaluate(warningBelow, response({}), ['--at', '2026-03-05T00:00:00Z']);
    assert.equal(r2.status, 2);
    assert.match(r2.stderr, /warning/);

    const badZone = agreement(`timezone: Mars/Olympus\nwindow: { calendar: month }`, latency);
    const r3 = evaluate(badZone, response({}), ['--at', '2026-03-05T00:00:00Z']);
    assert.equal(r3.status, 2);
    assert.match(r3.stderr, /spec\.timezone/);
  });
});
