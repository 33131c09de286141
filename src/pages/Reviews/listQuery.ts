import { REVIEW_STATUSES, type ReviewQuery, type ReviewStatus } from '../../api/reviews';
import { oneOf, pageFromParam, pageWindow, paramsOf } from '../../components/ListPage/urlFilters';

/** The list's filters and page, kept in the URL so every view has a shareable link. */
export interface ReviewFilters {
  status: ReviewStatus | '';
  q: string;
  /** 1-based. */
  page: number;
}

export const PAGE_SIZE = 50;

export function filtersFromParams(params: URLSearchParams): ReviewFilters {
  return {
    status: oneOf(REVIEW_STATUSES, params.get('status')),
    q: params.get('q') ?? '',
    page: pageFromParam(params.get('page')),
  };
}

/** Only what differs from the default view goes into the URL. */
export function paramsFromFilters(filters: ReviewFilters): URLSearchParams {
  return paramsOf(
    [
      ['status', filters.status],
      ['q', filters.q],
    ],
    filters.page
  );
}

/** One page only: the engine filters and pages. */
export function engineQuery(filters: ReviewFilters): ReviewQuery {
  return {
    status: filters.status || undefined,
    q: filters.q.trim() || undefined,
    ...pageWindow(filters.page, PAGE_SIZE),
  };
}

export function isFiltered(filters: ReviewFilters): boolean {
  return !!(filters.status || filters.q.trim());
}
