import { BREACH_SEVERITIES, type BreachQuery, type BreachSeverity, type BreachStatus, BREACH_STATUSES, UNRESOLVED } from '../../api/breaches';
import { AGREEMENT_TYPES, type AgreementType } from '../../domain';

/** `unresolved` (open + acknowledged) is the default view: what somebody still has to handle. */
export type StatusFilter = 'unresolved' | BreachStatus | 'all';
export const STATUS_FILTERS: readonly StatusFilter[] = ['unresolved', ...BREACH_STATUSES, 'all'];

/** The list's filters and page, kept in the URL so every view has a shareable link. */
export interface BreachFilters {
  status: StatusFilter;
  severity: BreachSeverity | '';
  type: AgreementType | '';
  service: string;
  party: string;
  agreement: string;
  /** 1-based. */
  page: number;
}

export const PAGE_SIZE = 50;
const TEXT_FILTERS = ['service', 'party', 'agreement'] as const;

function oneOf<T extends string>(values: readonly T[], value: string | null): T | '' {
  return (values as readonly string[]).includes(value ?? '') ? (value as T) : '';
}

export function filtersFromParams(params: URLSearchParams): BreachFilters {
  const page = Number(params.get('page'));
  return {
    status: oneOf(STATUS_FILTERS, params.get('status')) || 'unresolved',
    severity: oneOf(BREACH_SEVERITIES, params.get('severity')),
    type: oneOf(AGREEMENT_TYPES, params.get('type')),
    service: params.get('service') ?? '',
    party: params.get('party') ?? '',
    agreement: params.get('agreement') ?? '',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

/** Only what differs from the default view goes into the URL. */
export function paramsFromFilters(filters: BreachFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.status !== 'unresolved') {
    params.set('status', filters.status);
  }
  for (const key of ['severity', 'type', ...TEXT_FILTERS] as const) {
    const value = filters[key].trim();
    if (value) {
      params.set(key, value);
    }
  }
  if (filters.page > 1) {
    params.set('page', String(filters.page));
  }
  return params;
}

export function statusesOf(filter: StatusFilter): readonly BreachStatus[] {
  if (filter === 'unresolved') {
    return UNRESOLVED;
  }
  return filter === 'all' ? [] : [filter];
}

/** One page only: the engine filters and pages. */
export function engineQuery(filters: BreachFilters): BreachQuery {
  return {
    status: statusesOf(filters.status),
    severity: filters.severity || undefined,
    type: filters.type || undefined,
    service: filters.service.trim() || undefined,
    party: filters.party.trim() || undefined,
    agreement: filters.agreement.trim() || undefined,
    limit: PAGE_SIZE,
    offset: (filters.page - 1) * PAGE_SIZE,
  };
}

/** Anything narrower than the default view. */
export function isFiltered(filters: BreachFilters): boolean {
  return filters.status !== 'unresolved' || !!(filters.severity || filters.type || TEXT_FILTERS.some((k) => filters[k].trim()));
}
