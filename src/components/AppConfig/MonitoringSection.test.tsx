import React from 'react';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type BackendSrvRequest, config } from '@grafana/runtime';
import { installBackendSrv, type Reply } from '../../test/backendSrv';
import { MonitoringSection, monitoringTestIds } from './MonitoringSection';

jest.setTimeout(30000);
const SLOW = { timeout: 15000 };
const PROXY = '/api/plugin-proxy/slm-servicelevel-app/api/v1';

const OFF = {
  connected: false,
  grafanaUrl: null,
  serviceAccountId: null,
  connectedBy: null,
  connectedAt: null,
  source: null,
  version: 0,
  problem: null,
};
const ON = {
  connected: true,
  grafanaUrl: 'http://grafana:3000',
  serviceAccountId: 7,
  connectedBy: 'admin',
  connectedAt: '2026-11-20T08:00:00Z',
  source: 'connection',
  version: 3,
  problem: null,
};

interface Fake {
  connection: Record<string, unknown>;
  accounts: Array<{ id: number; name: string }>;
  /** Overrides by "METHOD url"; the rest answer like Grafana and the engine. */
  overrides: Record<string, Reply>;
}

/** Grafana's service account API and the engine's connection endpoint, answering from one state. */
function installFake(init: Partial<Fake> = {}) {
  const fake: Fake = { connection: OFF, accounts: [], overrides: {}, ...init };
  const requests = installBackendSrv((request: BackendSrvRequest) => {
    const key = `${request.method} ${request.url}`;
    if (fake.overrides[key]) {
      return fake.overrides[key];
    }
    switch (key) {
      case `GET ${PROXY}/monitoring/connection`:
        return { status: 200, data: fake.connection };
      case `GET ${PROXY}/monitoring/status`:
        return { status: 404, data: { error: { code: 'not_found', message: 'no route', details: {} } } };
      case 'GET /api/serviceaccounts/search':
        return {
          status: 200,
          data: { totalCount: fake.accounts.length, serviceAccounts: fake.accounts, page: 1, perPage: 1000 },
        };
      case 'POST /api/serviceaccounts':
        fake.accounts.push({ id: 7, name: request.data.name });
        return {
          status: 201,
          data: { id: 7, name: request.data.name, login: 'sa-slm-engine', orgId: 1, role: request.data.role },
        };
      case 'POST /api/serviceaccounts/7/tokens':
        return { status: 200, data: { id: 11, name: request.data.name, key: 'glsa_new_token' } };
      case `PUT ${PROXY}/monitoring/connection`:
        fake.connection = { ...ON, grafanaUrl: request.data.grafanaUrl, version: 1 };
        return { status: 200, data: fake.connection };
      case `DELETE ${PROXY}/monitoring/connection`:
        fake.connection = OFF;
        return { status: 204 };
      case 'DELETE /api/serviceaccounts/7':
      case 'DELETE /api/serviceaccounts/7/tokens/11':
        return { status: 200, data: { message: 'deleted' } };
      default:
        return { status: 500, data: { message: `unexpected ${key}` } };
    }
  });
  const calls = () =>
    requests
      .filter((r) => !r.url.endsWith('/monitoring/connection') || r.method !== 'GET')
      .map((r) => `${r.method} ${r.url}`);
  return { fake, requests, calls };
}

const setRole = (orgRole: string) => {
  (config.bootData as unknown as { user: Record<string, unknown> }).user = {
    ...config.bootData.user,
    orgRole,
    permissions: {},
  };
};

beforeEach(() => {
  setRole('Admin');
  config.appUrl = 'https://grafana.example.com/';
});

