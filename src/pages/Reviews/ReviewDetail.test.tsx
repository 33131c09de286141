import React from 'react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type BackendSrvRequest } from '@grafana/runtime';
import { renderPage } from '../../test/fakeEngine';
import { grant } from '../Agreements/testFixtures';
import Reviews from './Reviews';
import {
  PLAN_WRITE,
  READ,
  REVIEWS,
  REVIEW_WRITE,
  SLOW,
  conflictReply,
  engine,
  envelope,
  ok,
  plan,
  reportFixture,
  review,
  route,
  versionConflict,
  writes,
} from './testFixtures';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  PluginPage: jest.requireActual('../../test/pluginPage').PluginPageStandIn,
}));

jest.setTimeout(30000);

const ID = 'SLR-2026-02';
const AT = `${REVIEWS}/${ID}`;
const renderAt = (path: string) => renderPage(<Reviews />, REVIEWS, path);
const ifMatch = (r: BackendSrvRequest) => r.headers?.['If-Match'];
const HELD = review(ID, { status: 'held', report: reportFixture() as unknown as Record<string, unknown> });

describe('Review page — report', () => {
  beforeEach(() => grant(READ, REVIEW_WRITE, PLAN_WRITE));

  test('shows the figures of the stored report: compliance, state, credits, breaches, underpinning and KPIs', async () => {
    engine({ [`GET reviews/${ID}`]: ok(HELD), [`GET reviews/${ID}/report`]: ok(envelope()) });
    renderAt(AT);
    const report = await screen.findByTestId('slm-review-report', undefined, SLOW);
    expect(screen.getByText('February review — mail', { selector: 'h1' })).toBeInTheDocument();
    expect(screen.getByTestId('slm-review-report-source')).toHaveAttribute('data-source', 'stored');

    const availability = within(report).getByTestId('slm-report-target-SLA-B-availability');
    expect(within(availability).getByTestId('slm-report-compliance')).toHaveTextContent('99.78%');
    expect(within(availability).getByText('99.90%')).toBeInTheDocument();
    expect(within(availability).getByTestId('slm-target-state')).toHaveAttribute('data-state', 'breached');
    expect(within(availability).getByTestId('slm-report-credit')).toHaveTextContent('10%');
    expect(
      within(availability).getByRole('img', { name: /^Compliance by period: .*99\.97%.*99\.80%.*99\.78%/ })
    ).toBeInTheDocument();
    const latency = within(report).getByTestId('slm-report-target-SLA-B-latency');
    expect(within(latency).getByTestId('slm-target-state')).toHaveAttribute('data-state', 'met');
    expect(within(latency).getByTestId('slm-report-credit')).toHaveTextContent('–');
    // a plan is offered for the breached target only
    expect(within(latency).queryByRole('button', { name: /Create improvement plan/ })).toBeNull();

    const underpinning = within(report).getByTestId('slm-report-underpinning');
    expect(within(underpinning).getByRole('link', { name: 'OLA-C' })).toBeInTheDocument();
    expect(within(underpinning).getByText('not in the registry')).toBeInTheDocument();

    const breaches = within(report).getByTestId('slm-report-breaches');
    expect(within(breaches).getByRole('link', { name: 'SLA-B · availability' })).toHaveAttribute(
      'href',
      '/a/slm-servicelevel-app/breaches/b-feb'
    );
    expect(within(breaches).getByText('Mail storage outage on 10 February')).toBeInTheDocument();
    expect(within(breaches).getByText('Root cause: A full disk on the mail store')).toBeInTheDocument();
    expect(within(breaches).getByRole('link', { name: 'PLAN-1' })).toHaveAttribute(
      'href',
      '/a/slm-servicelevel-app/plans/PLAN-1'
    );
    expect(within(report).getByTestId('slm-report-credits')).toHaveTextContent('SLA-B · availability');

    const sla = within(report).getByTestId('slm-report-kpi-SLA');
    expect(
      within(sla).getByText('100.0%', { selector: '[data-testid="slm-report-kpi-SLA-monitored-value"]' })
    ).toBeInTheDocument();
    expect(within(report).queryByTestId('slm-report-kpi-OLA')).toBeNull(); // no active OLA in scope
    expect(within(report).getByTestId('slm-report-kpi-all')).toBeInTheDocument();

    await userEvent.click(within(availability).getByRole('button', { name: /Create improvement plan/ }));
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent(
        `/a/slm-servicelevel-app/plans/new?review=${ID}&agreement=SLA-B&target=availability&breach=b-feb`
      )
    );
  });

  test('says when the report is only a preview; Generate report sends If-Match and shows the stored report', async () => {
    let generated = false;
    const scheduled = review(ID);
    const requests = engine({
      [`GET reviews/${ID}`]: () => ok(generated ? { ...HELD, status: 'scheduled', version: 2 } : scheduled),
      [`GET reviews/${ID}/report`]: () =>
        ok(envelope(generated ? { status: 'scheduled' } : { source: 'preview', status: 'scheduled' })),
      [`POST reviews/${ID}/report`]: () => {
        generated = true;
        return ok({ ...HELD, status: 'scheduled', version: 2 });
      },
    });
    renderAt(AT);
    const source = await screen.findByTestId('slm-review-report-source', undefined, SLOW);
    expect(source).toHaveAttribute('data-source', 'preview');
    expect(source).toHaveTextContent('Preview — not yet generated');

    await userEvent.click(screen.getByRole('button', { name: 'Generate report' }));
    await waitFor(() =>
      expect(screen.getByTestId('slm-review-report-source')).toHaveAttribute('data-source', 'stored')
    );
    expect(writes(requests).map((r) => [route(r), ifMatch(r)])).toEqual([[`POST reviews/${ID}/report`, '1']]);
    expect(screen.getByRole('button', { name: 'Regenerate report' })).toBeInTheDocument();
  });
});

