import React from 'react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type BackendSrvRequest } from '@grafana/runtime';
import { installBackendSrv, type Reply } from '../../test/backendSrv';
import { SLOW, renderPage } from '../../test/fakeEngine';
import { page } from '../Agreements/testFixtures';
import Breaches from './Breaches';
import { breach, monitoringStatus } from './testFixtures';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  PluginPage: jest.requireActual('../../test/pluginPage').PluginPageStandIn,
}));

jest.setTimeout(30000);
const APP = '/a/slm-servicelevel-app/breaches';
const NOW = Date.parse('2026-11-20T12:00:00.000Z');

function engine(
  breaches: (request: BackendSrvRequest) => Reply,
  status: Reply = { status: 200, data: monitoringStatus() }
) {
  const requests = installBackendSrv((request) => {
    if (request.url.endsWith('/breaches')) {
      return breaches(request);
    }
    if (request.url.endsWith('/monitoring/status')) {
      return status;
    }
    if (request.url.endsWith('/services')) {
      return page([{ key: 'mail', name: 'Mail' }]);
    }
    return page([]);
  });
  return () => requests.filter((r) => r.url.endsWith('/breaches'));
}

const renderAt = (path: string) => renderPage(<Breaches />, APP, path, 'search');

const search = () => new URLSearchParams(screen.getByTestId('location').textContent ?? '');

beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(NOW));
afterEach(() => jest.restoreAllMocks());

