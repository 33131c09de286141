import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import { render, screen, within } from '@testing-library/react';
import { type BackendSrvRequest } from '@grafana/runtime';
import type { KpiPeriod } from '../../api/monitoring';
import { installBackendSrv, type Reply } from '../../test/backendSrv';
import { page, route, row } from '../Agreements/testFixtures';
import { agreementStatus, breach, figures, kpis, monitoringStatus, targetStatus } from '../Breaches/testFixtures';
import { plan } from '../ImprovementPlans/testFixtures';
import Overview from './Overview';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  PluginPage: jest.requireActual('../../test/pluginPage').PluginPageStandIn,
}));

jest.setTimeout(30000);
const SLOW = { timeout: 15000 };
const NOW = Date.parse('2026-11-20T12:00:00.000Z');

const ok = (data: unknown): Reply => ({ status: 200, data });
const items = (list: HTMLElement) => Array.from(list.querySelectorAll('li'));

/** Six months newest first; SLA monitored 50 % → 100 %, breached 1 of 4 in the current one. */
function kpiPeriods(): KpiPeriod[] {
  const labels = ['2026-11', '2026-10', '2026-09', '2026-08', '2026-07', '2026-06'];
  return labels.map((label, i) => ({
    period: { from: `${label}-01T00:00:00.000Z`, to: `${label}-28T00:00:00.000Z`, label },
    kpis: kpis(
      i === 0 ? figures(4, 4, 1) : figures(4, i === 5 ? 2 : 3, 0),
      figures(2, 2, i === 0 ? 0 : 1),
      figures(0, 0, 0)
    ),
  }));
}

function engine(over: Record<string, Reply | ((r: BackendSrvRequest) => Reply)> = {}) {
  return installBackendSrv((request) => {
    const key = route(request).split('?')[0];
    const answer = over[key];
    if (answer) {
      return typeof answer === 'function' ? answer(request) : answer;
    }
    switch (key) {
      case 'GET agreements':
        return page([row('SLA-1', { state: 'active' })], 6);
      case 'GET monitoring/status':
        return ok(monitoringStatus({ monitoredAgreements: 6 }));
      case 'GET monitoring/kpis':
        return ok({ periods: kpiPeriods() });
      case 'GET breaches':
        // 3 unresolved, newest first; offset 2 is the oldest
        return Number(request.params?.offset ?? 0) === 2
          ? page([breach('b-old', { createdAt: '2026-11-15T10:00:00.000Z' })], 3, 2)
          : page([breach('b-new', { createdAt: '2026-11-20T11:00:00.000Z' })], 3);
      case 'GET plans':
        return page(
          [
            plan('PLAN-1', {
              title: 'Second database replica',
              owner: 'dba-team',
              dueDate: '2026-11-10',
              status: 'in_progress',
            }),
            plan('PLAN-2', { title: 'Faster failover', owner: 'alice', dueDate: '2026-11-18' }),
          ],
          7
        );
      case 'GET monitoring/evaluations':
        return request.params?.state === 'breached'
          ? page(
              [
                agreementStatus('SLA-1', {
                  state: 'breached',
                  targets: [
                    targetStatus('latency', { state: 'met', errorBudgetRemaining: 40 }),
                    targetStatus('availability', { state: 'breached', compliance: 99.5, errorBudgetRemaining: -400 }),
                  ],
                }),
              ],
              1
            )
          : page(
              [
                agreementStatus('OLA-2', {
                  state: 'at_risk',
                  targets: [targetStatus('db', { state: 'at_risk', errorBudgetRemaining: 10 })],
                }),
              ],
              1
            );
      default:
        return { status: 404, data: { error: { code: 'not_found', message: key } } };
    }
  });
}

beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(NOW));
afterEach(() => jest.restoreAllMocks());

const renderOverview = () =>
  render(
    <MemoryRouter>
      <Overview />
    </MemoryRouter>
  );

