/**
 * The test host's stand-in for Grafana's `/api/ds/query` (tests/host/dsQuery.ts): its frames
 * must read, through src/domain's frames adapter, as exactly the values Prometheus returned;
 * its step, alignment and error answers must be Grafana's. Runs a real Prometheus.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FrameError, seriesFromResponse } from '../../../src/domain';
import { dsQuery, roundInterval, stepMs } from '../../host/dsQuery';
import { backfill, openMetrics, toGrafanaFrames, type PromMatrix, type Sample } from '../../support/promData';
import { RunningPrometheus, startPrometheus } from '../../support/prometheus';

const M5 = 300_000;
const HOUR = 3_600_000;
const TO = Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR;
const FROM = TO - 6 * HOUR;

describe('Prometheus matrix → Grafana frames', () => {
  const matrix: PromMatrix = {
    status: 'success',
    data: {
      resultType: 'matrix',
      result: [
        { metric: { __name__: 'up', job: 'mail' }, values: [[1000, '1'], [1300, 'NaN'], [1600, '+Inf'], [1900, '-Inf'], [2200, '0.25']] },
        { metric: { job: 'portal' }, values: [[1000, '2']] },
      ],
    },
  };

  test('one frame per series with the labels on the value field; values, NaN and ±Inf as the frames adapter reads them', () => {
    const frames = toGrafanaFrames('A', 'up', 300, matrix);
    assert.equal(frames.length, 2);
    assert.equal(frames[0].schema.meta.type, 'timeseries-multi');
    assert.equal(frames[0].schema.refId, 'A');
    assert.deepEqual(frames[0].schema.fields[1].labels, { job: 'mail' });
    const body = JSON.parse(JSON.stringify({ results: { A: { status: 200, frames: [frames[0]] } } }));
    const series = seriesFromResponse(body).get('A')!;
    assert.deepEqual([...series.times], [1_000_000, 1_300_000, 1_600_000, 1_900_000, 2_200_000]);
    assert.deepEqual([...series.values], [1, NaN, Infinity, -Infinity, 0.25]);
    assert.deepEqual(series.labels, { job: 'mail' });
    // two series under one refId: the adapter names both
    const both = JSON.parse(JSON.stringify({ results: { A: { status: 200, frames } } }));
    assert.throws(() => seriesFromResponse(both), (e: FrameError) => e.issues[0].code === 'several_series');
  });

  test('an empty result is one frame without fields: no data, not an error, when allowed', () => {
    const frames = toGrafanaFrames('A', 'up', 300, { status: 'success', data: { resultType: 'matrix', result: [] } });
    assert.equal(frames.length, 1);
    const body = { results: { A: { status: 200, frames } } };
    assert.equal(seriesFromResponse(body, { allowEmpty: true }).get('A')!.times.length, 0);
    assert.throws(() => seriesFromResponse(body), (e: FrameError) => e.issues[0].code === 'empty_result');
  });
});

describe('step', () => {
  test("intervalMs unless Grafana's maxDataPoints or safe resolution need a wider one", () => {
    assert.equal(stepMs(0, 31 * 24 * HOUR, M5, 2 * 8928), M5);
    assert.equal(stepMs(0, 31 * 24 * HOUR, M5, 1000), 30 * 60_000); // 44.6 min rounds to 30 min
    assert.equal(stepMs(0, 365 * 24 * HOUR, M5, 1e9), roundInterval((365 * 24 * HOUR) / 11_000));
    assert.equal(roundInterval(4 * 60_000), 5 * 60_000);
    assert.equal(roundInterval(M5), M5);
  });
});

describe('the stand-in on a real Prometheus', () => {
  let prometheus: RunningPrometheus;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'slm-dsq-'));
    const samples: Sample[] = [];
    for (let t = FROM - HOUR, v = 0; t <= TO + HOUR; t += M5, v += 7) {
      samples.push({ labels: { job: 'mail' }, t, v });
    }
    const tsdb = backfill(dir, openMetrics([{ name: 'slm_hits', type: 'counter', help: 'Hits.', samples }]));
    prometheus = await startPrometheus('global:\n  scrape_interval: 1m\n', [`--storage.tsdb.path=${tsdb}`]);
  });

  after(async () => {
    await prometheus?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('answers with Prometheus’s own range values, on the step grid, under results[refId].frames', async () => {
    const expr = 'sum(increase(slm_hits_total[5m]))';
    const reply = await dsQuery(
      { queries: [{ refId: 'x/good', datasource: { uid: 'prom' }, expr, intervalMs: M5, maxDataPoints: 1000, range: true }], from: String(FROM + 1234), to: String(TO + 999) },
      { prom: prometheus.url }
    );
    assert.equal(reply.status, 200);
    const series = seriesFromResponse(reply.body).get('x/good')!;
    // start and end aligned down to the step: FROM … TO, every 5 minutes, 7 hits each
    assert.equal(series.times[0], FROM);
    assert.equal(series.times[series.times.length - 1], TO);
    assert.equal(series.times.length, (TO - FROM) / M5 + 1);
    assert.ok([...series.values].every((v) => Math.abs(v - 7) < 1e-9), String([...series.values]));
  });

  test('a failing query is an error on its refId and HTTP 400, the others still answered; an unknown datasource fails the request', async () => {
    const reply = await dsQuery(
      {
        queries: [
          { refId: 'bad', datasource: { uid: 'prom' }, expr: 'sum(', intervalMs: M5 },
          { refId: 'none', datasource: { uid: 'prom' }, expr: 'slm_nothing_total', intervalMs: M5 },
        ],
        from: String(FROM),
        to: String(TO),
      },
      { prom: prometheus.url }
    );
    assert.equal(reply.status, 400);
    const results = (reply.body as { results: Record<string, { status: number; error?: string; frames?: unknown[] }> }).results;
    assert.equal(results.bad.status, 400);
    assert.match(results.bad.error!, /parse error/);
    assert.equal(results.none.status, 200);
    assert.equal(seriesFromResponse({ results: { none: results.none } }, { allowEmpty: true }).get('none')!.times.length, 0);

    const unknown = await dsQuery({ queries: [{ refId: 'A', datasource: { uid: 'loki' }, expr: 'x' }], from: String(FROM), to: String(TO) }, { prom: prometheus.url });
    assert.equal(unknown.status, 404);
    assert.match((unknown.body as { message: string }).message, /Data source not found: loki/);
  });
});
