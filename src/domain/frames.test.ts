/** @jest-environment node */
import { FrameError, seriesFromFrames, seriesFromResponse, type FrameIssueCode } from './frames';

const t1 = 1772323500000; // 2026-03-01T00:05:00Z
const t2 = t1 + 300000;

/** A Prometheus range frame as Grafana's /api/ds/query returns it (dataplane timeseries-multi). */
const promFrame = (refId: string, values: unknown[], labels: Record<string, string> = {}, entities?: object) => ({
  schema: {
    refId,
    meta: { type: 'timeseries-multi', typeVersion: [0, 1], executedQueryString: 'Expr: sum(x)\nStep: 5m0s' },
    fields: [
      { name: 'Time', type: 'time', typeInfo: { frame: 'time.Time' }, config: { interval: 300000 } },
      { name: 'Value', type: 'number', typeInfo: { frame: 'float64' }, labels, config: { displayNameFromDS: 'x' } },
    ],
  },
  data: { values: [[t1, t2].slice(0, values.length), values], ...(entities ? { entities: [null, entities] } : {}) },
});

const response = (results: Record<string, object>) => ({ results });

const issueCodes = (fn: () => unknown): FrameIssueCode[] => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FrameError);
    return (e as FrameError).issues.map((i) => i.code);
  }
  throw new Error('expected a FrameError');
};

