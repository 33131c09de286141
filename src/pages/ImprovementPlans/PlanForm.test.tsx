import React from 'react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type Reply } from '../../test/backendSrv';
import { SLOW, ok, renderPage, route, routedEngine as engine } from '../../test/fakeEngine';
import { detail, grant, page, row } from '../Agreements/testFixtures';
import { breach } from '../Breaches/testFixtures';
import ImprovementPlans from './ImprovementPlans';
import { PLANS_WRITE, plan, verification } from './testFixtures';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  PluginPage: jest.requireActual('../../test/pluginPage').PluginPageStandIn,
}));

jest.setTimeout(30000);
const APP = '/a/slm-servicelevel-app/plans';
const renderAt = (path: string) => renderPage(<ImprovementPlans />, APP, path);

const lookups = {
  'GET agreements': page([row('SLA-1', { state: 'active' }), row('OLA-2')]),
  'GET agreements/SLA-1': ok(detail('SLA-1')),
  'GET breaches': page([breach('b-1'), breach('b-2')]),
};

const validationFailed = (issues: Array<{ path: string; message: string }>): Reply => ({
  status: 400,
  data: { error: { code: 'validation_failed', message: 'invalid request body', details: { issues } } },
});

beforeEach(() => grant(PLANS_WRITE));

