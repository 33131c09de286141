import React, { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { css } from '@emotion/css';
import { type GrafanaTheme2, type SelectableValue } from '@grafana/data';
import { t } from '@grafana/i18n';
import {
  Button,
  type Column,
  EmptyState,
  Field,
  InteractiveTable,
  Input,
  LinkButton,
  RadioButtonGroup,
  Select,
  Stack,
  Text,
  Tooltip,
  useStyles2,
} from '@grafana/ui';
import { listParties, searchAgreements } from '../../api/agreements';
import { BREACH_SEVERITIES, type Breach, type BreachPage, listBreaches, periodReportUrl } from '../../api/breaches';
import { getMonitoringStatus } from '../../api/monitoring';
import { listServices } from '../../api/services';
import {
  FilterBar,
  ListPager,
  ListState,
  NoMatch,
  PastLastPage,
  useUrlFilters,
  withCurrent,
} from '../../components/ListPage/ListPage';
import { partyOption, serviceOption, settledOptions } from '../../components/ListPage/urlFilters';
import { formatAge, formatPercent, formatTime } from '../../components/Monitoring/format';
import { MonitoringOff } from '../../components/Monitoring/MonitoringStatusLine';
import { SlmPage } from '../../components/SlmPage/SlmPage';
import { ROUTES, agreementPageUrl, breachUrl, prefixRoute } from '../../constants';
import type { AgreementType } from '../../domain';
import { NO_ESCAPE } from '../../i18n';
import { TypeBadge } from '../Agreements/labels';
import { useAsync } from '../../hooks/useAsync';
import { SeverityBadge, StatusBadge, ownerOf, severityLabel } from './labels';
import {
  type BreachFilters,
  PAGE_SIZE,
  STATUS_FILTERS,
  type StatusFilter,
  engineQuery,
  filtersFromParams,
  isFiltered,
  paramsFromFilters,
} from './listQuery';

function statusFilterLabel(filter: StatusFilter): string {
  const labels: Record<StatusFilter, string> = {
    unresolved: t('pages.breaches.filter.unresolved', 'Unresolved'),
    open: t('pages.breaches.status.open', 'Open'),
    acknowledged: t('pages.breaches.status.acknowledged', 'Acknowledged'),
    resolved: t('pages.breaches.status.resolved', 'Resolved'),
    all: t('pages.breaches.filter.all', 'All'),
  };
  return labels[filter];
}

/** Breaches newest first, filtered and paged on the engine; filters and page live in the URL. */
export function BreachList() {
  const { filters, update, goToPage, clear } = useUrlFilters(filtersFromParams, paramsFromFilters);
  const query = engineQuery(filters);
  const page = useAsync(() => listBreaches(query), JSON.stringify(query));
  const options = useFilterOptions();

  return (
    <SlmPage
      pageKey="breaches"
      title={t('pages.breaches.title', 'Breaches')}
      subtitle={t(
        'pages.breaches.subtitle',
        'Targets of active agreements that were missed, who was notified and how each breach was handled.'
      )}
    >
      <Stack direction="column" gap={2}>
        <FilterBar alignItems="flex-end" testId="slm-breach-filters">
          <RadioButtonGroup<StatusFilter>
            value={filters.status}
            onChange={(status) => update({ status })}
            options={STATUS_FILTERS.map((value) => ({ value, label: statusFilterLabel(value) }))}
            aria-label={t('pages.breaches.filter.status', 'Status')}
          />
          <Select
            aria-label={t('pages.breaches.filter.severity', 'Severity')}
            placeholder={t('pages.breaches.filter.any-severity', 'Any severity')}
            width={20}
            isClearable
            value={filters.severity || null}
            options={BREACH_SEVERITIES.map((s) => ({ value: s, label: severityLabel(s) }))}
            onChange={(v: SelectableValue<string> | null) =>
              update({ severity: (v?.value ?? '') as BreachFilters['severity'] })
            }
          />
          <RadioButtonGroup<AgreementType | ''>
            value={filters.type}
            onChange={(type) => update({ type })}
            options={[
              { label: t('pages.breaches.filter.all-types', 'All types'), value: '' },
              { label: 'SLA', value: 'SLA' },
              { label: 'OLA', value: 'OLA' },
              { label: 'UC', value: 'UC' },
            ]}
          />
          <FilterSelect
            label={t('pages.breaches.filter.service', 'Service')}
            any={t('pages.breaches.filter.any-service', 'Any service')}
            value={filters.service}
            options={options.services}
            onChange={(service) => update({ service })}
          />
          <FilterSelect
            label={t('pages.breaches.filter.party', 'Party')}
            any={t('pages.breaches.filter.any-party', 'Any party')}
            value={filters.party}
            options={options.parties}
            onChange={(party) => update({ party })}
          />
          <FilterSelect
            label={t('pages.breaches.filter.agreement', 'Agreement')}
            any={t('pages.breaches.filter.any-agreement', 'Any agreement')}
            value={filters.agreement}
            options={options.agreements}
            onChange={(agreement) => update({ agreement })}
          />
        </FilterBar>
        <ListState
          state={page}
          loading={t('pages.breaches.loading', 'Loading breaches…')}
          failed={t('pages.breaches.load-failed', 'Could not load the breaches')}
        >
          {(value) => (
            <ListBody
              page={value}
              filters={filters}
              onPage={goToPage}
              onClear={clear}
              onShowAll={() => update({ status: 'all' })}
            />
          )}
        </ListState>
        <PeriodReport />
      </Stack>
    </SlmPage>
  );
}

function FilterSelect(props: {
  label: string;
  any: string;
  value: string;
  options: Array<SelectableValue<string>>;
  onChange: (v: string) => void;
}) {
  const { label, any, value, options, onChange } = props;
  return (
    <Select
      aria-label={label}
      placeholder={any}
      width={24}
      isClearable
      value={value || null}
      options={withCurrent(options, value)}
      onChange={(v: SelectableValue<string> | null) => onChange(v?.value ?? '')}
    />
  );
}

function ListBody({
  page,
  filters,
  onPage,
  onClear,
  onShowAll,
}: {
  page: BreachPage;
  filters: BreachFilters;
  onPage: (page: number) => void;
  onClear: () => void;
  onShowAll: () => void;
}) {
  const columns = useColumns();
  const { items, total, offset } = page;
  if (items.length === 0 && total > 0) {
    return (
      <PastLastPage
        message={t('pages.breaches.past-end', 'This page is past the last breach')}
        firstPageLabel={t('pages.breaches.first-page', 'Go to the first page')}
        onPage={onPage}
      />
    );
  }
  if (items.length === 0 && isFiltered(filters)) {
    return (
      <NoMatch
        message={t('pages.breaches.no-match', 'No breach matches the filter')}
        clearLabel={t('pages.breaches.clear-filters', 'Clear the filters')}
        onClear={onClear}
      />
    );
  }
  if (items.length === 0) {
    return <NoOpenBreaches onShowAll={onShowAll} />;
  }
  return (
    <div data-testid="slm-breaches-table">
      <InteractiveTable columns={columns} data={items} getRowId={(b) => b.id} />
      <ListPager
        range={t('pages.breaches.range', '{{from}}–{{to}} of {{total}} breaches', {
          from: offset + 1,
          to: offset + items.length,
          total,
          interpolation: NO_ESCAPE,
        })}
        rangeTestId="slm-breaches-range"
        page={filters.page}
        total={total}
        pageSize={PAGE_SIZE}
        onPage={onPage}
      />
    </div>
  );
}

/** Nothing to handle: say whether that is because all is well or because nothing is watched. */
function NoOpenBreaches({ onShowAll }: { onShowAll: () => void }) {
  const status = useAsync(getMonitoringStatus, 'status');
  const off = status.status === 'done' && !status.value.enabled;
  return (
    <EmptyState
      variant="call-to-action"
      message={t('pages.breaches.empty.no-open', 'No open breaches')}
      button={
        <Stack direction="row" gap={1}>
          <LinkButton href={prefixRoute(ROUTES.Overview)} icon="apps" variant="secondary">
            {t('pages.breaches.empty.action', 'Go to the overview')}
          </LinkButton>
          <Button variant="secondary" icon="history" onClick={onShowAll}>
            {t('pages.breaches.empty.show-all', 'Show resolved breaches too')}
          </Button>
        </Stack>
      }
    >
      {off ? (
        <MonitoringOff />
      ) : (
        <p data-testid="slm-breaches-monitoring-on">
          {status.status === 'done'
            ? t(
                'pages.breaches.empty.body-on',
                'Monitoring is on: every active agreement’s targets are evaluated, and a breach appears here when a target is at risk or breached.'
              )
            : t('pages.breaches.empty.body', 'Breaches appear here when an active agreement misses a target.')}
        </p>
      )}
    </EmptyState>
  );
}

function useColumns(): Array<Column<Breach>> {
  const styles = useStyles2(getStyles);
  return useMemo(
    () => [
      {
        id: 'createdAt',
        header: t('pages.breaches.column.age', 'Age'),
        cell: ({ row: { original } }) => (
          <Tooltip content={formatTime(original.createdAt)}>
            <span tabIndex={0}>{formatAge(original.createdAt)}</span>
          </Tooltip>
        ),
      },
      {
        id: 'severity',
        header: t('pages.breaches.column.severity', 'Severity'),
        cell: ({ row: { original } }) => <SeverityBadge severity={original.severity} />,
      },
      {
        id: 'targetId',
        header: t('pages.breaches.column.breach', 'Target'),
        cell: ({ row: { original } }) => (
          <Link className={styles.link} to={breachUrl(original.id)}>
            {original.targetId}
          </Link>
        ),
      },
      {
        id: 'agreementId',
        header: t('pages.breaches.column.agreement', 'Agreement'),
        cell: ({ row: { original } }) => (
          <Stack direction="row" gap={1} alignItems="center">
            {original.agreementType && <TypeBadge type={original.agreementType} />}
            <Link className={styles.link} to={agreementPageUrl(original.agreementId)}>
              {original.agreementId}
            </Link>
          </Stack>
        ),
      },
      { id: 'service', header: t('pages.breaches.column.service', 'Service') },
      {
        id: 'measured',
        header: t('pages.breaches.column.measured', 'Measured / objective'),
        cell: ({ row: { original } }) => (
          <span className={styles.numbers}>
            {formatPercent(original.measured)} / {formatPercent(original.objective)}
          </span>
        ),
      },
      {
        id: 'assignee',
        header: t('pages.breaches.column.owner', 'Owner'),
        cell: ({ row: { original } }) => {
          const owner = ownerOf(original);
          return owner.isAssignee ? (
            owner.name
          ) : (
            <Text color="secondary">
              {t('pages.breaches.owner.provider', '{{party}} (provider)', {
                party: owner.name,
                interpolation: NO_ESCAPE,
              })}
            </Text>
          );
        },
      },
      {
        id: 'status',
        header: t('pages.breaches.column.status', 'Status'),
        cell: ({ row: { original } }) => <StatusBadge status={original.status} />,
      },
    ],
    [styles]
  );
}

interface FilterOptions {
  services: Array<SelectableValue<string>>;
  parties: Array<SelectableValue<string>>;
  agreements: Array<SelectableValue<string>>;
}

/** Options of the select filters; if they cannot load, the filters stay usable from links. */
function useFilterOptions(): FilterOptions {
  const loaded = useAsync(async () => {
    const [services, parties, agreements] = await Promise.allSettled([
      listServices({ limit: 500 }),
      listParties(),
      searchAgreements({ limit: 500 }),
    ]);
    return {
      services: settledOptions(itemsOf(services), serviceOption),
      parties: settledOptions(parties, partyOption),
      agreements: settledOptions(itemsOf(agreements), (a) => ({ value: a.id, label: a.id, description: a.title })),
    };
  }, 'options');
  return loaded.status === 'done' ? loaded.value : { services: [], parties: [], agreements: [] };
}

function itemsOf<T>(result: PromiseSettledResult<{ items: T[] }>): PromiseSettledResult<T[]> {
  return result.status === 'fulfilled' ? { status: 'fulfilled', value: result.value.items } : result;
}

function monthStart(now = new Date()): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString().slice(0, 10);
}

