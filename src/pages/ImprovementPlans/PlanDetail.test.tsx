import React from 'react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type Plan } from '../../api/plans';
import { SLOW, ok, renderPage, route, routedEngine as engine, writes } from '../../test/fakeEngine';
import { grant } from '../Agreements/testFixtures';
import ImprovementPlans from './ImprovementPlans';
import { PLANS_WRITE, plan, verification } from './testFixtures';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  PluginPage: jest.requireActual('../../test/pluginPage').PluginPageStandIn,
}));

jest.setTimeout(30000);
const APP = '/a/slm-servicelevel-app/plans';
const NOW = Date.parse('2026-11-20T12:00:00.000Z');
const renderAt = (path: string) => renderPage(<ImprovementPlans />, APP, path, false);
const ifMatch = (r: { headers?: unknown }) => (r.headers as Record<string, string>)['If-Match'];

const STARTED = plan('P-1', {
  status: 'in_progress',
  dueDate: '2026-11-10',
  links: { breaches: ['b-1'], reviews: ['REV-1'] },
});

/** PUT answers the body as the new version. */
const saved = (base: Plan) => (r: { data?: unknown }) =>
  ok({ ...base, ...(r.data as object), version: base.version + 1 });

beforeEach(() => {
  grant(PLANS_WRITE);
  jest.spyOn(Date, 'now').mockReturnValue(NOW);
});
afterEach(() => jest.restoreAllMocks());

