import { type AgreementQuery, LIFECYCLE_STATES, type LifecycleState } from '../../api/agreements';
import { AGREEMENT_TYPES, type AgreementType } from '../../domain';

/** The list's filters and page, as kept in the URL query string so every view has a shareable link. */
export interface ListFilters {
  type: AgreementType | '';
  state: LifecycleState | '';
  service: string;
  party: string;
  q: string;
  /** 1-based. */
  page: number;
}

export const PAGE_SIZE = 50;

export function filtersFromParams(params: URLSearchParams): ListFilters {
  const type = params.get('type') ?? '';
  const state = params.get('state') ?? '';
  const page = Number(params.get('page'));
  return {
    type: (AGREEMENT_TYPES as readonly string[]).includes(type) ? (type as AgreementType) : '',
    state: (LIFECYCLE_STATES as readonly string[]).includes(state) ? (state as LifecycleState) : '',
    service: params.get('service') ?? '',
    party: params.get('party') ?? '',
    q: params.get('q') ?? '',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

/** Only what differs from the default view goes into the URL (stable, short links). */
export function paramsFromFilters(filters: ListFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['type', 'state', 'service', 'party', 'q'] as const) {
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

/** The engine query for the filters: one page only, so even 10,000 agreements load fast. */
export function engineQuery(filters: ListFilters): AgreementQuery {
  return {
    type: filters.type || undefined,
    state: filters.state || undefined,
    service: filters.service || undefined,
    party: filters.party || undefined,
    q: filters.q.trim() || undefined,
    limit: PAGE_SIZE,
    offset: (filters.page - 1) * PAGE_SIZE,
  };
}

export function isFiltered(filters: ListFilters): boolean {
  return !!(filters.type || filters.state || filters.service || filters.party || filters.q.trim());
}
