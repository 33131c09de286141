import React from 'react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type BackendSrvRequest } from '@grafana/runtime';
import type { Breach } from '../../api/breaches';
import { type Reply } from '../../test/backendSrv';
import { SLOW, ok, renderPage, routedEngine as engine, writes } from '../../test/fakeEngine';
import { READ, grant } from '../Agreements/testFixtures';
import Breaches from './Breaches';
import { breach } from './testFixtures';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  PluginPage: jest.requireActual('../../test/pluginPage').PluginPageStandIn,
}));

jest.setTimeout(30000);
const APP = '/a/slm-servicelevel-app/breaches';
const MONITOR = 'slm-servicelevel-app.breaches:handle';

const conflict = (current: number): Reply => ({
  status: 409,
  data: {
    error: { code: 'version_conflict', message: 'stale', details: { expectedVersion: 1, currentVersion: current } },
  },
});

const renderAt = (path: string) => renderPage(<Breaches />, APP, path, false);

const OPEN = breach('b-1', {
  measured: 99.52,
  objective: 99.9,
  coverage: 97.25,
  badIntervals: [
    { from: '2026-11-10T08:00:00.000Z', to: '2026-11-10T10:00:00.000Z' },
    { from: '2026-11-12T08:00:00.000Z', to: '2026-11-12T08:30:00.000Z' },
  ],
  improvementPlanIds: ['PLAN-7'],
});

