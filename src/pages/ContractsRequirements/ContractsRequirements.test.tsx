import React from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type BackendSrvRequest } from '@grafana/runtime';
import type { DsQueryBody } from '../../api/dsQuery';
import { evaluateResponse, validateAgreement } from '../../domain';
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
const notFound: Reply = { status: 404, data: { error: { code: 'not_found', message: 'not found' } } };
const invalid = (issues: Array<{ path: string; message: string }>): Reply => ({
  status: 400,
  data: {
    error: {
      code: 'validation_failed',
      message: issues.map((i) => `${i.path}: ${i.message}`).join('; '),
      details: { issues },
    },
  },
});

/** A fake engine (and Grafana query API) answering by "METHOD path"; anything else is 404. */
function engine(routes: Record<string, Reply | ((r: BackendSrvRequest) => Reply)>) {
  return installBackendSrv((request) => {
    const path = request.url.startsWith(PROXY) ? request.url.slice(PROXY.length) : request.url;
    const answer = routes[`${request.method ?? 'GET'} ${path}`];
    if (!answer) {
      return notFound;
    }
    return typeof answer === 'function' ? answer(request) : answer;
  });
}

const CONTRACT = {
  ref: 'CT-2026-001',
  customer: 'finance',
  title: 'Mail for Finance',
  signedDate: '2026-01-10',
  term: { from: '2026-01-01', to: null },
  documentUrl: null,
  notes: '',
  version: 1,
};
const CONTRACT2 = {
  ...CONTRACT,
  ref: 'CT-2026-002',
  customer: 'hr',
  title: 'Portal for HR',
  signedDate: null,
  term: { from: '2026-02-01', to: '2026-12-31' },
};

const REQUIREMENT = {
  id: 'REQ-1',
  contractRef: 'CT-2026-001',
  serviceKey: 'mail',
  metric: 'availability',
  objective: 99.9,
  description: '',
  sli: {
    ratio: { good: { datasource: 'prom', expr: 'sum(good)' }, total: { datasource: 'prom', expr: 'sum(total)' } },
  },
  slice: '5m',
  window: { calendar: 'month' },
  gapAnalysis: null,
  version: 3,
};

const lists = {
  'GET /parties': page([{ key: 'finance', name: 'Finance', kind: 'customer' }]),
  'GET /services': page([{ key: 'mail', name: 'Mail', lifecycle: 'live', version: 1 }]),
};

beforeEach(() => grant(WRITE));

