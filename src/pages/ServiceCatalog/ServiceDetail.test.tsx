import React from 'react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderPage } from '../../test/fakeEngine';
import { grant, row } from '../Agreements/testFixtures';
import ServiceCatalog from './ServiceCatalog';
import { APP, CATALOG_WRITE, SLOW, engine, ok, page, route, service } from './testFixtures';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  PluginPage: jest.requireActual('../../test/pluginPage').PluginPageStandIn,
}));

jest.setTimeout(30000);

const renderAt = (path: string) => renderPage(<ServiceCatalog />, `${APP}/catalog`, path, false);

const MAIL = service('mail', {
  name: 'Mail',
  description: 'Corporate e-mail for every employee.',
  category: 'Collaboration',
  features: ['Shared mailboxes', 'Mobile access'],
  usageScenarios: ['Send invoices to customers'],
  ownerTeam: 'it-operations',
  serviceHours: [
    { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '18:00' },
    { days: ['sat'], from: '09:00', to: '12:00' },
  ],
  dependencies: ['dns', 'ldap'],
  dashboards: [{ uid: 'mail-overview', title: 'Mail overview' }, { uid: 'mail-queues' }],
  version: 3,
  updatedBy: 'alice',
});

const CATALOG = [
  MAIL,
  service('crm', { name: 'CRM', dependencies: ['mail', 'dns'] }),
  service('helpdesk', { name: 'Helpdesk', dependencies: ['mail'] }),
  service('dns', { name: 'DNS' }),
  service('payroll', { name: 'Payroll', dependencies: ['dns'] }),
];

const AGREEMENTS = [
  row('SLA-1', { state: 'active', title: 'Mail for finance' }),
  row('OLA-1', { state: 'draft', title: 'Mail operations' }),
  row('UC-1', { state: 'active', title: 'Mail hosting' }),
];

function mailEngine(monitoring: Parameters<typeof engine>[0][string]) {
  return engine({
    'GET services/mail': ok(MAIL),
    'GET services': page(CATALOG),
    'GET agreements': page(AGREEMENTS),
    'GET monitoring/evaluations': monitoring,
  });
}

const EVALUATIONS = page([
  {
    agreementId: 'SLA-1',
    type: 'SLA',
    service: 'mail',
    state: 'breached',
    evaluatedAt: '2026-03-01T10:00:00Z',
    error: null,
    targets: [],
  },
  // monitored, but the monitor has not finished its first cycle for it
  { agreementId: 'UC-1', type: 'UC', service: 'mail', state: null, evaluatedAt: null, error: null, targets: [] },
]);

beforeEach(() => grant(CATALOG_WRITE));