describe('Breaches list', () => {
  test('unresolved breaches by default, each with age, severity, agreement, owner, measured vs objective and status', async () => {
    const requests = engine(() =>
      page([
        breach('b-1', { createdAt: '2026-11-17T09:30:00.000Z', assignee: 'alice', status: 'acknowledged' }),
        breach('b-2', {
          agreementId: 'OLA-7',
          agreementType: 'OLA',
          targetId: 'latency',
          severity: 'at_risk',
          measured: 98.1,
          objective: 99,
          createdAt: '2026-11-20T11:15:00.000Z',
          provider: 'network-team',
        }),
      ])
    );
    renderAt(APP);
    const table = await screen.findByTestId('slm-breaches-table', undefined, SLOW);
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(within(rows[1]).getByText('3 d 2 h')).toBeInTheDocument();
    expect(within(rows[1]).getByRole('link', { name: 'availability' })).toHaveAttribute('href', `${APP}/b-1`);
    expect(within(rows[1]).getByRole('link', { name: 'SLA-1' })).toHaveAttribute(
      'href',
      '/a/slm-servicelevel-app/agreements/SLA-1'
    );
    expect(within(rows[1]).getByText('99.52% / 99.90%')).toBeInTheDocument();
    expect(within(rows[1]).getByText('alice')).toBeInTheDocument();
    expect(within(rows[1]).getByTestId('slm-breach-status')).toHaveAttribute('data-status', 'acknowledged');
    expect(within(rows[2]).getByText('45 min')).toBeInTheDocument();
    expect(within(rows[2]).getByText('network-team (provider)')).toBeInTheDocument();
    expect(within(rows[2]).getByTestId('slm-breach-severity')).toHaveAttribute('data-severity', 'at_risk');
    expect(within(rows[2]).getByText('98.10% / 99.00%')).toBeInTheDocument();
    expect(requests()[0].params).toEqual({ status: 'open,acknowledged', limit: 50, offset: 0 });
  });

  test('filters come from the URL, go to the engine, and a change starts again at page 1', async () => {
    const requests = engine((r) =>
      page(
        [breach(r.params?.type === 'UC' ? 'uc-breach' : 'ola-breach', { targetId: String(r.params?.type ?? 'x') })],
        120,
        Number(r.params?.offset ?? 0)
      )
    );
    renderAt(`${APP}?status=resolved&severity=breached&type=OLA&service=mail&party=finance&agreement=OLA-1&page=2`);
    await screen.findByTestId('slm-breaches-table', undefined, SLOW);
    expect(requests()[0].params).toEqual({
      status: 'resolved',
      severity: 'breached',
      type: 'OLA',
      service: 'mail',
      party: 'finance',
      agreement: 'OLA-1',
      limit: 50,
      offset: 50,
    });
    expect(screen.getByRole('radio', { name: 'Resolved' })).toBeChecked();

    await userEvent.click(screen.getByRole('radio', { name: 'UC' }));
    await screen.findByRole('link', { name: 'UC' }, SLOW);
    expect(requests().at(-1)?.params).toMatchObject({ type: 'UC', status: 'resolved', offset: 0 });
    expect(Object.fromEntries(search())).toEqual({
      status: 'resolved',
      severity: 'breached',
      type: 'UC',
      service: 'mail',
      party: 'finance',
      agreement: 'OLA-1',
    });

    await userEvent.click(screen.getByRole('radio', { name: 'All' }));
    await waitFor(() => expect(requests().at(-1)?.params).not.toHaveProperty('status'));
    expect(search().get('status')).toBe('all');
  });

  test('server paging: the pager asks for the next page', async () => {
    const requests = engine((r) => {
      const offset = Number(r.params?.offset ?? 0);
      return page(
        Array.from({ length: 50 }, (_, i) => breach(`b-${offset + i + 1}`, { targetId: `t-${offset + i + 1}` })),
        130,
        offset
      );
    });
    renderAt(APP);
    await screen.findByText('t-1', undefined, SLOW);
    expect(screen.getByTestId('slm-breaches-range')).toHaveTextContent('1–50 of 130 breaches');
    await userEvent.click(screen.getByRole('button', { name: '3' }));
    await screen.findByText('t-101', undefined, SLOW);
    expect(requests().at(-1)?.params).toMatchObject({ offset: 100, limit: 50 });
    expect(search().get('page')).toBe('3');
  });

  test('no open breach with monitoring on: says it is on and leads to the overview', async () => {
    engine(() => page([]));
    renderAt(APP);
    expect(await screen.findByText('No open breaches', undefined, SLOW)).toBeInTheDocument();
    expect(await screen.findByTestId('slm-breaches-monitoring-on', undefined, SLOW)).toHaveTextContent(
      'Monitoring is on'
    );
    expect(screen.getByRole('link', { name: 'Go to the overview' })).toHaveAttribute(
      'href',
      '/a/slm-servicelevel-app/overview'
    );
    expect(screen.queryByRole('link', { name: /Turn monitoring on/ })).not.toBeInTheDocument();
  });

  test('no open breach with monitoring off: says so and links to the configuration page', async () => {
    engine(() => page([]), { status: 200, data: monitoringStatus({ enabled: false, lastCycle: null }) });
    renderAt(APP);
    const off = await screen.findByTestId('slm-monitoring-status', undefined, SLOW);
    expect(off).toHaveAttribute('data-enabled', 'false');
    expect(
      within(off).getByText('Monitoring is off: targets are not evaluated and no breach is recorded.')
    ).toBeInTheDocument();
    expect(within(off).getByRole('link', { name: /Turn monitoring on in the app configuration/ })).toHaveAttribute(
      'href',
      '/plugins/slm-servicelevel-app'
    );
  });

  test('a filter that matches nothing offers to clear the filters', async () => {
    const requests = engine((r) => (r.params?.severity ? page([]) : page([breach('b-1')])));
    renderAt(`${APP}?severity=at_risk`);
    expect(await screen.findByText('No breach matches the filter', undefined, SLOW)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Clear the filters' }));
    await screen.findByTestId('slm-breaches-table', undefined, SLOW);
    expect(search().toString()).toBe('');
    expect(requests().at(-1)?.params).toEqual({ status: 'open,acknowledged', limit: 50, offset: 0 });
  });

  test('an unreachable engine is explained with the fix', async () => {
    engine(() => ({ status: 502, statusText: 'Bad Gateway', data: '' }));
    renderAt(APP);
    const alert = await screen.findByTestId('slm-engine-error', undefined, SLOW);
    expect(within(alert).getByText('Could not load the breaches')).toBeInTheDocument();
    expect(within(alert).getByRole('link', { name: /Open the app configuration/ })).toBeInTheDocument();
  });

  test('the period report links carry the chosen dates', async () => {
    engine(() => page([breach('b-1')]));
    renderAt(APP);
    const report = await screen.findByTestId('slm-period-report', undefined, SLOW);
    const md = within(report).getByRole('link', { name: /Markdown/ });
    expect(md.getAttribute('href')).toMatch(
      /\/api\/plugin-proxy\/slm-servicelevel-app\/api\/v1\/breach-reports\?from=\d{4}-\d{2}-01&to=\d{4}-\d{2}-\d{2}&format=md$/
    );
    expect(within(report).getByRole('link', { name: /PDF/ }).getAttribute('href')).toContain('format=pdf');
  });
});