describe('Monitoring section: enabling', () => {
  test('one click creates the service account and a token, and hands the token to the engine', async () => {
    const { requests, calls } = installFake();
    render(<MonitoringSection />);
    expect(await screen.findByText('Monitoring is off', undefined, SLOW)).toBeInTheDocument();
    expect(screen.getByTestId(monitoringTestIds.grafanaUrl)).toHaveValue('https://grafana.example.com');

    await userEvent.setup().click(screen.getByTestId(monitoringTestIds.enable));

    expect(await screen.findByText('Monitoring is on', undefined, SLOW)).toBeInTheDocument();
    expect(calls()).toEqual([
      'GET /api/serviceaccounts/search',
      'POST /api/serviceaccounts',
      'POST /api/serviceaccounts/7/tokens',
      `PUT ${PROXY}/monitoring/connection`,
      `GET ${PROXY}/monitoring/status`,
    ]);
    const byCall = (method: string, url: string) => requests.find((r) => r.method === method && r.url === url)!;
    expect(byCall('GET', '/api/serviceaccounts/search').params).toEqual({ query: 'slm-engine' });
    expect(byCall('POST', '/api/serviceaccounts').data).toEqual({
      name: 'slm-engine',
      role: 'Editor',
      isDisabled: false,
    });
    const tokenRequest = byCall('POST', '/api/serviceaccounts/7/tokens').data;
    expect(tokenRequest.secondsToLive).toBe(0);
    expect(tokenRequest.name).toMatch(/^slm-engine-\d{4}-\d{2}-\d{2}T/);
    const put = byCall('PUT', `${PROXY}/monitoring/connection`);
    expect(put.data).toEqual({
      grafanaUrl: 'https://grafana.example.com',
      token: 'glsa_new_token',
      serviceAccountId: 7,
    });
    expect(put.headers).toEqual({ 'If-Match': '0' });
    expect(screen.getByTestId(monitoringTestIds.status)).toHaveTextContent(
      'enabled by admin, reaching Grafana at https://grafana.example.com'
    );
  });

  test('reuses the existing slm-engine service account and sends the URL the admin typed', async () => {
    const { requests, calls } = installFake({
      accounts: [
        { id: 3, name: 'slm-engine-old' },
        { id: 7, name: 'slm-engine' },
      ],
    });
    render(<MonitoringSection />);
    const input = await screen.findByTestId(monitoringTestIds.grafanaUrl, undefined, SLOW);
    const user = userEvent.setup();
    await user.clear(input);
    await user.type(input, 'http://grafana:3000/');
    await user.click(screen.getByTestId(monitoringTestIds.enable));

    await screen.findByText('Monitoring is on', undefined, SLOW);
    expect(calls()).not.toContain('POST /api/serviceaccounts');
    expect(calls()).toContain('POST /api/serviceaccounts/7/tokens');
    expect(requests.find((r) => r.method === 'PUT')!.data.grafanaUrl).toBe('http://grafana:3000');
  });

  test('when the engine cannot reach Grafana, the new token is deleted and the fix is named', async () => {
    const { calls } = installFake({
      accounts: [{ id: 7, name: 'slm-engine' }],
      overrides: {
        [`PUT ${PROXY}/monitoring/connection`]: {
          status: 424,
          statusText: 'Failed Dependency',
          data: { error: { code: 'grafana_unreachable', message: 'cannot reach', details: {} } },
        },
      },
    });
    render(<MonitoringSection />);
    await userEvent.setup().click(await screen.findByTestId(monitoringTestIds.enable, undefined, SLOW));

    const error = await screen.findByTestId(monitoringTestIds.error, undefined, SLOW);
    expect(error).toHaveTextContent(
      'The engine cannot reach Grafana at https://grafana.example.com. Enter the address under which the ENGINE reaches Grafana (with docker compose: http://grafana:3000) and enable again. The new token was deleted.'
    );
    expect(calls()).toEqual([
      'GET /api/serviceaccounts/search',
      'POST /api/serviceaccounts/7/tokens',
      `PUT ${PROXY}/monitoring/connection`,
      'DELETE /api/serviceaccounts/7/tokens/11',
    ]);
    expect(screen.getByText('Monitoring is off')).toBeInTheDocument();
  });

  test('when Grafana refuses to create the service account, nothing reaches the engine', async () => {
    const { calls } = installFake({
      overrides: {
        'POST /api/serviceaccounts': {
          status: 403,
          statusText: 'Forbidden',
          data: { message: 'You do not have permission' },
        },
      },
    });
    render(<MonitoringSection />);
    await userEvent.setup().click(await screen.findByTestId(monitoringTestIds.enable, undefined, SLOW));

    expect(await screen.findByTestId(monitoringTestIds.error, undefined, SLOW)).toHaveTextContent(
      'Grafana refused to create the service account (You do not have permission): only an organisation admin can enable monitoring.'
    );
    expect(calls()).toEqual(['GET /api/serviceaccounts/search', 'POST /api/serviceaccounts']);
  });

  test('an invalid Grafana URL cannot be sent', async () => {
    installFake();
    render(<MonitoringSection />);
    const input = await screen.findByTestId(monitoringTestIds.grafanaUrl, undefined, SLOW);
    const user = userEvent.setup();
    await user.clear(input);
    await user.type(input, 'grafana:3000');
    expect(screen.getByText('Enter an http:// or https:// URL')).toBeInTheDocument();
    expect(screen.getByTestId(monitoringTestIds.enable)).toBeDisabled();
  });
});

