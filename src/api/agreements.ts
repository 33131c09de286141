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
    throw new EngineError({ kind: 'invalid', message: 'the agreement list has no items', status: 200, source: 'engine' });
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
      throw new EngineError({ kind: 'invalid', message: `agreement ${agreement.metadata.id} has no target ${id}`, status: 0, source: 'grafana' });
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
