import { seriesFromResponse } from '../domain';
import { installRegistry } from '../panels/slastatus/testSupport';
import { DsQueryError, MAX_POINTS, dsQueryBody, mergeResponses, queryRange, splitRange, type DataFrameJSON, type RangeQuery } from './dsQuery';

const M5 = 300_000;
const H = 3_600_000;
const DAY = 24 * H;
const FROM = Date.UTC(2026, 2, 1);

const good: RangeQuery = { refId: 'availability/good', datasource: 'prom', expr: 'sum(increase(x{code!~"5.."}[5m]))', intervalMs: M5 };
const total: RangeQuery = { refId: 'availability/total', datasource: 'prom', expr: 'sum(increase(x[5m]))', intervalMs: M5 };

function frame(refId: string, times: number[], values: Array<number | null>, entities?: Record<string, number[]>): DataFrameJSON {
  return {
    schema: { refId, meta: { type: 'timeseries-multi' }, fields: [{ name: 'Time', type: 'time' }, { name: 'Value', type: 'number', labels: { job: 'mail' } }] },
    data: { values: [times, values], ...(entities ? { entities: [null, entities] } : {}) },
  };
}

describe('dsQueryBody', () => {
  test('is the body Grafana sends for range queries: datasource by uid, epoch-ms strings, a step of exactly intervalMs', () => {
    const body = dsQueryBody([good], { from: FROM, to: FROM + DAY });
    expect(body.from).toBe(String(FROM));
    expect(body.to).toBe(String(FROM + DAY));
    expect(body.queries).toEqual([
      {
        refId: 'availability/good',
        datasource: { uid: 'prom' },
        expr: good.expr,
        range: true,
        instant: false,
        exemplar: false,
        queryType: 'range',
        intervalMs: M5,
        maxDataPoints: 576, // twice the 288 slices: (to − from) ÷ maxDataPoints stays under the step
        utcOffsetSec: 0,
      },
    ]);
  });
});

describe('splitRange', () => {
  test('one range when it holds few enough points', () => {
    expect(splitRange({ from: FROM, to: FROM + 14 * DAY }, [good, total])).toEqual([{ from: FROM, to: FROM + 14 * DAY }]);
  });

  test('a quarter at 5 minutes is cut on the step grid into pieces of at most MAX_POINTS points', () => {
    const range = { from: FROM, to: FROM + 92 * DAY };
    const parts = splitRange(range, [good, { ...total, intervalMs: 15 * 60_000 }]);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts[0].from).toBe(range.from);
    expect(parts[parts.length - 1].to).toBe(range.to);
    for (let i = 0; i < parts.length; i++) {
      expect((parts[i].to - parts[i].from) / M5).toBeLessThanOrEqual(MAX_POINTS);
      if (i > 0) {
        expect(parts[i].from).toBe(parts[i - 1].to);
        expect(parts[i].from % (15 * 60_000)).toBe(0);
      }
    }
  });
});

describe('mergeResponses', () => {
  test('joins a series across ranges, keeps a boundary point once and NaN/Inf where they were', () => {
    const a = { results: { A: { status: 200, frames: [frame('A', [1, 2, 3], [10, null, 30], { NaN: [1] })] } } };
    const b = { results: { A: { status: 200, frames: [frame('A', [3, 4, 5], [30, null, 50], { Inf: [1] })] } } };
    const merged = mergeResponses([a, b]);
    const series = seriesFromResponse(merged).get('A')!;
    expect([...series.times]).toEqual([1, 2, 3, 4, 5]);
    expect([...series.values]).toEqual([10, NaN, 30, Infinity, 50]);
    // the inputs are left as they were
    expect(a.results.A.frames[0].data!.values![0]).toEqual([1, 2, 3]);
  });

  test('an error in any range is the error of the refId; an empty range adds nothing', () => {
    const empty = { schema: { refId: 'B', meta: { type: 'timeseries-multi' }, fields: [] }, data: { values: [] } };
    const merged = mergeResponses([
      { results: { A: { status: 200, frames: [frame('A', [1], [1])] }, B: { status: 200, frames: [empty] } } },
      { results: { A: { status: 400, error: 'boom' }, B: { status: 200, frames: [frame('B', [2], [2])] } } },
    ]);
    expect(merged.results.A).toEqual({ status: 400, error: 'boom' });
    expect([...seriesFromResponse({ results: { B: merged.results.B } }).get('B')!.times]).toEqual([2]);
  });
});

describe('queryRange', () => {
  test('POSTs to /api/ds/query and returns the results', async () => {
    const requests = installRegistry(() => ({ status: 200, data: { results: { 'availability/good': { status: 200, frames: [frame('availability/good', [FROM + M5], [5])] } } } }));
    const response = await queryRange([good], { from: FROM, to: FROM + H });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ url: '/api/ds/query', method: 'POST', headers: { 'X-Datasource-Uid': 'prom' } });
    expect(seriesFromResponse(response).get('availability/good')!.values[0]).toBe(5);
  });

  test('a failed query (HTTP 400 with results) is a response with the error on its refId', async () => {
    installRegistry(() => ({ status: 400, data: { results: { 'availability/good': { status: 400, error: 'parse error', errorSource: 'downstream' } } } }));
    const response = await queryRange([good], { from: FROM, to: FROM + H });
    expect(response.results['availability/good'].error).toBe('parse error');
  });

  test('anything else is a DsQueryError with Grafana’s message and status', async () => {
    installRegistry(() => ({ status: 404, data: { message: 'Data source not found' } }));
    const error = await queryRange([good], { from: FROM, to: FROM + H }).catch((e) => e);
    expect(error).toBeInstanceOf(DsQueryError);
    expect(error.message).toBe('Data source not found');
    expect(error.status).toBe(404);
    installRegistry(() => ({ status: 200, data: '<html>login</html>' }));
    await expect(queryRange([good], { from: FROM, to: FROM + H })).rejects.toThrow('not a /api/ds/query response');
  });

  test('a long range takes several requests, merged into one response', async () => {
    const requests = installRegistry((request) => {
      const body = request.data as { from: string; to: string };
      const from = Number(body.from);
      const to = Number(body.to);
      const times: number[] = [];
      for (let t = Math.floor(from / M5) * M5; t <= to; t += M5) {
        times.push(t);
      }
      return { status: 200, data: { results: { 'availability/good': { status: 200, frames: [frame('availability/good', times, times.map(() => 1))] } } } };
    });
    const range = { from: FROM, to: FROM + 92 * DAY };
    const response = await queryRange([good], range);
    expect(requests.length).toBeGreaterThan(1);
    const series = seriesFromResponse(response).get('availability/good')!;
    expect(series.times.length).toBe((range.to - range.from) / M5 + 1);
    expect(series.times[series.times.length - 1]).toBe(range.to);
  });
});
