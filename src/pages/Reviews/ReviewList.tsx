import React, { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import {
  Alert,
  type Column,
  EmptyState,
  FilterInput,
  InteractiveTable,
  LinkButton,
  RadioButtonGroup,
  Stack,
  Text,
  useStyles2,
} from '@grafana/ui';
import { type EngineError, toEngineError } from '../../api/engineClient';
import {
  REVIEW_STATUSES,
  type Review,
  type ReviewPage,
  type ReviewStatus,
  type ScheduleResult,
  generatedReport,
  listReviews,
  scheduleReviews,
} from '../../api/reviews';
import { EngineErrorAlert } from '../../components/EngineErrorAlert/EngineErrorAlert';
import {
  FilterBar,
  ListPager,
  ListState,
  NoMatch,
  PastLastPage,
  SEARCH_DELAY_MS,
  useUrlFilters,
} from '../../components/ListPage/ListPage';
import { formatTime } from '../../components/Monitoring/format';
import { PermissionButton } from '../../components/PermissionButton/PermissionButton';
import { SlmPage } from '../../components/SlmPage/SlmPage';
import { ROUTES, prefixRoute, reviewUrl } from '../../constants';
import { useAsync } from '../../hooks/useAsync';
import { NO_ESCAPE } from '../../i18n';
import { REVIEW_WRITE } from '../../components/PermissionButton/permissions';
import { ReviewStatusBadge, periodText, reviewStatusLabel, scopeSummary } from './labels';
import {
  PAGE_SIZE,
  type ReviewFilters,
  engineQuery,
  filtersFromParams,
  isFiltered,
  paramsFromFilters,
} from './listQuery';
import { testIds } from './testIds';

export const NEW_REVIEW_URL = `${prefixRoute(ROUTES.Reviews)}/new`;

/** Reviews, latest period first, filtered and paged on the engine; filters and page live in the URL. */
export function ReviewList() {
  const { filters, update: change, goToPage, clear } = useUrlFilters(filtersFromParams, paramsFromFilters);
  // `replace` keeps typing out of the history
  const update = (next: Partial<ReviewFilters>) => change(next, { replace: 'q' in next });
  const query = engineQuery(filters);
  const page = useAsync(() => listReviews(query), JSON.stringify(query));
  const schedule = useSchedule(page.reload);
  const nothingYet = page.status === 'done' && page.value.total === 0 && !isFiltered(filters);

  return (
    <SlmPage
      pageKey="reviews"
      title={t('pages.reviews.title', 'Reviews')}
      subtitle={t(
        'pages.reviews.subtitle',
        'Periodic service level review meetings: the dashboards discussed, minutes and decisions.'
      )}
    >
      <Stack direction="column" gap={2}>
        <FilterBar
          testId={testIds.list.filters}
          // with no review at all the empty state carries the same actions: one button for each
          actions={
            nothingYet ? undefined : (
              <>
                <ScheduleButton schedule={schedule} />
                <LinkButton href={NEW_REVIEW_URL} icon="plus" variant="primary">
                  {t('pages.reviews.new.title', 'New review')}
                </LinkButton>
              </>
            )
          }
        >
          <SearchBox value={filters.q} onSearch={(q) => update({ q })} />
          <RadioButtonGroup<ReviewStatus | ''>
            value={filters.status}
            onChange={(status) => update({ status })}
            options={[
              { label: t('pages.reviews.filter.all', 'All'), value: '' },
              ...REVIEW_STATUSES.map((s) => ({ label: reviewStatusLabel(s), value: s })),
            ]}
            aria-label={t('pages.reviews.filter.status', 'Status')}
          />
        </FilterBar>
        <ScheduleOutcome schedule={schedule} />
        <ListState
          state={page}
          loading={t('pages.reviews.loading', 'Loading reviews…')}
          failed={t('pages.reviews.load-failed', 'Could not load the reviews')}
        >
          {(value) => <ListBody page={value} filters={filters} onPage={goToPage} onClear={clear} schedule={schedule} />}
        </ListState>
      </Stack>
    </SlmPage>
  );
}

type ScheduleState =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'done'; result: ScheduleResult }
  | { kind: 'failed'; error: EngineError };

/** POST /reviews/schedule, then the list again (the created reviews appear in it). */
function useSchedule(reload: () => void) {
  const [state, setState] = useState<ScheduleState>({ kind: 'idle' });
  const run = async () => {
    setState({ kind: 'busy' });
    try {
      const result = await scheduleReviews();
      setState({ kind: 'done', result });
      reload();
    } catch (e) {
      setState({ kind: 'failed', error: toEngineError(e) });
    }
  };
  return { state, run };
}

type Schedule = ReturnType<typeof useSchedule>;

function ScheduleButton({ schedule }: { schedule: Schedule }) {
  const busy = schedule.state.kind === 'busy';
  return (
    <PermissionButton
      action={REVIEW_WRITE}
      variant="secondary"
      icon={busy ? 'spinner' : 'calendar-alt'}
      disabled={busy}
      onClick={schedule.run}
      tooltip={t(
        'pages.reviews.schedule.help',
        'Creates the reviews that are due by each agreement’s review cadence; reviews that exist already are left as they are.'
      )}
    >
      {t('pages.reviews.schedule.action', 'Schedule due reviews')}
    </PermissionButton>
  );
}