describe('contracts list', () => {
  test('lists contracts with customer, reference, title, signed date, term and requirement count; search goes to the engine', async () => {
    const requests = engine({
      ...lists,
      'GET /contracts': (r) => page(r.params?.q === 'hr' ? [CONTRACT2] : [CONTRACT, CONTRACT2]),
      'GET /requirements': (r) =>
        ok({ items: [], total: r.params?.contract === 'CT-2026-001' ? 2 : 0, limit: 1, offset: 0 }),
    });
    renderAt(APP);
    const table = await screen.findByTestId('slm-contracts-table', undefined, SLOW);
    expect(within(table).getByRole('link', { name: 'CT-2026-001' })).toHaveAttribute('href', `${APP}/CT-2026-001`);
    expect(within(table).getByText('Mail for Finance')).toBeInTheDocument();
    expect(within(table).getByText('2026-01-10')).toBeInTheDocument();
    expect(within(table).getByText('2026-01-01 – …')).toBeInTheDocument();
    expect(within(table).getByText('2026-02-01 – 2026-12-31')).toBeInTheDocument();
    expect(screen.getByTestId('slm-contract-count-CT-2026-001')).toHaveTextContent('2');
    expect(screen.getByTestId('slm-contract-count-CT-2026-002')).toHaveTextContent('0');

    await userEvent.type(screen.getByRole('textbox', { name: 'Search by reference, title or notes' }), 'hr');
    await waitFor(() => expect(screen.queryByText('Mail for Finance')).not.toBeInTheDocument(), SLOW);
    expect(screen.getByText('Portal for HR')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent(`${APP}?q=hr`);
    expect(requests.filter((r) => r.url.endsWith('/contracts')).at(-1)?.params).toEqual({ q: 'hr', limit: 200 });
  });

  test('an empty engine shows the empty state; a failing one says so', async () => {
    engine({ 'GET /contracts': page([]) });
    const { unmount } = renderAt(APP);
    expect(await screen.findByText('No contracts recorded yet', undefined, SLOW)).toBeInTheDocument();
    unmount();
    engine({ 'GET /contracts': { status: 502, data: 'Bad Gateway' } });
    renderAt(APP);
    expect(await screen.findByText('Could not load the contracts', undefined, SLOW)).toBeInTheDocument();
  });

  test('without the write permission, "New contract" is disabled and names the permission', async () => {
    grant('slm-servicelevel-app.contracts:read');
    engine({ 'GET /contracts': page([CONTRACT]), 'GET /requirements': page([]) });
    renderAt(APP);
    await screen.findByTestId('slm-contracts-table', undefined, SLOW);
    expect(screen.getByRole('button', { name: 'New contract' })).toBeDisabled();
    expect(screen.getByTestId('slm-blocked')).toHaveAttribute('data-reason', `You need the permission ${WRITE}`);
  });

  test('creating a contract: engine validation errors appear next to their fields, success opens the contract', async () => {
    let attempt = 0;
    const requests = engine({
      ...lists,
      'GET /contracts': page([]),
      'POST /contracts': (r) => {
        attempt++;
        const body = r.data as { term: { to: string | null } };
        return attempt === 1
          ? invalid([
              { path: 'title', message: 'must not be empty' },
              { path: 'term.to', message: '"to" must not be before "from"' },
            ])
          : ok({ ...CONTRACT, ...body, version: 1 }, 201);
      },
      'GET /contracts/CT-9': ok({ ...CONTRACT, ref: 'CT-9' }),
      'GET /contracts/CT-9/requirements': page([]),
    });
    renderAt(APP);
    await screen.findByText('No contracts recorded yet', undefined, SLOW);
    await userEvent.click(screen.getByRole('button', { name: 'New contract' }));
    const form = screen.getByTestId('slm-contract-form');
    // keyboard only: the reference field has focus first
    expect(screen.getByLabelText(/^Reference/)).toHaveFocus();
    await userEvent.keyboard('CT-9');
    await userEvent.type(screen.getByLabelText(/^In force from/), '2026-03-01');
    await userEvent.type(screen.getByLabelText(/^In force until/), '2026-02-01');
    await userEvent.click(within(form).getByRole('button', { name: 'Create contract' }));

    expect(await within(form).findByText('must not be empty')).toBeInTheDocument();
    expect(within(form).getByText('"to" must not be before "from"')).toBeInTheDocument();
    const sent = requests.find((r) => r.method === 'POST')!.data;
    expect(sent).toEqual({
      ref: 'CT-9',
      customer: '',
      title: '',
      signedDate: null,
      term: { from: '2026-03-01', to: '2026-02-01' },
      documentUrl: null,
      notes: '',
    });

    await userEvent.type(screen.getByLabelText(/^Title/), 'Mail');
    await userEvent.click(within(form).getByRole('button', { name: 'Create contract' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(`${APP}/CT-9`), SLOW);
    expect(await screen.findByText('This contract has no requirements yet', undefined, SLOW)).toBeInTheDocument();
  });
});

describe('contract page', () => {
  test('shows the contract and its requirements; an unknown contract says so', async () => {
    engine({
      'GET /contracts/CT-2026-001': ok({
        ...CONTRACT,
        documentUrl: 'https://docs.example/ct1.pdf',
        notes: 'Signed by Zhang Min',
      }),
      'GET /contracts/CT-2026-001/requirements': page([
        REQUIREMENT,
        {
          ...REQUIREMENT,
          id: 'REQ-2',
          gapAnalysis: {
            evaluatedAt: '2026-03-01T00:00:00.000Z',
            days: 28,
            compliance: 99.5,
            met: false,
            coverage: 100,
            badIntervals: [],
          },
        },
      ]),
    });
    const { unmount } = renderAt(`${APP}/CT-2026-001`);
    const table = await screen.findByTestId('slm-requirements-table', undefined, SLOW);
    expect(screen.getByTestId('slm-contract-facts')).toHaveTextContent('finance');
    expect(screen.getByText('Signed by Zhang Min')).toBeInTheDocument();
    expect(within(table).getByText('REQ-1')).toBeInTheDocument();
    expect(within(table).getAllByText('99.9 %')).toHaveLength(2);
    expect(within(table).getByText('Not analysed')).toBeInTheDocument();
    expect(within(screen.getByTestId('slm-requirement-gap-REQ-2')).getByText('Would not have met')).toBeInTheDocument();
    unmount();

    engine({});
    renderAt(`${APP}/CT-404`);
    expect(await screen.findByText('There is no contract CT-404', undefined, SLOW)).toBeInTheDocument();
  });

  test('adding a requirement: the engine’s errors show next to the fields, then the new requirement is listed', async () => {
    let attempt = 0;
    const requests = engine({
      ...lists,
      'GET /contracts/CT-2026-001': ok(CONTRACT),
      'GET /contracts/CT-2026-001/requirements': page([]),
      'POST /contracts/CT-2026-001/requirements': (r) =>
        ++attempt === 1
          ? invalid([
              { path: 'objective', message: 'must be a percentage between 0 and 100 (exclusive)' },
              { path: 'sli.ratio.total.expr', message: 'must not be empty' },
            ])
          : ok(
              {
                ...REQUIREMENT,
                ...(r.data as object),
                id: 'REQ-7',
                contractRef: 'CT-2026-001',
                gapAnalysis: null,
                version: 1,
              },
              201
            ),
    });
    renderAt(`${APP}/CT-2026-001`);
    await screen.findByText('This contract has no requirements yet', undefined, SLOW);
    await userEvent.click(screen.getByRole('button', { name: 'Add requirement' }));
    const form = screen.getByTestId('slm-requirement-form');
    await userEvent.type(within(form).getByLabelText(/^Objective/), '100');
    await userEvent.type(within(form).getByLabelText(/^Datasource uid/), 'prom');
    await userEvent.type(within(form).getByLabelText(/^Good events query/), 'sum(good)');
    await userEvent.click(within(form).getByRole('button', { name: 'Add requirement' }));
    expect(await within(form).findByText('must be a percentage between 0 and 100 (exclusive)')).toBeInTheDocument();
    expect(within(form).getByText('must not be empty')).toBeInTheDocument();
    expect(requests.find((r) => r.method === 'POST')!.data).toEqual({
      serviceKey: '',
      metric: 'availability',
      objective: 100,
      description: '',
      slice: null,
      sli: { ratio: { good: { datasource: 'prom', expr: 'sum(good)' }, total: { datasource: 'prom', expr: '' } } },
    });

    const objective = within(form).getByLabelText(/^Objective/);
    await userEvent.clear(objective);
    await userEvent.type(objective, '99.5');
    await userEvent.type(within(form).getByLabelText(/^Total events query/), 'sum(total)');
    await userEvent.click(within(form).getByRole('button', { name: 'Add requirement' }));
    const table = await screen.findByTestId('slm-requirements-table', undefined, SLOW);
    expect(within(table).getByText('REQ-7')).toBeInTheDocument();
    expect(within(table).getByText('99.5 %')).toBeInTheDocument();
  });
});

describe('gap analysis', () => {
  const SLICE = 300_000;
  const NOW = Date.UTC(2026, 2, 15, 10, 7, 30);
  const AT = Math.floor(NOW / SLICE) * SLICE;
  const DAYS = 7;

  /** 100 requests per 5 minutes; every 100th slice loses 20 of them, and one hour has no data at all. */
  function counts(t: number): { good: number; total: number } | null {
    const i = Math.round(t / SLICE);
    if (t > AT - 2 * 86_400_000 && t <= AT - 2 * 86_400_000 + 3_600_000) {
      return null;
    }
    return { good: i % 100 === 0 ? 80 : 100, total: 100 };
  }

  function frames(refId: string, from: number, to: number) {
    const times: number[] = [];
    const values: number[] = [];
    for (let t = Math.ceil(from / SLICE) * SLICE; t <= to; t += SLICE) {
      const c = counts(t);
      if (c) {
        times.push(t);
        values.push(refId.endsWith('good') ? c.good : c.total);
      }
    }
    return [
      {
        schema: {
          refId,
          fields: [
            { name: 'Time', type: 'time' },
            { name: 'Value', type: 'number', labels: {} },
          ],
        },
        data: { values: [times, values] },
      },
    ];
  }

  const dsQuery = (r: BackendSrvRequest): Reply => {
    const body = r.data as DsQueryBody;
    const results = Object.fromEntries(
      body.queries.map((q) => [q.refId, { status: 200, frames: frames(q.refId, Number(body.from), Number(body.to)) }])
    );
    return ok({ results });
  };

  /** The shared evaluator on the same frames, for an agreement written out by hand. */
  function expected() {
    const v = validateAgreement({
      apiVersion: 'slm/v1',
      kind: 'Agreement',
      metadata: { id: 'x', title: 'x' },
      spec: {
        type: 'SLA',
        service: 'x',
        provider: 'x',
        counterparty: 'x',
        timezone: 'UTC',
        window: { rolling: `${DAYS}d` },
        targets: [{ id: 'sli', objective: 99.9, slice: '5m', sli: REQUIREMENT.sli }],
      },
    });
    if (!v.ok) {
      throw new Error('invalid');
    }
    const from = AT - DAYS * 86_400_000;
    const response = {
      results: {
        'sli/good': { frames: frames('sli/good', from, AT) },
        'sli/total': { frames: frames('sli/total', from, AT) },
      },
    };
    return evaluateResponse(v.agreement, response, { at: AT, period: { from, to: AT }, allowEmpty: true }).targets[0];
  }

  beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(NOW));
  afterEach(() => jest.restoreAllMocks());

  test('evaluates the SLI through Grafana’s query API with the shared evaluator and saves the result', async () => {
    const requests = engine({
      'GET /contracts/CT-2026-001': ok(CONTRACT),
      'GET /contracts/CT-2026-001/requirements': page([REQUIREMENT]),
      'POST /api/ds/query': dsQuery,
      'PUT /contracts/CT-2026-001/requirements/REQ-1/gap-analysis': (r) =>
        ok({ ...REQUIREMENT, gapAnalysis: r.data, version: 4 }),
    });
    renderAt(`${APP}/CT-2026-001`);
    await userEvent.click(await screen.findByRole('button', { name: 'Gap analysis of REQ-1' }, SLOW));
    expect(screen.getByTestId('location')).toHaveTextContent(`${APP}/CT-2026-001?gap=REQ-1`);
    const panel = screen.getByTestId('slm-gap-analysis');
    // the SLI comes from the requirement; the window defaults to 28 days
    expect(within(panel).getByLabelText(/^Good events query/)).toHaveValue('sum(good)');
    const days = within(panel).getByLabelText(/^Window/);
    expect(days).toHaveValue(28);
    await userEvent.clear(days);
    await userEvent.type(days, `${DAYS}{Enter}`);

    const result = await within(panel).findByTestId('slm-gap-result', undefined, SLOW);
    const want = expected();
    expect(want.compliance).not.toBeNull();
    expect(want.compliance!).toBeLessThan(99.9); // the data is meant to miss the objective
    expect(want.coverage!).toBeLessThan(100);
    expect(within(result).getByTestId('slm-gap-compliance')).toHaveTextContent(
      `${Number(want.compliance!.toFixed(3))} %`
    );
    expect(within(result).getByTestId('slm-gap-coverage')).toHaveTextContent(`${Number(want.coverage!.toFixed(1))} %`);
    expect(within(result).getByTestId('slm-gap-met')).toHaveAttribute('data-met', 'false');
    expect(within(result).getByText(`Bad intervals (${want.badIntervals.length})`)).toBeInTheDocument();
    expect(
      within(result).getByText(new RegExp(`^${new Date(want.badIntervals[0].from).toISOString()}`))
    ).toBeInTheDocument();

    const query = requests.find((r) => r.url === '/api/ds/query')!.data as DsQueryBody;
    expect(query.queries.map((q) => [q.refId, q.datasource.uid, q.expr, q.intervalMs])).toEqual([
      ['sli/good', 'prom', 'sum(good)', SLICE],
      ['sli/total', 'prom', 'sum(total)', SLICE],
    ]);
    expect([Number(query.from), Number(query.to)]).toEqual([AT - DAYS * 86_400_000, AT]);

    await userEvent.click(within(panel).getByRole('button', { name: 'Save the result' }));
    expect(await within(panel).findByText('Saved on the requirement')).toBeInTheDocument();
    const put = requests.find((r) => r.method === 'PUT')!;
    expect(put.headers).toEqual({ 'If-Match': '3' });
    expect(put.data).toEqual({
      evaluatedAt: new Date(AT).toISOString(),
      days: DAYS,
      compliance: want.compliance,
      met: false,
      coverage: want.coverage,
      badIntervals: want.badIntervals.map((i) => ({
        from: new Date(i.from).toISOString(),
        to: new Date(i.to).toISOString(),
      })),
    });
    // the saved result shows in the requirements table
    expect(within(screen.getByTestId('slm-requirement-gap-REQ-1')).getByText('Would not have met')).toBeInTheDocument();
  });

  test('a requirement without an SLI: the empty fields are marked and nothing is queried', async () => {
    const requests = engine({
      'GET /contracts/CT-2026-001': ok(CONTRACT),
      'GET /contracts/CT-2026-001/requirements': page([{ ...REQUIREMENT, sli: null }]),
      'POST /api/ds/query': dsQuery,
    });
    renderAt(`${APP}/CT-2026-001?gap=REQ-1`);
    const panel = await screen.findByTestId('slm-gap-analysis', undefined, SLOW);
    await userEvent.type(within(panel).getByLabelText(/^Good events query/), 'sum(good){Enter}');
    expect(await within(panel).findAllByText('Required for the gap analysis')).toHaveLength(2); // datasource, total
    expect(within(panel).queryByTestId('slm-gap-result')).not.toBeInTheDocument();
    expect(requests.some((r) => r.url === '/api/ds/query')).toBe(false);
  });

  test('a lower objective is met on the same data; a query Grafana refuses is reported', async () => {
    engine({
      'GET /contracts/CT-2026-001': ok(CONTRACT),
      'GET /contracts/CT-2026-001/requirements': page([
        { ...REQUIREMENT, objective: 99 },
        {
          ...REQUIREMENT,
          id: 'REQ-2',
          sli: { ratio: { good: { datasource: 'nope', expr: 'x' }, total: { datasource: 'nope', expr: 'y' } } },
        },
      ]),
      'POST /api/ds/query': (r) =>
        (r.data as DsQueryBody).queries[0].datasource.uid === 'nope'
          ? { status: 404, data: { message: 'Data source not found' } }
          : dsQuery(r),
    });
    renderAt(`${APP}/CT-2026-001?gap=REQ-1`);
    const panel = await screen.findByTestId('slm-gap-analysis', undefined, SLOW);
    await userEvent.click(within(panel).getByRole('button', { name: 'Evaluate' }));
    const result = await within(panel).findByTestId('slm-gap-result', undefined, SLOW);
    expect(within(result).getByTestId('slm-gap-met')).toHaveAttribute('data-met', 'true');

    await userEvent.click(screen.getByRole('button', { name: 'Gap analysis of REQ-2' }));
    const other = await screen.findByTestId('slm-gap-analysis');
    await userEvent.click(within(other).getByRole('button', { name: 'Evaluate' }));
    expect(await within(other).findByText('Data source not found', undefined, SLOW)).toBeInTheDocument();
  });
});
