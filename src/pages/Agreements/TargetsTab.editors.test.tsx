import React from 'react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type DataSourceApi, type QueryEditorProps } from '@grafana/data';
import { type DataQuery } from '@grafana/schema';
import { type BackendSrvRequest, type DataSourceSrv, setDataSourceSrv } from '@grafana/runtime';
import type { AgreementDetail } from '../../api/agreements';
import { currentMonth } from '../../components/Calendar/calendarModel';
import { installBackendSrv, type Reply } from '../../test/backendSrv';
import Agreements from './Agreements';
import { READ, WRITE, detail, grant, notFound, route } from './testFixtures';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  PluginPage: jest.requireActual('../../test/pluginPage').PluginPageStandIn,
}));

jest.setTimeout(30000);
const SLOW = { timeout: 15000 };
const APP = '/a/slm-servicelevel-app/agreements';
const ok = (data: unknown): Reply => ({ status: 200, data });

function engine(routes: Record<string, Reply | ((r: BackendSrvRequest) => Reply)>) {
  return installBackendSrv((request) => {
    const answer = routes[route(request)];
    if (!answer) {
      return notFound(route(request));
    }
    return typeof answer === 'function' ? answer(request) : answer;
  });
}

function renderAt(path: string) {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route path={`${APP}/*`} element={<Agreements />} />
      </Routes>
    </MemoryRouter>
  );
}

/** A Prometheus-like data source whose own editor is a single text box. */
function PromEditor({ query, onChange }: QueryEditorProps<DataSourceApi, DataQuery & { expr?: string }>) {
  return (
    <input
      aria-label={`PromQL ${query.refId}`}
      value={query.expr ?? ''}
      onChange={(e) => onChange({ ...query, expr: e.currentTarget.value })}
    />
  );
}

function installDatasources() {
  setDataSourceSrv({
    get: async (ref) =>
      ({
        uid: ref,
        type: 'prometheus',
        name: ref,
        components: { QueryEditor: PromEditor },
      }) as unknown as DataSourceApi,
    getList: () => [],
    getInstanceSettings: () => undefined,
    reload: async () => undefined,
    registerRuntimeDataSource: () => undefined,
  } as DataSourceSrv);
}

const THIS_MONTH = currentMonth('Asia/Shanghai');
const NEGOTIATING: AgreementDetail = detail('SLA-1', { state: 'negotiating', version: 3 });

beforeEach(() => grant(READ, WRITE));
afterEach(() => setDataSourceSrv(undefined as unknown as DataSourceSrv));

test("the target builder edits a query in the data source's own editor and saves it", async () => {
  installDatasources();
  const requests = engine({
    'GET agreements/SLA-1': ok(NEGOTIATING),
    'PUT agreements/SLA-1': ok({ ...NEGOTIATING, version: 4 }),
  });
  renderAt(`${APP}/SLA-1?tab=targets`);
  await userEvent.click(
    within(await screen.findByTestId('slm-target-row-0', undefined, SLOW)).getByRole('button', { name: 'Edit' })
  );
  const editor = screen.getByTestId('slm-target-editor');
  const good = await within(editor).findByRole('textbox', { name: 'PromQL availability/good' });
  expect(good).toHaveValue('good');
  expect(within(editor).getByRole('textbox', { name: 'PromQL availability/total' })).toHaveValue('total');
  await userEvent.clear(good);
  await userEvent.type(good, 'sum(ok)');

  await userEvent.click(screen.getByRole('button', { name: 'Save targets and calendar' }));
  await screen.findByTestId('slm-targets-saved', undefined, SLOW);
  const put = requests.find((r) => r.method === 'PUT')!;
  const doc = (put.data as { document: AgreementDetail['document'] }).document;
  expect(doc.spec.targets[0].sli.ratio).toEqual({
    good: { datasource: 'prom', expr: 'sum(ok)' },
    total: { datasource: 'prom', expr: 'total' },
  });
});

test('the calendar next to the service hours follows the form before it is saved', async () => {
  engine({ 'GET agreements/SLA-1': ok(NEGOTIATING) });
  renderAt(`${APP}/SLA-1?tab=targets`);
  const calendar = await screen.findByTestId('slm-calendar', undefined, SLOW);
  expect(calendar).toHaveAttribute('data-month', THIS_MONTH);
  const holiday = `${THIS_MONTH}-15`;
  expect(within(calendar).getByTestId(`slm-calendar-day-${holiday}`)).toHaveAttribute('data-holiday', 'false');

  await userEvent.click(screen.getByRole('button', { name: 'Add holiday' }));
  await userEvent.type(within(screen.getByTestId('slm-holidays')).getByLabelText('Date'), holiday);
  await waitFor(() =>
    expect(within(calendar).getByTestId(`slm-calendar-day-${holiday}`)).toHaveAttribute('data-holiday', 'true')
  );

  await userEvent.click(screen.getByRole('button', { name: 'Add maintenance window' }));
  const maintenance = screen.getByTestId('slm-maintenance');
  await userEvent.type(within(maintenance).getByLabelText('From'), `${THIS_MONTH}-20T23:00`);
  await userEvent.type(within(maintenance).getByLabelText('To'), `${THIS_MONTH}-21T01:30`);
  const parts = () =>
    within(calendar)
      .getAllByTestId('slm-calendar-maintenance')
      .map((m) => m.closest('td')!.dataset.testid + ' ' + m.textContent);
  await waitFor(() =>
    expect(parts()).toEqual([
      `slm-calendar-day-${THIS_MONTH}-20 23:00–24:00 …`,
      `slm-calendar-day-${THIS_MONTH}-21 … 00:00–01:30`,
    ])
  );
});

test('the overview shows the saved calendar', async () => {
  const holiday = `${THIS_MONTH}-03`;
  const agreement = detail('SLA-1', { state: 'active', version: 3 });
  agreement.document.spec.holidays = [holiday];
  engine({ 'GET agreements/SLA-1': ok(agreement) });
  renderAt(`${APP}/SLA-1`);
  const calendar = await screen.findByTestId('slm-calendar', undefined, SLOW);
  expect(within(calendar).getByTestId(`slm-calendar-day-${holiday}`)).toHaveAttribute('data-holiday', 'true');
  const weekdays = within(calendar)
    .getAllByTestId(/^slm-calendar-day-/)
    .filter((td) => td.dataset.inMonth === 'true' && td.dataset.hours === '08:00-18:00').length;
  expect(weekdays).toBeGreaterThanOrEqual(20);
});
