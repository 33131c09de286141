import React from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { stringify } from 'yaml';
import { type BackendSrvRequest } from '@grafana/runtime';
import type { AgreementDetail } from '../../api/agreements';
import { installBackendSrv, type Reply } from '../../test/backendSrv';
import Agreements from './Agreements';
import { lineRange } from './YamlEditor';
import { READ, WRITE, detail, grant, notFound, route } from './testFixtures';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  PluginPage: jest.requireActual('../../test/pluginPage').PluginPageStandIn,
}));

jest.setTimeout(30000);
const SLOW = { timeout: 15000 };
const APP = '/a/slm-servicelevel-app/agreements';

function LocationProbe() {
  const { pathname, search } = useLocation();
  return <output data-testid="location">{pathname + search}</output>;
}

function renderAt(path: string) {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route path={`${APP}/*`} element={<Agreements />} />
      </Routes>
      <LocationProbe />
    </MemoryRouter>
  );
}

function engine(routes: Record<string, Reply | ((r: BackendSrvRequest) => Reply)>) {
  return installBackendSrv((request) => {
    const answer = routes[route(request)];
    if (!answer) {
      return notFound(route(request));
    }
    return typeof answer === 'function' ? answer(request) : answer;
  });
}

const ok = (data: unknown): Reply => ({ status: 200, data });
const yamlOf = (a: AgreementDetail) => stringify(a.document);
const writes = (requests: BackendSrvRequest[]) => requests.filter((r) => r.method && r.method !== 'GET');
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

const NEGOTIATING = detail('SLA-1', { state: 'negotiating', version: 3 });
const SAVED_YAML = yamlOf(NEGOTIATING);

async function openYaml(agreement: AgreementDetail = NEGOTIATING, more: Record<string, Reply | ((r: BackendSrvRequest) => Reply)> = {}) {
  const requests = engine({
    'GET agreements/SLA-1': ok(agreement),
    'GET agreements/SLA-1/export': ok(yamlOf(agreement)),
    ...more,
  });
  renderAt(`${APP}/SLA-1?tab=yaml`);
  const text = (await screen.findByRole('textbox', { name: 'Agreement YAML' }, SLOW)) as HTMLTextAreaElement;
  await waitFor(() => expect(text.value).toBe(yamlOf(agreement)));
  return { requests, text };
}

beforeEach(() => grant(READ, WRITE));

