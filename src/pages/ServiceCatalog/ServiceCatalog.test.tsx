import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type BackendSrvRequest } from '@grafana/runtime';
import { installBackendSrv, type Reply } from '../../test/backendSrv';
import ServiceCatalog from './ServiceCatalog';

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

function renderCatalog() {
  return render(
    <MemoryRouter>
      <ServiceCatalog />
    </MemoryRouter>
  );
}

// @grafana/ui's first load and EmptyState's illustration take seconds in jsdom.
jest.setTimeout(30000);

describe('Service catalog page', () => {
  test('lists the services the engine returns, with their lifecycle', async () => {
    const requests = engine(() => page(SERVICES));
    renderCatalog();
    const table = await screen.findByTestId('slm-catalog-table', undefined, { timeout: 15000 });
    expect(within(table).getByText('mail')).toBeInTheDocument();
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

  test('an empty catalog shows the empty state', async () => {
    engine(() => page([]));
    renderCatalog();
    expect(await screen.findByText('The service catalog is empty', undefined, { timeout: 15000 })).toBeInTheDocument();
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
