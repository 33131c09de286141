#!/usr/bin/env node
// Demo workload for the dev environment: simulates the "mail" and "portal" services, exposes
// their request, error and latency metrics for Prometheus (one path per service so that each is
// its own scrape job, as in the agreement examples: job="mail") and pushes request logs to Loki.
import { createServer } from 'node:http';
import { Counter, Histogram, Registry } from 'prom-client';
import { SERVICES, behaviourAt } from './incidents.mjs';

const port = Number(process.env.PORT ?? 9464);
const lokiUrl = process.env.LOKI_URL; // e.g. http://loki:3100
const tickMs = Number(process.env.TICK_MS ?? 1000);

const registries = {};
const instruments = {};
for (const service of Object.keys(SERVICES)) {
  const register = new Registry();
  registries[service] = register;
  instruments[service] = {
    requests: new Counter({ name: 'http_requests_total', help: 'Requests served', labelNames: ['code', 'route'], registers: [register] }),
    duration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Request latency',
      buckets: [0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2, 5],
      registers: [register],
    }),
  };
}

/** Simulates one tick of traffic for every service; returns the log lines it produced. */
function simulateTick(nowMs, random = Math.random) {
  const logs = [];
  for (const service of Object.keys(SERVICES)) {
    const { rps, errorRate, latencyMs } = behaviourAt(service, nowMs);
    const count = Math.max(1, Math.round((rps * tickMs) / 1000 * (0.8 + 0.4 * random())));
    for (let i = 0; i < count; i++) {
      const failed = random() < errorRate;
      const code = failed ? '503' : '200';
      const seconds = (latencyMs * (0.5 + random())) / 1000;
      instruments[service].requests.inc({ code, route: '/api' });
      instruments[service].duration.observe(seconds);
      if (failed || random() < 0.05) {
        logs.push({ service, level: failed ? 'error' : 'info', line: JSON.stringify({ msg: failed ? 'request failed' : 'request served', code, seconds }) });
      }
    }
  }
  return logs;
}

async function pushLogs(logs, nowMs) {
  if (!lokiUrl || logs.length === 0) {
    return;
  }
  const streams = new Map();
  for (const { service, level, line } of logs) {
    const key = `${service}/${level}`;
    if (!streams.has(key)) {
      streams.set(key, { stream: { job: service, service, level }, values: [] });
    }
    streams.get(key).values.push([`${nowMs}000000`, line]);
  }
  try {
    await fetch(`${lokiUrl}/loki/api/v1/push`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ streams: [...streams.values()] }),
    });
  } catch (e) {
    console.error(JSON.stringify({ level: 'warn', msg: 'loki push failed', error: String(e) }));
  }
}

const server = createServer(async (req, res) => {
  const service = req.url?.match(/^\/metrics\/(\w+)$/)?.[1];
  if (service && registries[service]) {
    res.writeHead(200, { 'Content-Type': registries[service].contentType });
    return res.end(await registries[service].metrics());
  }
  if (req.url === '/healthz') {
    return res.end('ok');
  }
  res.writeHead(404).end();
});

server.listen(port, () => console.log(JSON.stringify({ level: 'info', msg: 'demo workload listening', port })));
const timer = setInterval(() => {
  const now = Date.now();
  pushLogs(simulateTick(now), now);
}, tickMs);

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    clearInterval(timer);
    server.close(() => process.exit(0));
  });
}