describe('Service page', () => {
  test('shows what the service is: description, features, usage, owner, weekly hours and dashboards', async () => {
    mailEngine(EVALUATIONS);
    renderAt(`${APP}/catalog/mail`);
    expect(await screen.findByText('Mail', { selector: 'h1' }, SLOW)).toBeInTheDocument();
    expect(screen.getByText('Corporate e-mail for every employee.')).toBeInTheDocument();
    expect(
      within(screen.getByTestId('slm-service-features'))
        .getAllByRole('listitem')
        .map((li) => li.textContent)
    ).toEqual(['Shared mailboxes', 'Mobile access']);
    expect(within(screen.getByTestId('slm-service-usage')).getByText('Send invoices to customers')).toBeInTheDocument();
    expect(
      within(screen.getByTestId('slm-service-owner')).getByRole('link', { name: 'it-operations' })
    ).toHaveAttribute('href', `${APP}/parties/it-operations`);

    const hours = screen.getByTestId('slm-service-hours');
    const day = (d: string) => hours.querySelector(`tr[data-day="${d}"] td`)?.textContent;
    expect(day('mon')).toBe('08:00–18:00');
    expect(day('fri')).toBe('08:00–18:00');
    expect(day('sat')).toBe('09:00–12:00');
    expect(day('sun')).toBe('Outside service hours');
    expect(screen.queryByText('24x7')).not.toBeInTheDocument();

    expect(screen.getByRole('link', { name: 'Mail overview' })).toHaveAttribute(
      'href',
      '/d/mail-overview?var-service=mail'
    );
    // a link without a title shows its UID
    expect(screen.getByRole('link', { name: 'mail-queues' })).toHaveAttribute(
      'href',
      '/d/mail-queues?var-service=mail'
    );
  });

  test('no service hours means 24x7, every day all day', async () => {
    engine({
      'GET services/dns': ok(service('dns')),
      'GET services': page(CATALOG),
      'GET agreements': page([]),
      'GET monitoring/evaluations': page([]),
    });
    renderAt(`${APP}/catalog/dns`);
    const hours = await screen.findByTestId('slm-service-hours', undefined, SLOW);
    expect(screen.getByText('24x7')).toBeInTheDocument();
    expect([...hours.querySelectorAll('td')].map((td) => td.textContent)).toEqual(Array(7).fill('00:00–24:00'));
    // nothing covers it yet: the first action is drafting an SLA for it
    expect(await screen.findByText('No agreement covers this service yet', undefined, SLOW)).toBeInTheDocument();
    expect(screen.getAllByRole('link', { name: 'Draft an SLA for this service' })[0]).toHaveAttribute(
      'href',
      `${APP}/agreements/new?service=dns`
    );
  });

  test('dependency graph: dependents on the left, dependencies on the right, known services are links', async () => {
    mailEngine(EVALUATIONS);
    renderAt(`${APP}/catalog/mail`);
    const graph = await screen.findByTestId('slm-dependency-graph', undefined, SLOW);
    const node = (key: string) => graph.querySelector(`g[data-node="${key}"]`)!;
    const x = (key: string) => Number(node(key).querySelector('rect')!.getAttribute('x'));

    expect(graph.querySelectorAll('g[data-kind="dependent"]')).toHaveLength(2);
    expect([...graph.querySelectorAll('g[data-kind="dependent"]')].map((g) => g.getAttribute('data-node'))).toEqual([
      'crm',
      'helpdesk',
    ]);
    expect([...graph.querySelectorAll('g[data-kind="dependency"]')].map((g) => g.getAttribute('data-node'))).toEqual([
      'dns',
      'ldap',
    ]);
    // payroll depends on dns, not on mail: it is not drawn
    expect(node('payroll')).toBeNull();
    expect(x('crm')).toBeLessThan(x('mail'));
    expect(x('mail')).toBeLessThan(x('dns'));

    expect([...graph.querySelectorAll('line')].map((l) => l.getAttribute('data-edge')).sort()).toEqual(
      ['crm->mail', 'helpdesk->mail', 'mail->dns', 'mail->ldap'].sort()
    );
    expect(within(graph).getByRole('link', { name: 'CRM (crm)' })).toHaveAttribute('href', `${APP}/catalog/crm`);
    expect(within(graph).getByRole('link', { name: 'DNS (dns)' })).toHaveAttribute('href', `${APP}/catalog/dns`);
    // ldap is not in the catalog and the service itself is not a link to itself
    expect(within(graph).getAllByRole('link')).toHaveLength(3);
    expect(node('ldap').textContent).toContain('not in the catalog');
  });

  test('covering agreements with type, lifecycle and live state from the monitor', async () => {
    const requests = mailEngine(EVALUATIONS);
    renderAt(`${APP}/catalog/mail`);
    const table = await screen.findByTestId('slm-service-agreements', undefined, SLOW);
    const rowOf = (id: string) => table.querySelector(`tr[data-agreement="${id}"]`) as HTMLElement;
    expect(within(rowOf('SLA-1')).getByRole('link', { name: 'SLA-1' })).toHaveAttribute(
      'href',
      `${APP}/agreements/SLA-1`
    );
    expect(within(rowOf('SLA-1')).getByTestId('slm-live-state')).toHaveAttribute('data-state', 'breached');
    expect(within(rowOf('SLA-1')).getByText('Breached')).toBeInTheDocument();
    expect(within(rowOf('OLA-1')).getByText('not monitored (not active)')).toBeInTheDocument();
    expect(within(rowOf('UC-1')).getByText('not evaluated yet')).toBeInTheDocument();
    expect(within(rowOf('OLA-1')).getByText('Draft')).toBeInTheDocument();

    const agreements = requests.find((r) => route(r) === 'GET agreements')!;
    expect(agreements.params).toEqual({ service: 'mail', limit: 500 });
    const evaluations = requests.find((r) => route(r) === 'GET monitoring/evaluations')!;
    expect(evaluations.params).toMatchObject({ service: 'mail' });
    expect(screen.getByRole('link', { name: 'Open these agreements in the agreement list' })).toHaveAttribute(
      'href',
      `${APP}/agreements?service=mail`
    );
  });

  test.each([
    [
      'not built (404)',
      { status: 404, data: { error: { code: 'not_found', message: 'route GET /monitoring/evaluations not found' } } },
    ],
    [
      'monitoring off (501)',
      { status: 501, data: { error: { code: 'not_implemented', message: 'monitoring is disabled' } } },
    ],
  ])('monitor %s: live state unavailable, the rest of the page works', async (_name, reply) => {
    mailEngine(reply);
    renderAt(`${APP}/catalog/mail`);
    const table = await screen.findByTestId('slm-service-agreements', undefined, SLOW);
    expect(within(table).getAllByText('live state unavailable')).toHaveLength(3);
    expect(within(table).queryByTestId('slm-live-state')).not.toBeInTheDocument();
    expect(screen.getByTestId('slm-live-unavailable')).toHaveTextContent('app configuration page');
    expect(screen.queryByTestId('slm-engine-error')).not.toBeInTheDocument();
  });

  test('edit and delete need catalog:write; without it they are disabled and say why', async () => {
    grant();
    mailEngine(EVALUATIONS);
    renderAt(`${APP}/catalog/mail`);
    const header = await screen.findByTestId('slm-service-header', undefined, SLOW);
    for (const name of ['Edit', 'Delete']) {
      expect(within(header).getByRole('button', { name })).toBeDisabled();
    }
    expect(within(header).getAllByTestId('slm-blocked')[0]).toHaveAttribute(
      'data-reason',
      `You need the permission ${CATALOG_WRITE}`
    );
    // reading links stay usable
    expect(within(header).getByRole('link', { name: 'Draft an SLA for this service' })).toBeInTheDocument();
  });

  test('with catalog:write, Edit opens the form at its own URL', async () => {
    mailEngine(EVALUATIONS);
    renderAt(`${APP}/catalog/mail`);
    const header = await screen.findByTestId('slm-service-header', undefined, SLOW);
    await userEvent.click(within(header).getByRole('button', { name: 'Edit' }));
    expect(await screen.findByTestId('slm-service-form', undefined, SLOW)).toBeInTheDocument();
    expect(screen.getByText('Edit Mail', { selector: 'h1' })).toBeInTheDocument();
  });

  test('an unknown service says so and leads back to the catalog; an unreachable engine explains the fix', async () => {
    engine({});
    const { unmount } = renderAt(`${APP}/catalog/nope`);
    expect(await screen.findByText('There is no service nope in the catalog', undefined, SLOW)).toBeInTheDocument();
    unmount();

    engine({ 'GET services/mail': { status: 502, statusText: 'Bad Gateway', data: '' } });
    renderAt(`${APP}/catalog/mail`);
    const alert = await screen.findByTestId('slm-engine-error', undefined, SLOW);
    expect(within(alert).getByRole('link', { name: /Open the app configuration/ })).toBeInTheDocument();
  });
});