describe('YAML tab', () => {
  test('Validate shows each error at its line; clicking it selects the line; Save sends nothing while errors remain', async () => {
    const { requests, text } = await openYaml();
    const broken = SAVED_YAML.replace('objective: 99.9\n', 'objective: 120\n').replace('slice: 5m', 'slice: 7m');
    fireEvent.change(text, { target: { value: broken } });
    await userEvent.click(screen.getByRole('button', { name: 'Validate' }));

    const items = await screen.findAllByTestId('slm-yaml-issue');
    const objectiveLine = lineOf(broken, 'objective: 120');
    const sliceLine = lineOf(broken, 'slice: 7m');
    const byPath = Object.fromEntries(items.map((li) => [li.dataset.path, li]));
    expect(byPath['spec.targets[0].objective']).toHaveAttribute('data-line', String(objectiveLine));
    expect(byPath['spec.targets[0].objective']).toHaveTextContent(`line ${objectiveLine}:`);
    expect(byPath['spec.targets[0].objective']).toHaveTextContent('must be between 0 and 100');
    expect(byPath['spec.targets[0].slice']).toHaveAttribute('data-line', String(sliceLine));
    expect(byPath['spec.targets[0].slice']).toHaveTextContent("'7m' must divide one day evenly");
    // the gutter marks exactly the lines with problems
    const marked = within(screen.getByTestId('slm-yaml-gutter'))
      .getAllByText(/^\d+$/)
      .filter((el) => el.dataset.error === 'true')
      .map((el) => Number(el.dataset.line));
    expect(marked).toEqual([objectiveLine, sliceLine]);

    await userEvent.click(within(byPath['spec.targets[0].objective']).getByRole('button'));
    expect(document.activeElement).toBe(text);
    const [start, end] = lineRange(broken, objectiveLine);
    expect([text.selectionStart, text.selectionEnd]).toEqual([start, end]);
    expect(broken.slice(start, end).trim()).toBe('objective: 120');

    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByTestId('slm-yaml-invalid')).toHaveTextContent('Problems in the YAML: 2. Nothing was saved.');
    expect(writes(requests)).toEqual([]);
  });

  test('Save imports the YAML with If-Match = the version shown; engine errors are shown at their lines', async () => {
    let call = 0;
    const { requests, text } = await openYaml(NEGOTIATING, {
      'POST agreements/import': () =>
        ++call === 1
          ? {
              status: 400,
              data: {
                error: {
                  code: 'validation_failed',
                  message: 'invalid agreement document: spec.service: unknown service "nope"',
                  details: { issues: [{ path: 'spec.service', code: 'custom', message: 'unknown service "nope"', line: 8, col: 12 }] },
                },
              },
            }
          : ok({ ...NEGOTIATING, version: 4 }),
    });
    const edited = SAVED_YAML.replace('objective: 99.9\n', 'objective: 99.95\n');
    fireEvent.change(text, { target: { value: edited } });
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    const issue = await screen.findByTestId('slm-yaml-issue', undefined, SLOW);
    expect(issue).toHaveAttribute('data-line', '8');
    expect(issue).toHaveTextContent('line 8:12 spec.service unknown service "nope"');
    expect(screen.getByTestId('slm-yaml-invalid')).toHaveAttribute('data-source', 'engine');

    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByTestId('slm-yaml-saved', undefined, SLOW);
    const imports = writes(requests);
    expect(imports).toHaveLength(2);
    for (const r of imports) {
      expect(r.url).toMatch(/\/agreements\/import$/);
      expect(r.headers).toEqual({ 'If-Match': '3' });
      expect(r.data).toEqual({ yaml: edited });
    }
  });

  test('a version conflict shows both versions side by side and re-sends against the current version', async () => {
    const theirs = detail('SLA-1', { state: 'negotiating', version: 5, updatedBy: 'someone-else' });
    theirs.document = { ...theirs.document, metadata: { ...theirs.document.metadata, title: 'Renamed by someone else' } };
    let current = NEGOTIATING;
    const { requests, text } = await openYaml(NEGOTIATING, {
      'GET agreements/SLA-1': () => ok(current),
      'GET agreements/SLA-1/export': () => ok(yamlOf(current)),
      'POST agreements/import': (r) => {
        if ((r.headers as Record<string, string>)['If-Match'] === '3') {
          current = theirs; // someone else saved meanwhile
          return { status: 409, data: { error: { code: 'version_conflict', message: 'stale', details: { currentVersion: 5 } } } };
        }
        current = { ...theirs, version: 6 };
        return ok(current);
      },
    });
    const mine = SAVED_YAML.replace('objective: 99.9\n', 'objective: 99.5\n');
    fireEvent.change(text, { target: { value: mine } });
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    const conflict = await screen.findByTestId('slm-version-conflict', undefined, SLOW);
    expect(conflict).toHaveTextContent('your edit was made on version 3, and someone-else changed the agreement to version 5');
    expect(within(conflict).getByTestId('slm-conflict-yours').textContent).toBe(mine);
    expect(within(conflict).getByTestId('slm-conflict-current')).toHaveTextContent('Renamed by someone else');
    expect(within(conflict).getByTestId('slm-conflict-current')).not.toHaveTextContent('objective: 99.5');

    await userEvent.click(within(conflict).getByRole('button', { name: 'Save mine over version 5' }));
    await screen.findByTestId('slm-yaml-saved', undefined, SLOW);
    const imports = writes(requests);
    expect(imports.map((r) => (r.headers as Record<string, string>)['If-Match'])).toEqual(['3', '5']);
    expect(imports[1].data).toEqual({ yaml: mine });
  });

  test('an active agreement cannot be saved; the reason is shown and an amendment can be opened with If-Match', async () => {
    const active = detail('SLA-1', { state: 'active', version: 7 });
    let amended = false;
    const { requests } = await openYaml(active, {
      'GET agreements/SLA-1': () => ok(amended ? { ...active, version: 8, amendment: { state: 'draft', revision: 2 } } : active),
      'POST agreements/SLA-1/amendments': () => {
        amended = true;
        return { status: 201, data: { ...active, version: 8 } };
      },
    });
    const save = screen.getByRole('button', { name: 'Save' });
    expect(save).toBeDisabled();
    expect(screen.getAllByTestId('slm-blocked').map((el) => el.dataset.reason)).toContain('Active: open an amendment first');
    await userEvent.click(screen.getByRole('button', { name: 'Open amendment' }));
    await waitFor(() => expect(screen.queryByTestId('slm-edit-blocked')).not.toBeInTheDocument(), SLOW);
    expect(writes(requests)).toHaveLength(1);
    expect(writes(requests)[0].headers).toEqual({ 'If-Match': '7' });
  });

  test('without agreements:write the Save button names the missing permission', async () => {
    grant(READ);
    const { text } = await openYaml();
    fireEvent.change(text, { target: { value: SAVED_YAML.replace('99.9\n', '99.8\n') } });
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled();
    expect(screen.getAllByTestId('slm-blocked')[0]).toHaveAttribute('data-reason', `You need the permission ${WRITE}`);
  });
});

