import { PLAN_STATUSES, type PlanQuery, type PlanStatus } from '../../api/plans';
import { oneOf, pageFromParam, pageWindow, paramsOf } from '../../components/ListPage/urlFilters';

export type OverdueFilter = '' | 'true' | 'false';

/** The list's filters and page, kept in the URL so every view (e.g. the Overview's overdue link) is shareable. */
export interface PlanFilters {
  q: string;
  status: PlanStatus | '';
  owner: string;
  overdue: OverdueFilter;
  /** Plans linked to a review / breach, or whose goal is in an agreement (links from those pages). */
  review: string;
  breach: string;
  agreement: string;
  /** 1-based. */
  page: number;
}

export const PAGE_SIZE = 50;
const TEXT_FILTERS = ['q', 'owner', 'review', 'breach', 'agreement'] as const;
export const LINK_FILTERS = ['review', 'breach', 'agreement'] as const;

export function filtersFromParams(params: URLSearchParams): PlanFilters {
  return {
    q: params.get('q') ?? '',
    status: oneOf(PLAN_STATUSES, params.get('status')),
    owner: params.get('owner') ?? '',
    overdue: oneOf(['true', 'false'] as const, params.get('overdue')),
    review: params.get('review') ?? '',
    breach: params.get('breach') ?? '',
    agreement: params.get('agreement') ?? '',
    page: pageFromParam(params.get('page')),
  };
}

export function paramsFromFilters(filters: PlanFilters): URLSearchParams {
  const entries: Array<[string, string]> = [
    ['status', filters.status],
    ['overdue', filters.overdue],
    ...TEXT_FILTERS.map((key): [string, string] => [key, filters[key]]),
  ];
  return paramsOf(entries, filters.page);
}

/** One page only: the engine filters and pages. */
export function engineQuery(filters: PlanFilters): PlanQuery {
  return {
    q: filters.q.trim() || undefined,
    status: filters.status || undefined,
    owner: filters.owner.trim() || undefined,
    overdue: filters.overdue === '' ? undefined : filters.overdue === 'true',
    review: filters.review.trim() || undefined,
    breach: filters.breach.trim() || undefined,
    agreement: filters.agreement.trim() || undefined,
    ...pageWindow(filters.page, PAGE_SIZE),
  };
}

export function isFiltered(filters: PlanFilters): boolean {
  return !!(filters.status || filters.overdue || TEXT_FILTERS.some((k) => filters[k].trim()));
}
