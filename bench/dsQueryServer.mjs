/**
 * STAND-IN for Grafana's POST /api/ds/query, for the monitoring benchmark only: answers every
 * query with synthetic per-slice values (one point per step in [from, to], aligned to the step)
 * in the frame shape Grafana's Prometheus datasource returns. Runs in its own process so that
 * the engine's CPU is measured alone. Prints its port on stdout; GET /requests counts the
 * ds/query requests answered (the bench reports requests per cycle).
 */
import { createServer } from 'node:http';

function value(expr, t) {
  const slice = Math.floor(t / 300_000);
  const total = 1000 + (slice % 11);
  if (expr.includes('latency')) {
    return slice % 251 === 0 ? 0.9 : 0.12;
  }
  if (expr.includes('good')) {
    return slice % 389 === 0 ? total - 50 : total;
  }
  return total;
}

function answer(body) {
  const from = Number(body.from);
  const to = Number(body.to);
  const results = {};
  for (const q of body.queries) {
    const step = q.intervalMs;
    const times = [];
    const values = [];
    for (let t = Math.floor(from / step) * step; t <= Math.floor(to / step) * step; t += step) {
      times.push(t);
      values.push(value(q.expr, t));
    }
    results[q.refId] = {
      status: 200,
      frames: [
        {
          schema: {
            refId: q.refId,
            meta: { type: 'timeseries-multi' },
            fields: [
              { name: 'Time', type: 'time', typeInfo: { frame: 'time.Time' } },
              { name: 'Value', type: 'number', typeInfo: { frame: 'float64' }, labels: {} },
            ],
          },
          data: { values: [times, values] },
        },
      ],
    };
  }
  return { results };
}

let requests = 0;

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/requests') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end(String(requests));
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    if (req.method !== 'POST' || req.url !== '/api/ds/query') {
      res.writeHead(404).end('{}');
      return;
    }
    requests++;
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer(body)));
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(String(server.address().port)));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