describe('Overview', () => {
  test('KPI tiles per type: this period’s monitored and breach ratios with the last six periods, oldest first', async () => {
    const requests = engine();
    renderOverview();
    const sla = await screen.findByTestId('slm-kpi-SLA', undefined, SLOW);
    expect(within(sla).getByText('This period: 2026-11, 4 active')).toBeInTheDocument();
    expect(within(sla).getByTestId('slm-kpi-SLA-monitored-value')).toHaveTextContent('100.0%');
    expect(within(sla).getByText('4 of 4 with data for every target')).toBeInTheDocument();
    expect(within(sla).getByTestId('slm-kpi-SLA-breached-value')).toHaveTextContent('25.0%');
    expect(within(sla).getByText('1 of 4 monitored')).toBeInTheDocument();
    // the row of values is hidden from screen readers: the sparkline's label reads them out
    const trend = items(within(sla).getByTestId('slm-kpi-SLA-monitored-trend'));
    expect(trend.map((li) => li.textContent)).toEqual(['50%', '75%', '75%', '75%', '75%', '100%']);
    expect(trend.map((li) => li.getAttribute('title'))).toEqual([
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
    ]);
    expect(within(sla).getAllByRole('img')[0]).toHaveAccessibleName(expect.stringContaining('2026-06: 50%'));

    const ola = screen.getByTestId('slm-kpi-OLA');
    expect(within(ola).getByTestId('slm-kpi-OLA-breached-value')).toHaveTextContent('0.0%');
    expect(items(within(ola).getByTestId('slm-kpi-OLA-breached-trend')).map((li) => li.textContent)).toEqual([
      '50%',
      '50%',
      '50%',
      '50%',
      '50%',
      '0%',
    ]);
    // no UC active: no ratio rather than 0 %
    expect(within(screen.getByTestId('slm-kpi-UC')).getByTestId('slm-kpi-UC-monitored-value')).toHaveTextContent('–');
    expect(requests.find((r) => r.url.endsWith('/monitoring/kpis'))?.params).toEqual({ periods: 6, timezone: 'UTC' });
  });

  test('open breaches with the oldest one’s age, agreements at risk with their worst target, and the monitoring line', async () => {
    const requests = engine();
    renderOverview();
    expect(await screen.findByTestId('slm-open-breaches-count', undefined, SLOW)).toHaveTextContent('3');
    expect(screen.getByTestId('slm-oldest-breach')).toHaveTextContent('The oldest has waited 5 d 2 h');
    const breachQueries = requests.filter((r) => r.url.endsWith('/breaches')).map((r) => r.params);
    expect(breachQueries).toEqual([
      { status: 'open,acknowledged', limit: 1 },
      { status: 'open,acknowledged', limit: 1, offset: 2 },
    ]);

    const rows = await screen.findAllByTestId('slm-at-risk-row', undefined, SLOW);
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByRole('link', { name: 'SLA-1' })).toHaveAttribute(
      'href',
      '/a/slm-servicelevel-app/agreements/SLA-1?tab=targets'
    );
    expect(within(rows[0]).getByText('availability: 99.50% / 99.90%')).toBeInTheDocument();
    expect(within(rows[0]).getByText('-400%')).toBeInTheDocument();
    expect(within(rows[1]).getByTestId('slm-target-state')).toHaveAttribute('data-state', 'at_risk');

    const status = await screen.findByTestId('slm-monitoring-status', undefined, SLOW);
    expect(status).toHaveAttribute('data-enabled', 'true');
    expect(status).toHaveTextContent('Monitoring is on: 6 agreements evaluated every 1 min.');
  });

  test('monitoring off: says so with a link to the configuration page', async () => {
    engine({ 'GET monitoring/status': ok(monitoringStatus({ enabled: false, lastCycle: null })) });
    renderOverview();
    const status = await screen.findByTestId('slm-monitoring-status', undefined, SLOW);
    expect(status).toHaveAttribute('data-enabled', 'false');
    expect(within(status).getByRole('link', { name: /Turn monitoring on/ })).toHaveAttribute(
      'href',
      '/plugins/slm-servicelevel-app'
    );
  });

  test('no active agreement: the first action is to create one', async () => {
    const requests = engine({ 'GET agreements': page([]) });
    renderOverview();
    expect(await screen.findByText('No active agreements yet', undefined, SLOW)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Create an agreement' })).toHaveAttribute(
      'href',
      '/a/slm-servicelevel-app/agreements/new'
    );
    expect(requests.find((r) => r.url.endsWith('/agreements'))?.params).toEqual({ state: 'active', limit: 1 });
    expect(requests.some((r) => r.url.includes('/monitoring/'))).toBe(false);
  });

  test('a KPI endpoint failure is shown where the tiles would be, the rest still works', async () => {
    engine({ 'GET monitoring/kpis': { status: 500, data: { error: { code: 'internal', message: 'boom' } } } });
    renderOverview();
    const alert = await screen.findByTestId('slm-engine-error', undefined, SLOW);
    expect(within(alert).getByText('Could not load the KPIs')).toBeInTheDocument();
    expect(await screen.findByTestId('slm-open-breaches-count', undefined, SLOW)).toHaveTextContent('3');
  });

  test('overdue improvement plans: how many, the first few with owner and due date, and a link to all of them', async () => {
    const requests = engine();
    renderOverview();
    const count = await screen.findByTestId('slm-overdue-plans-count', undefined, SLOW);
    expect(count).toHaveTextContent('7');
    expect(requests.find((r) => r.url.endsWith('/plans'))?.params).toEqual({ overdue: 'true', limit: 5 });
    const rows = screen.getAllByTestId('slm-overdue-plan');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByRole('link', { name: 'Second database replica' })).toHaveAttribute(
      'href',
      '/a/slm-servicelevel-app/plans/PLAN-1'
    );
    expect(rows[0]).toHaveTextContent('dba-team, due 2026-11-10');
    const card = screen.getByTestId('slm-overdue-plans');
    expect(within(card).getByRole('link', { name: 'Show the overdue plans' })).toHaveAttribute(
      'href',
      '/a/slm-servicelevel-app/plans?overdue=true'
    );
  });

  test('no overdue plan: says so calmly, with no count to alarm and a link to the plans', async () => {
    engine({ 'GET plans': page([]) });
    renderOverview();
    const count = await screen.findByTestId('slm-overdue-plans-count', undefined, SLOW);
    expect(count).toHaveTextContent('No plan is overdue');
    expect(count).toHaveAttribute('data-total', '0');
    const card = screen.getByTestId('slm-overdue-plans');
    expect(within(card).queryAllByTestId('slm-overdue-plan')).toHaveLength(0);
    expect(within(card).queryByTestId('slm-engine-error')).toBeNull();
    expect(within(card).getByRole('link', { name: 'Open the improvement plans' })).toHaveAttribute(
      'href',
      '/a/slm-servicelevel-app/plans'
    );
  });

  test('without the permission to read plans the card is left out', async () => {
    engine({ 'GET plans': { status: 403, data: { error: { code: 'forbidden', message: 'no' } } } });
    renderOverview();
    expect(await screen.findByTestId('slm-open-breaches-count', undefined, SLOW)).toHaveTextContent('3');
    await screen.findAllByTestId('slm-at-risk-row', undefined, SLOW);
    expect(screen.queryByTestId('slm-overdue-plans')).toBeNull();
  });
});
