/**
 * The agreement registry as the SLA status panel needs it: one agreement as a validated
 * document (from its YAML export, the exchange format of DESIGN §4), lists of active
 * agreements with their latest evaluation for KPI mode, and saving a panel's query mapping back
 * into an agreement's targets.
 */
import { lastValueFrom } from 'rxjs';
import { stringify } from 'yaml';
import { getBackendSrv } from '@grafana/runtime';
import { ENGINE_PROXY_BASE } from '../constants';
import {
  formatValidationError,
  parseAgreement,
  validateAgreement,
  type Agreement,
  type AgreementState,
  type AgreementType,
  type Query,
  type TargetState,
  type ThresholdOp,
} from '../domain';
import { EngineError, engineFetch, toEngineError } from './engineClient';

export interface AgreementDocument {
  agreement: Agreement;
  /** The stored version (from the export's ETag), for If-Match on save; undefined when not sent. */
  version?: string;
}

function invalidDocument(id: string, detail: string): EngineError {
  return new EngineError({
    kind: 'invalid',
    message: `agreement ${id} from the registry is not a valid agreement: ${detail}`,
    status: 200,
    source: 'engine',
  });
}

/** `"7"` / `W/"7"` → `7`. */
function versionFromEtag(etag: string | null | undefined): string | undefined {
  const m = etag ? /^(?:W\/)?"?([^"]*)"?$/.exec(etag.trim()) : null;
  return m && m[1] !== '' ? m[1] : undefined;
}

/** GET /agreements/:id/export → the agreement and its version. 403 → EngineError kind 'forbidden'. */
export async function getAgreementDocument(id: string): Promise<AgreementDocument> {
  let yamlText: unknown;
  let etag: string | null = null;
  try {
    const response = await lastValueFrom(
      getBackendSrv().fetch<string>({
        url: `${ENGINE_PROXY_BASE}/agreements/${encodeURIComponent(id)}/export`,
        method: 'GET',
        responseType: 'text',
        showErrorAlert: false,
        showSuccessAlert: false,
      })
    );
    yamlText = response.data;
    etag = response.headers?.get?.('etag') ?? null;
  } catch (error) {
    throw toEngineError(error);
  }
  if (typeof yamlText !== 'string') {
    throw invalidDocument(id, 'the export is not YAML text');
  }
  const parsed = parseAgreement(yamlText);
  if (!parsed.ok) {
    throw invalidDocument(id, parsed.errors.map(formatValidationError).join('; '));
  }
  if (parsed.agreement.metadata.id !== id) {
    throw invalidDocument(id, `the export is agreement ${parsed.agreement.metadata.id}`);
  }
  return { agreement: parsed.agreement, version: versionFromEtag(etag) };
}

/** The agreement alone. */
export async function getAgreement(id: string): Promise<Agreement> {
  return (await getAgreementDocument(id)).agreement;
}

export interface AgreementFilter {
  type?: AgreementType | '';
  service?: string;
  party?: string;
}

/** Latest evaluation of an agreement in its current period, as the engine's evaluator recorded it. */
export interface AgreementEvaluationSummary {
  state: AgreementState;
  targets: Array<{ id: string; state: TargetState }>;
}

export interface AgreementListItem {
  id: string;
  type: AgreementType;
  title: string;
  service: string;
  provider: string;
  counterparty: string;
  state: string;
  /** Absent when the engine has not evaluated the agreement yet: it is then not monitored. */
  evaluation?: AgreementEvaluationSummary | null;
}

export interface AgreementList {
  items: AgreementListItem[];
  total: number;
}

export const LIST_LIMIT = 500;

/** Active agreements matching the filter (empty fields are not sent). */
export async function listAgreements(filter: AgreementFilter = {}): Promise<AgreementList> {
  const params: Record<string, string | number> = { state: 'active', limit: LIST_LIMIT };
  for (const key of ['type', 'service', 'party'] as const) {
    const value = filter[key]?.trim();
    if (value) {
      params[key] = value;
    }
  }
  const data = await engineFetch<AgreementList>({ path: '/agreements', params });
  if (!data || !Array.isArray(data.items)) {
    throw new EngineError({
      kind: 'invalid',
      message: 'the agreement list has no items',
      status: 200,
      source: 'engine',
    });
  }
  return { items: data.items, total: typeof data.total === 'number' ? data.total : data.items.length };
}

