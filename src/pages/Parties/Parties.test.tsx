import React from 'react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PartyRecord } from '../../api/parties';
import { renderPage } from '../../test/fakeEngine';
import { grant } from '../Agreements/testFixtures';
import {
  APP,
  PARTIES_WRITE,
  SLOW,
  engine,
  ok,
  page,
  route,
  service,
  validationFailed,
  versionConflict,
} from '../ServiceCatalog/testFixtures';
import Parties from './Parties';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  PluginPage: jest.requireActual('../../test/pluginPage').PluginPageStandIn,
}));

jest.setTimeout(30000);

const renderAt = (path: string) => renderPage(<Parties />, `${APP}/parties`, path);

function party(key: string, over: Partial<PartyRecord> = {}): PartyRecord {
  return {
    key,
    name: key,
    kind: 'internal',
    description: '',
    contacts: [],
    version: 1,
    createdAt: '2026-01-05T08:00:00.000Z',
    createdBy: 'manager',
    updatedAt: '2026-01-05T08:00:00.000Z',
    updatedBy: 'manager',
    ...over,
  };
}

const OPS = party('it-operations', {
  name: 'IT operations',
  description: 'Runs the data centre.',
  contacts: [
    {
      name: 'Li Wei',
      role: 'escalation',
      email: 'li.wei@example.com',
      phone: '+86 10 1234 5678',
      grafanaContactPoint: 'ops-pager',
    },
    { name: 'Ann Smith', email: 'ann@example.com' },
  ],
});
const ACME = party('acme', { name: 'ACME Corp', kind: 'customer' });
const HOSTER = party('hoster', { name: 'Hoster Ltd', kind: 'supplier' });

beforeEach(() => grant(PARTIES_WRITE));

