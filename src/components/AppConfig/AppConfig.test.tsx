import React from 'react';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PluginType } from '@grafana/data';
import { type BackendSrvRequest } from '@grafana/runtime';
import AppConfig, { type AppConfigProps, type AppSettings } from './AppConfig';
import { installBackendSrv, type Reply } from '../../test/backendSrv';
import { testIds } from '../testIds';

const ENGINE_URL = 'http://slm-engine:8787';

function renderConfig(meta: { jsonData?: AppSettings; secretConfigured?: boolean; enabled?: boolean } = {}) {
  const props = {
    plugin: {
      meta: {
        id: 'slm-servicelevel-app',
        name: 'Service Level Management',
        type: PluginType.app,
        enabled: meta.enabled ?? true,
        pinned: true,
        jsonData: meta.jsonData ?? {},
        secureJsonFields: meta.secretConfigured ? { engineSecret: true } : {},
      },
    },
    query: {},
  } as unknown as AppConfigProps;
  return render(<AppConfig {...props} />);
}

function settingsPosts(requests: BackendSrvRequest[]) {
  return requests.filter((r) => r.url === '/api/plugins/slm-servicelevel-app/settings');
}

const MONITORING_OFF = {
  connected: false,
  grafanaUrl: null,
  serviceAccountId: null,
  connectedBy: null,
  connectedAt: null,
  source: null,
  version: 0,
  problem: null,
};
const isMonitoring = (request: BackendSrvRequest) => request.url.includes('/api/v1/monitoring/');

/** installBackendSrv, with the monitoring section's own reads answered apart (see MonitoringSection.test.tsx). */
function installAppConfigSrv(reply: (request: BackendSrvRequest) => Reply) {
  const requests = installBackendSrv((request) =>
    isMonitoring(request) ? { status: 200, data: MONITORING_OFF } : reply(request)
  );
  return {
    all: requests,
    get engine() {
      return requests.filter((r) => !isMonitoring(r));
    },
  };
}

const urlInput = () => screen.getByLabelText(/^Engine URL/);
const secretInput = () => screen.getByLabelText(/^Shared secret/);