function ScheduleOutcome({ schedule }: { schedule: Schedule }) {
  const { state } = schedule;
  if (state.kind === 'failed') {
    return (
      <EngineErrorAlert
        error={state.error}
        title={t('pages.reviews.schedule.failed', 'Could not schedule the reviews')}
      />
    );
  }
  if (state.kind !== 'done') {
    return null;
  }
  const { created, existing } = state.result;
  return (
    <Alert
      severity={created.length ? 'success' : 'info'}
      title={t('pages.reviews.schedule.result', '{{created}} created, {{existing}} already scheduled', {
        created: created.length,
        existing: existing.length,
      })}
      data-testid={testIds.list.scheduleResult}
    >
      {created.length === 0 && existing.length === 0
        ? t(
            'pages.reviews.schedule.none-due',
            'No review is due: no agreement in force has a review cadence whose period has ended.'
          )
        : created.length > 0 && (
            <Stack direction="row" gap={1} wrap="wrap">
              {created.map((id) => (
                <Link key={id} to={reviewUrl(id)}>
                  {id}
                </Link>
              ))}
            </Stack>
          )}
    </Alert>
  );
}

function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const [text, setText] = useState(value);
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    // the URL changed (back button, cleared filters): show its search
    setShown(value);
    setText(value);
  }
  useEffect(() => {
    if (text === value) {
      return;
    }
    const timer = setTimeout(() => onSearch(text), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
    // onSearch changes on every render; the debounce follows the text only
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text]);
  const label = t('pages.reviews.search', 'Search by id, title or minutes');
  return <FilterInput value={text} onChange={setText} placeholder={label} aria-label={label} width={36} />;
}

function ListBody({
  page,
  filters,
  onPage,
  onClear,
  schedule,
}: {
  page: ReviewPage;
  filters: ReviewFilters;
  onPage: (page: number) => void;
  onClear: () => void;
  schedule: Schedule;
}) {
  const columns = useColumns();
  const { items, total, offset } = page;
  if (items.length === 0 && isFiltered(filters)) {
    return (
      <NoMatch
        message={t('pages.reviews.no-match', 'No review matches the filter')}
        clearLabel={t('pages.reviews.clear-filters', 'Clear the filters')}
        onClear={onClear}
      />
    );
  }
  if (items.length === 0 && total > 0) {
    return (
      <PastLastPage
        message={t('pages.reviews.past-end', 'This page is past the last review')}
        firstPageLabel={t('pages.reviews.first-page', 'Go to the first page')}
        onPage={onPage}
      />
    );
  }
  if (items.length === 0) {
    return <NoReviews schedule={schedule} />;
  }
  return (
    <div data-testid={testIds.list.table}>
      <InteractiveTable columns={columns} data={items} getRowId={(r) => r.id} />
      <ListPager
        range={t('pages.reviews.range', '{{from}}–{{to}} of {{total}} reviews', {
          from: offset + 1,
          to: offset + items.length,
          total,
          interpolation: NO_ESCAPE,
        })}
        rangeTestId={testIds.list.range}
        page={filters.page}
        total={total}
        pageSize={PAGE_SIZE}
        onPage={onPage}
      />
    </div>
  );
}

function NoReviews({ schedule }: { schedule: Schedule }) {
  return (
    <EmptyState
      variant="call-to-action"
      message={t('pages.reviews.empty.message', 'No reviews yet')}
      button={
        <Stack direction="row" gap={1}>
          <LinkButton href={NEW_REVIEW_URL} icon="plus">
            {t('pages.reviews.empty.action', 'Plan a review')}
          </LinkButton>
          <ScheduleButton schedule={schedule} />
        </Stack>
      }
    >
      {t(
        'pages.reviews.empty.body-schedule',
        'Schedule the reviews that agreements ask for by their review cadence, or plan one for any period and scope: its report shows compliance, breaches and service credits, and its minutes record what was decided.'
      )}
    </EmptyState>
  );
}

function reportState(review: Review): string {
  if (review.report === null) {
    return t('pages.reviews.report-state.none', 'Not generated');
  }
  if (review.status === 'closed') {
    return t('pages.reviews.report-state.frozen', 'Frozen');
  }
  return t('pages.reviews.report-state.generated', 'Generated');
}

function useColumns(): Array<Column<Review>> {
  const styles = useStyles2(getStyles);
  return useMemo(
    () => [
      {
        id: 'title',
        header: t('pages.reviews.column.title', 'Title'),
        cell: ({ row: { original } }) => (
          <Link className={styles.link} to={reviewUrl(original.id)}>
            {original.title}
          </Link>
        ),
      },
      {
        id: 'period',
        header: t('pages.reviews.column.period', 'Period'),
        cell: ({ row: { original } }) => <span className={styles.nowrap}>{periodText(original.period)}</span>,
      },
      {
        id: 'scope',
        header: t('pages.reviews.column.scope', 'Scope'),
        cell: ({ row: { original } }) => <Text color="secondary">{scopeSummary(original.scope)}</Text>,
      },
      {
        id: 'status',
        header: t('pages.reviews.column.status', 'Status'),
        cell: ({ row: { original } }) => <ReviewStatusBadge status={original.status} />,
      },
      {
        id: 'meetingDate',
        header: t('pages.reviews.column.meeting', 'Meeting'),
        cell: ({ row: { original } }) => formatTime(original.meetingDate),
      },
      {
        id: 'report',
        header: t('pages.reviews.column.report', 'Report'),
        cell: ({ row: { original } }) => {
          const generated = generatedReport(original.report);
          return <span title={generated ? formatTime(generated.generatedAt) : undefined}>{reportState(original)}</span>;
        },
      },
    ],
    [styles]
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  link: css({ color: theme.colors.text.link, '&:hover': { textDecoration: 'underline' } }),
  nowrap: css({ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }),
});