describe('Targets tab', () => {
  test('validation errors appear next to their fields and nothing is saved; a valid edit is saved with PUT and If-Match', async () => {
    const requests = engine({
      'GET agreements/SLA-1': ok(NEGOTIATING),
      'PUT agreements/SLA-1': ok({ ...NEGOTIATING, version: 4 }),
    });
    renderAt(`${APP}/SLA-1?tab=targets`);
    const row = await screen.findByTestId('slm-target-row-0', undefined, SLOW);
    await userEvent.click(within(row).getByRole('button', { name: 'Edit' }));
    const editor = screen.getByTestId('slm-target-editor');
    const objective = within(editor).getByLabelText('Objective (%)');
    await userEvent.clear(objective);
    await userEvent.type(objective, '120');
    const goodDs = within(editor).getByLabelText('Good query: data source uid');
    await userEvent.clear(goodDs);
    const from = within(screen.getByTestId('slm-service-hours-0')).getByLabelText('From');
    await userEvent.clear(from);
    await userEvent.type(from, '25:00');

    await userEvent.click(screen.getByRole('button', { name: 'Save targets and calendar' }));
    await waitFor(() => expect(objective).toHaveAccessibleDescription('must be between 0 and 100'));
    expect(goodDs).toHaveAccessibleDescription('must not be empty');
    expect(from).toHaveAccessibleDescription('must be a time of day HH:MM (00:00 to 24:00)');
    expect(within(editor).getByLabelText(/^Slice/)).not.toHaveAccessibleDescription();
    // 25:00 is also after the end of the service hours
    expect(within(screen.getByTestId('slm-service-hours-0')).getByLabelText('To')).toHaveAccessibleDescription(
      'from must be before to (split ranges that cross midnight)'
    );
    expect(screen.getByTestId('slm-targets-invalid')).toHaveTextContent('Problems: 4. Nothing was saved.');
    expect(writes(requests)).toEqual([]);

    await userEvent.clear(objective);
    await userEvent.type(objective, '99.5');
    await userEvent.type(goodDs, 'prom');
    await userEvent.clear(from);
    await userEvent.type(from, '07:00');
    await userEvent.click(screen.getByRole('button', { name: 'Add target' }));
    const added = screen.getByTestId('slm-target-editor');
    await userEvent.click(within(added).getByRole('radio', { name: 'threshold' }));
    await userEvent.type(within(added).getByLabelText('Value query: data source uid'), 'prom');
    await userEvent.type(within(added).getByLabelText('Value query: expression'), 'up');
    await userEvent.click(within(added).getByRole('radio', { name: 'time slices' }));
    await userEvent.type(within(added).getByLabelText('Threshold'), '1');

    await userEvent.click(screen.getByRole('button', { name: 'Save targets and calendar' }));
    await screen.findByTestId('slm-targets-saved', undefined, SLOW);
    const [put] = writes(requests);
    expect(put.headers).toEqual({ 'If-Match': '3' });
    const document = (put.data as { document: AgreementDetail['document'] }).document;
    expect(document.spec.targets[0].objective).toBe(99.5);
    expect(document.spec.targets[0].sli.ratio?.good).toEqual({ datasource: 'prom', expr: 'good' });
    expect(document.spec.targets[2]).toEqual({
      id: 'target-3',
      objective: 99.9,
      slice: '5m',
      budgeting: 'timeslices',
      sli: { threshold: { query: { datasource: 'prom', expr: 'up' }, op: 'lte', value: 1 } },
    });
    expect(document.spec.serviceHours).toEqual([{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '07:00', to: '18:00' }]);
  });

  test('engine validation errors are mapped to the fields by path', async () => {
    engine({
      'GET agreements/SLA-1': ok(NEGOTIATING),
      'PUT agreements/SLA-1': {
        status: 400,
        data: { error: { code: 'validation_failed', message: 'bad', details: { issues: [{ path: 'spec.targets[1].id', code: 'custom', message: 'is referenced by OLA-9' }] } } },
      },
    });
    renderAt(`${APP}/SLA-1?tab=targets`);
    await screen.findByTestId('slm-target-row-1', undefined, SLOW);
    await userEvent.click(screen.getByRole('button', { name: 'Save targets and calendar' }));
    // the target with the problem is opened so its error is next to its field
    const editor = await screen.findByTestId('slm-target-editor', undefined, SLOW);
    expect(within(editor).getByLabelText('Id')).toHaveValue('latency-p95');
    expect(within(editor).getByLabelText('Id')).toHaveAccessibleDescription('is referenced by OLA-9');
    expect(screen.getByTestId('slm-target-row-1')).toHaveAttribute('data-invalid', 'true');
  });
});