/** One target's SLI as a panel maps it: queries by role, plus the comparison for a value. */
export interface TargetMapping {
  targetId: string;
  good?: Query;
  total?: Query;
  value?: Query;
  op?: ThresholdOp;
  threshold?: number;
}

/** The agreement with the mapped targets' SLI queries replaced; validated, never half-applied. */
export function applyTargetMappings(agreement: Agreement, mappings: TargetMapping[]): Agreement {
  const byId = new Map(mappings.map((m) => [m.targetId, m]));
  for (const id of byId.keys()) {
    if (!agreement.spec.targets.some((t) => t.id === id)) {
      throw new EngineError({
        kind: 'invalid',
        message: `agreement ${agreement.metadata.id} has no target ${id}`,
        status: 0,
        source: 'grafana',
      });
    }
  }
  const targets = agreement.spec.targets.map((t) => {
    const m = byId.get(t.id);
    if (!m) {
      return t;
    }
    if (t.sli.ratio) {
      return { ...t, sli: { ratio: { good: m.good ?? t.sli.ratio.good, total: m.total ?? t.sli.ratio.total } } };
    }
    const th = t.sli.threshold!;
    return {
      ...t,
      sli: { threshold: { query: m.value ?? th.query, op: m.op ?? th.op, value: m.threshold ?? th.value } },
    };
  });
  const result = validateAgreement({ ...agreement, spec: { ...agreement.spec, targets } });
  if (!result.ok) {
    throw new EngineError({
      kind: 'invalid',
      message: result.errors.map(formatValidationError).join('; '),
      status: 0,
      source: 'grafana',
    });
  }
  return result.agreement;
}

/**
 * Saves the panel's mapping into the agreement so the engine monitors those queries: the
 * agreement is read fresh, its targets' SLIs replaced, and the YAML imported with If-Match, so a
 * concurrent edit gives a conflict instead of being overwritten.
 */
export async function saveTargetMapping(agreementId: string, mappings: TargetMapping[]): Promise<{ version?: string }> {
  const { agreement, version } = await getAgreementDocument(agreementId);
  const updated = applyTargetMappings(agreement, mappings);
  const result = await engineFetch<{ version?: number | string }>({
    method: 'POST',
    path: '/agreements/import',
    // JSON {yaml}: Grafana's backendSrv sends strings as JSON, and the import takes both forms.
    body: { yaml: stringify(updated) },
    ifMatch: version,
  });
  return { version: result?.version !== undefined ? String(result.version) : undefined };
}

// ---------------------------------------------------------------------------------------------
// The agreements pages: the engine's registry as it is (every state), one agreement with what a
// reader needs next, and the negotiation, signature and lifecycle calls.

export type LifecycleState = 'draft' | 'negotiating' | 'pending_signature' | 'active' | 'expired' | 'terminated';
export type AmendmentState = 'draft' | 'negotiating' | 'pending_signature';
export type EnginePermission = 'read' | 'manage' | 'monitor' | 'own';

export const LIFECYCLE_STATES: readonly LifecycleState[] = [
  'draft',
  'negotiating',
  'pending_signature',
  'active',
  'expired',
  'terminated',
];