describe('Breach page', () => {
  beforeEach(() => grant(READ, MONITOR));

  test('shows measured vs objective, coverage, state, bad intervals, links and exports', async () => {
    engine({
      'GET breaches/b-1': ok(OPEN),
      'GET breaches/b-1/related': ok({
        items: [
          breach('ola-b', {
            agreementId: 'OLA-3',
            agreementType: 'OLA',
            targetId: 'db-availability',
            provider: 'dba-team',
          }),
        ],
      }),
    });
    renderAt(`${APP}/b-1`);
    expect(await screen.findByText('SLA-1 · availability', { selector: 'h1' }, SLOW)).toBeInTheDocument();
    const measurement = screen.getByTestId('slm-breach-measurement');
    expect(within(measurement).getByTestId('slm-breach-measured')).toHaveTextContent('99.52%');
    expect(within(measurement).getByText('99.90%')).toBeInTheDocument();
    expect(within(measurement).getByText('97.25%')).toBeInTheDocument();
    expect(within(measurement).getByTestId('slm-target-state')).toHaveAttribute('data-state', 'breached');
    expect(within(measurement).getAllByTestId('slm-bad-interval')).toHaveLength(2);
    const facts = screen.getByTestId('slm-breach-facts');
    expect(within(facts).getByRole('link', { name: 'SLA-1' })).toHaveAttribute(
      'href',
      '/a/slm-servicelevel-app/agreements/SLA-1?tab=targets'
    );
    expect(within(facts).getByTestId('slm-breach-owner')).toHaveTextContent('it-operations (provider)');
    expect(within(screen.getByTestId('slm-breach-plans')).getByRole('link', { name: 'PLAN-7' })).toHaveAttribute(
      'href',
      '/a/slm-servicelevel-app/plans/PLAN-7'
    );
    expect(screen.getAllByRole('link', { name: /PDF/ })[0]).toHaveAttribute(
      'href',
      '/api/plugin-proxy/slm-servicelevel-app/api/v1/breaches/b-1/report.pdf'
    );
    const related = await screen.findByTestId('slm-related-breach', undefined, SLOW);
    expect(within(related).getByRole('link', { name: 'db-availability' })).toHaveAttribute('href', `${APP}/ola-b`);
    expect(within(related).getByText('dba-team')).toBeInTheDocument();
  });

  test('acknowledge sends If-Match; a stale version shows what changed and re-applies to the current version', async () => {
    const acknowledgedByBob = breach('b-1', { ...OPEN, version: 2, assignee: 'bob', updatedBy: 'bob' });
    let acks = 0;
    const requests = engine({
      'GET breaches/b-1': () => ok(acks === 0 ? OPEN : acknowledgedByBob),
      'GET breaches/b-1/related': ok({ items: [] }),
      'POST breaches/b-1/acknowledge': (r) => {
        acks++;
        return r.headers?.['If-Match'] === '1'
          ? conflict(2)
          : ok({
              ...acknowledgedByBob,
              status: 'acknowledged',
              version: 3,
              acknowledgedBy: 'manager',
              acknowledgedAt: '2026-11-20T10:00:00.000Z',
            });
      },
    });
    renderAt(`${APP}/b-1`);
    const actions = await screen.findByTestId('slm-breach-actions', undefined, SLOW);
    // resolve waits for the acknowledgement
    expect(within(actions).getByTestId('slm-blocked')).toHaveAttribute('data-reason', 'Acknowledge it first');

    await userEvent.click(within(actions).getByRole('button', { name: 'Acknowledge' }));
    const alert = await screen.findByTestId('slm-version-conflict', undefined, SLOW);
    expect(alert).toHaveTextContent('“Acknowledge” was meant for version 1, and the breach is now at version 2');
    expect(within(alert).getAllByText('bob', { selector: 'td' })).toHaveLength(2); // the assignee and the last change
    expect(writes(requests)).toHaveLength(1);

    await userEvent.click(within(alert).getByRole('button', { name: 'Apply “Acknowledge” to version 2' }));
    await waitFor(() =>
      expect(within(screen.getByTestId('slm-breach-actions')).getByTestId('slm-breach-status')).toHaveAttribute(
        'data-status',
        'acknowledged'
      )
    );
    expect(writes(requests).map((r) => r.headers)).toEqual([{ 'If-Match': '1' }, { 'If-Match': '2' }]);
    expect(screen.queryByTestId('slm-version-conflict')).not.toBeInTheDocument();
    expect(within(screen.getByTestId('slm-breach-actions')).getByRole('button', { name: 'Resolve' })).toBeEnabled();
  });

  test('a transition the engine refuses shows its reason', async () => {
    engine({
      'GET breaches/b-1': ok({ ...OPEN, status: 'acknowledged' }),
      'GET breaches/b-1/related': ok({ items: [] }),
      'POST breaches/b-1/resolve': {
        status: 409,
        data: { error: { code: 'conflict', message: 'cannot resolve breach "b-1": it is resolved' } },
      },
    });
    renderAt(`${APP}/b-1`);
    const actions = await screen.findByTestId('slm-breach-actions', undefined, SLOW);
    await userEvent.click(within(actions).getByRole('button', { name: 'Resolve' }));
    expect(await screen.findByTestId('slm-breach-refused', undefined, SLOW)).toHaveTextContent(
      'cannot resolve breach "b-1": it is resolved'
    );
  });

  test('the report is validated next to its fields before anything is sent, then saved with If-Match', async () => {
    const requests = engine({
      'GET breaches/b-1': ok(OPEN),
      'GET breaches/b-1/related': ok({ items: [] }),
      'PATCH breaches/b-1': (r) => ok({ ...OPEN, version: 2, report: (r.data as { report: Breach['report'] }).report }),
    });
    renderAt(`${APP}/b-1`);
    const form = await screen.findByTestId('slm-breach-report', undefined, SLOW);
    await userEvent.type(
      within(form).getByLabelText('Impact', { exact: false }),
      'Finance could not send mail for 2 h'
    );
    await userEvent.click(within(form).getByRole('button', { name: 'Save the report' }));
    expect(within(form).getByLabelText('Summary')).toHaveAccessibleDescription('Summarise what happened');
    expect(screen.getByTestId('slm-report-invalid')).toHaveTextContent('Problems: 1. Nothing was saved.');
    expect(writes(requests)).toEqual([]);

    await userEvent.type(within(form).getByLabelText('Summary'), 'Mail relay outage');
    await userEvent.type(
      within(form).getByLabelText('Actions', { exact: false }),
      'Add a second relay{enter}{enter}Alert on queue length'
    );
    await userEvent.click(within(form).getByRole('button', { name: 'Save the report' }));
    await screen.findByText('Report saved: the breach is now at version 2', undefined, SLOW);
    const [patch] = writes(requests);
    expect(patch.headers).toEqual({ 'If-Match': '1' });
    expect(patch.data).toEqual({
      report: {
        summary: 'Mail relay outage',
        impact: 'Finance could not send mail for 2 h',
        rootCause: '',
        actions: ['Add a second relay', 'Alert on queue length'],
      },
    });
    expect(within(form).getByLabelText('Summary')).not.toHaveAccessibleDescription();
  });

  test('engine validation errors land next to the field they name', async () => {
    engine({
      'GET breaches/b-1': ok(OPEN),
      'GET breaches/b-1/related': ok({ items: [] }),
      'PATCH breaches/b-1': {
        status: 400,
        data: {
          error: {
            code: 'validation_failed',
            message: 'bad',
            details: {
              issues: [
                {
                  path: 'report.actions.0',
                  code: 'too_big',
                  message: 'Too big: expected string to have <=2000 characters',
                },
              ],
            },
          },
        },
      },
    });
    renderAt(`${APP}/b-1`);
    const form = await screen.findByTestId('slm-breach-report', undefined, SLOW);
    await userEvent.type(within(form).getByLabelText('Summary'), 'Outage');
    await userEvent.click(within(form).getByRole('button', { name: 'Save the report' }));
    await waitFor(() =>
      expect(within(form).getByLabelText('Actions', { exact: false })).toHaveAccessibleDescription(
        expect.stringContaining('Too big')
      )
    );
  });

  test('a stale report keeps the text typed and can be saved over the current version', async () => {
    const changed = {
      ...OPEN,
      version: 4,
      updatedBy: 'carol',
      report: { summary: 'Carol wrote this', impact: '', rootCause: '', actions: [] },
    };
    const requests = engine({
      'GET breaches/b-1': (r) => ok(writesSoFar(r) === 0 ? OPEN : changed),
      'GET breaches/b-1/related': ok({ items: [] }),
      'PATCH breaches/b-1': (r) =>
        r.headers?.['If-Match'] === '4'
          ? ok({ ...changed, version: 5, report: (r.data as { report: Breach['report'] }).report })
          : conflict(4),
    });
    function writesSoFar(_r: BackendSrvRequest) {
      return writes(requests).length;
    }
    renderAt(`${APP}/b-1`);
    const form = await screen.findByTestId('slm-breach-report', undefined, SLOW);
    await userEvent.type(within(form).getByLabelText('Summary'), 'My summary');
    await userEvent.click(within(form).getByRole('button', { name: 'Save the report' }));
    const alert = await within(form).findByTestId('slm-version-conflict', undefined, SLOW);
    expect(alert).toHaveTextContent('now at version 4');
    expect(within(form).getByLabelText('Summary')).toHaveValue('My summary');
    await userEvent.click(within(alert).getByRole('button', { name: /to version 4/ }));
    await screen.findByText('Report saved: the breach is now at version 5', undefined, SLOW);
    expect(writes(requests).map((r) => r.headers)).toEqual([{ 'If-Match': '1' }, { 'If-Match': '4' }]);
    expect((writes(requests)[1].data as { report: Breach['report'] }).report?.summary).toBe('My summary');
  });

  test('without the monitor permission the actions are disabled and name the permission', async () => {
    grant(READ);
    engine({ 'GET breaches/b-1': ok(OPEN), 'GET breaches/b-1/related': ok({ items: [] }) });
    renderAt(`${APP}/b-1`);
    const actions = await screen.findByTestId('slm-breach-actions', undefined, SLOW);
    expect(within(actions).getByRole('button', { name: 'Acknowledge' })).toBeDisabled();
    expect(within(actions).getAllByTestId('slm-blocked')[0]).toHaveAttribute(
      'data-reason',
      `You need the permission ${MONITOR}`
    );
    expect(
      within(screen.getByTestId('slm-breach-report')).getByRole('button', { name: 'Save the report' })
    ).toBeDisabled();
  });

  test('an unknown breach says so', async () => {
    engine({});
    renderAt(`${APP}/nope`);
    expect(await screen.findByText('There is no breach nope', undefined, SLOW)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to the breaches' })).toHaveAttribute('href', APP);
  });
});
