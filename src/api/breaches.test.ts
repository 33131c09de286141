import { installBackendSrv } from '../test/backendSrv';
import { breach } from '../pages/Breaches/testFixtures';
import {
  acknowledgeBreach,
  breachParams,
  breachReportUrl,
  listBreaches,
  patchBreach,
  periodReportUrl,
  relatedBreaches,
  resolveBreach,
} from './breaches';

const BASE = '/api/plugin-proxy/slm-servicelevel-app/api/v1';

describe('breach list query', () => {
  test('several statuses are sent comma-separated; all of them, none, or blank fields are not sent', () => {
    expect(breachParams({ status: ['open', 'acknowledged'], service: ' ', party: 'finance', limit: 50, offset: 0 })).toEqual({
      status: 'open,acknowledged',
      party: 'finance',
      limit: 50,
      offset: 0,
    });
    expect(breachParams({ status: ['open', 'acknowledged', 'resolved'], type: 'OLA' })).toEqual({ type: 'OLA' });
    expect(breachParams({ status: [] })).toEqual({});
  });

  test('listBreaches asks the engine and rejects a body without items', async () => {
    const requests = installBackendSrv(() => ({ status: 200, data: { items: [breach('b-1')], total: 1, limit: 50, offset: 0 } }));
    const page = await listBreaches({ status: ['resolved'], severity: 'at_risk', agreement: 'SLA-1' });
    expect(page.items[0].id).toBe('b-1');
    expect(requests[0].url).toBe(`${BASE}/breaches`);
    expect(requests[0].params).toEqual({ status: 'resolved', severity: 'at_risk', agreement: 'SLA-1' });
    installBackendSrv(() => ({ status: 200, data: {} }));
    await expect(listBreaches()).rejects.toMatchObject({ kind: 'invalid' });
  });
});

describe('breach writes', () => {
  test('transitions and the patch send If-Match with the version seen', async () => {
    const requests = installBackendSrv(() => ({ status: 200, data: breach('b 1') }));
    await acknowledgeBreach('b 1', 3);
    await resolveBreach('b 1', 4);
    await patchBreach('b 1', { assignee: 'alice' }, 5);
    expect(requests.map((r) => [r.method, r.url, r.headers])).toEqual([
      ['POST', `${BASE}/breaches/b%201/acknowledge`, { 'If-Match': '3' }],
      ['POST', `${BASE}/breaches/b%201/resolve`, { 'If-Match': '4' }],
      ['PATCH', `${BASE}/breaches/b%201`, { 'If-Match': '5' }],
    ]);
    expect(requests[2].data).toEqual({ assignee: 'alice' });
  });

  test('a stale version comes back as a conflict with the engine code', async () => {
    installBackendSrv(() => ({ status: 409, data: { error: { code: 'version_conflict', message: 'stale', details: { currentVersion: 4 } } } }));
    await expect(acknowledgeBreach('b-1', 3)).rejects.toMatchObject({ kind: 'conflict', code: 'version_conflict' });
  });
});

describe('related breaches and exports', () => {
  test('related takes the list from items (or a bare array)', async () => {
    installBackendSrv(() => ({ status: 200, data: { items: [breach('ola-1', { agreementType: 'OLA' })] } }));
    expect((await relatedBreaches('b-1')).map((b) => b.id)).toEqual(['ola-1']);
    installBackendSrv(() => ({ status: 200, data: [breach('uc-1')] }));
    expect((await relatedBreaches('b-1')).map((b) => b.id)).toEqual(['uc-1']);
  });

  test('export links go through the plugin proxy', () => {
    expect(breachReportUrl('b-1', 'pdf')).toBe(`${BASE}/breaches/b-1/report.pdf`);
    expect(periodReportUrl('2026-11-01', '2026-11-30', 'md')).toBe(`${BASE}/breach-reports?from=2026-11-01&to=2026-11-30&format=md`);
  });
});
