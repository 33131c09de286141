import React from 'react';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderPage } from '../../test/fakeEngine';
import { grant, row } from '../Agreements/testFixtures';
import { lastFullMonth } from '../../components/LocalDates/localDates';
import Reviews from './Reviews';
import {
  READ,
  REVIEWS,
  REVIEW_WRITE,
  SLOW,
  engine,
  envelope,
  ok,
  page,
  review,
  route,
  validationFailed,
  writes,
} from './testFixtures';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  PluginPage: jest.requireActual('../../test/pluginPage').PluginPageStandIn,
}));

jest.setTimeout(30000);

const renderAt = (path: string) => renderPage(<Reviews />, REVIEWS, path);

const lookups = {
  'GET services': page([{ key: 'mail', name: 'Mail', lifecycle: 'live', version: 1 }]),
  'GET parties': page([{ key: 'finance', name: 'Finance', kind: 'customer' }]),
  'GET agreements': page([row('SLA-B', { state: 'active' }), row('SLA-draft')]),
};

describe('New review', () => {
  beforeEach(() => grant(READ, REVIEW_WRITE));

  test('prefills the scope from the link and the period with the last full month, then posts the form', async () => {
    const created = review('SLR-new', { version: 1 });
    const requests = engine({
      ...lookups,
      'POST reviews': { status: 201, data: created },
      'GET reviews/SLR-new': ok(created),
      'GET reviews/SLR-new/report': ok(envelope({ source: 'preview', status: 'scheduled' })),
    });
    renderAt(`${REVIEWS}/new?service=mail&agreement=SLA-B&party=`);
    const title = await screen.findByLabelText(/^Title/, undefined, SLOW);
    const month = lastFullMonth();
    expect(screen.getByLabelText(/^Period from/)).toHaveValue(month.from);
    expect(screen.getByLabelText(/^Period to/)).toHaveValue(month.to);
    expect(await screen.findByText('Mail', undefined, SLOW)).toBeInTheDocument(); // the chosen service, by its name
    expect(screen.getByText('SLA-B')).toBeInTheDocument();

    await userEvent.type(title, 'February review — mail');
    fireEvent.change(screen.getByLabelText(/^Period from/), { target: { value: '2026-02-01' } });
    fireEvent.change(screen.getByLabelText(/^Period to/), { target: { value: '2026-02-28' } });
    fireEvent.change(screen.getByLabelText(/^Meeting/), { target: { value: '2026-03-05T10:00' } });
    await userEvent.type(screen.getByLabelText(/^Participants/), 'alice{Enter}Li Wei{Enter}');
    await userEvent.click(screen.getByRole('button', { name: 'Create review' }));

    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(`${REVIEWS}/SLR-new`));
    expect(writes(requests).map(route)).toEqual(['POST reviews']);
    expect(writes(requests)[0].data).toEqual({
      title: 'February review — mail',
      scope: { services: ['mail'], parties: [], agreements: ['SLA-B'] },
      period: { from: '2026-02-01', to: '2026-02-28' },
      meetingDate: new Date(2026, 2, 5, 10, 0).toISOString(),
      participants: ['alice', 'Li Wei'],
      minutes: '',
      decisions: [],
      actionItems: [],
      status: 'scheduled',
    });
  });

  test("shows the engine's validation messages at their fields and the rest above the buttons", async () => {
    engine({
      ...lookups,
      'POST reviews': validationFailed([
        { path: 'title', message: 'must not be empty' },
        { path: 'period.to', message: '"to" must not be before "from"' },
        { path: 'scope.agreements', message: 'must not list a agreement twice' },
        { path: 'status', message: 'something else' },
      ]),
    });
    renderAt(`${REVIEWS}/new`);
    await userEvent.click(await screen.findByRole('button', { name: 'Create review' }, SLOW));
    expect(await screen.findByText('must not be empty')).toBeInTheDocument();
    expect(screen.getByText('"to" must not be before "from"')).toBeInTheDocument();
    expect(screen.getByText('must not list a agreement twice')).toBeInTheDocument();
    expect(screen.getByTestId('slm-form-errors')).toHaveTextContent('status: something else');
    expect(screen.getByTestId('location')).toHaveTextContent(`${REVIEWS}/new`);
  });
});
