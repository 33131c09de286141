import React from 'react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderPage } from '../../test/fakeEngine';
import { grant } from '../Agreements/testFixtures';
import ServiceCatalog from './ServiceCatalog';
import {
  APP,
  CATALOG_WRITE,
  SLOW,
  engine,
  ok,
  page,
  route,
  service,
  validationFailed,
  versionConflict,
} from './testFixtures';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  PluginPage: jest.requireActual('../../test/pluginPage').PluginPageStandIn,
}));

jest.setTimeout(30000);

const renderAt = (path: string) => renderPage(<ServiceCatalog />, `${APP}/catalog`, path);

const CATALOG = [service('dns', { name: 'DNS' }), service('mail', { name: 'Mail' })];
const PARTIES = page([
  { key: 'it-operations', name: 'IT operations', kind: 'internal', description: '', contacts: [] },
]);
const lookups = { 'GET services': page(CATALOG), 'GET parties': PARTIES };

beforeEach(() => grant(CATALOG_WRITE));

async function openNewForm() {
  await userEvent.click(await screen.findByRole('button', { name: 'Create service' }, SLOW));
}

describe('Service form', () => {
  test('create a service: the body the engine gets, then its page at its own URL', async () => {
    const created = service('vpn', { name: 'VPN', features: ['Split tunnel'], version: 1 });
    const requests = engine({
      ...lookups,
      'POST services': { status: 201, data: created },
      'GET services/vpn': ok(created),
      'GET agreements': page([]),
      'GET monitoring/evaluations': page([]),
    });
    renderAt(`${APP}/catalog/new`);
    await userEvent.type(await screen.findByLabelText(/^Key/, undefined, SLOW), 'vpn');
    await userEvent.type(screen.getByLabelText(/^Name/), 'VPN');
    await userEvent.type(screen.getByLabelText('Description'), 'Remote access');
    await userEvent.click(screen.getByRole('radio', { name: 'Live' }));
    await userEvent.click(screen.getByRole('button', { name: 'Add a feature' }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Features, item 1' }), 'Split tunnel');
    // a blank row is dropped, not sent as an empty feature
    await userEvent.click(screen.getByRole('button', { name: 'Add a feature' }));
    await userEvent.click(screen.getByRole('button', { name: 'Add service hours' }));
    const hours = screen.getByRole('group', { name: 'Service hours, row 1' });
    await userEvent.click(within(hours).getByRole('checkbox', { name: 'Sat' }));
    await userEvent.clear(within(hours).getByLabelText('To'));
    await userEvent.type(within(hours).getByLabelText('To'), '20:00');
    await userEvent.click(screen.getByRole('button', { name: 'Link a dashboard' }));
    await userEvent.type(screen.getByLabelText('UID'), 'vpn-main');
    await userEvent.type(screen.getByLabelText('Title'), 'VPN overview');
    await userEvent.click(screen.getByRole('button', { name: 'Create service' }));

    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(`${APP}/catalog/vpn`));
    const post = requests.find((r) => route(r) === 'POST services')!;
    expect(post.data).toEqual({
      key: 'vpn',
      name: 'VPN',
      description: 'Remote access',
      category: '',
      features: ['Split tunnel'],
      usageScenarios: [],
      ownerTeam: null,
      lifecycle: 'live',
      serviceHours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], from: '08:00', to: '20:00' }],
      dependencies: [],
      dashboards: [{ uid: 'vpn-main', title: 'VPN overview' }],
    });
    expect(await screen.findByText('VPN', { selector: 'h1' }, SLOW)).toBeInTheDocument();
  });

  test('engine validation messages appear next to the field and list row they are about', async () => {
    engine({
      ...lookups,
      'POST services': validationFailed([
        { path: 'name', message: 'must not be empty' },
        { path: 'features.1', message: 'Too big: expected string to have <=500 characters' },
        { path: 'serviceHours.0.to', message: '"from" must be before "to"' },
        { path: 'dependencies', message: 'a service cannot depend on itself' },
        { path: 'somethingElse', message: 'unexpected' },
      ]),
    });
    renderAt(`${APP}/catalog/new`);
    await userEvent.type(await screen.findByLabelText(/^Key/, undefined, SLOW), 'vpn');
    await userEvent.click(screen.getByRole('button', { name: 'Add a feature' }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Features, item 1' }), 'one');
    await userEvent.click(screen.getByRole('button', { name: 'Add a feature' }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Features, item 2' }), 'two');
    await userEvent.click(screen.getByRole('button', { name: 'Add service hours' }));
    await userEvent.click(screen.getByRole('button', { name: 'Create service' }));

    await waitFor(() => expect(screen.getByLabelText(/^Name/)).toHaveAccessibleDescription('must not be empty'));
    expect(screen.getByRole('textbox', { name: 'Features, item 2' })).toHaveAccessibleDescription(
      'Too big: expected string to have <=500 characters'
    );
    expect(screen.getByRole('textbox', { name: 'Features, item 1' })).not.toHaveAccessibleDescription();
    const row = screen.getByRole('group', { name: 'Service hours, row 1' });
    expect(within(row).getByLabelText('To')).toHaveAccessibleDescription('"from" must be before "to"');
    expect(within(row).getByLabelText('From')).not.toHaveAccessibleDescription();
    expect(screen.getByText('a service cannot depend on itself')).toBeInTheDocument();
    // what no field shows is listed once, with its path
    expect(screen.getByTestId('slm-form-errors')).toHaveTextContent('somethingElse: unexpected');
    expect(screen.getByTestId('slm-form-errors')).not.toHaveTextContent('must not be empty');
  });

  test('a key that is taken is reported on the key field', async () => {
    engine({
      ...lookups,
      'POST services': { status: 409, data: { error: { code: 'conflict', message: 'service "mail" already exists' } } },
    });
    renderAt(`${APP}/catalog/new`);
    await userEvent.type(await screen.findByLabelText(/^Key/, undefined, SLOW), 'mail');
    await userEvent.type(screen.getByLabelText(/^Name/), 'Mail again');
    await openNewForm();
    await waitFor(() =>
      expect(screen.getByLabelText(/^Key/)).toHaveAccessibleDescription(
        'The catalog already has a service with this key'
      )
    );
    expect(screen.getByTestId('location')).toHaveTextContent(`${APP}/catalog/new`);
  });

  describe('stale version', () => {
    const seen = service('mail', { name: 'Mail', description: 'Old text', category: 'Collaboration', version: 3 });
    const theirs = {
      ...seen,
      description: 'Their new text',
      lifecycle: 'retired' as const,
      version: 4,
      updatedBy: 'alice',
    };

    function conflictingEngine() {
      let gets = 0;
      return engine({
        ...lookups,
        // the form reads version 3; after the 409 the engine has version 4
        'GET services/mail': () => ok(gets++ === 0 ? seen : theirs),
        'PUT services/mail': (r) =>
          (r.headers as Record<string, string>)['If-Match'] === '3'
            ? versionConflict(3, 4)
            : ok({ ...theirs, ...(r.data as object), version: 5 }),
        'GET agreements': page([]),
        'GET monitoring/evaluations': page([]),
      });
    }

    test('shows both versions and re-applies my changes on the latest', async () => {
      const requests = conflictingEngine();
      renderAt(`${APP}/catalog/mail/edit`);
      const name = await screen.findByLabelText(/^Name/, undefined, SLOW);
      expect(screen.getByLabelText(/^Key/)).toBeDisabled();
      await userEvent.clear(name);
      await userEvent.type(name, 'Mail & calendar');
      await userEvent.click(screen.getByRole('button', { name: 'Save' }));

      const panel = await screen.findByTestId('slm-version-conflict', undefined, SLOW);
      expect(panel).toHaveTextContent('You edited version 3; alice saved version 4 since');
      const rowOf = (field: string) => panel.querySelector(`tr[data-field="${field}"]`)!;
      expect(rowOf('name')).toHaveAttribute('data-differs', 'true');
      expect(within(rowOf('name') as HTMLElement).getByTestId('slm-conflict-yours')).toHaveTextContent(
        'Mail & calendar'
      );
      expect(within(rowOf('name') as HTMLElement).getByTestId('slm-conflict-latest')).toHaveTextContent('Mail');
      expect(within(rowOf('description') as HTMLElement).getByTestId('slm-conflict-latest')).toHaveTextContent(
        'Their new text'
      );
      expect(rowOf('category')).toHaveAttribute('data-differs', 'false');
      expect(screen.getByTestId('location')).toHaveTextContent(`${APP}/catalog/mail/edit`);

      await userEvent.click(within(panel).getByRole('button', { name: 'Re-apply my changes on the latest' }));
      await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(`${APP}/catalog/mail`));
      const puts = requests.filter((r) => route(r) === 'PUT services/mail');
      expect(puts.map((r) => (r.headers as Record<string, string>)['If-Match'])).toEqual(['3', '4']);
      // my change (the name) over their version; their changes to fields I did not touch are kept
      expect(puts[1].data).toMatchObject({
        name: 'Mail & calendar',
        description: 'Their new text',
        lifecycle: 'retired',
      });
    });

    test('discarding mine loads the latest version into the form', async () => {
      const requests = conflictingEngine();
      renderAt(`${APP}/catalog/mail/edit`);
      const name = await screen.findByLabelText(/^Name/, undefined, SLOW);
      await userEvent.type(name, ' 2');
      await userEvent.click(screen.getByRole('button', { name: 'Save' }));
      const panel = await screen.findByTestId('slm-version-conflict', undefined, SLOW);
      await userEvent.click(within(panel).getByRole('button', { name: 'Discard mine, edit the latest' }));
      expect(screen.queryByTestId('slm-version-conflict')).not.toBeInTheDocument();
      expect(screen.getByLabelText(/^Name/)).toHaveValue('Mail');
      expect(screen.getByLabelText('Description')).toHaveValue('Their new text');
      await userEvent.click(screen.getByRole('button', { name: 'Save' }));
      await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(`${APP}/catalog/mail`));
      expect(requests.filter((r) => route(r) === 'PUT services/mail').at(-1)!.headers).toMatchObject({
        'If-Match': '4',
      });
    });
  });

  test('without catalog:write the form says so and cannot be saved', async () => {
    grant();
    engine({ ...lookups, 'GET services/mail': ok(service('mail')) });
    renderAt(`${APP}/catalog/mail/edit`);
    expect(await screen.findByText('You can read the catalog but not change it', undefined, SLOW)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled();
  });
});
