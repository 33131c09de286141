import React from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type BackendSrvRequest } from '@grafana/runtime';
import { installBackendSrv, type Reply } from '../../test/backendSrv';
import { grant } from '../Agreements/testFixtures';
import ContractsRequirements from './ContractsRequirements';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  PluginPage: jest.requireActual('../../test/pluginPage').PluginPageStandIn,
}));

jest.setTimeout(30000);
const SLOW = { timeout: 15000 };
const APP = '/a/slm-servicelevel-app/contracts';
const PROXY = '/api/plugin-proxy/slm-servicelevel-app/api/v1';
const WRITE = 'slm-servicelevel-app.contracts:write';

function LocationProbe() {
  const { pathname, search } = useLocation();
  return <output data-testid="location">{pathname + search}</output>;
}

function renderAt(path: string) {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route path={`${APP}/*`} element={<ContractsRequirements />} />
      </Routes>
      <LocationProbe />
    </MemoryRouter>
  );
}

const ok = (data: unknown, status = 200): Reply => ({ status, data });
const page = (items: unknown[]) => ok({ items, total: items.length, limit: 50, offset: 0 });
const stale: Reply = {
  status: 409,
  data: { error: { code: 'version_conflict', message: 'stale version', details: {} } },
};
const invalid = (path: string, message: string): Reply => ({
  status: 400,
  data: {
    error: { code: 'validation_failed', message: `${path}: ${message}`, details: { issues: [{ path, message }] } },
  },
});

function engine(routes: Record<string, Reply | ((r: BackendSrvRequest) => Reply)>) {
  return installBackendSrv((request) => {
    const path = request.url.startsWith(PROXY) ? request.url.slice(PROXY.length) : request.url;
    const answer = routes[`${request.method ?? 'GET'} ${path}`];
    if (!answer) {
      return { status: 404, data: { error: { code: 'not_found', message: `${path} not found` } } };
    }
    return typeof answer === 'function' ? answer(request) : answer;
  });
}

const writes = (requests: BackendSrvRequest[]) => requests.filter((r) => r.method && r.method !== 'GET');
const ifMatch = (r: BackendSrvRequest) => (r.headers as Record<string, string>)['If-Match'];

const CONTRACT = {
  ref: 'CT-1',
  customer: 'finance',
  title: 'Mail for Finance',
  signedDate: '2026-01-10',
  term: { from: '2026-01-01', to: null },
  documentUrl: null,
  notes: '',
  version: 1,
  updatedBy: 'manager',
};
const REQUIREMENT = {
  id: 'REQ-1',
  contractRef: 'CT-1',
  serviceKey: 'mail',
  metric: 'availability',
  objective: 99.9,
  description: 'Mail is up',
  sli: {
    ratio: { good: { datasource: 'prom', expr: 'sum(good)' }, total: { datasource: 'prom', expr: 'sum(total)' } },
  },
  slice: '5m',
  window: { rolling: '28d' },
  gapAnalysis: null,
  version: 3,
  updatedBy: 'manager',
};
const lists = {
  'GET /parties': page([{ key: 'finance', name: 'Finance', kind: 'customer' }]),
  'GET /services': page([{ key: 'mail', name: 'Mail', lifecycle: 'live', version: 1 }]),
};

beforeEach(() => grant(WRITE));

