import React, { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { css } from '@emotion/css';
import { type GrafanaTheme2, type SelectableValue } from '@grafana/data';
import { Button, EmptyState, LoadingPlaceholder, Pagination, Stack, Text, useStyles2 } from '@grafana/ui';
import { type Async } from '../../hooks/useAsync';
import { EngineErrorAlert } from '../EngineErrorAlert/EngineErrorAlert';

/** How long typing pauses before a search goes to the engine. */
export const SEARCH_DELAY_MS = 250;

/**
 * The branches every list shows before its rows: a placeholder while the first page loads, the
 * engine's failure with what to do about it, then the loaded value.
 */
export function ListState<T>({
  state,
  loading,
  failed,
  children,
}: {
  state: Async<T>;
  /** e.g. "Loading the parties…" */
  loading: string;
  /** e.g. "Could not load the parties" */
  failed: string;
  children: (value: T) => React.ReactNode;
}) {
  if (state.status === 'loading') {
    return <LoadingPlaceholder text={loading} />;
  }
  if (state.status === 'error') {
    return <EngineErrorAlert error={state.error} title={failed} />;
  }
  return <>{children(state.value)}</>;
}

/** The filters leave nothing; with `onClear` the way back to the unfiltered list. */
export function NoMatch({
  message,
  clearLabel,
  onClear,
}: {
  message: string;
  clearLabel?: string;
  onClear?: () => void;
}) {
  const button = onClear ? (
    <Button variant="secondary" icon="times" onClick={onClear}>
      {clearLabel}
    </Button>
  ) : undefined;
  return <EmptyState variant="not-found" message={message} button={button} />;
}

/** A shared link to a page past the end of the list. */
export function PastLastPage({
  message,
  firstPageLabel,
  onPage,
}: {
  message: string;
  firstPageLabel: string;
  onPage: (page: number) => void;
}) {
  return (
    <EmptyState variant="not-found" message={message}>
      <Button variant="secondary" onClick={() => onPage(1)}>
        {firstPageLabel}
      </Button>
    </EmptyState>
  );
}

/** "1–50 of 120 …" and the pages, under a list the engine pages. */
export function ListPager({
  range,
  rangeTestId,
  page,
  total,
  pageSize,
  onPage,
}: {
  range: string;
  rangeTestId: string;
  /** 1-based. */
  page: number;
  total: number;
  pageSize: number;
  onPage: (page: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <Stack direction="row" justifyContent="space-between" alignItems="center">
      <Text color="secondary" data-testid={rangeTestId}>
        {range}
      </Text>
      <Pagination currentPage={page} numberOfPages={pages} onNavigate={onPage} hideWhenSinglePage />
    </Stack>
  );
}

/** The row of filters above a list; `actions` (e.g. "New …") sit at its right end. */
export function FilterBar({
  children,
  actions,
  alignItems = 'center',
  testId,
}: {
  children: React.ReactNode;
  actions?: React.ReactNode;
  alignItems?: 'center' | 'flex-end';
  testId?: string;
}) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.filters} style={{ alignItems }} data-testid={testId}>
      {children}
      {actions && <div className={styles.actions}>{actions}</div>}
    </div>
  );
}

/** A value from a shared link stays selectable even when the option list does not (yet) hold it. */
export function withCurrent(options: Array<SelectableValue<string>>, current: string): Array<SelectableValue<string>> {
  return current && !options.some((o) => o.value === current)
    ? [{ value: current, label: current }, ...options]
    : options;
}

export function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

/**
 * A list's filters and page kept in the URL, so every view has a shareable link. Any filter change
 * goes back to the first page.
 */
export function useUrlFilters<F extends { page: number }>(
  fromParams: (params: URLSearchParams) => F,
  toParams: (filters: F) => URLSearchParams
) {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => fromParams(params), [params, fromParams]);
  return {
    filters,
    update: (change: Partial<F>, options?: { replace?: boolean }) =>
      setParams(toParams({ ...filters, page: 1, ...change }), options),
    goToPage: (page: number) => setParams(toParams({ ...filters, page })),
    clear: () => setParams(new URLSearchParams()),
  };
}

const getStyles = (theme: GrafanaTheme2) => ({
  filters: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(2) }),
  actions: css({ display: 'flex', gap: theme.spacing(1), marginLeft: 'auto' }),
});
