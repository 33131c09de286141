import React from 'react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderPage } from '../../test/fakeEngine';
import { grant } from '../Agreements/testFixtures';
import Reviews from './Reviews';
import { READ, REVIEWS, REVIEW_WRITE, SLOW, engine, ok, page, review, route, writes } from './testFixtures';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  PluginPage: jest.requireActual('../../test/pluginPage').PluginPageStandIn,
}));

jest.setTimeout(30000);

const renderAt = (path: string) => renderPage(<Reviews />, REVIEWS, path);

describe('Review list', () => {
  beforeEach(() => grant(READ, REVIEW_WRITE));

  test('reads status and search from the URL, asks the engine for them and shows each review', async () => {
    const requests = engine({
      'GET reviews': page([
        review('r-1', { status: 'held', report: { kind: 'slm-review-report' } }),
        review('r-2', {
          title: 'Q1 review',
          status: 'closed',
          scope: { services: [], parties: ['finance'], agreements: [] },
          report: {},
        }),
      ]),
    });
    renderAt(`${REVIEWS}?status=held&q=mail`);
    const table = await screen.findByTestId('slm-reviews-table', undefined, SLOW);
    expect(requests.filter((r) => route(r) === 'GET reviews').map((r) => r.params)).toEqual([
      { status: 'held', q: 'mail', limit: 50, offset: 0 },
    ]);
    expect(screen.getByRole('radio', { name: 'Held' })).toBeChecked();
    expect(screen.getByRole('textbox', { name: 'Search by id, title or minutes' })).toHaveValue('mail');
    expect(within(table).getByRole('link', { name: 'February review — mail' })).toHaveAttribute(
      'href',
      `${REVIEWS}/r-1`
    );
    expect(within(table).getAllByText('2026-02-01 – 2026-02-28')).toHaveLength(2);
    expect(within(table).getByText('Services: mail')).toBeInTheDocument();
    expect(within(table).getByText('Parties: finance')).toBeInTheDocument();
    expect(
      within(table)
        .getAllByTestId('slm-review-status')
        .map((b) => b.dataset.status)
    ).toEqual(['held', 'closed']);
    expect(within(table).getByText('Generated')).toBeInTheDocument();
    expect(within(table).getByText('Frozen')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('radio', { name: 'All' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(`${REVIEWS}?q=mail`));
  });

  test('schedules the due reviews, says how many were created and shows them', async () => {
    let scheduled = false;
    const requests = engine({
      'GET reviews': () => (scheduled ? page([review('SLR-mail-2026-02')]) : page([])),
      'POST reviews/schedule': () => {
        scheduled = true;
        return ok({ created: ['SLR-mail-2026-02', 'SLR-dns-2026-02'], existing: ['SLR-vpn-2026-02'] });
      },
    });
    renderAt(REVIEWS);
    expect(await screen.findByText('No reviews yet', undefined, SLOW)).toBeInTheDocument();
    // the empty state carries the actions alone
    expect(screen.getByRole('link', { name: 'Plan a review' })).toHaveAttribute('href', `${REVIEWS}/new`);
    expect(screen.queryByRole('link', { name: 'New review' })).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Schedule due reviews' }));
    const result = await screen.findByTestId('slm-review-schedule-result', undefined, SLOW);
    expect(result).toHaveTextContent('2 created, 1 already scheduled');
    expect(within(result).getByRole('link', { name: 'SLR-dns-2026-02' })).toHaveAttribute(
      'href',
      `${REVIEWS}/SLR-dns-2026-02`
    );
    expect(await screen.findByTestId('slm-reviews-table', undefined, SLOW)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'New review' })).toHaveAttribute('href', `${REVIEWS}/new`);
    expect(screen.getAllByRole('button', { name: 'Schedule due reviews' })).toHaveLength(1);
    expect(writes(requests).map(route)).toEqual(['POST reviews/schedule']);
  });

  test('without the permission scheduling is disabled and says why', async () => {
    grant(READ);
    engine({ 'GET reviews': page([review('r-1')]) });
    renderAt(REVIEWS);
    await screen.findByTestId('slm-reviews-table', undefined, SLOW);
    const blocked = within(screen.getByTestId('slm-review-filters')).getByTestId('slm-blocked');
    expect(blocked).toHaveAttribute('data-reason', `You need the permission ${REVIEW_WRITE}`);
  });
});