describe('editing and deleting a contract', () => {
  test('an edit is sent with If-Match; engine errors show next to their fields; the saved contract is shown', async () => {
    let attempt = 0;
    const requests = engine({
      ...lists,
      'GET /contracts/CT-1': ok(CONTRACT),
      'GET /contracts/CT-1/requirements': page([]),
      'PUT /contracts/CT-1': (r) =>
        ++attempt === 1
          ? invalid('title', 'must not be empty')
          : ok({ ...CONTRACT, ...(r.data as object), version: 2 }),
    });
    renderAt(`${APP}/CT-1`);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit contract' }, SLOW));
    const form = screen.getByRole('form', { name: 'Edit contract CT-1' });
    expect(within(form).getByLabelText(/^Reference/)).toBeDisabled();
    const title = within(form).getByLabelText(/^Title/);
    expect(title).toHaveValue('Mail for Finance');
    await userEvent.clear(title);
    await userEvent.click(within(form).getByRole('button', { name: 'Save contract' }));
    await waitFor(() => expect(title).toHaveAccessibleDescription('must not be empty'));

    await userEvent.type(title, 'Mail and calendar for Finance');
    await userEvent.type(within(form).getByLabelText(/^Notes/), 'Renewed yearly');
    await userEvent.click(within(form).getByRole('button', { name: 'Save contract' }));
    await waitFor(
      () => expect(screen.queryByRole('form', { name: 'Edit contract CT-1' })).not.toBeInTheDocument(),
      SLOW
    );
    expect(screen.getByTestId('slm-contract-facts')).toHaveTextContent('Renewed yearly');

    const puts = writes(requests);
    expect(puts.map(ifMatch)).toEqual(['1', '1']);
    expect(puts[1].data).toEqual({
      ref: 'CT-1',
      customer: 'finance',
      title: 'Mail and calendar for Finance',
      signedDate: '2026-01-10',
      term: { from: '2026-01-01', to: null },
      documentUrl: null,
      notes: 'Renewed yearly',
    });
  });

  test('a concurrent save shows both versions; re-applying keeps their change and sends mine against their version', async () => {
    const theirs = { ...CONTRACT, signedDate: '2026-01-12', version: 2, updatedBy: 'someone-else' };
    const requests = engine({
      ...lists,
      'GET /contracts/CT-1': () => (writes(requests).length ? ok(theirs) : ok(CONTRACT)),
      'GET /contracts/CT-1/requirements': page([]),
      'PUT /contracts/CT-1': (r) => (ifMatch(r) === '1' ? stale : ok({ ...theirs, ...(r.data as object), version: 3 })),
    });
    renderAt(`${APP}/CT-1`);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit contract' }, SLOW));
    const form = screen.getByRole('form', { name: 'Edit contract CT-1' });
    await userEvent.type(within(form).getByLabelText(/^Notes/), 'Mine');
    await userEvent.click(within(form).getByRole('button', { name: 'Save contract' }));

    const conflict = await within(form).findByTestId('slm-version-conflict', undefined, SLOW);
    expect(conflict).toHaveTextContent('You edited version 1; someone-else saved version 2 since.');
    const row = (field: string) => conflict.querySelector(`tr[data-field="${field}"]`) as HTMLElement;
    expect(within(row('notes')).getByTestId('slm-conflict-yours')).toHaveTextContent('Mine');
    expect(within(row('notes')).getByTestId('slm-conflict-latest')).toHaveTextContent('—');
    expect(within(row('signedDate')).getByTestId('slm-conflict-latest')).toHaveTextContent('2026-01-12');
    expect(row('title')).toHaveAttribute('data-differs', 'false');

    await userEvent.click(within(conflict).getByRole('button', { name: 'Re-apply my changes on the latest' }));
    await waitFor(
      () => expect(screen.queryByRole('form', { name: 'Edit contract CT-1' })).not.toBeInTheDocument(),
      SLOW
    );
    const puts = writes(requests);
    expect(puts.map(ifMatch)).toEqual(['1', '2']);
    expect(puts[1].data).toMatchObject({ notes: 'Mine', signedDate: '2026-01-12' });
  });

  test('deleting asks first, sends If-Match and opens the list; a stale version is reported and can be deleted on purpose', async () => {
    const theirs = { ...CONTRACT, version: 4, updatedBy: 'someone-else' };
    const requests = engine({
      ...lists,
      'GET /contracts': page([]),
      'GET /contracts/CT-1': () => (writes(requests).length ? ok(theirs) : ok(CONTRACT)),
      'GET /contracts/CT-1/requirements': page([REQUIREMENT]),
      'DELETE /contracts/CT-1': (r) => (ifMatch(r) === '4' ? { status: 204 } : stale),
    });
    renderAt(`${APP}/CT-1`);
    await userEvent.click(await screen.findByRole('button', { name: 'Delete contract' }, SLOW));
    const dialog = screen.getByRole('dialog');
    expect(dialog).toHaveTextContent('Delete contract CT-1?');
    expect(dialog).toHaveTextContent('Its requirements (1) and their gap analyses are deleted with it.');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));

    const warning = await screen.findByTestId('slm-delete-stale', undefined, SLOW);
    expect(warning).toHaveTextContent('You saw version 1; someone-else saved version 4 since.');
    expect(screen.getByTestId('location')).toHaveTextContent(`${APP}/CT-1`);
    await userEvent.click(within(warning).getByRole('button', { name: 'Delete version 4' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(new RegExp(`^${APP}$`)), SLOW);
    expect(writes(requests).map((r) => [r.method, ifMatch(r)])).toEqual([
      ['DELETE', '1'],
      ['DELETE', '4'],
    ]);
  });

  test('without the write permission, edit and delete are disabled and say why', async () => {
    grant('slm-servicelevel-app.contracts:read');
    engine({ 'GET /contracts/CT-1': ok(CONTRACT), 'GET /contracts/CT-1/requirements': page([REQUIREMENT]) });
    renderAt(`${APP}/CT-1`);
    await screen.findByTestId('slm-requirements-table', undefined, SLOW);
    for (const name of ['Edit contract', 'Delete contract', 'Edit requirement REQ-1', 'Delete requirement REQ-1']) {
      expect(screen.getByRole('button', { name })).toBeDisabled();
    }
    const reasons = screen.getAllByTestId('slm-blocked').map((el) => el.dataset.reason);
    expect(new Set(reasons)).toEqual(new Set([`You need the permission ${WRITE}`]));
  });
});

