import React from 'react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type BackendSrvRequest } from '@grafana/runtime';
import { installBackendSrv, type Reply } from '../../test/backendSrv';
import { agreementStatus, monitoringStatus, targetStatus } from '../Breaches/testFixtures';
import Agreements from './Agreements';
import { READ, WRITE, detail, grant, notFound, route } from './testFixtures';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  PluginPage: jest.requireActual('../../test/pluginPage').PluginPageStandIn,
}));

jest.setTimeout(30000);
const SLOW = { timeout: 15000 };
const APP = '/a/slm-servicelevel-app/agreements';
const MONITOR = 'slm-servicelevel-app.breaches:handle';
const ACTIVE = detail('SLA-1', { state: 'active', version: 7 });
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

function renderTargets() {
  return render(
    <MemoryRouter initialEntries={[`${APP}/SLA-1?tab=targets`]}>
      <Routes>
        <Route path={`${APP}/*`} element={<Agreements />} />
      </Routes>
    </MemoryRouter>
  );
}

const EVALUATION = {
  current: agreementStatus('SLA-1', {
    state: 'breached',
    targets: [
      targetStatus('availability', { state: 'breached', compliance: 99.52, objective: 99.9, warning: 99.95, coverage: 97.5, errorBudgetRemaining: -380, burnRate: 14.4 }),
      targetStatus('latency-p95', { state: 'met', compliance: 99.6, objective: 99, coverage: 100, errorBudgetRemaining: 60, burnRate: 0.3 }),
    ],
  }),
  history: [
    { period: { from: '2026-10-01T00:00:00Z', to: '2026-11-01T00:00:00Z' }, state: 'met', targets: [{ id: 'availability', state: 'met', compliance: 99.95, coverage: 100, errorBudgetRemaining: 50 }] },
    { period: { from: '2026-09-01T00:00:00Z', to: '2026-10-01T00:00:00Z' }, state: 'met', targets: [{ id: 'availability', state: 'met', compliance: 99.91, coverage: 100, errorBudgetRemaining: 10 }] },
  ],
};

describe('Targets tab: live compliance', () => {
  beforeEach(() => grant(READ, WRITE, MONITOR));

  test('each target with its state, compliance, objective, coverage, budget left, burn rate and previous periods', async () => {
    const requests = engine({ 'GET agreements/SLA-1': ok(ACTIVE), 'GET monitoring/evaluations/SLA-1': ok(EVALUATION) });
    renderTargets();
    const row = await screen.findByTestId('slm-live-target-availability', undefined, SLOW);
    const cells = within(row).getAllByRole('cell').map((c) => c.textContent);
    expect(cells.slice(0, 7)).toEqual(['availability', 'Breached', '99.52%', '99.90% (at risk below 99.95%)', '97.5%', '-380.0%', '14×']);
    expect(within(row).getByRole('img')).toHaveAccessibleName('Compliance in the previous periods: 99.91%, 99.95%');
    const latency = screen.getByTestId('slm-live-target-latency-p95');
    expect(within(latency).getByTestId('slm-target-state')).toHaveAttribute('data-state', 'met');
    expect(within(latency).getByText('0.3×')).toBeInTheDocument();
    expect(requests.find((r) => r.url.endsWith('/monitoring/evaluations/SLA-1'))?.params).toEqual({ periods: 6 });
    // the target editor is still there below
    expect(screen.getByTestId('slm-target-row-0')).toBeInTheDocument();
  });

  test('a draft is not monitored and says why, without asking the engine', async () => {
    const requests = engine({ 'GET agreements/SLA-1': ok(detail('SLA-1', { state: 'draft' })) });
    renderTargets();
    expect(await screen.findByTestId('slm-not-monitored', undefined, SLOW)).toHaveTextContent(
      'Not monitored: the agreement is draft, and only active agreements are evaluated.'
    );
    expect(requests.some((r) => r.url.includes('/monitoring/'))).toBe(false);
    expect(screen.getByRole('button', { name: 'Create alert rules' })).toBeDisabled();
  });

  test('active but 404: monitoring off is said, with the link to turn it on', async () => {
    engine({
      'GET agreements/SLA-1': ok(ACTIVE),
      'GET monitoring/status': ok(monitoringStatus({ enabled: false })),
    });
    renderTargets();
    const off = await screen.findByTestId('slm-monitoring-status', undefined, SLOW);
    expect(off).toHaveAttribute('data-enabled', 'false');
  });

  test('active but 404 while monitoring is on: not evaluated yet', async () => {
    engine({ 'GET agreements/SLA-1': ok(ACTIVE), 'GET monitoring/status': ok(monitoringStatus()) });
    renderTargets();
    expect(await screen.findByTestId('slm-not-monitored', undefined, SLOW)).toHaveTextContent('Not monitored yet');
  });

  test('"Create alert rules" calls the engine with the agreement version and shows the rules', async () => {
    const requests = engine({
      'GET agreements/SLA-1': ok(ACTIVE),
      'GET monitoring/evaluations/SLA-1': ok(EVALUATION),
      'POST alert-rules/SLA-1': ok({ items: [{ uid: 'a', title: 'SLA-1 availability fast burn' }, { uid: 'b', title: 'SLA-1 breached' }] }),
    });
    renderTargets();
    await userEvent.click(await screen.findByRole('button', { name: 'Create alert rules' }, SLOW));
    const done = await screen.findByTestId('slm-alert-rules-done', undefined, SLOW);
    expect(done).toHaveTextContent('Alert rules in Grafana: 2 created or updated');
    expect(within(done).getByText('SLA-1 availability fast burn')).toBeInTheDocument();
    const post = requests.find((r) => r.method === 'POST');
    expect(post?.headers).toEqual({ 'If-Match': '7' });
  });

  test('an alert rule failure is shown', async () => {
    engine({
      'GET agreements/SLA-1': ok(ACTIVE),
      'GET monitoring/evaluations/SLA-1': ok(EVALUATION),
      'POST alert-rules/SLA-1': { status: 502, data: { error: { code: 'grafana_unreachable', message: 'Grafana answered 401' } } },
    });
    renderTargets();
    await userEvent.click(await screen.findByRole('button', { name: 'Create alert rules' }, SLOW));
    expect(await screen.findByText('Could not create the alert rules', undefined, SLOW)).toBeInTheDocument();
    // a 502 from the engine is Grafana failing behind it, not the engine being unreachable
    expect(screen.getByTestId('slm-alert-rules-failed')).toHaveTextContent('Grafana answered 401');
  });

  test('without the monitor permission "Create alert rules" is disabled and names the permission', async () => {
    grant(READ, WRITE);
    engine({ 'GET agreements/SLA-1': ok(ACTIVE), 'GET monitoring/evaluations/SLA-1': ok(EVALUATION) });
    renderTargets();
    expect(await screen.findByRole('button', { name: 'Create alert rules' }, SLOW)).toBeDisabled();
    const section = screen.getByTestId('slm-live-compliance');
    expect(within(section).getByTestId('slm-blocked')).toHaveAttribute('data-reason', `You need the permission ${MONITOR}`);
  });
});
