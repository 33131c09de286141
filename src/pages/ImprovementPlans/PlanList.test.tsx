import React from 'react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type BackendSrvRequest } from '@grafana/runtime';
import { SLOW, renderPage, routedEngine as engine } from '../../test/fakeEngine';
import { grant, page } from '../Agreements/testFixtures';
import ImprovementPlans from './ImprovementPlans';
import { filtersFromParams, paramsFromFilters } from './listQuery';
import { PLANS_WRITE, plan, verification } from './testFixtures';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  PluginPage: jest.requireActual('../../test/pluginPage').PluginPageStandIn,
}));

jest.setTimeout(30000);
const APP = '/a/slm-servicelevel-app/plans';
const NOW = Date.parse('2026-11-20T12:00:00.000Z');
const renderAt = (path: string) => renderPage(<ImprovementPlans />, APP, path, 'both');
const listRequests = (requests: BackendSrvRequest[]) => requests.filter((r) => r.url.endsWith('/plans'));

const PLANS = [
  plan('P-1', { title: 'Second replica', status: 'in_progress', dueDate: '2026-11-10' }),
  plan('P-2', { title: 'Faster failover', status: 'done', dueDate: '2026-11-01', verification: verification() }),
  plan('P-3', { title: 'Runbook', status: 'planned', dueDate: '2026-12-01', goal: {} }),
];

beforeEach(() => {
  grant(PLANS_WRITE);
  jest.spyOn(Date, 'now').mockReturnValue(NOW);
});
afterEach(() => jest.restoreAllMocks());

describe('Plan list', () => {
  test('rows with goal, owner, due date, status, the overdue flag and the verification verdict', async () => {
    engine({ 'GET plans': page(PLANS) });
    renderAt(APP);
    const links = await screen.findAllByTestId('slm-plan-row', undefined, SLOW);
    expect(links.map((l) => [l.textContent, l.getAttribute('href')])).toEqual([
      ['Second replica', `${APP}/P-1`],
      ['Faster failover', `${APP}/P-2`],
      ['Runbook', `${APP}/P-3`],
    ]);
    const rows = links.map((l) => l.closest('tr')!);
    expect(rows[0]).toHaveTextContent('SLA-1 / availability → 99.90% by 2026-12-31');
    expect(within(rows[0]).getByTestId('slm-plan-overdue')).toBeInTheDocument();
    expect(within(rows[0]).getByTestId('slm-plan-status')).toHaveAttribute('data-status', 'in_progress');
    // past its due date but done: not overdue; verified, goal reached
    expect(within(rows[1]).queryByTestId('slm-plan-overdue')).toBeNull();
    expect(within(rows[1]).getByTestId('slm-plan-verdict')).toHaveTextContent('Goal reached');
    expect(within(rows[2]).queryByTestId('slm-plan-overdue')).toBeNull();
    expect(screen.getByTestId('slm-plans-range')).toHaveTextContent('1–3 of 3 plans');
  });

  test('filters come from the URL and go to the engine; the overdue link from the Overview works as is', async () => {
    const requests = engine({ 'GET plans': page([PLANS[0]]) });
    renderAt(`${APP}?overdue=true&status=in_progress&owner=alice&review=REV-1&page=2`);
    await screen.findAllByTestId('slm-plan-row', undefined, SLOW);
    expect(listRequests(requests)[0].params).toEqual({
      status: 'in_progress',
      owner: 'alice',
      overdue: 'true',
      review: 'REV-1',
      limit: 50,
      offset: 50,
    });
    expect(screen.getByRole('radio', { name: 'Overdue' })).toBeChecked();
    expect(screen.getByRole('radio', { name: 'In progress' })).toBeChecked();
    expect(screen.getByLabelText('Owner')).toHaveValue('alice');

    // a filter from a review's link can be removed; any change goes back to the first page
    await userEvent.click(screen.getByRole('button', { name: 'Remove the filter: From review REV-1' }));
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent(`${APP}?status=in_progress&overdue=true&owner=alice`)
    );
    await userEvent.click(screen.getByRole('radio', { name: 'Not overdue' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('overdue=false'));
    expect(listRequests(requests).at(-1)!.params).toMatchObject({ overdue: 'false', offset: 0 });
  });

  test('typing a search sends it to the engine once typing pauses, and keeps it in the URL', async () => {
    const requests = engine({ 'GET plans': page(PLANS) });
    renderAt(APP);
    await screen.findAllByTestId('slm-plan-row', undefined, SLOW);
    await userEvent.type(screen.getByLabelText('Search by id, title or owner'), 'replica');
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(`${APP}?q=replica`));
    await waitFor(() => expect(listRequests(requests).at(-1)!.params).toMatchObject({ q: 'replica' }));
  });

  test('no plans at all: the way to create one', async () => {
    engine({ 'GET plans': page([]) });
    renderAt(APP);
    expect(await screen.findByText('No improvement plans yet', undefined, SLOW)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'New plan' })).toHaveAttribute('href', `${APP}/new`);
    expect(screen.getByRole('link', { name: 'See reviews' })).toHaveAttribute(
      'href',
      '/a/slm-servicelevel-app/reviews'
    );
  });

  test('nothing matches the filter: clearing it shows every plan', async () => {
    engine({ 'GET plans': (r) => (r.params?.overdue ? page([]) : page(PLANS)) });
    renderAt(`${APP}?overdue=true`);
    await userEvent.click(await screen.findByRole('button', { name: 'Clear the filters' }, SLOW));
    await waitFor(() => expect(screen.getAllByTestId('slm-plan-row')).toHaveLength(3));
    expect(screen.getByTestId('location')).toHaveTextContent(new RegExp(`^${APP}$`));
  });

  test('"New plan" opens the form', async () => {
    engine({ 'GET plans': page(PLANS), 'GET agreements': page([]) });
    renderAt(APP);
    await userEvent.click(await screen.findByTestId('slm-plan-new', undefined, SLOW));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(`${APP}/new`));
  });
});

describe('plan list URL', () => {
  test('unknown values fall back to "any"; only what is set goes back into the URL', () => {
    const filters = filtersFromParams(new URLSearchParams('status=bogus&overdue=maybe&q=x&breach=b-1&page=0'));
    expect(filters).toMatchObject({ status: '', overdue: '', q: 'x', breach: 'b-1', page: 1 });
    expect(paramsFromFilters({ ...filters, page: 3 }).toString()).toBe('q=x&breach=b-1&page=3');
  });
});
