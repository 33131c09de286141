import React from 'react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type BackendSrvRequest } from '@grafana/runtime';
import { type Reply } from '../../test/backendSrv';
import { SLOW, notFound, ok, renderPage, routedEngine } from '../../test/fakeEngine';
import Agreements from './Agreements';
import { APPROVE, READ, WRITE, detail, grant } from './testFixtures';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  PluginPage: jest.requireActual('../../test/pluginPage').PluginPageStandIn,
}));

jest.setTimeout(30000);
const APP = '/a/slm-servicelevel-app/agreements';

const renderAt = (path: string) => renderPage(<Agreements />, APP, path);

/** Unknown services are "not found" like the engine says it (the header looks up the agreement's service). */
const engine = (routes: Record<string, Reply | ((r: BackendSrvRequest) => Reply)>) =>
  routedEngine(routes, (r) => (r.startsWith('GET services/') ? notFound('service') : notFound(r)));

const SLA = detail('SLA-1', {
  state: 'active',
  underpinnedBy: ['OLA-1', 'UC-1'],
  consistency: [
    {
      kind: 'objective',
      target: 'availability',
      underpinning: { agreement: 'UC-1', type: 'UC', target: 'availability' },
      message: 'UC-1 promises 99.5 % on availability, weaker than the 99.9 % of SLA-1',
    },
  ],
});

beforeEach(() => grant(READ, WRITE));

