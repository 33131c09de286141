import React from 'react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type BackendSrvRequest } from '@grafana/runtime';
import { installBackendSrv, type Reply } from '../../test/backendSrv';
import { SLOW, renderPage } from '../../test/fakeEngine';
import Agreements from './Agreements';
import { page, row } from './testFixtures';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  PluginPage: jest.requireActual('../../test/pluginPage').PluginPageStandIn,
}));

// @grafana/ui's first load takes seconds in jsdom.
jest.setTimeout(30000);
const APP = '/a/slm-servicelevel-app/agreements';

const SERVICES = {
  status: 200,
  data: {
    items: [
      { key: 'mail', name: 'Mail' },
      { key: 'payroll', name: 'Payroll' },
    ],
    total: 2,
    limit: 500,
    offset: 0,
  },
};
const PARTIES = {
  status: 200,
  data: { items: [{ key: 'finance', name: 'Finance', kind: 'customer' }], total: 1, limit: 500, offset: 0 },
};

function engine(agreements: (request: BackendSrvRequest) => Reply) {
  const requests = installBackendSrv((request) => {
    if (request.url.endsWith('/services')) {
      return SERVICES;
    }
    if (request.url.endsWith('/parties')) {
      return PARTIES;
    }
    return agreements(request);
  });
  return () => requests.filter((r) => r.url.endsWith('/agreements'));
}

const renderAt = (path: string) => renderPage(<Agreements />, APP, path, 'search');

const search = () => new URLSearchParams(screen.getByTestId('location').textContent ?? '');

describe('Agreements list', () => {
  test('shows each agreement with its type, parties, state and target count, linked to its page', async () => {
    const requests = engine(() =>
      page([
        row('SLA-1', { state: 'active', targets: 2 }),
        row('OLA-1', { state: 'negotiating', provider: 'network-team', counterparty: 'it-operations' }),
      ])
    );
    renderAt(APP);
    const table = await screen.findByTestId('slm-agreements-table', undefined, SLOW);
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(within(rows[1]).getByRole('link', { name: 'SLA-1' })).toHaveAttribute('href', `${APP}/SLA-1`);
    expect(within(rows[1]).getByText('Active')).toBeInTheDocument();
    expect(within(rows[1]).getByText('2')).toBeInTheDocument();
    expect(within(rows[2]).getByText('OLA')).toBeInTheDocument();
    expect(within(rows[2]).getByText('network-team → it-operations')).toBeInTheDocument();
    expect(within(rows[2]).getByText('Negotiating')).toBeInTheDocument();
    expect(requests()[0].params).toEqual({ limit: 50, offset: 0 });
  });

  test('the filters come from the URL, and changing one goes to the engine and into the URL', async () => {
    const requests = engine((r) => page([row(r.params?.type === 'UC' ? 'UC-1' : 'OLA-1')], 1));
    renderAt(`${APP}?type=OLA&state=active&party=finance&page=3`);
    await screen.findByTestId('slm-agreements-table', undefined, SLOW);
    expect(requests()[0].params).toEqual({ type: 'OLA', state: 'active', party: 'finance', limit: 50, offset: 100 });
    expect(screen.getByRole('radio', { name: 'OLA' })).toBeChecked();

    await userEvent.click(screen.getByRole('radio', { name: 'UC' }));
    await screen.findByText('UC-1', undefined, SLOW);
    // a new filter starts again at the first page
    expect(requests().at(-1)?.params).toEqual({ type: 'UC', state: 'active', party: 'finance', limit: 50, offset: 0 });
    expect(Object.fromEntries(search())).toEqual({ type: 'UC', state: 'active', party: 'finance' });
  });

  test('search and the service select are sent to the engine', async () => {
    const requests = engine(() => page([row('SLA-1')]));
    renderAt(APP);
    await screen.findByTestId('slm-agreements-table', undefined, SLOW);
    await userEvent.type(screen.getByRole('textbox', { name: 'Search by id or title' }), 'mail');
    await waitFor(() => expect(search().get('q')).toBe('mail'), SLOW);
    await waitFor(() => expect(requests().at(-1)?.params).toEqual({ q: 'mail', limit: 50, offset: 0 }));

    await userEvent.click(screen.getByRole('combobox', { name: 'Service' }));
    await userEvent.click(await screen.findByText('Payroll', undefined, SLOW));
    await waitFor(() =>
      expect(requests().at(-1)?.params).toEqual({ q: 'mail', service: 'payroll', limit: 50, offset: 0 })
    );
    expect(search().get('service')).toBe('payroll');
  });

  test('10,000 agreements: only one page is asked for, and the pager moves through them', async () => {
    const requests = engine((r) => {
      const offset = Number(r.params?.offset ?? 0);
      return page(
        Array.from({ length: 50 }, (_, i) => row(`SLA-${String(offset + i + 1).padStart(5, '0')}`)),
        10_000,
        offset
      );
    });
    renderAt(APP);
    await screen.findByText('SLA-00001', undefined, SLOW);
    expect(screen.getByTestId('slm-agreements-range')).toHaveTextContent('1–50 of 10000 agreements');
    expect(requests()).toHaveLength(1);
    expect(requests()[0].params).toEqual({ limit: 50, offset: 0 });

    await userEvent.click(screen.getByRole('button', { name: '2' }));
    await screen.findByText('SLA-00051', undefined, SLOW);
    expect(requests().at(-1)?.params).toEqual({ limit: 50, offset: 50 });
    expect(search().get('page')).toBe('2');
    expect(screen.getByTestId('slm-agreements-range')).toHaveTextContent('51–100 of 10000 agreements');
  });

  test('no agreements at all: the first step is the catalog, and the YAML import is explained', async () => {
    engine(() => page([]));
    renderAt(APP);
    expect(await screen.findByText('No agreements yet', undefined, SLOW)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Start with the service catalog' })).toHaveAttribute(
      'href',
      '/a/slm-servicelevel-app/catalog'
    );
    expect(screen.getByText('npx slm import provisioning/seed')).toBeInTheDocument();
  });

  test('nothing matches: says so and clears the filters', async () => {
    const requests = engine((r) => (r.params?.state ? page([]) : page([row('SLA-1')])));
    renderAt(`${APP}?state=terminated`);
    expect(await screen.findByText('No agreement matches the filter', undefined, SLOW)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Clear the filters' }));
    await screen.findByText('SLA-1', undefined, SLOW);
    expect(search().toString()).toBe('');
    expect(requests().at(-1)?.params).toEqual({ limit: 50, offset: 0 });
  });

  test('an engine that cannot be reached is explained with the fix', async () => {
    engine(() => ({ status: 502, statusText: 'Bad Gateway', data: '' }));
    renderAt(APP);
    const alert = await screen.findByTestId('slm-engine-error', undefined, SLOW);
    expect(within(alert).getByText('Could not load the agreements')).toBeInTheDocument();
    expect(within(alert).getByRole('link', { name: /Open the app configuration/ })).toBeInTheDocument();
  });

  test('permission denied names the reason', async () => {
    engine(() => ({ status: 403, data: { message: 'plugin proxy route access denied' } }));
    renderAt(APP);
    const alert = await screen.findByTestId('slm-engine-error', undefined, SLOW);
    expect(
      within(alert).getByText('You do not have permission for this: plugin proxy route access denied')
    ).toBeInTheDocument();
  });
});
