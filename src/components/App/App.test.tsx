import React from 'react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { render, screen } from '@testing-library/react';
import { type AppRootProps, PluginType } from '@grafana/data';
import { PLUGIN_BASE_URL, ROUTES, prefixRoute } from '../../constants';
import { installBackendSrv } from '../../test/backendSrv';
import App from './App';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  PluginPage: jest.requireActual('../../test/pluginPage').PluginPageStandIn,
}));

const props = {
  basename: PLUGIN_BASE_URL,
  meta: {
    id: 'slm-servicelevel-app',
    name: 'Service Level Management',
    type: PluginType.app,
    enabled: true,
    jsonData: {},
  },
  query: {},
  path: PLUGIN_BASE_URL,
  onNavChanged: jest.fn(),
} as unknown as AppRootProps;

// Pages are lazy chunks; the first import of @grafana/ui in a test run takes a few seconds.
const LAZY = { timeout: 15000 };

function renderAt(path: string) {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route path={`${PLUGIN_BASE_URL}/*`} element={<App {...props} />} />
      </Routes>
    </MemoryRouter>
  );
}

const pages: Array<[string, string, string, string]> = [
  [ROUTES.Overview, 'Overview', 'No active agreements yet', 'Create an agreement'],
  [ROUTES.ServiceCatalog, 'Service catalog', 'The service catalog is empty', 'See agreements'],
  [ROUTES.Agreements, 'Agreements', 'No agreements yet', 'Start with the service catalog'],
  [ROUTES.ContractsRequirements, 'Contracts & requirements', 'No contracts recorded yet', 'See agreements'],
  [ROUTES.Breaches, 'Breaches', 'No open breaches', 'Go to the overview'],
  [ROUTES.Reviews, 'Reviews', 'No reviews yet', 'Plan a review'],
  [ROUTES.ImprovementPlans, 'Improvement plans', 'No improvement plans yet', 'See reviews'],
];

describe('App routes', () => {
  beforeEach(() => {
    // an engine with nothing in it yet
    installBackendSrv((request) => {
      if (request.url.endsWith('/monitoring/status')) {
        return {
          status: 200,
          data: {
            enabled: true,
            grafanaUrl: null,
            source: null,
            intervalMs: 60000,
            lastCycle: null,
            monitoredAgreements: 0,
            failing: [],
          },
        };
      }
      return ['/services', '/agreements', '/parties', '/contracts', '/breaches', '/plans', '/reviews'].some((list) =>
        request.url.endsWith(list)
      )
        ? { status: 200, data: { items: [], total: 0, limit: 500, offset: 0 } }
        : { status: 404, data: { error: { code: 'not_found', message: 'not found' } } };
    });
  });

  test.each(pages)('/%s shows "%s" with its empty state', async (route, title, emptyMessage, action) => {
    renderAt(prefixRoute(route));
    expect(await screen.findByText(title, { selector: 'h1' }, LAZY)).toBeInTheDocument();
    expect(screen.getByTestId(`data-testid slm-page-${route}`)).toBeInTheDocument();
    expect(await screen.findByText(emptyMessage, undefined, LAZY)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: action })).toHaveAttribute(
      'href',
      expect.stringMatching(/^\/a\/slm-servicelevel-app\//)
    );
  });

  test('the app root and unknown paths show the overview', async () => {
    renderAt(PLUGIN_BASE_URL);
    expect(await screen.findByText('Overview', { selector: 'h1' }, LAZY)).toBeInTheDocument();
  });

  test('a deeper path of the agreements opens that agreement, here one the engine does not have', async () => {
    renderAt(`${prefixRoute(ROUTES.Agreements)}/a-123`);
    expect(await screen.findByText('a-123', { selector: 'h1' }, LAZY)).toBeInTheDocument();
    expect(await screen.findByText('There is no agreement a-123', undefined, LAZY)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to the agreements' })).toHaveAttribute(
      'href',
      prefixRoute(ROUTES.Agreements)
    );
  });
});
