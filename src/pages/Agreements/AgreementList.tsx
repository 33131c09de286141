import React, { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { css } from '@emotion/css';
import { type GrafanaTheme2, type SelectableValue } from '@grafana/data';
import { t } from '@grafana/i18n';
import {
  Button,
  type Column,
  EmptyState,
  FilterInput,
  InteractiveTable,
  LinkButton,
  LoadingPlaceholder,
  Pagination,
  RadioButtonGroup,
  Select,
  Stack,
  Text,
  useStyles2,
} from '@grafana/ui';
import { type AgreementPage, type AgreementRow, LIFECYCLE_STATES, listParties, type Party, searchAgreements } from '../../api/agreements';
import { type EngineError, toEngineError } from '../../api/engineClient';
import { listServices } from '../../api/services';
import { EngineErrorAlert } from '../../components/EngineErrorAlert/EngineErrorAlert';
import { SlmPage } from '../../components/SlmPage/SlmPage';
import { ROUTES, agreementPageUrl, prefixRoute } from '../../constants';
import type { AgreementType } from '../../domain';
import { NO_ESCAPE } from '../../i18n';
import { StateBadge, TypeBadge, stateLabel } from './labels';
import { type ListFilters, PAGE_SIZE, engineQuery, filtersFromParams, isFiltered, paramsFromFilters } from './listQuery';

type LoadState = { status: 'loading' } | { status: 'error'; error: EngineError } | { status: 'done'; page: AgreementPage };

const SEARCH_DELAY_MS = 250;

export const agreementUrl = (id: string) => agreementPageUrl(id);

export function AgreementList() {
  const styles = useStyles2(getStyles);
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromParams(params), [params]);
  const update = (change: Partial<ListFilters>) =>
    // any filter change goes back to the first page; `replace` keeps typing out of the history
    setParams(paramsFromFilters({ ...filters, page: 1, ...change }), { replace: 'q' in change });

  const state = useAgreementPage(filters);
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
        <div className={styles.filters} data-testid="slm-agreement-filters">
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
            onChange={(v: SelectableValue<string> | null) => update({ state: (v?.value ?? '') as ListFilters['state'] })}
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
        </div>
        <ListBody
          state={state}
          filters={filters}
          onPage={(page) => setParams(paramsFromFilters({ ...filters, page }))}
          onClear={() => setParams(new URLSearchParams())}
        />
      </Stack>
    </SlmPage>
  );
}

/** A value from a shared link stays selectable even when the option list does not (yet) hold it. */
function withCurrent(options: Array<SelectableValue<string>>, current: string): Array<SelectableValue<string>> {
  return current && !options.some((o) => o.value === current) ? [{ value: current, label: current }, ...options] : options;
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
  state,
  filters,
  onPage,
  onClear,
}: {
  state: LoadState;
  filters: ListFilters;
  onPage: (page: number) => void;
  onClear: () => void;
}) {
  const columns = useColumns();
  if (state.status === 'loading') {
    return <LoadingPlaceholder text={t('pages.agreements.loading', 'Loading agreements…')} />;
  }
  if (state.status === 'error') {
    return <EngineErrorAlert error={state.error} title={t('pages.agreements.load-failed', 'Could not load the agreements')} />;
  }
  const { items, total, offset } = state.page;
  if (items.length === 0 && isFiltered(filters)) {
    return (
      <EmptyState
        variant="not-found"
        message={t('pages.agreements.no-match', 'No agreement matches the filter')}
        button={
          <Button variant="secondary" icon="times" onClick={onClear}>
            {t('pages.agreements.clear-filters', 'Clear the filters')}
          </Button>
        }
      />
    );
  }
  if (items.length === 0 && total > 0) {
    // a shared link to a page past the end
    return (
      <EmptyState variant="not-found" message={t('pages.agreements.past-end', 'This page is past the last agreement')}>
        <Button variant="secondary" onClick={() => onPage(1)}>
          {t('pages.agreements.first-page', 'Go to the first page')}
        </Button>
      </EmptyState>
    );
  }
  if (items.length === 0) {
    return <NoAgreements />;
  }
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <div data-testid="slm-agreements-table">
      <InteractiveTable columns={columns} data={items} getRowId={(a) => a.id} />
      <Stack direction="row" justifyContent="space-between" alignItems="center">
        <Text color="secondary" data-testid="slm-agreements-range">
          {t('pages.agreements.range', '{{from}}–{{to}} of {{total}} agreements', {
            from: offset + 1,
            to: offset + items.length,
            total,
            interpolation: NO_ESCAPE,
          })}
        </Text>
        <Pagination currentPage={filters.page} numberOfPages={pages} onNavigate={onPage} hideWhenSinglePage />
      </Stack>
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
        {t('pages.agreements.empty.import', 'Agreements written as YAML can be imported with the engine’s command line:')}{' '}
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

function useAgreementPage(filters: ListFilters): LoadState {
  const [state, setState] = useState<LoadState>({ status: 'loading' });
  const key = JSON.stringify(engineQuery(filters));
  useEffect(() => {
    let current = true;
    // The previous page stays on screen while the next one loads (no flicker while typing).
    searchAgreements(JSON.parse(key))
      .then((page) => current && setState({ status: 'done', page }))
      .catch((e) => current && setState({ status: 'error', error: toEngineError(e) }));
    return () => {
      current = false;
    };
  }, [key]);
  return state;
}

interface FilterOptions {
  services: Array<SelectableValue<string>>;
  parties: Array<SelectableValue<string>>;
}

/** Options of the service and party filters; if they cannot load, the filters stay usable from links. */
function useFilterOptions(): FilterOptions {
  const [options, setOptions] = useState<FilterOptions>({ services: [], parties: [] });
  useEffect(() => {
    let current = true;
    Promise.allSettled([listServices({ limit: 500 }), listParties()]).then(([services, parties]) => {
      if (!current) {
        return;
      }
      setOptions({
        services: services.status === 'fulfilled' ? services.value.items.map((s) => ({ value: s.key, label: s.name, description: s.key })) : [],
        parties:
          parties.status === 'fulfilled' ? parties.value.map((p: Party) => ({ value: p.key, label: p.name, description: `${p.key} · ${p.kind}` })) : [],
      });
    });
    return () => {
      current = false;
    };
  }, []);
  return options;
}

const getStyles = (theme: GrafanaTheme2) => ({
  filters: css({
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    alignItems: 'center',
  }),
  link: css({
    color: theme.colors.text.link,
    '&:hover': { textDecoration: 'underline' },
  }),
});
