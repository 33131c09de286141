/**
 * Stand-in for Grafana's service account API (docs: developer-resources/api-reference/http-api/
 * serviceaccount.md): create / search / get / delete service accounts and create / delete their
 * tokens. A token it issues is accepted as a Bearer credential by the stand-in until its service
 * account is deleted (which revokes every token of it, as in Grafana). Also `GET /api/search`,
 * the smallest read any valid token may do (the engine's token check).
 */
import { randomBytes } from 'node:crypto';
import type { GrafanaStandIn } from '../grafanaStandIn';
import { badRequest, shapeProblems } from './shape';

export interface StandInServiceAccount {
  id: number;
  name: string;
  login: string;
  orgId: number;
  isDisabled: boolean;
  role: string;
  tokens: Array<{ id: number; name: string; key: string }>;
}

const ROLES = ['None', 'Viewer', 'Editor', 'Admin'];

export function installServiceAccountsApi(standIn: GrafanaStandIn) {
  const accounts = new Map<number, StandInServiceAccount>();
  let nextId = 1;
  let nextTokenId = 1;
  const view = ({ tokens, ...sa }: StandInServiceAccount) => ({
    ...sa,
    tokens: tokens.length,
    avatarUrl: `/avatar/${sa.id}`,
  });

  standIn.route('POST', '/api/serviceaccounts', (req) => {
    const problems = shapeProblems(req.body, {
      name: { type: 'string', required: true },
      role: { type: 'string' },
      isDisabled: { type: 'boolean' },
    });
    const body = req.body as { name: string; role?: string; isDisabled?: boolean };
    if (!problems.length && body.role !== undefined && !ROLES.includes(body.role)) {
      problems.push(`invalid role "${body.role}"`);
    }
    if (problems.length) {
      return badRequest(problems);
    }
    if ([...accounts.values()].some((a) => a.name === body.name)) {
      return { status: 400, body: { message: 'service account already exists' } };
    }
    const sa: StandInServiceAccount = {
      id: nextId++,
      name: body.name,
      login: `sa-${body.name}`,
      orgId: 1,
      isDisabled: body.isDisabled ?? false,
      role: body.role ?? 'Viewer',
      tokens: [],
    };
    accounts.set(sa.id, sa);
    return { status: 201, body: view(sa) };
  });

  standIn.route('GET', '/api/serviceaccounts/search', (req) => {
    const query = req.query.get('query') ?? '';
    const found = [...accounts.values()].filter((a) => a.name.includes(query));
    return {
      status: 200,
      body: { totalCount: found.length, serviceAccounts: found.map(view), page: 1, perPage: 1000 },
    };
  });

  const withAccount = (id: string, then: (sa: StandInServiceAccount) => { status: number; body?: unknown }) => {
    const sa = accounts.get(Number(id));
    return sa ? then(sa) : { status: 404, body: { message: 'service account not found' } };
  };

  standIn.route('GET', '/api/serviceaccounts/:id', (_req, { id }) =>
    withAccount(id, (sa) => ({ status: 200, body: view(sa) }))
  );

  standIn.route('DELETE', '/api/serviceaccounts/:id', (_req, { id }) =>
    withAccount(id, (sa) => {
      sa.tokens.forEach((t) => standIn.tokens.delete(t.key));
      accounts.delete(sa.id);
      return { status: 200, body: { message: 'Service account deleted' } };
    })
  );

  standIn.route('POST', '/api/serviceaccounts/:id/tokens', (req, { id }) =>
    withAccount(id, (sa) => {
      const problems = shapeProblems(req.body, {
        name: { type: 'string', required: true },
        secondsToLive: { type: 'integer' },
      });
      if (problems.length) {
        return badRequest(problems);
      }
      const token = {
        id: nextTokenId++,
        name: (req.body as { name: string }).name,
        key: `glsa_${randomBytes(16).toString('hex')}`,
      };
      sa.tokens.push(token);
      standIn.tokens.add(token.key);
      return { status: 200, body: token };
    })
  );

  standIn.route('DELETE', '/api/serviceaccounts/:id/tokens/:tokenId', (_req, { id, tokenId }) =>
    withAccount(id, (sa) => {
      const token = sa.tokens.find((t) => t.id === Number(tokenId));
      if (!token) {
        return { status: 404, body: { message: 'token not found' } };
      }
      sa.tokens = sa.tokens.filter((t) => t !== token);
      standIn.tokens.delete(token.key);
      return { status: 200, body: { message: 'API key deleted' } };
    })
  );

  standIn.route('GET', '/api/search', () => ({ status: 200, body: [] }));

  return {
    accounts,
    /** Creates a service account with one token, as an admin would in Grafana's UI. */
    issue(name = 'slm-engine', role = 'Editor'): { serviceAccountId: number; token: string } {
      const sa: StandInServiceAccount = {
        id: nextId++,
        name,
        login: `sa-${name}`,
        orgId: 1,
        isDisabled: false,
        role,
        tokens: [],
      };
      const token = { id: nextTokenId++, name: `${name}-token`, key: `glsa_${randomBytes(16).toString('hex')}` };
      sa.tokens.push(token);
      accounts.set(sa.id, sa);
      standIn.tokens.add(token.key);
      return { serviceAccountId: sa.id, token: token.key };
    },
  };
}
