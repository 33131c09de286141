import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { activeIncidents, behaviourAt } from '../../../demo/incidents.mjs';
import { freePort } from '../../support/engine';
import { RunningPrometheus, startPrometheus } from '../../support/prometheus';

const DEMO = resolve(__dirname, '..', '..', '..', 'demo');
const at = (iso: string) => Date.parse(iso);

describe('demo incident schedule', () => {
  test('mail has a 5 % error burst from :17 to :23 of every hour and is healthy outside it', () => {
    assert.equal(behaviourAt('mail', at('2026-03-02T10:17:00Z')).errorRate, 0.05);
    assert.equal(behaviourAt('mail', at('2026-03-02T10:22:59Z')).errorRate, 0.05);
    assert.equal(behaviourAt('mail', at('2026-03-02T10:23:00Z')).errorRate, 0.001);
    assert.equal(behaviourAt('mail', at('2026-03-02T10:16:59Z')).errorRate, 0.001);
  });

  test('mail latency spikes for 15 minutes every 6 hours; portal is down 02:30–02:50 UTC daily', () => {
    assert.deepEqual(
      activeIncidents('mail', at('2026-03-02T04:12:00Z')).map((i: { kind: string }) => i.kind),
      ['latency']
    );
    assert.equal(behaviourAt('mail', at('2026-03-02T10:20:00Z')).latencyMs, 650);
    assert.equal(behaviourAt('mail', at('2026-03-02T10:25:00Z')).latencyMs, 80);
    assert.equal(behaviourAt('portal', at('2026-03-02T02:40:00Z')).errorRate, 1);
    assert.equal(behaviourAt('portal', at('2026-03-02T02:50:00Z')).errorRate, 0.002);
  });
});

describe('demo workload scraped by a real Prometheus with the dev environment config', () => {
  let workload: ChildProcess;
  let prometheus: RunningPrometheus;
  let workloadUrl: string;

  before(async () => {
    const port = await freePort();
    workloadUrl = `http://127.0.0.1:${port}`;
    workload = spawn(process.execPath, [join(DEMO, 'workload.mjs')], {
      env: { ...process.env, PORT: String(port), TICK_MS: '50', LOKI_URL: '' },
      stdio: 'ignore',
    });
    await waitFor(async () => (await fetch(`${workloadUrl}/healthz`)).ok);
    const config = readFileSync(join(DEMO, 'prometheus.yml'), 'utf8')
      .replace(/scrape_interval: \S+/, 'scrape_interval: 1s')
      .replaceAll('workload:9464', `127.0.0.1:${port}`);
    prometheus = await startPrometheus(config);
  });

  after(async () => {
    workload?.kill('SIGTERM');
    await prometheus?.stop();
  });

  test('each service is its own scrape job and exposes requests by code and a latency histogram', async () => {
    const mail = await (await fetch(`${workloadUrl}/metrics/mail`)).text();
    assert.match(mail, /^http_requests_total\{code="200",route="\/api"\} \d+/m);
    assert.match(mail, /^http_request_duration_seconds_bucket\{le="0.3"\} \d+/m);
    assert.equal((await fetch(`${workloadUrl}/metrics/unknown`)).status, 404);

    await waitFor(async () => (await prometheus.query('sum by (job) (http_requests_total)')).length === 2, 20_000);
    const jobs = (await prometheus.query('sum by (job) (http_requests_total)')).map((r) => r.metric.job).sort();
    assert.deepEqual(jobs, ['mail', 'portal']);
    const [first] = await prometheus.query('sum(http_requests_total{job="mail"})');
    await new Promise((r) => setTimeout(r, 2500));
    const [second] = await prometheus.query('sum(http_requests_total{job="mail"})');
    assert.ok(Number(second.value[1]) > Number(first.value[1]), 'the request counter keeps growing');
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if (await check()) {
        return;
      }
    } catch {
      // not ready yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('condition not met in time');
}
