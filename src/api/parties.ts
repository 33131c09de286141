import { engineFetch, queryParams, writeWithVersion } from './engineClient';

export const PARTY_KINDS = ['customer', 'internal', 'supplier'] as const;
/** customer (SLA counterparty), internal team (OLA) or supplier (UC). */
export type PartyKind = (typeof PARTY_KINDS)[number];

/** A person to reach about a party's agreements. */
export interface Contact {
  name: string;
  email?: string;
  phone?: string;
  /** e.g. signer, escalation, service owner. */
  role?: string;
  /** Name of the Grafana alerting contact point that breach notifications for this party go to. */
  grafanaContactPoint?: string;
}

/** The body of POST /parties and PUT /parties/:key. */
export interface PartyInput {
  key: string;
  name: string;
  kind: PartyKind;
  description: string;
  contacts: Contact[];
}

export interface PartyRecord extends PartyInput {
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export interface PartyPage {
  items: PartyRecord[];
  total: number;
  limit: number;
  offset: number;
}

export interface PartyQuery {
  q?: string;
  kind?: PartyKind;
  limit?: number;
  offset?: number;
}

const partyPath = (key: string) => `/parties/${encodeURIComponent(key)}`;

export function searchParties(query: PartyQuery = {}): Promise<PartyPage> {
  return engineFetch<PartyPage>({ path: '/parties', params: queryParams(query) });
}

export function getParty(key: string): Promise<PartyRecord> {
  return engineFetch<PartyRecord>({ path: partyPath(key) });
}

export function createParty(input: PartyInput): Promise<PartyRecord> {
  return engineFetch<PartyRecord>({ method: 'POST', path: '/parties', body: input });
}

/** PUT /parties/:key with If-Match; stale → StaleVersionError<PartyRecord> with the current party. */
export function replaceParty(input: PartyInput, version: number): Promise<PartyRecord> {
  return writeWithVersion(
    () => engineFetch<PartyRecord>({ method: 'PUT', path: partyPath(input.key), body: input, ifMatch: version }),
    () => getParty(input.key)
  );
}

/** DELETE /parties/:key with If-Match; stale → StaleVersionError<PartyRecord>; still referenced → 409 in_use. */
export function deleteParty(key: string, version: number): Promise<void> {
  return writeWithVersion(
    () => engineFetch<void>({ method: 'DELETE', path: partyPath(key), ifMatch: version }),
    () => getParty(key)
  );
}

/** The editable content of a stored party. */
export function partyInputOf(party: PartyRecord): PartyInput {
  return {
    key: party.key,
    name: party.name,
    kind: party.kind,
    description: party.description ?? '',
    contacts: party.contacts ?? [],
  };
}