describe('Agreement page', () => {
  test('overview: terms, targets and the underpinning tree with each state and the consistency warnings', async () => {
    engine({
      'GET agreements/SLA-1': ok(SLA),
      'GET agreements/OLA-1': ok(detail('OLA-1', { state: 'active', underpinnedBy: ['UC-2'] })),
      'GET agreements/UC-1': ok(detail('UC-1', { state: 'pending_signature' })),
      'GET agreements/UC-2': notFound('agreement UC-2'),
      'GET services/mail': ok({
        key: 'mail',
        name: 'Mail',
        dashboards: [{ uid: 'mail-overview', title: 'Mail overview' }],
      }),
    });
    renderAt(`${APP}/SLA-1`);
    expect(await screen.findByText('SLA-1', { selector: 'h1' }, SLOW)).toBeInTheDocument();
    const terms = await screen.findByTestId('slm-agreement-terms', undefined, SLOW);
    expect(within(terms).getByText('2026-01-01 to 2027-12-31')).toBeInTheDocument();
    expect(within(terms).getByText('calendar month')).toBeInTheDocument();
    expect(within(terms).getByText('mon, tue, wed, thu, fri 08:00–18:00')).toBeInTheDocument();

    const targets = screen.getByTestId('slm-agreement-targets');
    expect(within(targets).getByText('99.9 %')).toBeInTheDocument();
    expect(within(targets).getByText('99.95 %')).toBeInTheDocument();
    expect(within(targets).getByText('value ≤ 0.3 per slice')).toBeInTheDocument();
    expect(within(targets).getByText('time slices')).toBeInTheDocument();

    const uc = await screen.findByTestId('slm-underpinning-UC-1');
    expect(within(uc).getByRole('link', { name: 'UC-1' })).toHaveAttribute('href', `${APP}/UC-1`);
    expect(await within(uc).findByText('Pending signature')).toBeInTheDocument();
    expect(within(uc).getByTestId('slm-consistency-warning')).toHaveTextContent('weaker than the 99.9 % of SLA-1');
    const ola = screen.getByTestId('slm-underpinning-OLA-1');
    expect(within(ola).queryByTestId('slm-consistency-warning')).not.toBeInTheDocument();
    // the OLA's own underpinning is walked too; a dangling reference says so
    expect(await within(ola).findByText('not found in the registry', undefined, SLOW)).toBeInTheDocument();

    // deep link to the service's dashboards, which get the agreement as a variable
    expect(await screen.findByRole('link', { name: 'Mail overview' })).toHaveAttribute(
      'href',
      '/d/mail-overview?var-agreement=SLA-1'
    );
  });

  test('an unknown agreement has a way back to the list', async () => {
    engine({});
    renderAt(`${APP}/NOPE-1`);
    expect(await screen.findByText('There is no agreement NOPE-1', undefined, SLOW)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to the agreements' })).toHaveAttribute('href', APP);
  });

  test('tabs are part of the URL', async () => {
    engine({ 'GET agreements/SLA-1': ok(detail('SLA-1')), 'GET agreements/SLA-1/comments': ok({ items: [] }) });
    renderAt(`${APP}/SLA-1`);
    await userEvent.click(await screen.findByTestId('slm-agreement-tab-negotiation', undefined, SLOW));
    expect(screen.getByTestId('location')).toHaveTextContent(`${APP}/SLA-1?tab=negotiation`);
    expect(await screen.findByText(/No comments yet/, undefined, SLOW)).toBeInTheDocument();
  });

  test('versions: the list and a readable diff of the latest revision against the previous one', async () => {
    const requests = engine({
      'GET agreements/SLA-1': ok(detail('SLA-1', { revision: 2, state: 'negotiating' })),
      'GET agreements/SLA-1/versions': ok({
        items: [
          {
            revision: 1,
            hash: `sha256:${'1'.repeat(64)}`,
            frozen: true,
            status: 'withdrawn',
            frozenAt: '2026-01-10T00:00:00.000Z',
            frozenBy: 'manager',
            activatedAt: null,
            signatures: [],
          },
          {
            revision: 2,
            hash: `sha256:${'2'.repeat(64)}`,
            frozen: false,
            status: 'working',
            frozenAt: null,
            frozenBy: null,
            activatedAt: null,
            signatures: [],
          },
        ],
      }),
      'GET agreements/SLA-1/versions/2/diff': ok({
        from: 1,
        to: 2,
        changes: [
          { path: 'spec.targets[0].objective', op: 'changed', before: 99.5, after: 99.9 },
          { path: 'spec.holidays', op: 'added', after: ['2026-10-01'] },
          { path: 'metadata.description', op: 'removed', before: 'old text' },
        ],
      }),
    });
    renderAt(`${APP}/SLA-1?tab=versions`);
    const versions = await screen.findByTestId('slm-versions', undefined, SLOW);
    expect(within(versions).getByText('Withdrawn')).toBeInTheDocument();
    expect(within(versions).getByText('Working draft')).toBeInTheDocument();
    expect(within(versions).getByText('111111111111')).toBeInTheDocument();

    const diff = await screen.findByTestId('slm-diff', undefined, SLOW);
    const rows = within(diff).getAllByRole('row');
    expect(rows[0]).toHaveTextContent('Revision 1');
    expect(rows[0]).toHaveTextContent('Revision 2');
    expect(rows[1]).toHaveTextContent('spec.targets[0].objective');
    expect(rows[1]).toHaveTextContent('changed');
    expect(within(rows[1]).getByText('99.5')).toBeInTheDocument();
    expect(within(rows[1]).getByText('99.9')).toBeInTheDocument();
    expect(within(rows[2]).getByText('["2026-10-01"]')).toBeInTheDocument();
    expect(rows[3]).toHaveTextContent('removed');
    expect(within(rows[3]).getByText('old text')).toBeInTheDocument();
    const diffRequest = requests.find((r) => r.url.endsWith('/versions/2/diff'));
    expect(diffRequest?.params).toEqual({ against: 1 });
  });

  test('negotiation: comments are listed and Ctrl+Enter posts a new one', async () => {
    const comments = [
      {
        id: 1,
        revision: 1,
        targetId: null,
        body: 'Finance asks for 99.95 %',
        user: 'finance-lead',
        createdAt: '2026-01-06T09:00:00.000Z',
      },
    ];
    const requests = engine({
      'GET agreements/SLA-1': ok(detail('SLA-1', { state: 'negotiating' })),
      'GET agreements/SLA-1/comments': () => ok({ items: comments }),
      'POST agreements/SLA-1/comments': (r) => {
        const body = r.data as { body: string };
        comments.push({
          id: 2,
          revision: 1,
          targetId: null,
          body: body.body,
          user: 'manager',
          createdAt: '2026-01-07T09:00:00.000Z',
        });
        return { status: 201, data: comments[1] };
      },
    });
    renderAt(`${APP}/SLA-1?tab=negotiation`);
    expect(await screen.findByText('Finance asks for 99.95 %', undefined, SLOW)).toBeInTheDocument();
    const box = await screen.findByRole('textbox', { name: /^Add a comment/ }, SLOW);
    await userEvent.type(box, '99.9 % is what we can measure');
    fireEvent.keyDown(box, { key: 'Enter', ctrlKey: true });
    expect(await screen.findByText('99.9 % is what we can measure', { selector: 'div' }, SLOW)).toBeInTheDocument();
    expect(requests.find((r) => r.method === 'POST')?.data).toEqual({ body: '99.9 % is what we can measure' });
    await waitFor(() => expect(box).toHaveValue(''));
  });

  test('negotiation: an empty comment rejected by the engine shows the error at the field', async () => {
    engine({
      'GET agreements/SLA-1': ok(detail('SLA-1')),
      'GET agreements/SLA-1/comments': ok({ items: [] }),
      'POST agreements/SLA-1/comments': {
        status: 400,
        data: {
          error: {
            code: 'validation_failed',
            message: 'body: must not be empty',
            details: { issues: [{ path: 'body', message: 'must not be empty' }] },
          },
        },
      },
    });
    renderAt(`${APP}/SLA-1?tab=negotiation`);
    const box = await screen.findByRole('textbox', { name: /^Add a comment/ }, SLOW);
    await userEvent.type(box, '   x');
    await userEvent.click(screen.getByRole('button', { name: 'Comment' }));
    expect(await screen.findByText('must not be empty', undefined, SLOW)).toBeInTheDocument();
  });

  test('signatures: who signed, who is missing, and signing sends the pending hash', async () => {
    const hash = `sha256:${'b'.repeat(64)}`;
    const signed = {
      party: 'it-operations',
      user: 'wang.lei',
      signedAt: '2026-01-08T00:00:00.000Z',
      revision: 1,
      hash,
    };
    const requests = engine({
      'GET agreements/SLA-1': ok(
        detail('SLA-1', {
          state: 'pending_signature',
          pendingVersion: { revision: 1, hash, signatures: [signed], missing: ['finance'] },
        })
      ),
      'POST agreements/SLA-1/signatures': { status: 201, data: { ...signed, party: 'finance' } },
    });
    renderAt(`${APP}/SLA-1?tab=signatures`);
    expect(await screen.findByTestId('slm-signer-it-operations', undefined, SLOW)).toHaveAttribute(
      'data-signed',
      'true'
    );
    expect(screen.getByTestId('slm-signer-finance')).toHaveTextContent('not signed yet');
    expect(screen.getByTestId('slm-pending-version')).toHaveTextContent(hash);
    await userEvent.click(screen.getByRole('combobox', { name: 'Sign for' }));
    await userEvent.click(await screen.findByText('finance', { selector: 'span' }));
    await userEvent.click(screen.getByRole('button', { name: 'Sign this version' }));
    await waitFor(() => expect(requests.some((r) => r.method === 'POST')).toBe(true));
    expect(requests.find((r) => r.method === 'POST')?.data).toEqual({ party: 'finance', hash });
  });

  const NEGOTIATING = detail('SLA-1', {
    state: 'negotiating',
    version: 4,
    allowedTransitions: [
      { to: 'draft', method: 'POST', path: '/api/v1/agreements/SLA-1/transitions', permission: 'manage' },
      { to: 'pending_signature', method: 'POST', path: '/api/v1/agreements/SLA-1/transitions', permission: 'manage' },
    ],
  });

  test('actions: a move is sent to its endpoint with If-Match, and the page shows the new state', async () => {
    let current = NEGOTIATING;
    const requests = engine({
      'GET agreements/SLA-1': () => ok(current),
      'POST agreements/SLA-1/transitions': () => {
        current = { ...NEGOTIATING, state: 'pending_signature', version: 5, allowedTransitions: [] };
        return ok(current);
      },
    });
    renderAt(`${APP}/SLA-1?tab=actions`);
    await userEvent.click(await screen.findByRole('button', { name: 'Send for signature' }, SLOW));
    await waitFor(() =>
      expect(screen.getAllByTestId('slm-agreement-state')[0]).toHaveAttribute('data-state', 'pending_signature')
    );
    const post = requests.find((r) => r.method === 'POST')!;
    expect(post.data).toEqual({ to: 'pending_signature' });
    expect(post.headers).toEqual({ 'If-Match': '4' });
  });

  test('actions: a stale version shows both versions and re-applies on the current one', async () => {
    let current = NEGOTIATING;
    const requests = engine({
      'GET agreements/SLA-1': () => ok(current),
      'POST agreements/SLA-1/transitions': (r) => {
        if (r.headers?.['If-Match'] === '4') {
          // someone else edited it after the page loaded
          current = { ...NEGOTIATING, version: 5, updatedBy: 'someone-else' };
          return {
            status: 409,
            data: {
              error: {
                code: 'version_conflict',
                message: 'changed by someone else',
                details: { expectedVersion: 4, currentVersion: 5 },
              },
            },
          };
        }
        current = { ...current, state: 'pending_signature', version: 6, allowedTransitions: [] };
        return ok(current);
      },
    });
    renderAt(`${APP}/SLA-1?tab=actions`);
    await userEvent.click(await screen.findByRole('button', { name: 'Send for signature' }, SLOW));
    const conflict = await screen.findByTestId('slm-version-conflict', undefined, SLOW);
    expect(within(conflict).getByText('The agreement changed since you opened it')).toBeInTheDocument();
    expect(conflict).toHaveTextContent('version 4, and the agreement is now at version 5');
    expect(within(conflict).getByText('someone-else')).toBeInTheDocument();

    await userEvent.click(within(conflict).getByRole('button', { name: 'Apply “Send for signature” to version 5' }));
    await waitFor(() =>
      expect(screen.getAllByTestId('slm-agreement-state')[0]).toHaveAttribute('data-state', 'pending_signature')
    );
    const posts = requests.filter((r) => r.method === 'POST');
    expect(posts.map((p) => p.headers?.['If-Match'])).toEqual(['4', '5']);
  });

  test('actions: a refused move shows the engine’s reason', async () => {
    const pending = detail('SLA-1', {
      state: 'pending_signature',
      allowedTransitions: [
        { to: 'active', method: 'POST', path: '/api/v1/approvals/agreements/SLA-1/activate', permission: 'own' },
      ],
    });
    grant(READ, WRITE, APPROVE);
    engine({
      'GET agreements/SLA-1': ok(pending),
      'POST approvals/agreements/SLA-1/activate': {
        status: 409,
        data: {
          error: {
            code: 'signatures_incomplete',
            message: 'no signature yet from finance',
            details: { missing: ['finance'] },
          },
        },
      },
    });
    renderAt(`${APP}/SLA-1?tab=actions`);
    await userEvent.click(await screen.findByRole('button', { name: 'Activate' }, SLOW));
    expect(await screen.findByTestId('slm-move-refused', undefined, SLOW)).toHaveTextContent(
      'no signature yet from finance'
    );
  });

  test('actions the user may not take are disabled and name the missing permission', async () => {
    grant(READ, WRITE); // a service level manager: no approval
    engine({
      'GET agreements/SLA-1': ok(
        detail('SLA-1', {
          state: 'active',
          allowedTransitions: [
            { to: 'amendment', method: 'POST', path: '/api/v1/agreements/SLA-1/amendments', permission: 'manage' },
            {
              to: 'terminated',
              method: 'POST',
              path: '/api/v1/approvals/agreements/SLA-1/terminate',
              permission: 'own',
            },
            {
              to: 'expired',
              method: 'POST',
              path: '(automatic)',
              permission: 'own',
              note: 'when the effective period ends',
            },
          ],
        })
      ),
    });
    renderAt(`${APP}/SLA-1?tab=actions`);
    expect(await screen.findByRole('button', { name: 'Start an amendment' }, SLOW)).toBeEnabled();
    const terminate = screen.getByRole('button', { name: 'Terminate' });
    expect(terminate).toBeDisabled();
    expect(terminate.closest('[data-testid="slm-blocked"]')).toHaveAttribute(
      'data-reason',
      'You need the permission slm-servicelevel-app.agreements:approve'
    );
    // expiry is not a button: it happens by itself
    expect(screen.queryByRole('button', { name: 'Expire' })).not.toBeInTheDocument();
    expect(screen.getByText('Expire: automatic — when the effective period ends')).toBeInTheDocument();
  });

  test('a reader sees every write disabled: moves, comments and signatures', async () => {
    grant(READ);
    const hash = `sha256:${'c'.repeat(64)}`;
    engine({
      'GET agreements/SLA-1': ok(
        detail('SLA-1', {
          state: 'pending_signature',
          pendingVersion: { revision: 1, hash, signatures: [], missing: ['it-operations', 'finance'] },
          allowedTransitions: [
            { to: 'negotiating', method: 'POST', path: '/api/v1/agreements/SLA-1/transitions', permission: 'manage' },
            { to: 'active', method: 'POST', path: '/api/v1/approvals/agreements/SLA-1/activate', permission: 'own' },
          ],
        })
      ),
      'GET agreements/SLA-1/comments': ok({ items: [] }),
    });
    renderAt(`${APP}/SLA-1?tab=actions`);
    expect(await screen.findByRole('button', { name: 'Start negotiation' }, SLOW)).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Activate' })).toBeDisabled();
    expect(screen.getByText('You need the permission slm-servicelevel-app.agreements:write')).toBeInTheDocument();

    await userEvent.click(screen.getByTestId('slm-agreement-tab-signatures'));
    expect(await screen.findByRole('button', { name: 'Sign this version' }, SLOW)).toBeDisabled();
    await userEvent.click(screen.getByTestId('slm-agreement-tab-negotiation'));
    expect(await screen.findByRole('button', { name: 'Comment' }, SLOW)).toBeDisabled();
  });
});