describe('Monitoring section: state and disabling', () => {
  test('shows who enabled it, since when and the last cycle; disabling forgets the token then deletes the service account', async () => {
    const { requests, calls } = installFake({
      connection: ON,
      overrides: {
        [`GET ${PROXY}/monitoring/status`]: {
          status: 200,
          data: {
            lastCycle: {
              startedAt: '2026-11-20T09:00:00Z',
              finishedAt: '2026-11-20T09:00:04Z',
              agreements: 12,
              failed: 1,
            },
            monitoredAgreements: 12,
          },
        },
      },
    });
    render(<MonitoringSection />);
    const status = await screen.findByTestId(monitoringTestIds.status, undefined, SLOW);
    await waitFor(() => expect(status).toHaveTextContent('12 agreements evaluated, 1 failed'));
    expect(status).toHaveTextContent('enabled by admin, reaching Grafana at http://grafana:3000');
    expect(screen.getByTestId(monitoringTestIds.grafanaUrl)).toHaveValue('http://grafana:3000');
    expect(screen.getByTestId(monitoringTestIds.enable)).toHaveTextContent('Reconnect monitoring');

    await userEvent.setup().click(screen.getByTestId(monitoringTestIds.disable));

    expect(await screen.findByText('Monitoring is off', undefined, SLOW)).toBeInTheDocument();
    expect(calls().slice(1)).toEqual([`DELETE ${PROXY}/monitoring/connection`, 'DELETE /api/serviceaccounts/7']);
    expect(requests.find((r) => r.method === 'DELETE' && r.url.endsWith('/monitoring/connection'))!.headers).toEqual({
      'If-Match': '3',
    });
    expect(screen.queryByTestId(monitoringTestIds.disable)).not.toBeInTheDocument();
  });

  test('when the engine refuses to forget the token, the service account is kept', async () => {
    const { calls } = installFake({
      connection: ON,
      overrides: {
        [`DELETE ${PROXY}/monitoring/connection`]: {
          status: 409,
          data: { error: { code: 'version_conflict', message: 'stale', details: {} } },
        },
      },
    });
    render(<MonitoringSection />);
    await userEvent.setup().click(await screen.findByTestId(monitoringTestIds.disable, undefined, SLOW));
    expect(await screen.findByTestId(monitoringTestIds.error, undefined, SLOW)).toHaveTextContent(
      'Someone else changed the monitoring connection meanwhile'
    );
    expect(calls()).not.toContain('DELETE /api/serviceaccounts/7');
  });

  test('a stored token the engine can no longer decrypt is shown as stopped, with the fix', async () => {
    installFake({
      connection: {
        ...ON,
        connected: false,
        problem: 'the Grafana token … cannot be decrypted: reconnect monitoring from the app configuration page',
      },
    });
    render(<MonitoringSection />);
    expect(await screen.findByText('Monitoring is stopped', undefined, SLOW)).toBeInTheDocument();
    expect(screen.getByTestId(monitoringTestIds.status)).toHaveTextContent(
      'reconnect monitoring from the app configuration page'
    );
    expect(screen.getByTestId(monitoringTestIds.enable)).toBeEnabled();
  });

  test('a connection from the engine environment is named as such', async () => {
    installFake({ connection: { ...OFF, connected: true, source: 'environment', grafanaUrl: 'http://grafana:3000' } });
    render(<MonitoringSection />);
    expect(await screen.findByTestId(monitoringTestIds.status, undefined, SLOW)).toHaveTextContent(
      'SLM_GRAFANA_URL = http://grafana:3000'
    );
    expect(screen.queryByTestId(monitoringTestIds.disable)).not.toBeInTheDocument();
  });

  test('a non-admin sees the state but cannot change it, and is told why', async () => {
    setRole('Editor');
    const { calls } = installFake({ connection: ON });
    render(<MonitoringSection />);
    await screen.findByText('Monitoring is on', undefined, SLOW);
    expect(screen.getByTestId(monitoringTestIds.enable)).toBeDisabled();
    expect(screen.getByTestId(monitoringTestIds.disable)).toBeDisabled();
    expect(screen.getByTestId(monitoringTestIds.grafanaUrl)).toBeDisabled();
    expect(
      screen.getByText('Only an organisation admin can change this: it creates a service account in Grafana.')
    ).toBeInTheDocument();
    expect(calls().filter((c) => c.includes('/api/serviceaccounts'))).toEqual([]);
  });

  test('an engine that cannot be read is reported', async () => {
    installFake({
      overrides: { [`GET ${PROXY}/monitoring/connection`]: { status: 502, statusText: 'Bad Gateway', data: '' } },
    });
    render(<MonitoringSection />);
    expect(
      await screen.findByText('Could not read the monitoring state from the engine', undefined, SLOW)
    ).toBeInTheDocument();
    expect(screen.queryByTestId(monitoringTestIds.enable)).not.toBeInTheDocument();
  });
});