/** The report of every breach in a date range, as Markdown or PDF. */
function PeriodReport() {
  const styles = useStyles2(getStyles);
  const [from, setFrom] = useState(monthStart);
  const [to, setTo] = useState(() => new Date().toISOString().slice(0, 10));
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to;
  return (
    <section className={styles.report} data-testid="slm-period-report">
      <Text element="h3" variant="h5">
        {t('pages.breaches.period-report.title', 'Breach report for a period')}
      </Text>
      <FilterBar alignItems="flex-end">
        <Field
          label={t('pages.breaches.period-report.from', 'From')}
          invalid={!valid}
          error={valid ? undefined : t('pages.breaches.period-report.invalid', 'Dates as YYYY-MM-DD, from before to')}
        >
          <Input
            id="slm-report-from"
            type="date"
            width={20}
            value={from}
            onChange={(e) => setFrom(e.currentTarget.value)}
          />
        </Field>
        <Field label={t('pages.breaches.period-report.to', 'To')}>
          <Input id="slm-report-to" type="date" width={20} value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        </Field>
        <LinkButton
          variant="secondary"
          icon="file-alt"
          href={periodReportUrl(from, to, 'md')}
          disabled={!valid}
          download
        >
          {t('pages.breaches.export.markdown', 'Markdown')}
        </LinkButton>
        <LinkButton
          variant="secondary"
          icon="file-blank"
          href={periodReportUrl(from, to, 'pdf')}
          disabled={!valid}
          download
        >
          {t('pages.breaches.export.pdf', 'PDF')}
        </LinkButton>
      </FilterBar>
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  link: css({ color: theme.colors.text.link, '&:hover': { textDecoration: 'underline' } }),
  numbers: css({ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }),
  report: css({
    borderTop: `1px solid ${theme.colors.border.weak}`,
    paddingTop: theme.spacing(2),
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
  }),
});