describe('editing and deleting a requirement', () => {
  test('an edit keeps the id and the stored window, is sent with If-Match and replaces the row', async () => {
    let attempt = 0;
    const requests = engine({
      ...lists,
      'GET /contracts/CT-1': ok(CONTRACT),
      'GET /contracts/CT-1/requirements': page([REQUIREMENT]),
      'PUT /contracts/CT-1/requirements/REQ-1': (r) =>
        ++attempt === 1
          ? invalid('objective', 'must be a percentage between 0 and 100 (exclusive)')
          : ok({ ...REQUIREMENT, ...(r.data as object), version: 4 }),
    });
    renderAt(`${APP}/CT-1`);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit requirement REQ-1' }, SLOW));
    const form = screen.getByRole('form', { name: 'Edit requirement REQ-1' });
    expect(within(form).getByLabelText(/^Id/)).toBeDisabled();
    expect(within(form).getByLabelText(/^Good events query/)).toHaveValue('sum(good)');
    const objective = within(form).getByLabelText(/^Objective/);
    await userEvent.clear(objective);
    await userEvent.type(objective, '100');
    await userEvent.click(within(form).getByRole('button', { name: 'Save requirement' }));
    await waitFor(() =>
      expect(objective).toHaveAccessibleDescription('must be a percentage between 0 and 100 (exclusive)')
    );

    await userEvent.clear(objective);
    await userEvent.type(objective, '99.5');
    await userEvent.click(within(form).getByRole('button', { name: 'Save requirement' }));
    const table = screen.getByTestId('slm-requirements-table');
    await waitFor(() => expect(within(table).getByText('99.5 %')).toBeInTheDocument(), SLOW);
    const puts = writes(requests);
    expect(puts.map(ifMatch)).toEqual(['3', '3']);
    expect(puts[1].data).toEqual({
      id: 'REQ-1',
      serviceKey: 'mail',
      metric: 'availability',
      objective: 99.5,
      description: 'Mail is up',
      slice: '5m',
      sli: REQUIREMENT.sli,
      window: { rolling: '28d' },
    });
  });

  test('a concurrent change of the requirement shows both versions; discarding mine loads theirs', async () => {
    const theirs = { ...REQUIREMENT, objective: 99.95, version: 5, updatedBy: 'someone-else' };
    const requests = engine({
      ...lists,
      'GET /contracts/CT-1': ok(CONTRACT),
      'GET /contracts/CT-1/requirements': page([REQUIREMENT]),
      'GET /contracts/CT-1/requirements/REQ-1': ok(theirs),
      'PUT /contracts/CT-1/requirements/REQ-1': stale,
    });
    renderAt(`${APP}/CT-1`);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit requirement REQ-1' }, SLOW));
    const form = screen.getByRole('form', { name: 'Edit requirement REQ-1' });
    await userEvent.type(within(form).getByLabelText(/^Description/), ' (weekdays)');
    await userEvent.click(within(form).getByRole('button', { name: 'Save requirement' }));
    const conflict = await within(form).findByTestId('slm-version-conflict', undefined, SLOW);
    const row = (field: string) => conflict.querySelector(`tr[data-field="${field}"]`) as HTMLElement;
    expect(within(row('objective')).getByTestId('slm-conflict-yours')).toHaveTextContent('99.9 %');
    expect(within(row('objective')).getByTestId('slm-conflict-latest')).toHaveTextContent('99.95 %');
    expect(within(row('description')).getByTestId('slm-conflict-yours')).toHaveTextContent('Mail is up (weekdays)');

    await userEvent.click(within(conflict).getByRole('button', { name: 'Discard mine, edit the latest' }));
    expect(within(form).getByLabelText(/^Objective/)).toHaveValue(99.95);
    expect(within(form).getByLabelText(/^Description/)).toHaveValue('Mail is up');
    expect(writes(requests)).toHaveLength(1);
  });

  test('deleting a requirement asks first, sends If-Match and removes its row', async () => {
    const requests = engine({
      ...lists,
      'GET /contracts/CT-1': ok(CONTRACT),
      'GET /contracts/CT-1/requirements': page([REQUIREMENT, { ...REQUIREMENT, id: 'REQ-2', version: 1 }]),
      'DELETE /contracts/CT-1/requirements/REQ-1': { status: 204 },
    });
    renderAt(`${APP}/CT-1?gap=REQ-1`);
    await screen.findByTestId('slm-gap-analysis', undefined, SLOW);
    await userEvent.click(screen.getByRole('button', { name: 'Delete requirement REQ-1' }));
    await userEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete' }));
    const table = screen.getByTestId('slm-requirements-table');
    await waitFor(() => expect(within(table).queryByText('REQ-1')).not.toBeInTheDocument(), SLOW);
    expect(within(table).getByText('REQ-2')).toBeInTheDocument();
    expect(screen.queryByTestId('slm-gap-analysis')).not.toBeInTheDocument();
    expect(writes(requests).map((r) => [r.method, r.url.slice(PROXY.length), ifMatch(r)])).toEqual([
      ['DELETE', '/contracts/CT-1/requirements/REQ-1', '3'],
    ]);
  });
});
