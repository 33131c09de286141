import {
  BREACH_SEVERITIES,
  type BreachQuery,
  type BreachSeverity,
  type BreachStatus,
  BREACH_STATUSES,
  UNRESOLVED,
} from '../../api/breaches';
import { oneOf, pageFromParam, pageWindow, paramsOf } from '../../components/ListPage/urlFilters';
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

export function filtersFromParams(params: URLSearchParams): BreachFilters {
  return {
    status: oneOf(STATUS_FILTERS, params.get('status')) || 'unresolved',
    severity: oneOf(BREACH_SEVERITIES, params.get('severity')),
    type: oneOf(AGREEMENT_TYPES, params.get('type')),
    service: params.get('service') ?? '',
    party: params.get('party') ?? '',
    agreement: params.get('agreement') ?? '',
    page: pageFromParam(params.get('page')),
  };
}

/** Only what differs from the default view goes into the URL. */
export function paramsFromFilters(filters: BreachFilters): URLSearchParams {
  const status = filters.status !== 'unresolved' ? filters.status : '';
  const entries: Array<[string, string]> = [
    ['status', status],
    ...(['severity', 'type', ...TEXT_FILTERS] as const).map((key): [string, string] => [key, filters[key]]),
  ];
  return paramsOf(entries, filters.page);
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
    ...pageWindow(filters.page, PAGE_SIZE),
  };
}

/** Anything narrower than the default view. */
export function isFiltered(filters: BreachFilters): boolean {
  return (
    filters.status !== 'unresolved' ||
    !!(filters.severity || filters.type || TEXT_FILTERS.some((k) => filters[k].trim()))
  );
}
