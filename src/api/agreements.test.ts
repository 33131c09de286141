import { parse } from 'yaml';
import { engineError, installRegistry } from '../panels/slastatus/testSupport';
import { applyTargetMappings, getAgreementDocument, listAgreements, saveTargetMapping } from './agreements';

const YAML = `apiVersion: slm/v1
kind: Agreement
metadata: { id: SLA-1, title: Mail }
spec:
  type: SLA
  service: mail
  provider: ops
  counterparty: finance
  timezone: UTC
  window: { calendar: month }
  targets:
    - id: availability
      objective: 99.9
      slice: 5m
      sli:
        ratio:
          good: { datasource: prom, expr: old_good }
          total: { datasource: prom, expr: old_total }
    - id: latency
      objective: 99
      slice: 5m
      sli:
        threshold: { query: { datasource: prom, expr: old_p95 }, op: lte, value: 0.3 }
`;

const BASE = '/api/plugin-proxy/slm-servicelevel-app/api/v1';

describe('getAgreementDocument', () => {
  test('parses the YAML export and takes the version from the ETag', async () => {
    const requests = installRegistry(() => ({ status: 200, data: YAML, headers: { etag: 'W/"7"' } }));
    const { agreement, version } = await getAgreementDocument('SLA-1');
    expect(requests[0].url).toBe(`${BASE}/agreements/SLA-1/export`);
    expect(agreement.spec.targets.map((t) => t.id)).toEqual(['availability', 'latency']);
    expect(agreement.spec.minCoverage).toBe(0); // defaults applied by the shared schema
    expect(version).toBe('7');
  });

  test('403 is a forbidden EngineError; an invalid export names the problem', async () => {
    installRegistry(() => engineError(403, 'forbidden', 'no read access'));
    await expect(getAgreementDocument('SLA-1')).rejects.toMatchObject({ kind: 'forbidden', status: 403 });
    installRegistry(() => ({ status: 200, data: YAML.replace('objective: 99.9', 'objective: 120') }));
    await expect(getAgreementDocument('SLA-1')).rejects.toThrow(/spec\.targets\[0\]\.objective: must be between 0 and 100 \(line 13, col 18\)/);
    installRegistry(() => ({ status: 200, data: YAML }));
    await expect(getAgreementDocument('SLA-2')).rejects.toThrow('the export is agreement SLA-1');
  });
});

describe('listAgreements', () => {
  test('asks for active agreements with the filter fields that are set', async () => {
    const requests = installRegistry(() => ({ status: 200, data: { items: [{ id: 'SLA-1' }], total: 1 } }));
    const list = await listAgreements({ type: 'OLA', service: ' ', party: 'finance' });
    expect(requests[0].params).toEqual({ state: 'active', limit: 500, type: 'OLA', party: 'finance' });
    expect(list.total).toBe(1);
  });

  test('a body without items is an error, not an empty list', async () => {
    installRegistry(() => ({ status: 200, data: { rows: [] } }));
    await expect(listAgreements()).rejects.toMatchObject({ kind: 'invalid' });
  });
});

describe('saving a mapping', () => {
  test('replaces the mapped SLI queries and imports the YAML with If-Match', async () => {
    const requests = installRegistry((req) =>
      req.method === 'GET' ? { status: 200, data: YAML, headers: { etag: '"7"' } } : { status: 200, data: { version: 8 } }
    );
    const result = await saveTargetMapping('SLA-1', [
      { targetId: 'latency', value: { datasource: 'prom-uid', expr: 'histogram_quantile(0.95, x)' }, op: 'lt', threshold: 0.25 },
    ]);
    expect(result.version).toBe('8');
    const post = requests[1];
    expect(post.url).toBe(`${BASE}/agreements/import`);
    expect(post.method).toBe('POST');
    expect(post.headers).toEqual({ 'If-Match': '7' });
    const doc = parse((post.data as { yaml: string }).yaml);
    expect(doc.spec.targets[1].sli.threshold).toEqual({ query: { datasource: 'prom-uid', expr: 'histogram_quantile(0.95, x)' }, op: 'lt', value: 0.25 });
    expect(doc.spec.targets[0].sli.ratio.good.expr).toBe('old_good');
  });

  test('a stale version surfaces as a conflict; an unknown target changes nothing', async () => {
    const requests = installRegistry((req) =>
      req.method === 'GET' ? { status: 200, data: YAML, headers: { etag: '"7"' } } : engineError(409, 'conflict', 'version 9 is current')
    );
    await expect(saveTargetMapping('SLA-1', [{ targetId: 'availability', good: { datasource: 'p', expr: 'g' } }])).rejects.toMatchObject({ kind: 'conflict' });
    await expect(saveTargetMapping('SLA-1', [{ targetId: 'nope', value: { datasource: 'p', expr: 'v' } }])).rejects.toThrow('agreement SLA-1 has no target nope');
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  test('applyTargetMappings validates the result with the shared schema', async () => {
    installRegistry(() => ({ status: 200, data: YAML }));
    const { agreement } = await getAgreementDocument('SLA-1');
    expect(() => applyTargetMappings(agreement, [{ targetId: 'latency', threshold: Number.NaN }])).toThrow(/threshold\.value: must be a number/);
  });
});