describe('Review page — lifecycle', () => {
  beforeEach(() => grant(READ, REVIEW_WRITE, PLAN_WRITE));

  test('closing asks to confirm, explains the freeze and sends status closed with If-Match', async () => {
    const closed = { ...HELD, status: 'closed' as const, version: 2 };
    let done = false;
    const requests = engine({
      [`GET reviews/${ID}`]: () => ok(done ? closed : HELD),
      [`GET reviews/${ID}/report`]: () => ok(envelope(done ? { status: 'closed', frozen: true } : {})),
      [`PUT reviews/${ID}`]: () => {
        done = true;
        return ok(closed);
      },
    });
    renderAt(AT);
    await screen.findByTestId('slm-review-report', undefined, SLOW);
    await userEvent.click(
      within(screen.getByTestId('slm-review-actions')).getByRole('button', { name: 'Close review' })
    );
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('the report is frozen');
    expect(writes(requests)).toHaveLength(0);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Close review' }));

    await waitFor(() => expect(screen.getByTestId('slm-review-status')).toHaveAttribute('data-status', 'closed'));
    const [put] = writes(requests);
    expect([route(put), ifMatch(put)]).toEqual([`PUT reviews/${ID}`, '1']);
    expect(put.data).toMatchObject({ status: 'closed', minutes: '', participants: ['alice', 'Li Wei'] });
    expect(put.data).not.toHaveProperty('report');
    expect(put.data).not.toHaveProperty('version');
    expect(await screen.findByTestId('slm-review-report-source', undefined, SLOW)).toHaveAttribute(
      'data-source',
      'frozen'
    );
  });

  test('a closed review offers no write: no report generation, status change, delete or meeting edit', async () => {
    const closed = review(ID, {
      status: 'closed',
      report: reportFixture() as unknown as Record<string, unknown>,
      minutes: 'Storage to be replaced',
      decisions: ['Open an improvement plan for storage'],
      actionItems: [{ text: 'Order disks', owner: 'bob', due: '2026-03-20', done: true }],
      dashboard: {
        uid: 'slm-review-x',
        url: '/d/slm-review-x/review',
        version: 3,
        updatedAt: '2026-03-06T00:00:00.000Z',
      },
    });
    engine({
      [`GET reviews/${ID}`]: ok(closed),
      [`GET reviews/${ID}/report`]: ok(envelope({ status: 'closed', frozen: true })),
    });
    renderAt(`${AT}?tab=meeting`);
    const meeting = await screen.findByTestId('slm-review-meeting', undefined, SLOW);
    const actions = screen.getByTestId('slm-review-actions');
    for (const name of [/Generate report/, /Regenerate report/, /Mark held/, /Close review/, /Delete/]) {
      expect(within(actions).queryByRole('button', { name })).toBeNull();
    }
    expect(within(actions).getByRole('link', { name: /Export PDF/ })).toHaveAttribute(
      'href',
      `/api/plugin-proxy/slm-servicelevel-app/api/v1/reviews/${ID}/report.pdf`
    );
    expect(within(actions).getByTestId('slm-review-dashboard')).toHaveAttribute('href', '/d/slm-review-x/review');
    expect(meeting).toHaveAttribute('data-read-only', 'true');
    expect(within(meeting).queryByRole('textbox')).toBeNull();
    expect(within(meeting).queryByRole('button', { name: /Save/ })).toBeNull();
    expect(within(meeting).getByText('Open an improvement plan for storage')).toBeInTheDocument();
    expect(within(meeting).getByText('Order disks')).toBeInTheDocument();
  });

  test('the dashboard needs monitoring connected to Grafana: the page says so and links to the configuration', async () => {
    const requests = engine({
      [`GET reviews/${ID}`]: ok(HELD),
      [`GET reviews/${ID}/report`]: ok(envelope()),
      [`POST reviews/${ID}/dashboard`]: conflictReply('conflict', 'monitoring is not connected to Grafana', {
        reason: 'monitoring_not_connected',
      }),
    });
    renderAt(AT);
    await userEvent.click(await screen.findByRole('button', { name: 'Create dashboard' }, SLOW));
    const alert = await screen.findByTestId('slm-review-dashboard-not-connected', undefined, SLOW);
    expect(within(alert).getByRole('link', { name: /Open the app configuration/ })).toHaveAttribute(
      'href',
      '/plugins/slm-servicelevel-app'
    );
    expect(screen.queryByTestId('slm-review-dashboard')).toBeNull();
    expect(writes(requests).map(route)).toEqual([`POST reviews/${ID}/dashboard`]);
  });

  test('a published dashboard is linked, and the review is read again for its new version', async () => {
    let published = false;
    const withDashboard = {
      ...HELD,
      version: 2,
      dashboard: { uid: 'u1', url: '/d/u1/feb', version: 1, updatedAt: '2026-03-06T00:00:00.000Z' },
    };
    const requests = engine({
      [`GET reviews/${ID}`]: () => ok(published ? withDashboard : HELD),
      [`GET reviews/${ID}/report`]: ok(envelope()),
      [`POST reviews/${ID}/dashboard`]: () => {
        published = true;
        return ok({
          reviewId: ID,
          uid: 'u1',
          url: '/d/u1/feb',
          version: 1,
          folderUid: 'slm',
          agreements: ['SLA-B'],
          panels: 3,
        });
      },
    });
    renderAt(AT);
    await userEvent.click(await screen.findByRole('button', { name: 'Create dashboard' }, SLOW));
    expect(await screen.findByTestId('slm-review-dashboard', undefined, SLOW)).toHaveAttribute('href', '/d/u1/feb');
    expect(screen.getByRole('button', { name: 'Update dashboard' })).toBeInTheDocument();
    await waitFor(() => expect(requests.filter((r) => route(r) === `GET reviews/${ID}`)).toHaveLength(2));
  });

  test('a stale version on an action shows what changed and can be re-applied to the current version', async () => {
    const byBob = { ...HELD, status: 'scheduled' as const, version: 2, updatedBy: 'bob' };
    let reads = 0;
    const requests = engine({
      [`GET reviews/${ID}`]: () => ok(reads++ === 0 ? { ...HELD, status: 'scheduled' } : byBob),
      [`GET reviews/${ID}/report`]: ok(envelope()),
      [`PUT reviews/${ID}`]: (r) =>
        ifMatch(r) === '1' ? versionConflict(1, 2) : ok({ ...byBob, status: 'held', version: 3 }),
    });
    renderAt(AT);
    await userEvent.click(await screen.findByRole('button', { name: 'Mark held' }, SLOW));
    const alert = await screen.findByTestId('slm-version-conflict', undefined, SLOW);
    expect(alert).toHaveTextContent('“Mark held” was meant for version 1, and the review is now at version 2');
    await userEvent.click(within(alert).getByRole('button', { name: 'Apply “Mark held” to version 2' }));
    await waitFor(() => expect(screen.getByTestId('slm-review-status')).toHaveAttribute('data-status', 'held'));
    expect(writes(requests).map(ifMatch)).toEqual(['1', '2']);
  });

  test('delete asks to confirm, sends If-Match and goes back to the list', async () => {
    const requests = engine({
      [`GET reviews/${ID}`]: ok(review(ID)),
      [`GET reviews/${ID}/report`]: ok(envelope({ source: 'preview' })),
      [`DELETE reviews/${ID}`]: { status: 204 },
      'GET reviews': ok({ items: [], total: 0, limit: 50, offset: 0 }),
    });
    renderAt(AT);
    await userEvent.click(await screen.findByRole('button', { name: 'Delete' }, SLOW));
    await userEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Delete' }));
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent(/^\/a\/slm-servicelevel-app\/reviews$/)
    );
    expect(writes(requests).map((r) => [route(r), ifMatch(r)])).toEqual([[`DELETE reviews/${ID}`, '1']]);
  });

  test('an unknown review says so with the way back', async () => {
    engine({});
    renderAt(`${REVIEWS}/nope`);
    expect(await screen.findByText('There is no review nope', undefined, SLOW)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Back to the reviews/ })).toHaveAttribute('href', REVIEWS);
  });
});

