import { EngineError, engineFetch, toEngineError } from './engineClient';
import { getEngineInfo } from './info';
import { installBackendSrv } from '../test/backendSrv';

async function failureOf(promise: Promise<unknown>): Promise<EngineError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(EngineError);
    return error as EngineError;
  }
  throw new Error('expected the request to fail');
}

describe('engineFetch', () => {
  test('calls the engine through the plugin proxy and returns the body', async () => {
    const requests = installBackendSrv(() => ({ status: 200, data: { items: [1, 2] } }));
    const data = await engineFetch({ path: '/agreements', params: { state: 'active' } });
    expect(data).toEqual({ items: [1, 2] });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      url: '/api/plugin-proxy/slm-servicelevel-app/api/v1/agreements',
      method: 'GET',
      params: { state: 'active' },
      showErrorAlert: false,
    });
  });

  test('sends If-Match for versioned writes', async () => {
    const requests = installBackendSrv(() => ({ status: 200, data: {} }));
    await engineFetch({ method: 'PUT', path: 'agreements/a1', body: { title: 'x' }, ifMatch: 3 });
    expect(requests[0]).toMatchObject({ method: 'PUT', data: { title: 'x' }, headers: { 'If-Match': '3' } });
  });

  test.each([
    [401, 'unauthenticated', 'unauthenticated', 'wrong or missing X-SLM-Secret'],
    [403, 'forbidden', 'forbidden', 'the read permission does not allow writes'],
    [404, 'not_found', 'not_found', 'agreement a9 does not exist'],
    [409, 'conflict', 'version_conflict', 'agreement a1 is at version 4, not 3'],
    [400, 'invalid', 'invalid_agreement', 'targets[0].objective must be between 0 and 100'],
    [422, 'invalid', 'invalid_period', 'period 2024-13 is not a month'],
  ])('engine %i in the DESIGN error shape → %s', async (status, kind, code, message) => {
    installBackendSrv(() => ({ status, data: { error: { code, message, details: { field: 'x' } } } }));
    const error = await failureOf(engineFetch({ path: '/agreements/a1' }));
    expect(error).toMatchObject({ kind, status, code, message, details: { field: 'x' }, source: 'engine' });
  });

  test.each([
    [502, 'Bad Gateway', ''],
    [504, 'Gateway Timeout', ''],
    [503, 'Service Unavailable', { error: { code: 'not_ready', message: 'migrations are running' } }],
  ])('Grafana proxy %i → unreachable', async (status, statusText, data) => {
    installBackendSrv(() => ({ status, statusText, data }));
    const error = await failureOf(engineFetch({ path: '/info' }));
    expect(error.kind).toBe('unreachable');
    expect(error.status).toBe(status);
  });

  test('a network failure in the browser → unreachable', async () => {
    installBackendSrv(() => ({ networkError: 'Failed to fetch' }));
    const error = await failureOf(engineFetch({ path: '/info' }));
    expect(error).toMatchObject({ kind: 'unreachable', status: 0, message: 'Failed to fetch' });
  });

  test("Grafana's own errors keep Grafana's message", async () => {
    installBackendSrv(() => ({
      status: 403,
      statusText: 'Forbidden',
      data: { message: 'plugin proxy route access denied' },
    }));
    const error = await failureOf(engineFetch({ method: 'POST', path: '/approvals/agreements/a1' }));
    expect(error).toMatchObject({ kind: 'forbidden', message: 'plugin proxy route access denied', source: 'grafana' });
  });

  test('an unexpected status is unknown, not silently mapped', () => {
    const error = toEngineError({ status: 500, statusText: 'Internal Server Error', data: 'boom', config: {} });
    expect(error).toMatchObject({ kind: 'unknown', status: 500, message: 'boom' });
  });
});

describe('getEngineInfo', () => {
  const info = { name: 'slm-engine', version: '1.4.0', apiVersion: 1, user: 'admin', orgId: 1, permission: 'read' };

  test('returns the info of an SLM engine', async () => {
    const requests = installBackendSrv(() => ({ status: 200, data: info }));
    await expect(getEngineInfo()).resolves.toEqual(info);
    expect(requests[0].url).toBe('/api/plugin-proxy/slm-servicelevel-app/api/v1/info');
  });

  test('an engine 404 on /info means the engine is too old', async () => {
    installBackendSrv(() => ({
      status: 404,
      data: { error: { code: 'not_found', message: 'no route GET /api/v1/info' } },
    }));
    expect((await failureOf(getEngineInfo())).kind).toBe('too_old');
  });

  test('an older API version is too old and carries the version', async () => {
    installBackendSrv(() => ({ status: 200, data: { ...info, version: '0.9.0', apiVersion: 0 } }));
    const error = await failureOf(getEngineInfo());
    expect(error.kind).toBe('too_old');
    expect(error.details).toEqual({ version: '0.9.0', apiVersion: 0 });
  });

  test("Grafana's 404 for a route it does not know stays not_found", async () => {
    installBackendSrv(() => ({
      status: 404,
      statusText: 'Not Found',
      data: { message: 'plugin route match not found' },
    }));
    expect((await failureOf(getEngineInfo())).kind).toBe('not_found');
  });

  test.each([
    [
      'another JSON service',
      { status: 200, data: { name: 'prometheus', version: '2.42.0', apiVersion: 1 } },
      'prometheus',
    ],
    ['an HTML page', { status: 200, data: '<!doctype html><title>nginx</title>' }, undefined],
    ['an HTML 404 page', { status: 404, statusText: 'Not Found', data: '<html>404 Not Found</html>' }, undefined],
  ])('%s is not an SLM engine', async (_what, reply, name) => {
    installBackendSrv(() => reply);
    const error = await failureOf(getEngineInfo());
    expect(error.kind).toBe('invalid');
    expect(error.details).toEqual({ name });
  });
});
