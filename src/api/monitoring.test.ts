import { installBackendSrv } from '../test/backendSrv';
import { agreementStatus } from '../pages/Breaches/testFixtures';
import { createAlertRules, getEvaluation, getKpis, listEvaluations } from './monitoring';

const BASE = '/api/plugin-proxy/slm-servicelevel-app/api/v1';

describe('monitoring client', () => {
  test('evaluations are filtered on the engine; blank fields are not sent', async () => {
    const requests = installBackendSrv(() => ({ status: 200, data: { items: [agreementStatus('SLA-1')], total: 1, limit: 20, offset: 0 } }));
    const page = await listEvaluations({ state: 'at_risk', service: '', limit: 20 });
    expect(page.items[0].agreementId).toBe('SLA-1');
    expect(requests[0].url).toBe(`${BASE}/monitoring/evaluations`);
    expect(requests[0].params).toEqual({ state: 'at_risk', limit: 20 });
  });

  test('an agreement that is not monitored is a not_found error', async () => {
    const requests = installBackendSrv(() => ({ status: 404, data: { error: { code: 'not_found', message: 'agreement SLA-1 is not monitored' } } }));
    await expect(getEvaluation('SLA-1')).rejects.toMatchObject({ kind: 'not_found' });
    expect(requests[0].params).toEqual({ periods: 6 });
  });

  test('KPIs ask for the periods and time zone and reject a body without periods', async () => {
    const requests = installBackendSrv(() => ({ status: 200, data: { periods: [] } }));
    await getKpis(6, 'Asia/Shanghai');
    expect(requests[0].params).toEqual({ periods: 6, timezone: 'Asia/Shanghai' });
    installBackendSrv(() => ({ status: 200, data: {} }));
    await expect(getKpis()).rejects.toMatchObject({ kind: 'invalid' });
  });

  test('alert rules are created with the agreement version seen, whatever list shape comes back', async () => {
    const requests = installBackendSrv(() => ({ status: 200, data: { items: [{ uid: 'r1', title: 'fast burn' }] } }));
    expect(await createAlertRules('SLA-1', 7)).toEqual([{ uid: 'r1', title: 'fast burn' }]);
    expect(requests[0].method).toBe('POST');
    expect(requests[0].url).toBe(`${BASE}/alert-rules/SLA-1`);
    expect(requests[0].headers).toEqual({ 'If-Match': '7' });
    installBackendSrv(() => ({ status: 201, data: [{ uid: 'r2', title: 'breach' }] }));
    expect(await createAlertRules('SLA-1')).toEqual([{ uid: 'r2', title: 'breach' }]);
  });
});