export interface AgreementSummary {
  id: string;
  type: AgreementType;
  title: string;
  service: string;
  provider: string;
  counterparty: string;
  state: LifecycleState;
  /** An amendment being worked on while the active revision stays in force. */
  amendment: { state: AmendmentState; revision: number } | null;
  revision: number;
  activeRevision: number | null;
  effective: { from: string; to?: string } | null;
  requiredSigners: string[];
  underpinnedBy: string[];
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export interface AgreementRow extends AgreementSummary {
  /** Number of targets. */
  targets: number;
}

export interface AgreementPage {
  items: AgreementRow[];
  total: number;
  limit: number;
  offset: number;
}

export interface AgreementQuery {
  q?: string;
  type?: AgreementType;
  state?: LifecycleState;
  service?: string;
  party?: string;
  limit?: number;
  offset?: number;
}

/** One page of agreements in any state, filtered on the engine (empty fields are not sent). */
export async function searchAgreements(query: AgreementQuery = {}): Promise<AgreementPage> {
  const params: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') {
      params[key] = typeof value === 'string' ? value.trim() : value;
    }
  }
  const data = await engineFetch<AgreementPage>({ path: '/agreements', params });
  if (!data || !Array.isArray(data.items)) {
    throw new EngineError({
      kind: 'invalid',
      message: 'the agreement list has no items',
      status: 200,
      source: 'engine',
    });
  }
  return data;
}

export interface Signature {
  party: string;
  user: string;
  signedAt: string;
  revision: number;
  hash: string;
}

/** An underpinning target weaker than (or measured differently from) the target it supports. */
export interface ConsistencyWarning {
  kind: 'objective' | 'window' | 'threshold' | 'state';
  /** The supported target's id, `*` for the whole agreement. */
  target: string;
  underpinning: { agreement: string; type: string; target: string | null };
  message: string;
  supported?: unknown;
  underpinningValue?: unknown;
}

export type MoveTarget = AmendmentState | 'active' | 'terminated' | 'expired' | 'amendment';

/** A lifecycle move the engine allows from the current state, with its endpoint and permission. */
export interface AllowedMove {
  to: MoveTarget;
  method: 'POST';
  /** Engine path (`/api/v1/...`), or `(automatic)` for expiry. */
  path: string;
  permission: EnginePermission;
  note?: string;
}

export interface AgreementDetail extends AgreementSummary {
  hash: string;
  document: Agreement;
  pendingVersion: { revision: number; hash: string; signatures: Signature[]; missing: string[] } | null;
  consistency: ConsistencyWarning[];
  allowedTransitions: AllowedMove[];
}

const agreementPath = (id: string) => `/agreements/${encodeURIComponent(id)}`;

export function getAgreementDetail(id: string): Promise<AgreementDetail> {
  return engineFetch<AgreementDetail>({ path: agreementPath(id) });
}

export interface AgreementComment {
  id: number;
  revision: number;
  targetId: string | null;
  body: string;
  user: string;
  createdAt: string;
}

export async function listComments(id: string): Promise<AgreementComment[]> {
  return (await engineFetch<{ items: AgreementComment[] }>({ path: `${agreementPath(id)}/comments` })).items;
}

export function addComment(id: string, body: string, targetId?: string): Promise<AgreementComment> {
  return engineFetch<AgreementComment>({
    method: 'POST',
    path: `${agreementPath(id)}/comments`,
    body: targetId ? { body, targetId } : { body },
  });
}

export type VersionStatus =
  'working' | 'pending_signature' | 'in_force' | 'superseded' | 'withdrawn' | 'expired' | 'terminated';

export interface AgreementVersion {
  revision: number;
  hash: string;
  frozen: boolean;
  status: VersionStatus;
  frozenAt: string | null;
  frozenBy: string | null;
  activatedAt: string | null;
  signatures: Signature[];
}

/** Every frozen revision plus the working one, oldest first. */
export async function listVersions(id: string): Promise<AgreementVersion[]> {
  return (await engineFetch<{ items: AgreementVersion[] }>({ path: `${agreementPath(id)}/versions` })).items;
}

