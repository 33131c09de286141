import React, { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import {
  Button,
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
import { PLAN_STATUSES, type Plan, type PlanPage, type PlanStatus, isOverdue, listPlans } from '../../api/plans';
import {
  FilterBar,
  ListPager,
  ListState,
  NoMatch,
  PastLastPage,
  SEARCH_DELAY_MS,
  useDebounced,
  useUrlFilters,
} from '../../components/ListPage/ListPage';
import { PermissionButton } from '../../components/PermissionButton/PermissionButton';
import { SlmPage } from '../../components/SlmPage/SlmPage';
import { ROUTES, planUrl, prefixRoute } from '../../constants';
import { NO_ESCAPE } from '../../i18n';
import { useAsync } from '../../hooks/useAsync';
import { PLAN_WRITE } from '../../components/PermissionButton/permissions';
import { OverdueBadge, PlanStatusBadge, VerdictBadge, goalText, planStatusLabel } from './labels';
import {
  LINK_FILTERS,
  type OverdueFilter,
  PAGE_SIZE,
  type PlanFilters,
  engineQuery,
  filtersFromParams,
  isFiltered,
  paramsFromFilters,
} from './listQuery';
import { planTestIds } from './testIds';

export const newPlanUrl = () => `${prefixRoute(ROUTES.ImprovementPlans)}/new`;

/** Plans filtered and paged on the engine; filters and page live in the URL. */
export function PlanList() {
  const { filters, update, goToPage, clear } = useUrlFilters(filtersFromParams, paramsFromFilters);
  const query = engineQuery(filters);
  const page = useAsync(() => listPlans(query), JSON.stringify(query));
  const navigate = useNavigate();

  return (
    <SlmPage
      pageKey="plans"
      title={t('pages.plans.title', 'Improvement plans')}
      subtitle={t(
        'pages.plans.subtitle',
        'Plans to improve a service level: goal, measures, owner and due date, with their effect verified by later measurements.'
      )}
    >
      <Stack direction="column" gap={2}>
        <FilterBar
          alignItems="flex-end"
          testId={planTestIds.list.filters}
          actions={
            <PermissionButton
              action={PLAN_WRITE}
              icon="plus"
              data-testid={planTestIds.list.newPlan}
              onClick={() => navigate(newPlanUrl())}
            >
              {t('pages.plans.new', 'New plan')}
            </PermissionButton>
          }
        >
          <TextFilters filters={filters} onChange={(change) => update(change, { replace: true })} />
          <RadioButtonGroup<PlanStatus | ''>
            value={filters.status}
            onChange={(status) => update({ status })}
            options={[
              { label: t('pages.plans.filter.all', 'All'), value: '' },
              ...PLAN_STATUSES.map((value) => ({ value, label: planStatusLabel(value) })),
            ]}
            aria-label={t('pages.plans.filter.status', 'Status')}
          />
          <RadioButtonGroup<OverdueFilter>
            value={filters.overdue}
            onChange={(overdue) => update({ overdue })}
            options={[
              { label: t('pages.plans.filter.any-due', 'Any due date'), value: '' },
              { label: t('pages.plans.overdue', 'Overdue'), value: 'true' },
              { label: t('pages.plans.filter.not-overdue', 'Not overdue'), value: 'false' },
            ]}
            aria-label={t('pages.plans.filter.overdue', 'Overdue')}
          />
        </FilterBar>
        <LinkFilters filters={filters} onClear={(key) => update({ [key]: '' })} />
        <ListState
          state={page}
          loading={t('pages.plans.loading', 'Loading the improvement plans…')}
          failed={t('pages.plans.load-failed', 'Could not load the improvement plans')}
        >
          {(value) => <ListBody page={value} filters={filters} onPage={goToPage} onClear={clear} />}
        </ListState>
      </Stack>
    </SlmPage>
  );
}

/** Search and owner as typed, sent to the URL (and so to the engine) once typing pauses. */
function TextFilters({
  filters,
  onChange,
}: {
  filters: PlanFilters;
  onChange: (change: Partial<PlanFilters>) => void;
}) {
  const [q, setQ] = useState(filters.q);
  const [owner, setOwner] = useState(filters.owner);
  const typedQ = useDebounced(q, SEARCH_DELAY_MS);
  const typedOwner = useDebounced(owner, SEARCH_DELAY_MS);
  useEffect(() => {
    if (typedQ !== filters.q || typedOwner !== filters.owner) {
      onChange({ q: typedQ, owner: typedOwner });
    }
    // only a pause in typing sends the text; a URL change (back button, clear) is not an edit
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [typedQ, typedOwner]);
  // "Clear the filters" and the back button change the URL: the inputs follow it
  const [inUrl, setInUrl] = useState({ q: filters.q, owner: filters.owner });
  if (inUrl.q !== filters.q || inUrl.owner !== filters.owner) {
    setInUrl({ q: filters.q, owner: filters.owner });
    setQ(filters.q);
    setOwner(filters.owner);
  }
  return (
    <>
      <FilterInput
        value={q}
        onChange={setQ}
        width={32}
        placeholder={t('pages.plans.filter.search', 'Search by id, title or owner')}
        aria-label={t('pages.plans.filter.search', 'Search by id, title or owner')}
      />
      <FilterInput
        value={owner}
        onChange={setOwner}
        width={20}
        placeholder={t('pages.plans.filter.owner', 'Owner')}
        aria-label={t('pages.plans.filter.owner', 'Owner')}
      />
    </>
  );
}

function linkFilterLabel(key: (typeof LINK_FILTERS)[number], value: string): string {
  const labels = {
    review: t('pages.plans.filter.review', 'From review {{id}}', { id: value, interpolation: NO_ESCAPE }),
    breach: t('pages.plans.filter.breach', 'For breach {{id}}', { id: value, interpolation: NO_ESCAPE }),
    agreement: t('pages.plans.filter.agreement', 'Goal in agreement {{id}}', { id: value, interpolation: NO_ESCAPE }),
  };
  return labels[key];
}

/** Filters that arrive with a link from a review, breach or agreement page, each removable. */
function LinkFilters({
  filters,
  onClear,
}: {
  filters: PlanFilters;
  onClear: (key: (typeof LINK_FILTERS)[number]) => void;
}) {
  const active = LINK_FILTERS.filter((key) => filters[key].trim());
  if (active.length === 0) {
    return null;
  }
  return (
    <Stack direction="row" gap={1} wrap="wrap" alignItems="center">
      {active.map((key) => (
        <Button
          key={key}
          size="sm"
          variant="secondary"
          fill="outline"
          icon="times"
          data-testid={planTestIds.list.linkFilter}
          aria-label={t('pages.plans.filter.remove', 'Remove the filter: {{filter}}', {
            filter: linkFilterLabel(key, filters[key]),
            interpolation: NO_ESCAPE,
          })}
          onClick={() => onClear(key)}
        >
          {linkFilterLabel(key, filters[key])}
        </Button>
      ))}
    </Stack>
  );
}

function ListBody({
  page,
  filters,
  onPage,
  onClear,
}: {
  page: PlanPage;
  filters: PlanFilters;
  onPage: (page: number) => void;
  onClear: () => void;
}) {
  const columns = useColumns();
  const { items, total, offset } = page;
  if (items.length === 0 && total > 0) {
    return (
      <PastLastPage
        message={t('pages.plans.past-end', 'This page is past the last plan')}
        firstPageLabel={t('pages.plans.first-page', 'Go to the first page')}
        onPage={onPage}
      />
    );
  }
  if (items.length === 0 && isFiltered(filters)) {
    return (
      <NoMatch
        message={t('pages.plans.no-match', 'No improvement plan matches the filter')}
        clearLabel={t('pages.plans.clear-filters', 'Clear the filters')}
        onClear={onClear}
      />
    );
  }
  if (items.length === 0) {
    return <NoPlans />;
  }
  return (
    <div data-testid={planTestIds.list.table}>
      <InteractiveTable columns={columns} data={items} getRowId={(p) => p.id} />
      <ListPager
        range={t('pages.plans.range', '{{from}}–{{to}} of {{total}} plans', {
          from: offset + 1,
          to: offset + items.length,
          total,
          interpolation: NO_ESCAPE,
        })}
        rangeTestId={planTestIds.list.range}
        page={filters.page}
        total={total}
        pageSize={PAGE_SIZE}
        onPage={onPage}
      />
    </div>
  );
}

function NoPlans() {
  return (
    <EmptyState
      variant="call-to-action"
      message={t('pages.plans.empty.message', 'No improvement plans yet')}
      button={
        <Stack direction="row" gap={1}>
          <LinkButton href={newPlanUrl()} icon="plus">
            {t('pages.plans.new', 'New plan')}
          </LinkButton>
          <LinkButton href={prefixRoute(ROUTES.Reviews)} icon="arrow-up" variant="secondary">
            {t('pages.plans.empty.action', 'See reviews')}
          </LinkButton>
        </Stack>
      }
    >
      {t('pages.plans.empty.body', 'Create an improvement plan from a review decision or a breach.')}
    </EmptyState>
  );
}

function useColumns(): Array<Column<Plan>> {
  const styles = useStyles2(getStyles);
  return useMemo(
    () => [
      {
        id: 'title',
        header: t('pages.plans.column.title', 'Plan'),
        cell: ({ row: { original } }) => (
          <Link className={styles.link} to={planUrl(original.id)} data-testid={planTestIds.list.row}>
            {original.title}
          </Link>
        ),
      },
      {
        id: 'goal',
        header: t('pages.plans.column.goal', 'Goal'),
        cell: ({ row: { original } }) => <span className={styles.goal}>{goalText(original.goal)}</span>,
      },
      { id: 'owner', header: t('pages.plans.column.owner', 'Owner') },
      {
        id: 'dueDate',
        header: t('pages.plans.column.due', 'Due'),
        cell: ({ row: { original } }) => (
          <Stack direction="row" gap={1} alignItems="center">
            <span className={styles.date}>{original.dueDate ?? '–'}</span>
            {isOverdue(original) && <OverdueBadge />}
          </Stack>
        ),
      },
      {
        id: 'status',
        header: t('pages.plans.column.status', 'Status'),
        cell: ({ row: { original } }) => <PlanStatusBadge status={original.status} />,
      },
      {
        id: 'verification',
        header: t('pages.plans.column.effect', 'Effect'),
        cell: ({ row: { original } }) =>
          original.verification ? <VerdictBadge plan={original} /> : <Text color="secondary">–</Text>,
      },
    ],
    [styles]
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  link: css({ color: theme.colors.text.link, '&:hover': { textDecoration: 'underline' } }),
  goal: css({ color: theme.colors.text.secondary }),
  date: css({ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }),
});
