import { type AgreementQuery, LIFECYCLE_STATES, type LifecycleState } from '../../api/agreements';
import { oneOf, pageFromParam, pageWindow, paramsOf } from '../../components/ListPage/urlFilters';
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
  return {
    type: oneOf(AGREEMENT_TYPES, params.get('type')),
    state: oneOf(LIFECYCLE_STATES, params.get('state')),
    service: params.get('service') ?? '',
    party: params.get('party') ?? '',
    q: params.get('q') ?? '',
    page: pageFromParam(params.get('page')),
  };
}

/** Only what differs from the default view goes into the URL (stable, short links). */
export function paramsFromFilters(filters: ListFilters): URLSearchParams {
  const keys = ['type', 'state', 'service', 'party', 'q'] as const;
  return paramsOf(
    keys.map((key) => [key, filters[key]]),
    filters.page
  );
}

/** The engine query for the filters: one page only, so even 10,000 agreements load fast. */
export function engineQuery(filters: ListFilters): AgreementQuery {
  return {
    type: filters.type || undefined,
    state: filters.state || undefined,
    service: filters.service || undefined,
    party: filters.party || undefined,
    q: filters.q.trim() || undefined,
    ...pageWindow(filters.page, PAGE_SIZE),
  };
}

export function isFiltered(filters: ListFilters): boolean {
  return !!(filters.type || filters.state || filters.service || filters.party || filters.q.trim());
}