export interface DocumentChange {
  /** Dotted path in the agreement document, e.g. `spec.targets[0].objective`. */
  path: string;
  op: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

export interface VersionDiff {
  from: number;
  to: number;
  changes: DocumentChange[];
}

/** What changed from revision `against` to revision `revision`. */
export function diffVersions(id: string, revision: number, against: number): Promise<VersionDiff> {
  return engineFetch<VersionDiff>({
    path: `${agreementPath(id)}/versions/${revision}/diff`,
    params: { against },
  });
}

/** A party's signature on the pending version, identified by its hash. */
export function signAgreement(id: string, party: string, hash: string): Promise<Signature> {
  return engineFetch<Signature>({ method: 'POST', path: `${agreementPath(id)}/signatures`, body: { party, hash } });
}

/** True for moves a user makes (expiry happens by itself when the effective period ends). */
export function isCallable(move: AllowedMove): boolean {
  return move.path.startsWith('/api/v1/');
}

/**
 * Performs a lifecycle move at the endpoint the engine named, with If-Match = the version the
 * user saw: a concurrent change gives 409 version_conflict instead of acting on unseen content.
 */
export function performMove(move: AllowedMove, version: number, reason?: string): Promise<AgreementSummary> {
  if (!isCallable(move)) {
    throw new EngineError({
      kind: 'invalid',
      message: `the move to ${move.to} happens automatically`,
      status: 0,
      source: 'grafana',
    });
  }
  const path = move.path.replace(/^\/api\/v1/, '');
  let body: object = {};
  if (path.endsWith('/transitions')) {
    body = { to: move.to };
  } else if (path.endsWith('/terminate') && reason?.trim()) {
    body = { reason: reason.trim() };
  }
  return engineFetch<AgreementSummary>({ method: move.method, path, body, ifMatch: version });
}

export interface Party {
  key: string;
  name: string;
  kind: 'customer' | 'internal' | 'supplier';
}

export async function listParties(): Promise<Party[]> {
  const data = await engineFetch<{ items: Party[] }>({ path: '/parties', params: { limit: 500 } });
  return data?.items ?? [];
}

// ---------------------------------------------------------------------------------------------
// The agreement editor: the YAML as the engine exports it, imports with the engine's validation
// (errors with line and column), document edits from the target builder and new drafts.

/** GET /agreements/:id/export: the working document as YAML text, exactly as the engine wrote it. */
export async function exportAgreementYaml(id: string): Promise<string> {
  try {
    const response = await lastValueFrom(
      getBackendSrv().fetch<string>({
        url: `${ENGINE_PROXY_BASE}${agreementPath(id)}/export`,
        method: 'GET',
        responseType: 'text',
        showErrorAlert: false,
        showSuccessAlert: false,
      })
    );
    if (typeof response.data !== 'string') {
      throw invalidDocument(id, 'the export is not YAML text');
    }
    return response.data;
  } catch (error) {
    throw toEngineError(error);
  }
}

/**
 * POST /agreements/import: with `version`, replaces the agreement the YAML names (If-Match, so a
 * concurrent change gives 409 version_conflict); without, creates it as a draft.
 */
export function importAgreementYaml(yaml: string, version?: number): Promise<AgreementSummary> {
  return engineFetch<AgreementSummary>({
    method: 'POST',
    path: '/agreements/import',
    body: { yaml },
    ifMatch: version,
  });
}

/** PUT /agreements/:id with If-Match: the document of the revision being worked on. */
export function updateAgreementDocument(id: string, document: Agreement, version: number): Promise<AgreementSummary> {
  return engineFetch<AgreementSummary>({
    method: 'PUT',
    path: agreementPath(id),
    body: { document },
    ifMatch: version,
  });
}

/** POST /agreements/:id/amendments with If-Match: opens an amendment of an active agreement. */
export function amendAgreement(id: string, version: number): Promise<AgreementSummary> {
  return engineFetch<AgreementSummary>({
    method: 'POST',
    path: `${agreementPath(id)}/amendments`,
    body: {},
    ifMatch: version,
  });
}

/** One problem the engine found in a document, at its path (and its YAML position for imports). */
export interface DocumentIssue {
  path: string;
  message: string;
  line?: number;
  col?: number;
}

/** The issues of a 400 validation_failed answer (`details.issues`), or none for any other error. */
export function documentIssuesOf(error: EngineError): DocumentIssue[] {
  const issues = (error.details as { issues?: unknown } | undefined)?.issues;
  if (error.code !== 'validation_failed' || !Array.isArray(issues)) {
    return [];
  }
  return issues
    .filter(
      (i): i is DocumentIssue => typeof i === 'object' && i !== null && typeof (i as DocumentIssue).message === 'string'
    )
    .map(({ path, message, line, col }) => ({ path: path ?? '', message, line, col }));
}