describe('Parties', () => {
  test('the kind filter and the search go to the engine and into the URL', async () => {
    const requests = engine({
      'GET parties': (r) => {
        const { kind, q } = r.params ?? {};
        return page([OPS, ACME, HOSTER].filter((p) => (!kind || p.kind === kind) && (!q || p.name.includes(q))));
      },
    });
    renderAt(`${APP}/parties`);
    const table = await screen.findByTestId('slm-party-table', undefined, SLOW);
    expect(within(table).getByRole('link', { name: 'ACME Corp' })).toHaveAttribute('href', `${APP}/parties/acme`);
    expect(within(table).getByText('Li Wei, Ann Smith')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('radio', { name: 'Supplier' }));
    await waitFor(() => expect(screen.queryByText('ACME Corp')).not.toBeInTheDocument());
    expect(screen.getByText('Hoster Ltd')).toBeInTheDocument();
    expect(requests.at(-1)!.params).toEqual({ kind: 'supplier', limit: 500 });
    expect(screen.getByTestId('location')).toHaveTextContent(`${APP}/parties?kind=supplier`);

    await userEvent.type(screen.getByRole('textbox', { name: 'Search by key, name or description' }), 'zzz');
    await waitFor(() => expect(requests.at(-1)!.params).toEqual({ kind: 'supplier', q: 'zzz', limit: 500 }));
    expect(await screen.findByText('No party matches the filter', undefined, SLOW)).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('kind=supplier&q=zzz');
  });

  test('a filter in the URL is applied on arrival', async () => {
    const requests = engine({ 'GET parties': page([ACME]) });
    renderAt(`${APP}/parties?kind=customer`);
    await screen.findByTestId('slm-party-table', undefined, SLOW);
    expect(requests[0].params).toEqual({ kind: 'customer', limit: 500 });
    expect(screen.getByRole('radio', { name: 'Customer' })).toBeChecked();
  });

  test('no parties at all: the first action is adding one, which needs parties:write', async () => {
    grant();
    engine({ 'GET parties': page([]) });
    renderAt(`${APP}/parties`);
    expect(await screen.findByText('No parties yet', undefined, SLOW)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Add the first party' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'New party' })).toBeDisabled();
  });

  test('a party page lists its contacts with their Grafana contact point, and the services the team owns', async () => {
    const requests = engine({
      'GET parties/it-operations': ok(OPS),
      'GET services': page([service('mail', { name: 'Mail', ownerTeam: 'it-operations' })]),
    });
    renderAt(`${APP}/parties/it-operations`);
    const contacts = await screen.findByTestId('slm-party-contacts', undefined, SLOW);
    const [li, ann] = within(contacts).getAllByRole('row').slice(1);
    expect(within(li).getByRole('link', { name: /ops-pager/ })).toHaveAttribute(
      'href',
      '/alerting/notifications/receivers/ops-pager/edit?alertmanager=grafana'
    );
    expect(within(li).getByRole('link', { name: /li.wei@example.com/ })).toHaveAttribute(
      'href',
      'mailto:li.wei@example.com'
    );
    expect(within(li).getByRole('link', { name: /\+86 10 1234 5678/ })).toHaveAttribute('href', 'tel:+861012345678');
    expect(within(ann).getByText('none: breach notifications use the default policy')).toBeInTheDocument();

    const owned = await screen.findByTestId('slm-party-services', undefined, SLOW);
    expect(within(owned).getByRole('link', { name: 'Mail' })).toHaveAttribute('href', `${APP}/catalog/mail`);
    expect(requests.find((r) => route(r) === 'GET services')!.params).toEqual({ owner: 'it-operations', limit: 500 });
    expect(screen.getByRole('link', { name: 'Agreements with this party' })).toHaveAttribute(
      'href',
      '/a/slm-servicelevel-app/agreements?party=it-operations'
    );
  });

  test('create: contacts are sent without empty fields; an engine message lands on the contact field', async () => {
    const requests = engine({
      'POST parties': validationFailed([{ path: 'contacts.0.email', message: 'Invalid email address' }]),
    });
    renderAt(`${APP}/parties/new`);
    await userEvent.type(await screen.findByLabelText(/^Key/, undefined, SLOW), 'acme');
    await userEvent.type(screen.getByLabelText(/^Name/), 'ACME Corp');
    await userEvent.click(screen.getByRole('radio', { name: 'Customer' }));
    await userEvent.click(screen.getByRole('button', { name: 'Add a contact' }));
    const contact = screen.getByRole('group', { name: 'Contact 1' });
    await userEvent.type(within(contact).getByLabelText('Name'), 'Bob');
    await userEvent.type(within(contact).getByLabelText('Email'), 'bob-at-acme');
    await userEvent.type(within(contact).getByLabelText('Grafana contact point'), 'acme-mail');
    await userEvent.click(screen.getByRole('button', { name: 'Create party' }));

    await waitFor(() =>
      expect(
        within(screen.getByRole('group', { name: 'Contact 1' })).getByLabelText('Email')
      ).toHaveAccessibleDescription('Invalid email address')
    );
    expect(requests.find((r) => route(r) === 'POST parties')!.data).toEqual({
      key: 'acme',
      name: 'ACME Corp',
      kind: 'customer',
      description: '',
      contacts: [{ name: 'Bob', email: 'bob-at-acme', grafanaContactPoint: 'acme-mail' }],
    });
  });

  test('edit on a stale version: both versions shown, my changes re-applied on the latest', async () => {
    const latest = { ...ACME, description: 'Key account', version: 2, updatedBy: 'alice' };
    let gets = 0;
    const requests = engine({
      'GET parties/acme': () => ok(gets++ === 0 ? ACME : latest),
      'PUT parties/acme': (r) =>
        (r.headers as Record<string, string>)['If-Match'] === '1'
          ? versionConflict(1, 2)
          : ok({ ...latest, ...(r.data as object), version: 3 }),
    });
    renderAt(`${APP}/parties/acme/edit`);
    await userEvent.click(await screen.findByRole('button', { name: 'Add a contact' }, SLOW));
    await userEvent.type(within(screen.getByRole('group', { name: 'Contact 1' })).getByLabelText('Name'), 'Bob');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    const panel = await screen.findByTestId('slm-version-conflict', undefined, SLOW);
    const contactsRow = panel.querySelector('tr[data-field="contacts"]') as HTMLElement;
    expect(within(contactsRow).getByTestId('slm-conflict-yours')).toHaveTextContent('Bob');
    expect(within(contactsRow).getByTestId('slm-conflict-latest')).toHaveTextContent('—');
    expect(panel.querySelector('tr[data-field="description"]')).toHaveAttribute('data-differs', 'true');

    await userEvent.click(within(panel).getByRole('button', { name: 'Re-apply my changes on the latest' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(`${APP}/parties/acme`));
    const last = requests.filter((r) => route(r) === 'PUT parties/acme').at(-1)!;
    expect(last.headers).toMatchObject({ 'If-Match': '2' });
    expect(last.data).toEqual({
      ...{ key: 'acme', name: 'ACME Corp', kind: 'customer' },
      description: 'Key account',
      contacts: [{ name: 'Bob' }],
    });
  });

  test('an unknown party says so; a permission error is explained', async () => {
    engine({});
    const { unmount } = renderAt(`${APP}/parties/nope`);
    expect(await screen.findByText('There is no party nope', undefined, SLOW)).toBeInTheDocument();
    unmount();
    engine({ 'GET parties': { status: 403, data: { error: { code: 'forbidden', message: 'needs read' } } } });
    renderAt(`${APP}/parties`);
    expect(
      await screen.findByText('You do not have permission for this: needs read', undefined, SLOW)
    ).toBeInTheDocument();
  });
});
