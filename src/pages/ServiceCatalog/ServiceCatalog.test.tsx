import React from 'react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type BackendSrvRequest } from '@grafana/runtime';
import { installBackendSrv, type Reply } from '../../test/backendSrv';
import { renderPage } from '../../test/fakeEngine';
import { grant } from '../Agreements/testFixtures';
import ServiceCatalog from './ServiceCatalog';
import { APP, CATALOG_WRITE } from './testFixtures';

const SERVICES = [
  { key: 'mail', name: 'Mail', category: 'Collaboration', ownerTeam: 'it-operations', lifecycle: 'live', version: 3 },
  { key: 'payroll', name: '薪资服务', category: 'HR', ownerTeam: 'hr-systems', lifecycle: 'planned', version: 1 },
];

function engine(reply: (request: BackendSrvRequest) => Reply) {
  return installBackendSrv(reply);
}

const page = (items: unknown[], total = items.length) => ({
  status: 200,
  data: { items, total, limit: 500, offset: 0 },
});

const renderCatalog = () => renderPage(<ServiceCatalog />, `${APP}/catalog`, `${APP}/catalog`, 'path');

beforeEach(() => grant(CATALOG_WRITE));

// @grafana/ui's first load and EmptyState's illustration take seconds in jsdom.
jest.setTimeout(30000);

describe('Service catalog page', () => {
  test('lists the services the engine returns, with their lifecycle', async () => {
    const requests = engine(() => page(SERVICES));
    renderCatalog();
    const table = await screen.findByTestId('slm-catalog-table', undefined, { timeout: 15000 });
    // every row leads to the service's own page
    expect(within(table).getByRole('link', { name: 'mail' })).toHaveAttribute('href', `${APP}/catalog/mail`);
    expect(within(table).getByRole('link', { name: '薪资服务' })).toHaveAttribute('href', `${APP}/catalog/payroll`);
    expect(within(table).getByText('薪资服务')).toBeInTheDocument();
    expect(within(table).getByText('Live')).toBeInTheDocument();
    expect(within(table).getByText('Planned')).toBeInTheDocument();
    expect(requests[0].url).toBe('/api/plugin-proxy/slm-servicelevel-app/api/v1/services');
    expect(requests[0].params).toEqual({ limit: 500 });
  });

  test('search and lifecycle filters are sent to the engine; no match says so', async () => {
    const requests = engine((request) =>
      request.params?.lifecycle ? page([]) : request.params?.q === 'pay' ? page([SERVICES[1]]) : page(SERVICES)
    );
    renderCatalog();
    await screen.findByTestId('slm-catalog-table', undefined, { timeout: 15000 });
    await userEvent.type(screen.getByRole('textbox', { name: 'Search by key, name or description' }), 'pay');
    await waitFor(() => expect(screen.queryByText('mail')).not.toBeInTheDocument());
    expect(screen.getByText('薪资服务')).toBeInTheDocument();
    expect(requests.at(-1)?.params).toEqual({ q: 'pay', limit: 500 });

    await userEvent.click(screen.getByRole('radio', { name: 'Retired' }));
    expect(await screen.findByText('No service matches the filter', undefined, { timeout: 15000 })).toBeInTheDocument();
    expect(requests.at(-1)?.params).toEqual({ q: 'pay', lifecycle: 'retired', limit: 500 });
  });

  test('an empty catalog: the first action is adding a service, or reading the agreements for who may not', async () => {
    engine(() => page([]));
    const { unmount } = renderCatalog();
    expect(await screen.findByText('The service catalog is empty', undefined, { timeout: 15000 })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Add the first service' })).toHaveAttribute('href', `${APP}/catalog/new`);
    unmount();

    grant();
    renderCatalog();
    expect(await screen.findByText('The service catalog is empty', undefined, { timeout: 15000 })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Add the first service' })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'See agreements' })).toHaveAttribute('href', `${APP}/agreements`);
  });

  test('"New service" needs catalog:write: without it the button is disabled and names the permission', async () => {
    grant();
    engine(() => page(SERVICES));
    renderCatalog();
    await screen.findByTestId('slm-catalog-table', undefined, { timeout: 15000 });
    expect(screen.getByRole('button', { name: 'New service' })).toBeDisabled();
    expect(screen.getByTestId('slm-blocked')).toHaveAttribute(
      'data-reason',
      `You need the permission ${CATALOG_WRITE}`
    );
  });

  test('"New service" opens the form at catalog/new', async () => {
    engine(() => page(SERVICES));
    renderCatalog();
    await userEvent.click(await screen.findByRole('button', { name: 'New service' }, { timeout: 15000 }));
    expect(screen.getByTestId('location')).toHaveTextContent(`${APP}/catalog/new`);
  });

  test('an unreachable engine is explained with a link to the configuration', async () => {
    engine(() => ({ status: 502, statusText: 'Bad Gateway', data: '' }));
    renderCatalog();
    const alert = await screen.findByTestId('slm-engine-error', undefined, { timeout: 15000 });
    expect(within(alert).getByText('Could not load the service catalog')).toBeInTheDocument();
    expect(within(alert).getByText(/could not reach the SLM engine/)).toBeInTheDocument();
    expect(within(alert).getByRole('link', { name: /Open the app configuration/ })).toHaveAttribute(
      'href',
      '/plugins/slm-servicelevel-app'
    );
  });

  test('a permission error names the reason and offers no configuration link', async () => {
    engine(() => ({ status: 403, data: { error: { code: 'forbidden', message: 'needs read', details: {} } } }));
    renderCatalog();
    const alert = await screen.findByTestId('slm-engine-error', undefined, { timeout: 15000 });
    expect(within(alert).getByText('You do not have permission for this: needs read')).toBeInTheDocument();
    expect(within(alert).queryByRole('link')).not.toBeInTheDocument();
  });
});