describe('Plan page', () => {
  test('goal, owner, due date flagged overdue, measures, and links to the breaches and reviews', async () => {
    engine({ 'GET plans/P-1': ok(STARTED) });
    renderAt(`${APP}/P-1`);
    expect(await screen.findByText('Plan P-1', { selector: 'h1' }, SLOW)).toBeInTheDocument();
    const facts = screen.getByTestId('slm-plan-facts');
    expect(within(facts).getByTestId('slm-plan-goal')).toHaveTextContent('SLA-1 / availability → 99.90% by 2026-12-31');
    expect(within(facts).getByRole('link', { name: 'SLA-1' })).toHaveAttribute(
      'href',
      '/a/slm-servicelevel-app/agreements/SLA-1?tab=targets'
    );
    expect(facts).toHaveTextContent('alice');
    expect(within(facts).getByTestId('slm-plan-overdue')).toHaveTextContent('Overdue');
    const measures = screen.getByTestId('slm-plan-measures-list');
    expect(within(measures).getByRole('checkbox', { name: 'Add a second database replica' })).toBeChecked();
    expect(within(measures).getByRole('checkbox', { name: 'Alert on replication lag' })).not.toBeChecked();
    const links = screen.getByTestId('slm-plan-links');
    expect(within(links).getByRole('link', { name: 'b-1' })).toHaveAttribute(
      'href',
      '/a/slm-servicelevel-app/breaches/b-1'
    );
    expect(within(links).getByRole('link', { name: 'REV-1' })).toHaveAttribute(
      'href',
      '/a/slm-servicelevel-app/reviews/REV-1'
    );
    // only the moves possible from "in progress"
    const moves = screen.getByTestId('slm-plan-moves');
    expect(
      within(moves)
        .getAllByRole('button')
        .map((b) => b.textContent)
    ).toEqual(['Complete', 'Cancel plan']);
  });

  test('ticking a measure saves the plan with If-Match', async () => {
    const requests = engine({ 'GET plans/P-1': ok(STARTED), 'PUT plans/P-1': saved(STARTED) });
    renderAt(`${APP}/P-1`);
    await userEvent.click(await screen.findByRole('checkbox', { name: 'Alert on replication lag' }, SLOW));
    await waitFor(() => expect(screen.getByRole('checkbox', { name: 'Alert on replication lag' })).toBeChecked());
    const [put] = writes(requests);
    expect(ifMatch(put)).toBe('2');
    expect((put.data as Plan).measures).toEqual([
      { text: 'Add a second database replica', done: true },
      { text: 'Alert on replication lag', done: true },
    ]);
    expect(screen.getByTestId('slm-plan-measures-list')).toHaveTextContent('2 of 2 done');
  });

  test('Complete sends status done with If-Match; then the plan can be reopened', async () => {
    const requests = engine({ 'GET plans/P-1': ok(STARTED), 'PUT plans/P-1': saved(STARTED) });
    renderAt(`${APP}/P-1`);
    await userEvent.click(await screen.findByTestId('slm-plan-move-complete', undefined, SLOW));
    await waitFor(() => expect(screen.getByTestId('slm-plan-moves')).toHaveTextContent('Reopen'));
    const [put] = writes(requests);
    expect([route(put), ifMatch(put)]).toEqual(['PUT plans/P-1', '2']);
    expect(put.data).toMatchObject({ status: 'done', title: 'Plan P-1', owner: 'alice', links: STARTED.links });
    // done: no longer overdue
    expect(within(screen.getByTestId('slm-plan-facts')).queryByTestId('slm-plan-overdue')).toBeNull();
  });

  test('a stale Start shows what changed and can be applied to the current version', async () => {
    const planned = plan('P-1', { status: 'planned' });
    const theirs = { ...planned, owner: 'bob', version: 3, updatedBy: 'bob' };
    let gets = 0;
    const requests = engine({
      'GET plans/P-1': () => ok(gets++ === 0 ? planned : theirs),
      'PUT plans/P-1': (r) =>
        ifMatch(r) === '2'
          ? {
              status: 409,
              data: { error: { code: 'version_conflict', message: 'stale', details: { currentVersion: 3 } } },
            }
          : saved(theirs)(r),
    });
    renderAt(`${APP}/P-1`);
    await userEvent.click(await screen.findByTestId('slm-plan-move-start', undefined, SLOW));
    const alert = await screen.findByTestId('slm-version-conflict', undefined, SLOW);
    expect(alert).toHaveTextContent('“Start” was meant for version 2, and the plan is now at version 3');
    await userEvent.click(within(alert).getByRole('button', { name: 'Apply “Start” to version 3' }));
    await waitFor(() => expect(screen.queryByTestId('slm-version-conflict')).toBeNull());
    const puts = writes(requests);
    expect(puts.map(ifMatch)).toEqual(['2', '3']);
    // the move applied on their version keeps their owner
    expect(puts[1].data).toMatchObject({ status: 'in_progress', owner: 'bob' });
  });

  test('Verify effect shows before and after compliance, the goal level, improved and goal reached', async () => {
    const done = plan('P-1', { status: 'done' });
    const requests = engine({
      'GET plans/P-1': ok(done),
      'POST plans/P-1/verify': ok({ ...done, version: 3, verification: verification() }),
    });
    renderAt(`${APP}/P-1`);
    const section = await screen.findByTestId('slm-plan-verification', undefined, SLOW);
    expect(within(section).queryByTestId('slm-plan-verify-not-done')).toBeNull();
    await userEvent.click(within(section).getByRole('button', { name: 'Verify effect' }));

    const before = await within(section).findByTestId('slm-plan-before', undefined, SLOW);
    expect(before).toHaveTextContent('Before');
    expect(before).toHaveTextContent('99.60%');
    expect(before).toHaveTextContent('2026-09-01 – 2026-10-31, 2 periods, coverage 100.00%');
    const after = within(section).getByTestId('slm-plan-after');
    expect(after).toHaveTextContent('99.95%');
    expect(within(section).getByTestId('slm-plan-level')).toHaveTextContent('99.90%');
    expect(within(section).getByTestId('slm-plan-improved')).toHaveTextContent('Yes');
    const reached = within(section).getByTestId('slm-plan-goal-reached');
    expect(reached).toHaveAttribute('data-value', 'true');
    expect(reached).toHaveTextContent('Goal reachedYes');
    expect(reached).toHaveTextContent('judged on 2026-11-01 – 2026-11-30');
    expect(
      within(section)
        .getAllByTestId('slm-target-state')
        .map((s) => s.getAttribute('data-state'))
    ).toEqual(['breached', 'breached', 'met']);
    expect(within(section).getByTestId('slm-plan-verified-at')).toHaveTextContent(
      /by alice\. Before and after are split at the completion/
    );
    const [post] = writes(requests);
    expect([route(post), ifMatch(post)]).toEqual(['POST plans/P-1/verify', '2']);
    expect(post.data).toEqual({});
    expect(within(section).getByRole('button', { name: 'Verify effect again' })).toBeInTheDocument();
  });

  test('a plan finished outside the app is verified against the completion the user gives', async () => {
    const done = plan('P-1', { status: 'done' });
    const requests = engine({
      'GET plans/P-1': ok(done),
      'POST plans/P-1/verify': ok({ ...done, version: 3, verification: verification() }),
    });
    renderAt(`${APP}/P-1`);
    const section = await screen.findByTestId('slm-plan-verification', undefined, SLOW);
    const input = within(section).getByLabelText(/Completed at/);
    await userEvent.type(input, '2026-11-02T09:30');
    await userEvent.click(within(section).getByRole('button', { name: 'Verify effect' }));
    await within(section).findByTestId('slm-plan-before', undefined, SLOW);
    const [post] = writes(requests);
    expect(post.data).toEqual({ completedAt: new Date('2026-11-02T09:30').toISOString() });
  });

  test('not judged yet and not done: says so rather than yes or no', async () => {
    engine({
      'GET plans/P-1': ok(
        plan('P-1', {
          status: 'in_progress',
          verification: verification({
            completedAt: null,
            after: null,
            improved: null,
            goalReached: null,
            judgedOn: null,
          }),
        })
      ),
    });
    renderAt(`${APP}/P-1`);
    const section = await screen.findByTestId('slm-plan-verification', undefined, SLOW);
    expect(within(section).getByTestId('slm-plan-verify-not-done')).toHaveTextContent('The plan is not done yet');
    expect(within(section).getByTestId('slm-plan-after')).toHaveTextContent('no period on this side yet');
    expect(within(section).getByTestId('slm-plan-improved')).toHaveTextContent('No figures on both sides');
    expect(within(section).getByTestId('slm-plan-goal-reached')).toHaveTextContent('Not yet');
    expect(within(section).getByTestId('slm-plan-goal-reached')).toHaveAttribute('data-value', 'null');
    expect(within(section).getByTestId('slm-plan-verified-at')).toHaveTextContent('split at the verification time');
  });

  test('without a goal target there is nothing to verify: explained, the button blocked', async () => {
    const requests = engine({ 'GET plans/P-1': ok(plan('P-1', { goal: { description: 'Be faster' } })) });
    renderAt(`${APP}/P-1`);
    const section = await screen.findByTestId('slm-plan-verification', undefined, SLOW);
    expect(within(section).getByTestId('slm-plan-verify-no-target')).toHaveTextContent('The goal names no target');
    expect(within(section).getByRole('button', { name: 'Verify effect' })).toBeDisabled();
    expect(within(section).getByTestId('slm-blocked')).toHaveAttribute('data-reason', 'The goal names no target');
    expect(writes(requests)).toHaveLength(0);
  });

  test('a verification the engine refuses shows its reason', async () => {
    engine({
      'GET plans/P-1': ok(plan('P-1', { status: 'done' })),
      'POST plans/P-1/verify': {
        status: 409,
        data: {
          error: {
            code: 'conflict',
            message: 'the goal target SLA-1/availability does not exist',
            details: { reason: 'unknown_goal_target' },
          },
        },
      },
    });
    renderAt(`${APP}/P-1`);
    await userEvent.click(await screen.findByRole('button', { name: 'Verify effect' }, SLOW));
    expect(await screen.findByTestId('slm-plan-refused', undefined, SLOW)).toHaveTextContent(
      'the goal target SLA-1/availability does not exist'
    );
  });

  test('a plan that does not exist: says so with the way back', async () => {
    engine({});
    renderAt(`${APP}/nope`);
    expect(await screen.findByText('There is no improvement plan nope', undefined, SLOW)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to the improvement plans' })).toHaveAttribute('href', APP);
  });
});
