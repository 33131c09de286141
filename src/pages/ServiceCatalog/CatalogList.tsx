import React, { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import {
  type Column,
  EmptyState,
  FilterInput,
  InteractiveTable,
  LinkButton,
  RadioButtonGroup,
  Stack,
  useStyles2,
} from '@grafana/ui';
import { type CatalogService, type ServiceLifecycle, type ServicePage, listServices } from '../../api/services';
import { FilterBar, ListState, NoMatch, SEARCH_DELAY_MS, useDebounced } from '../../components/ListPage/ListPage';
import { PermissionButton } from '../../components/PermissionButton/PermissionButton';
import { userCan } from '../../components/PermissionButton/permissions';
import { DocumentExportLinks } from '../../components/DocumentExport/DocumentExportLinks';
import { SlmPage } from '../../components/SlmPage/SlmPage';
import { useAsync } from '../../hooks/useAsync';
import { ROUTES, prefixRoute } from '../../constants';
import { LifecycleBadge } from './lifecycle';
import { CATALOG_WRITE, newServiceUrl, partiesUrl, serviceUrl } from './urls';

const PAGE_SIZE = 500;

/** `/catalog`: the catalog, searchable by text and filterable by lifecycle. */
export function CatalogList() {
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [lifecycle, setLifecycle] = useState<ServiceLifecycle | ''>('');
  const query = useDebounced(search.trim(), SEARCH_DELAY_MS);
  // while a new search runs, the previous results stay on screen (no flicker on every keystroke)
  const services = useAsync(
    () => listServices({ q: query, lifecycle: lifecycle || undefined, limit: PAGE_SIZE }),
    `${query}|${lifecycle}`
  );
  const filtered = query !== '' || lifecycle !== '';

  return (
    <SlmPage
      pageKey="catalog"
      title={t('pages.catalog.title', 'Service catalog')}
      subtitle={t(
        'pages.catalog.subtitle',
        'What you provide: each service with its function, features, usage scenarios, owner and service hours.'
      )}
    >
      <Stack direction="column" gap={2}>
        <FilterBar
          actions={
            <>
              <DocumentExportLinks set="catalog" />
              <LinkButton href={partiesUrl()} icon="users-alt" variant="secondary" fill="text">
                {t('pages.catalog.parties-link', 'Parties')}
              </LinkButton>
              <PermissionButton action={CATALOG_WRITE} icon="plus" onClick={() => navigate(newServiceUrl())}>
                {t('pages.catalog.new', 'New service')}
              </PermissionButton>
            </>
          }
        >
          <FilterInput
            value={search}
            onChange={setSearch}
            placeholder={t('pages.catalog.search', 'Search by key, name or description')}
            aria-label={t('pages.catalog.search', 'Search by key, name or description')}
            width={48}
          />
          <RadioButtonGroup<ServiceLifecycle | ''>
            value={lifecycle}
            onChange={setLifecycle}
            options={[
              { label: t('pages.catalog.lifecycle.all', 'All'), value: '' },
              { label: t('pages.catalog.lifecycle.planned', 'Planned'), value: 'planned' },
              { label: t('pages.catalog.lifecycle.live', 'Live'), value: 'live' },
              { label: t('pages.catalog.lifecycle.retired', 'Retired'), value: 'retired' },
            ]}
          />
        </FilterBar>
        <ListState
          state={services}
          loading={t('pages.catalog.loading', 'Loading the service catalog…')}
          failed={t('pages.catalog.load-failed', 'Could not load the service catalog')}
        >
          {(page) => <CatalogBody page={page} filtered={filtered} />}
        </ListState>
      </Stack>
    </SlmPage>
  );
}

function CatalogBody({ page, filtered }: { page: ServicePage; filtered: boolean }) {
  const columns = useColumns();
  if (page.items.length === 0 && filtered) {
    return <NoMatch message={t('pages.catalog.no-match', 'No service matches the filter')} />;
  }
  if (page.items.length === 0) {
    return (
      <EmptyState
        variant="call-to-action"
        message={t('pages.catalog.empty.message', 'The service catalog is empty')}
        button={<NewServiceButton />}
      >
        {t(
          'pages.catalog.empty.body',
          'Add the services you provide so that agreements, contracts and reviews can refer to them.'
        )}
      </EmptyState>
    );
  }
  return (
    <div data-testid="slm-catalog-table">
      <InteractiveTable columns={columns} data={page.items} getRowId={(s) => s.key} pageSize={25} />
      {page.total > page.items.length && (
        <p>
          {t(
            'pages.catalog.truncated',
            'Showing {{shown}} of {{total}} services: refine the search to see the others.',
            {
              shown: page.items.length,
              total: page.total,
            }
          )}
        </p>
      )}
    </div>
  );
}

/** The first action on an empty catalog: adding a service, or for those who may not, reading the agreements. */
function NewServiceButton() {
  if (!userCan(CATALOG_WRITE)) {
    return (
      <LinkButton href={prefixRoute(ROUTES.Agreements)} icon="book">
        {t('pages.catalog.empty.action', 'See agreements')}
      </LinkButton>
    );
  }
  return (
    <LinkButton href={newServiceUrl()} icon="plus">
      {t('pages.catalog.empty.add-first', 'Add the first service')}
    </LinkButton>
  );
}

function useColumns(): Array<Column<CatalogService>> {
  const styles = useStyles2(getStyles);
  return useMemo(() => {
    return [
      {
        id: 'key',
        header: t('pages.catalog.column.key', 'Key'),
        sortType: 'string',
        cell: ({ row: { original } }) => (
          <Link className={styles.link} to={serviceUrl(original.key)}>
            {original.key}
          </Link>
        ),
      },
      {
        id: 'name',
        header: t('pages.catalog.column.name', 'Name'),
        sortType: 'string',
        cell: ({ row: { original } }) => (
          <Link className={styles.link} to={serviceUrl(original.key)}>
            {original.name}
          </Link>
        ),
      },
      { id: 'category', header: t('pages.catalog.column.category', 'Category'), sortType: 'string' },
      { id: 'ownerTeam', header: t('pages.catalog.column.owner', 'Owner'), sortType: 'string' },
      {
        id: 'lifecycle',
        header: t('pages.catalog.column.lifecycle', 'Lifecycle'),
        cell: ({ row: { original } }) => <LifecycleBadge lifecycle={original.lifecycle} />,
      },
    ];
  }, [styles]);
}

const getStyles = (theme: GrafanaTheme2) => ({
  link: css({ color: theme.colors.text.link, '&:hover': { textDecoration: 'underline' } }),
});