describe('New agreement', () => {
  test('a YAML file with errors is loaded into the editor with its errors; a valid one is created without If-Match', async () => {
    const requests = engine({ 'POST agreements/import': { status: 201, data: { ...NEGOTIATING, id: 'SLA-NEW-001' } } });
    renderAt(`${APP}/new`);
    const text = (await screen.findByRole('textbox', { name: 'Agreement YAML' }, SLOW)) as HTMLTextAreaElement;
    const bad = SAVED_YAML.replace('timezone: Asia/Shanghai', 'timezone: Mars/Olympus');
    const input = document.querySelector('input[type="file"]') as HTMLInputElement;
    await userEvent.upload(input, new File([bad], 'bad.yaml', { type: 'application/yaml' }));
    await waitFor(() => expect(text.value).toBe(bad));
    const issue = await screen.findByTestId('slm-yaml-issue');
    expect(issue).toHaveAttribute('data-line', String(lineOf(bad, 'timezone:')));
    expect(issue).toHaveTextContent("'Mars/Olympus' is not an IANA time zone");
    await userEvent.click(screen.getByRole('button', { name: 'Create draft' }));
    expect(writes(requests)).toEqual([]);

    fireEvent.change(text, { target: { value: SAVED_YAML } });
    await userEvent.click(screen.getByRole('button', { name: 'Create draft' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(`${APP}/SLA-NEW-001?tab=yaml`));
    expect(writes(requests)).toHaveLength(1);
    expect(writes(requests)[0].headers).toEqual({});
    expect(writes(requests)[0].data).toEqual({ yaml: SAVED_YAML });
  });
});
