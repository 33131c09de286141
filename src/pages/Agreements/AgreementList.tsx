import React, { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { css } from '@emotion/css';
import { type GrafanaTheme2, type SelectableValue } from '@grafana/data';
import { t } from '@grafana/i18n';
import {
  type Column,
  EmptyState,
  FilterInput,
  InteractiveTable,
  LinkButton,
  RadioButtonGroup,
  Select,
  Stack,
  useStyles2,
} from '@grafana/ui';
import {
  type AgreementPage,
  type AgreementRow,
  LIFECYCLE_STATES,
  listParties,
  searchAgreements,
} from '../../api/agreements';
import { listServices } from '../../api/services';
import {
  FilterBar,
  ListPager,
  ListState,
  NoMatch,
  PastLastPage,
  SEARCH_DELAY_MS,
  useUrlFilters,
  withCurrent,
} from '../../components/ListPage/ListPage';
import { partyOption, serviceOption, settledOptions } from '../../components/ListPage/urlFilters';
import { useAsync } from '../../hooks/useAsync';
import { DocumentExportLinks } from '../../components/DocumentExport/DocumentExportLinks';
import { SlmPage } from '../../components/SlmPage/SlmPage';
import { ROUTES, agreementPageUrl, prefixRoute } from '../../constants';
import type { AgreementType } from '../../domain';
import { NO_ESCAPE } from '../../i18n';
import { StateBadge, TypeBadge, stateLabel } from './labels';
import {
  type ListFilters,
  PAGE_SIZE,
  engineQuery,
  filtersFromParams,
  isFiltered,
  paramsFromFilters,
} from './listQuery';

export const agreementUrl = (id: string) => agreementPageUrl(id);

export function AgreementList() {
  const { filters, update: change, goToPage, clear } = useUrlFilters(filtersFromParams, paramsFromFilters);
  // `replace` keeps typing out of the history
  const update = (next: Partial<ListFilters>) => change(next, { replace: 'q' in next });
  const query = engineQuery(filters);
  // the previous page stays on screen while the next one loads (no flicker while typing)
  const page = useAsync(() => searchAgreements(query), JSON.stringify(query));
  const options = useFilterOptions();

  return (
    <SlmPage
      pageKey="agreements"
      title={t('pages.agreements.title', 'Agreements')}
      subtitle={t(
        'pages.agreements.subtitle',
        'Service level agreements with customers, operational level agreements between teams and underpinning contracts with suppliers.'
      )}
    >
      <Stack direction="column" gap={2}>
        <FilterBar testId="slm-agreement-filters" actions={<DocumentExportLinks set="agreements" />}>
          <SearchBox value={filters.q} onSearch={(q) => update({ q })} />
          <RadioButtonGroup<AgreementType | ''>
            value={filters.type}
            onChange={(type) => update({ type })}
            options={[
              { label: t('pages.agreements.filter.all-types', 'All'), value: '' },
              { label: 'SLA', value: 'SLA' },
              { label: 'OLA', value: 'OLA' },
              { label: 'UC', value: 'UC' },
            ]}
          />
          <Select
            aria-label={t('pages.agreements.filter.state', 'State')}
            placeholder={t('pages.agreements.filter.any-state', 'Any state')}
            width={24}
            isClearable
            value={filters.state || null}
            options={LIFECYCLE_STATES.map((s) => ({ value: s, label: stateLabel(s) }))}
            onChange={(v: SelectableValue<string> | null) =>
              update({ state: (v?.value ?? '') as ListFilters['state'] })
            }
          />
          <Select
            aria-label={t('pages.agreements.filter.service', 'Service')}
            placeholder={t('pages.agreements.filter.any-service', 'Any service')}
            width={28}
            isClearable
            value={filters.service || null}
            options={withCurrent(options.services, filters.service)}
            onChange={(v: SelectableValue<string> | null) => update({ service: v?.value ?? '' })}
          />
          <Select
            aria-label={t('pages.agreements.filter.party', 'Party')}
            placeholder={t('pages.agreements.filter.any-party', 'Any party')}
            width={28}
            isClearable
            value={filters.party || null}
            options={withCurrent(options.parties, filters.party)}
            onChange={(v: SelectableValue<string> | null) => update({ party: v?.value ?? '' })}
          />
          <LinkButton href={`${prefixRoute(ROUTES.Agreements)}/new`} icon="plus" variant="primary">
            {t('pages.agreements.new.title', 'New agreement')}
          </LinkButton>
        </FilterBar>
        <ListState
          state={page}
          loading={t('pages.agreements.loading', 'Loading agreements…')}
          failed={t('pages.agreements.load-failed', 'Could not load the agreements')}
        >
          {(value) => <ListBody page={value} filters={filters} onPage={goToPage} onClear={clear} />}
        </ListState>
      </Stack>
    </SlmPage>
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
  const label = t('pages.agreements.search', 'Search by id or title');
  return <FilterInput value={text} onChange={setText} placeholder={label} aria-label={label} width={36} />;
}

function ListBody({
  page,
  filters,
  onPage,
  onClear,
}: {
  page: AgreementPage;
  filters: ListFilters;
  onPage: (page: number) => void;
  onClear: () => void;
}) {
  const columns = useColumns();
  const { items, total, offset } = page;
  if (items.length === 0 && isFiltered(filters)) {
    return (
      <NoMatch
        message={t('pages.agreements.no-match', 'No agreement matches the filter')}
        clearLabel={t('pages.agreements.clear-filters', 'Clear the filters')}
        onClear={onClear}
      />
    );
  }
  if (items.length === 0 && total > 0) {
    return (
      <PastLastPage
        message={t('pages.agreements.past-end', 'This page is past the last agreement')}
        firstPageLabel={t('pages.agreements.first-page', 'Go to the first page')}
        onPage={onPage}
      />
    );
  }
  if (items.length === 0) {
    return <NoAgreements />;
  }
  return (
    <div data-testid="slm-agreements-table">
      <InteractiveTable columns={columns} data={items} getRowId={(a) => a.id} />
      <ListPager
        range={t('pages.agreements.range', '{{from}}–{{to}} of {{total}} agreements', {
          from: offset + 1,
          to: offset + items.length,
          total,
          interpolation: NO_ESCAPE,
        })}
        rangeTestId="slm-agreements-range"
        page={filters.page}
        total={total}
        pageSize={PAGE_SIZE}
        onPage={onPage}
      />
    </div>
  );
}

function NoAgreements() {
  return (
    <EmptyState
      variant="call-to-action"
      message={t('pages.agreements.empty.message', 'No agreements yet')}
      button={
        <LinkButton href={prefixRoute(ROUTES.ServiceCatalog)} icon="book">
          {t('pages.agreements.empty.action', 'Start with the service catalog')}
        </LinkButton>
      }
    >
      <p>
        {t(
          'pages.agreements.empty.body',
          'Draft an SLA, OLA or underpinning contract for a catalog service, negotiate it, have each party sign it and activate it.'
        )}
      </p>
      <p>
        {t(
          'pages.agreements.empty.import',
          'Agreements written as YAML can be imported with the engine’s command line:'
        )}{' '}
        <code>npx slm import provisioning/seed</code>
      </p>
    </EmptyState>
  );
}

function useColumns(): Array<Column<AgreementRow>> {
  const styles = useStyles2(getStyles);
  return useMemo(
    () => [
      {
        id: 'id',
        header: t('pages.agreements.column.id', 'Id'),
        cell: ({ row: { original } }) => (
          <Link className={styles.link} to={agreementUrl(original.id)}>
            {original.id}
          </Link>
        ),
      },
      { id: 'title', header: t('pages.agreements.column.title', 'Title') },
      {
        id: 'type',
        header: t('pages.agreements.column.type', 'Type'),
        cell: ({ row: { original } }) => <TypeBadge type={original.type} />,
      },
      { id: 'service', header: t('pages.agreements.column.service', 'Service') },
      {
        id: 'provider',
        header: t('pages.agreements.column.parties', 'Provider → counterparty'),
        cell: ({ row: { original } }) => `${original.provider} → ${original.counterparty}`,
      },
      {
        id: 'state',
        header: t('pages.agreements.column.state', 'State'),
        cell: ({ row: { original } }) => <StateBadge state={original.state} amendment={original.amendment} />,
      },
      { id: 'targets', header: t('pages.agreements.column.targets', 'Targets') },
    ],
    [styles]
  );
}

interface FilterOptions {
  services: Array<SelectableValue<string>>;
  parties: Array<SelectableValue<string>>;
}

/** Options of the service and party filters; if they cannot load, the filters stay usable from links. */
function useFilterOptions(): FilterOptions {
  const loaded = useAsync(async () => {
    const [services, parties] = await Promise.allSettled([
      listServices({ limit: 500 }).then((p) => p.items),
      listParties(),
    ]);
    return { services: settledOptions(services, serviceOption), parties: settledOptions(parties, partyOption) };
  }, 'options');
  return loaded.status === 'done' ? loaded.value : { services: [], parties: [] };
}

const getStyles = (theme: GrafanaTheme2) => ({
  link: css({
    color: theme.colors.text.link,
    '&:hover': { textDecoration: 'underline' },
  }),
});