describe('Review page — meeting and plans', () => {
  beforeEach(() => grant(READ, REVIEW_WRITE, PLAN_WRITE));

  test('records decisions and action items with If-Match; a concurrent edit shows the conflict panel and re-applies', async () => {
    const byBob = { ...HELD, version: 2, updatedBy: 'bob', minutes: 'Bob’s notes' };
    let reads = 0;
    const requests = engine({
      // the second read is the conflict's: the review as bob saved it
      [`GET reviews/${ID}`]: () => ok(reads++ === 0 ? HELD : byBob),
      [`GET reviews/${ID}/report`]: ok(envelope()),
      [`PUT reviews/${ID}`]: (r) =>
        ifMatch(r) === '1' ? versionConflict(1, 2) : ok({ ...byBob, ...(r.data as object), version: 3 }),
    });
    renderAt(`${AT}?tab=meeting`);
    const meeting = await screen.findByTestId('slm-review-meeting', undefined, SLOW);
    await userEvent.click(within(meeting).getByRole('button', { name: 'Add a decision' }));
    await userEvent.type(
      within(meeting).getByRole('textbox', { name: 'Decisions, item 1' }),
      'Replace the mail storage'
    );
    await userEvent.click(within(meeting).getByRole('button', { name: 'Add an action item' }));
    const item = within(meeting).getByRole('group', { name: 'Action item 1' });
    await userEvent.type(within(item).getByLabelText('What'), 'Order disks');
    await userEvent.type(within(item).getByLabelText('Owner'), 'bob');
    await userEvent.click(within(meeting).getByRole('button', { name: 'Save meeting notes' }));

    const panel = await screen.findByTestId('slm-version-conflict', undefined, SLOW);
    expect(panel).toHaveTextContent('You edited version 1; bob saved version 2');
    const differs = [...panel.querySelectorAll('tr[data-differs="true"]')].map((r) => r.getAttribute('data-field'));
    expect(differs).toEqual(['minutes', 'decisions', 'actionItems']);

    await userEvent.click(within(panel).getByRole('button', { name: 'Re-apply my changes on the latest' }));
    await screen.findByText('Saved as version 3', undefined, SLOW);
    const puts = writes(requests);
    expect(puts.map(ifMatch)).toEqual(['1', '2']);
    expect(puts[1].data).toMatchObject({
      minutes: 'Bob’s notes', // theirs, untouched by this edit
      decisions: ['Replace the mail storage'],
      actionItems: [{ text: 'Order disks', owner: 'bob', done: false }],
      status: 'held',
    });
  });

  test('a report generated while the minutes are being written does not turn the save into a conflict', async () => {
    const v2 = { ...HELD, version: 2 };
    const requests = engine({
      [`GET reviews/${ID}`]: ok(HELD),
      [`GET reviews/${ID}/report`]: ok(envelope()),
      [`POST reviews/${ID}/report`]: ok(v2),
      [`PUT reviews/${ID}`]: (r) =>
        ifMatch(r) === '2' ? ok({ ...v2, ...(r.data as object), version: 3 }) : versionConflict(1, 2),
    });
    renderAt(`${AT}?tab=meeting`);
    const minutes = await screen.findByLabelText('Minutes', undefined, SLOW);
    await userEvent.type(minutes, 'Storage discussed');
    await userEvent.click(screen.getByRole('button', { name: 'Regenerate report' }));
    await waitFor(() => expect(writes(requests)).toHaveLength(1));
    expect(screen.getByLabelText('Minutes')).toHaveValue('Storage discussed'); // the edit is kept
    await userEvent.click(screen.getByRole('button', { name: 'Save meeting notes' }));
    await screen.findByText('Saved as version 3', undefined, SLOW);
    expect(writes(requests).map((r) => [route(r), ifMatch(r)])).toEqual([
      [`POST reviews/${ID}/report`, '1'],
      [`PUT reviews/${ID}`, '2'],
    ]);
    expect(writes(requests)[1].data).toMatchObject({ minutes: 'Storage discussed' });
  });

  test('lists the plans linked to the review with their status and what is overdue', async () => {
    const requests = engine({
      [`GET reviews/${ID}`]: ok(HELD),
      'GET plans': ok({
        items: [
          plan('PLAN-1', { status: 'in_progress', dueDate: '2020-01-31' }),
          plan('PLAN-2', { status: 'done', dueDate: '2020-01-31' }),
        ],
        total: 2,
        limit: 500,
        offset: 0,
      }),
    });
    renderAt(`${AT}?tab=plans`);
    const rows = await screen.findAllByTestId('slm-review-plan', undefined, SLOW);
    expect(requests.find((r) => route(r) === 'GET plans')?.params).toEqual({ review: ID, limit: 500 });
    expect(rows.map((r) => r.dataset.overdue)).toEqual(['true', 'false']);
    expect(within(rows[0]).getByRole('link', { name: 'Plan PLAN-1' })).toHaveAttribute(
      'href',
      '/a/slm-servicelevel-app/plans/PLAN-1'
    );
    expect(within(rows[0]).getByText('Overdue')).toBeInTheDocument();
    expect(within(rows[1]).queryByText('Overdue')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Create improvement plan' }));
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent(`/a/slm-servicelevel-app/plans/new?review=${ID}`)
    );
  });
});