describe('seriesFromResponse', () => {
  it('reads Prometheus range frames (one frame per series)', () => {
    const s = seriesFromResponse(
      response({ 'a/good': { status: 200, frames: [promFrame('a/good', [10, 20], { job: 'mail' })] } })
    );
    const good = s.get('a/good')!;
    expect([...good.times]).toEqual([t1, t2]);
    expect([...good.values]).toEqual([10, 20]);
    expect(good.labels).toEqual({ job: 'mail' });
  });

  it('decodes NaN/Inf entities and null as missing or infinite values', () => {
    const s = seriesFromResponse(
      response({ 'a/value': { frames: [promFrame('a/value', [null, null], {}, { NaN: [0], Inf: [1] })] } })
    );
    expect([...s.get('a/value')!.values]).toEqual([NaN, Infinity]);
    const nulls = seriesFromResponse(response({ 'a/value': { frames: [promFrame('a/value', [null, 3])] } }));
    expect([...nulls.get('a/value')!.values]).toEqual([NaN, 3]);
  });

  it('reads the wide layout (one frame, a time field and one number field)', () => {
    const wide = {
      schema: {
        refId: 'a/total',
        meta: { type: 'timeseries-wide' },
        fields: [
          { name: 'time', type: 'time' },
          { name: 'total', type: 'number', labels: { job: 'mail' } },
        ],
      },
      data: {
        values: [
          [t1, t2],
          [5, 6],
        ],
      },
    };
    expect([...seriesFromResponse(response({ 'a/total': { frames: [wide] } })).get('a/total')!.values]).toEqual([5, 6]);
  });

  it('reads Loki metric query frames', () => {
    const loki = {
      schema: {
        refId: 'a/good',
        meta: { type: 'timeseries-multi', typeVersion: [0, 1], custom: { frameType: 'LabeledTimeValues' } },
        fields: [
          { name: 'Time', type: 'time', typeInfo: { frame: 'time.Time' } },
          { name: 'Value', type: 'number', typeInfo: { frame: 'float64' }, labels: { app: 'mail' } },
        ],
      },
      data: { values: [[t1], [42]] },
    };
    expect([...seriesFromResponse(response({ 'a/good': { frames: [loki] } })).get('a/good')!.values]).toEqual([42]);
  });

  it('reads instant results with a time field, and numeric ones stamped at the query time', () => {
    const instant = promFrame('a/value', [0.25]);
    expect([...seriesFromResponse(response({ 'a/value': { frames: [instant] } })).get('a/value')!.times]).toEqual([t1]);
    const numeric = {
      schema: { refId: 'a/value', meta: { type: 'numeric-multi' }, fields: [{ name: 'Value', type: 'number' }] },
      data: { values: [[0.25]] },
    };
    const s = seriesFromResponse(response({ 'a/value': { frames: [numeric] } }), { instantAt: t2 });
    expect([...s.get('a/value')!.times]).toEqual([t2]);
    expect(issueCodes(() => seriesFromResponse(response({ 'a/value': { frames: [numeric] } })))).toEqual(['no_time']);
  });

  it.each([
    [
      'several series in several frames',
      { 'a/good': { frames: [promFrame('a/good', [1], { code: '200' }), promFrame('a/good', [2], { code: '201' })] } },
      ['several_series'],
      /refId 'a\/good' returned 2 series \(\{code="200"\}, \{code="201"\}\); aggregate/,
    ],
    [
      'several series in a wide frame',
      {
        'a/good': {
          frames: [
            {
              schema: {
                fields: [
                  { name: 'time', type: 'time' },
                  { name: 'x', type: 'number' },
                  { name: 'y', type: 'number' },
                ],
              },
              data: { values: [[t1], [1], [2]] },
            },
          ],
        },
      },
      ['several_series'],
      /returned 2 series \('x', 'y'\)/,
    ],
    ['an empty result', { 'a/good': { frames: [] } }, ['empty_result'], /refId 'a\/good' returned no data points/],
    [
      'a frame without fields (Prometheus empty result)',
      { 'a/good': { frames: [{ schema: { refId: 'a/good', fields: [] }, data: { values: [] } }] } },
      ['empty_result'],
      /no data points/,
    ],
    [
      'a non-numeric value',
      { 'a/good': { frames: [promFrame('a/good', [1, 'x'])] } },
      ['non_numeric'],
      /value "x" at row 1 of 'Value' is not a number/,
    ],
    [
      'a Loki log query',
      {
        'a/good': {
          frames: [
            {
              schema: {
                fields: [
                  { name: 'Time', type: 'time' },
                  { name: 'Line', type: 'string' },
                ],
              },
              data: { values: [[t1], ['GET /']] },
            },
          ],
        },
      },
      ['non_numeric'],
      /field 'Line' holds string values, not numbers \(a log query/,
    ],
    [
      'a failed query',
      { 'a/good': { status: 400, error: 'parse error at char 5' } },
      ['query_error'],
      /the query failed: parse error at char 5/,
    ],
  ])('rejects %s', (_name, results, codes, message) => {
    const run = () => seriesFromResponse(response(results));
    expect(issueCodes(run)).toEqual(codes);
    expect(run).toThrow(message);
  });

  it('rejects unknown and missing refIds against the expected ones, reporting all problems', () => {
    const body = response({
      'a/good': { frames: [promFrame('a/good', [1])] },
      'b/good': { frames: [promFrame('b/good', [1])] },
    });
    const run = () => seriesFromResponse(body, { expected: ['a/good', 'a/total'] });
    expect(issueCodes(run)).toEqual(['unknown_ref_id', 'missing_ref_id']);
    expect(run).toThrow("refId 'b/good' matches no query of the agreement (expected a/good, a/total)");
    expect(run).toThrow("refId 'a/total' is missing from the response");
  });

  it('turns an empty result into an empty series when allowed', () => {
    const s = seriesFromResponse(response({ 'a/good': { frames: [] } }), { allowEmpty: true });
    expect(s.get('a/good')!.values.length).toBe(0);
  });

  it('rejects a body that is not a query response', () => {
    expect(issueCodes(() => seriesFromResponse({ data: [] }))).toEqual(['malformed']);
  });
});

describe('seriesFromFrames (panel data)', () => {
  it('reads in-memory frames by refId', () => {
    const s = seriesFromFrames([
      {
        refId: 'a/value',
        fields: [
          { name: 'Time', type: 'time', values: [t1, t2] },
          { name: 'Value', type: 'number', values: [1, 2] },
        ],
      },
    ]);
    expect([...s.get('a/value')!.values]).toEqual([1, 2]);
  });
});