describe('AppConfig: saving', () => {
  test('shows the saved URL and a configured secret without its value', () => {
    installBackendSrv(() => ({ status: 200, data: {} }));
    renderConfig({ jsonData: { engineUrl: ENGINE_URL }, secretConfigured: true });
    expect(urlInput()).toHaveValue(ENGINE_URL);
    expect(secretInput()).toHaveValue('configured');
    expect(secretInput()).toBeDisabled();
    expect(screen.getByRole('button', { name: /reset/i })).toBeInTheDocument();
  });

  test('proposes the default engine URL on first use', () => {
    installBackendSrv(() => ({ status: 200, data: {} }));
    renderConfig();
    expect(urlInput()).toHaveValue('http://localhost:8787');
    expect(secretInput()).toHaveValue('');
    expect(secretInput()).not.toBeDisabled();
  });

  test('save sends the URL and the new secret to Grafana', async () => {
    const srv = installAppConfigSrv(() => ({ status: 200, data: { message: 'Plugin settings updated' } }));
    renderConfig({ jsonData: { engineUrl: 'http://old:8787' }, secretConfigured: true });
    const user = userEvent.setup();

    await user.clear(urlInput());
    await user.type(urlInput(), `${ENGINE_URL}/`);
    await user.click(screen.getByRole('button', { name: /reset/i }));
    await user.type(secretInput(), 'b5f0c1d2e3');
    await user.click(screen.getByTestId(testIds.appConfig.save));

    await waitFor(() => expect(settingsPosts(srv.engine)).toHaveLength(1));
    expect(settingsPosts(srv.engine)[0]).toMatchObject({
      method: 'POST',
      data: {
        enabled: true,
        pinned: true,
        jsonData: { engineUrl: ENGINE_URL },
        secureJsonData: { engineSecret: 'b5f0c1d2e3' },
      },
    });
  });

  test('an untouched configured secret is left out, so Grafana keeps it', async () => {
    const srv = installAppConfigSrv(() => ({ status: 200, data: {} }));
    renderConfig({ jsonData: { engineUrl: 'http://old:8787' }, secretConfigured: true });
    const user = userEvent.setup();

    await user.clear(urlInput());
    await user.type(urlInput(), `${ENGINE_URL}{Enter}`);

    await waitFor(() => expect(settingsPosts(srv.engine)).toHaveLength(1));
    const { data } = settingsPosts(srv.engine)[0];
    expect(data.jsonData).toEqual({ engineUrl: ENGINE_URL });
    expect(data.secureJsonData).toBeUndefined();
  });

  test('an invalid URL or a missing secret is explained and nothing is saved', async () => {
    const requests = installBackendSrv(() => ({ status: 200, data: {} }));
    renderConfig();
    const user = userEvent.setup();

    await user.clear(urlInput());
    await user.type(urlInput(), 'slm-engine:8787{Enter}');

    expect(await screen.findByText(/starting with http:\/\/ or https:\/\//)).toBeInTheDocument();
    expect(screen.getByText(/Enter the engine's shared secret/)).toBeInTheDocument();
    expect(settingsPosts(requests)).toHaveLength(0);
  });

  test('a failed save says so', async () => {
    installAppConfigSrv(() => ({ status: 403, statusText: 'Forbidden', data: { message: 'Permission denied' } }));
    renderConfig({ jsonData: { engineUrl: ENGINE_URL }, secretConfigured: true });
    const user = userEvent.setup();

    await user.click(screen.getByTestId(testIds.appConfig.save));

    expect(await screen.findByText('The settings were not saved')).toBeInTheDocument();
    expect(screen.getByText('Permission denied')).toBeInTheDocument();
  });
});

describe('AppConfig: connection test', () => {
  const info = { name: 'slm-engine', version: '1.4.0', apiVersion: 1, user: 'admin', orgId: 1, permission: 'read' };

  async function runTest(reply: Reply) {
    const srv = installAppConfigSrv((request) =>
      request.url.endsWith('/api/v1/info') ? reply : { status: 500, data: 'unexpected request' }
    );
    renderConfig({ jsonData: { engineUrl: ENGINE_URL }, secretConfigured: true });
    await userEvent.setup().click(screen.getByTestId(testIds.appConfig.test));
    const result = await screen.findByTestId(testIds.appConfig.result);
    expect(srv.engine.map((r) => r.url)).toEqual(['/api/plugin-proxy/slm-servicelevel-app/api/v1/info']);
    return result;
  }

  test('success names the engine version and the user', async () => {
    const result = await runTest({ status: 200, data: info });
    expect(result).toHaveTextContent('Connected to slm-engine v1.4.0 as admin');
  });

  test.each([
    ['Grafana cannot connect (502)', { status: 502, statusText: 'Bad Gateway', data: '' }],
    ['the engine times out (504)', { status: 504, statusText: 'Gateway Timeout', data: '' }],
    ['the browser loses the network', { networkError: 'Failed to fetch' }],
  ])('unreachable when %s', async (_why, reply) => {
    const result = await runTest(reply as Reply);
    expect(result).toHaveTextContent(
      `Grafana could not reach the engine at ${ENGINE_URL} — is \`slm serve\` running and the URL reachable from the Grafana server?`
    );
  });

  test('wrong secret', async () => {
    const result = await runTest({
      status: 401,
      statusText: 'Unauthorized',
      data: { error: { code: 'unauthenticated', message: 'missing or wrong X-SLM-Secret', details: {} } },
    });
    expect(result).toHaveTextContent(
      "The engine rejected the shared secret — copy it from the engine's data dir `secret` file or SLM_SECRET"
    );
  });

  test('engine too old: older API version', async () => {
    const result = await runTest({ status: 200, data: { ...info, version: '0.9.2', apiVersion: 0 } });
    expect(result).toHaveTextContent(
      `The engine at ${ENGINE_URL} is version 0.9.2; this app needs API version ≥ 1 — upgrade the engine`
    );
  });

  test('engine too old: no /info yet', async () => {
    const result = await runTest({
      status: 404,
      statusText: 'Not Found',
      data: { error: { code: 'not_found', message: 'no route GET /api/v1/info', details: {} } },
    });
    expect(result).toHaveTextContent(`The engine at ${ENGINE_URL} is too old to report its version`);
    expect(result).toHaveTextContent('upgrade the engine');
  });

  test('something else answers at the URL', async () => {
    const result = await runTest({ status: 200, data: { name: 'loki', version: '3.0.0', apiVersion: 1 } });
    expect(result).toHaveTextContent(
      `The server at ${ENGINE_URL} answered, but it is not an SLM engine (it calls itself “loki”) — check the engine URL`
    );
  });

  test('Grafana does not know the route yet', async () => {
    const result = await runTest({
      status: 404,
      statusText: 'Not Found',
      data: { message: 'plugin route match not found' },
    });
    expect(result).toHaveTextContent('restart Grafana after installing or updating this plugin');
  });

  test('is disabled until the settings are saved, and says why', async () => {
    installAppConfigSrv(() => ({ status: 200, data: info }));
    renderConfig({ jsonData: { engineUrl: ENGINE_URL }, secretConfigured: true });
    const user = userEvent.setup();
    expect(screen.getByTestId(testIds.appConfig.test)).toBeEnabled();

    await user.type(urlInput(), 'x');

    expect(screen.getByTestId(testIds.appConfig.test)).toBeDisabled();
    expect(screen.getByText(/Save first/)).toBeInTheDocument();
  });
});

describe('AppConfig: monitoring section', () => {
  test('appears once the engine connection is saved, and reads the monitoring state through the proxy', async () => {
    const srv = installAppConfigSrv(() => ({ status: 200, data: {} }));
    renderConfig({ jsonData: { engineUrl: ENGINE_URL }, secretConfigured: true });
    expect(await screen.findByText('Monitoring is off')).toBeInTheDocument();
    expect(srv.all.map((r) => r.url)).toContain('/api/plugin-proxy/slm-servicelevel-app/api/v1/monitoring/connection');
  });

  test('is not shown before the engine connection is saved', () => {
    const srv = installAppConfigSrv(() => ({ status: 200, data: {} }));
    renderConfig();
    expect(screen.queryByText('Monitoring')).not.toBeInTheDocument();
    expect(srv.all).toHaveLength(0);
  });
});