describe('New plan form', () => {
  test('prefilled from the review page’s link; the POST body; then the plan’s page', async () => {
    const created = plan('PLAN-9', { title: 'Replica for mail' });
    const requests = engine({
      ...lookups,
      'POST plans': { status: 201, data: created },
      'GET plans/PLAN-9': ok(created),
    });
    renderAt(`${APP}/new?review=REV-1&agreement=SLA-1&target=availability&breach=b-1`);
    const form = await screen.findByTestId('slm-plan-form', undefined, SLOW);
    // the goal target and the links come from the URL
    expect(await within(form).findByText('Availability', undefined, SLOW)).toBeInTheDocument();
    expect(within(form).getByText('SLA-1')).toBeInTheDocument();
    expect(within(form).getByText('REV-1')).toBeInTheDocument();
    expect(within(form).getByText(/^availability · /)).toBeInTheDocument();
    expect(within(form).getByText('Empty: the target’s objective, 99.90%')).toBeInTheDocument();

    await userEvent.type(screen.getByLabelText(/^Title/), 'Replica for mail');
    await userEvent.type(screen.getByLabelText(/^Level to reach/), '99.95');
    await userEvent.type(screen.getByLabelText(/^Owner/), 'dba-team');
    await userEvent.type(screen.getByLabelText(/^Due date/), '2026-12-15');
    await userEvent.click(screen.getByRole('button', { name: 'Add a measure' }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Measure 1' }), 'Add a second replica');
    // a blank row is dropped, not sent as an empty measure
    await userEvent.click(screen.getByRole('button', { name: 'Add a measure' }));
    await userEvent.click(screen.getByRole('button', { name: 'Create plan' }));

    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(`${APP}/PLAN-9`));
    const post = requests.find((r) => route(r) === 'POST plans')!;
    expect(post.data).toEqual({
      title: 'Replica for mail',
      goal: { agreementId: 'SLA-1', targetId: 'availability', objective: 99.95 },
      measures: [{ text: 'Add a second replica', done: false }],
      owner: 'dba-team',
      dueDate: '2026-12-15',
      status: 'planned',
      links: { breaches: ['b-1'], reviews: ['REV-1'] },
      verification: null,
    });
    expect(requests.find((r) => route(r) === 'GET breaches')?.params).toMatchObject({ agreement: 'SLA-1' });
  });

  test('the engine’s messages appear at the fields and measure rows they are about', async () => {
    engine({
      ...lookups,
      'POST plans': validationFailed([
        { path: 'owner', message: 'must not be empty' },
        { path: 'goal.objective', message: 'must be between 0 and 100 (exclusive)' },
        { path: 'measures.1.text', message: 'Too big: expected string to have <=2000 characters' },
        { path: 'links.breaches', message: 'no breach "b-9"' },
        { path: 'somethingElse', message: 'unexpected' },
      ]),
    });
    renderAt(`${APP}/new?agreement=SLA-1`);
    await userEvent.type(await screen.findByLabelText(/^Title/, undefined, SLOW), 'Plan');
    await userEvent.type(screen.getByLabelText(/^Level to reach/), '100');
    await userEvent.click(screen.getByRole('button', { name: 'Add a measure' }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Measure 1' }), 'one');
    await userEvent.click(screen.getByRole('button', { name: 'Add a measure' }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Measure 2' }), 'two');
    await userEvent.click(screen.getByRole('button', { name: 'Create plan' }));

    await waitFor(() => expect(screen.getByLabelText(/^Owner/)).toHaveAccessibleDescription(/must not be empty/));
    expect(screen.getByLabelText(/^Level to reach/)).toHaveAccessibleDescription(/must be between 0 and 100/);
    expect(screen.getByRole('textbox', { name: 'Measure 2' })).toHaveAccessibleDescription(
      'Too big: expected string to have <=2000 characters'
    );
    expect(screen.getByRole('textbox', { name: 'Measure 1' })).not.toHaveAccessibleDescription();
    expect(screen.getByText('no breach "b-9"')).toBeInTheDocument();
    expect(screen.getByTestId('slm-form-errors')).toHaveTextContent('somethingElse: unexpected');
    expect(screen.getByTestId('slm-form-errors')).not.toHaveTextContent('must not be empty');
    expect(screen.getByTestId('location')).toHaveTextContent(`${APP}/new`);
  });

  test('an id that is taken is reported at the id field', async () => {
    engine({
      ...lookups,
      'POST plans': {
        status: 409,
        data: { error: { code: 'conflict', message: 'improvement plan "P-1" already exists' } },
      },
    });
    renderAt(`${APP}/new`);
    await userEvent.type(await screen.findByLabelText(/^Title/, undefined, SLOW), 'Plan');
    await userEvent.type(screen.getByLabelText(/^Plan id/), 'P-1');
    await userEvent.type(screen.getByLabelText(/^Owner/), 'alice');
    await userEvent.click(screen.getByRole('button', { name: 'Create plan' }));
    await waitFor(() =>
      expect(screen.getByLabelText(/^Plan id/)).toHaveAccessibleDescription(/There is a plan with this id already/)
    );
  });
});

describe('Edit plan form', () => {
  const seen = plan('P-1', { version: 3, verification: verification() });
  const theirs = { ...seen, owner: 'bob', status: 'in_progress' as const, version: 4, updatedBy: 'bob' };

  test('a stale version shows both, and re-applying keeps their fields and the verification', async () => {
    let gets = 0;
    const requests = engine({
      ...lookups,
      'GET plans/P-1': () => ok(gets++ === 0 ? seen : theirs),
      'PUT plans/P-1': (r) =>
        (r.headers as Record<string, string>)['If-Match'] === '3'
          ? {
              status: 409,
              data: { error: { code: 'version_conflict', message: 'stale', details: { currentVersion: 4 } } },
            }
          : ok({ ...theirs, ...(r.data as object), version: 5 }),
    });
    renderAt(`${APP}/P-1/edit`);
    const title = await screen.findByLabelText(/^Title/, undefined, SLOW);
    expect(screen.queryByLabelText(/^Plan id/)).toBeNull();
    await userEvent.clear(title);
    await userEvent.type(title, 'Better title');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    const panel = await screen.findByTestId('slm-version-conflict', undefined, SLOW);
    expect(panel).toHaveTextContent('You edited version 3; bob saved version 4 since');
    const rowOf = (field: string) => panel.querySelector(`tr[data-field="${field}"]`)!;
    expect(rowOf('title')).toHaveAttribute('data-differs', 'true');
    expect(rowOf('owner')).toHaveAttribute('data-differs', 'true');
    await userEvent.click(within(panel).getByRole('button', { name: 'Re-apply my changes on the latest' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(`${APP}/P-1`));
    const puts = requests.filter((r) => route(r) === 'PUT plans/P-1');
    expect(puts.map((r) => (r.headers as Record<string, string>)['If-Match'])).toEqual(['3', '4']);
    expect(puts[1].data).toMatchObject({ title: 'Better title', owner: 'bob', status: 'in_progress' });
    // a full replace must not drop the stored verification
    expect(puts[0].data).toMatchObject({ verification: { kind: 'slm-plan-verification', goalReached: true } });
    expect(puts[0].data).not.toHaveProperty('id');
  });

  test('a plan that does not exist: says so with the way back', async () => {
    engine({ ...lookups });
    renderAt(`${APP}/nope/edit`);
    expect(await screen.findByText('There is no improvement plan nope', undefined, SLOW)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to the improvement plans' })).toHaveAttribute('href', APP);
  });
});
