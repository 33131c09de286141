import React, { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import {
  type Column,
  EmptyState,
  FilterInput,
  InteractiveTable,
  RadioButtonGroup,
  Stack,
  useStyles2,
} from '@grafana/ui';
import { PARTY_KINDS, type PartyKind, type PartyRecord, searchParties } from '../../api/parties';
import { FilterBar, ListState, NoMatch, SEARCH_DELAY_MS, useDebounced } from '../../components/ListPage/ListPage';
import { PermissionButton } from '../../components/PermissionButton/PermissionButton';
import { SlmPage } from '../../components/SlmPage/SlmPage';
import { useAsync } from '../../hooks/useAsync';
import { PARTIES_WRITE, newPartyUrl, partyUrl } from '../ServiceCatalog/urls';
import { KindBadge, kindLabel } from './kinds';

const isKind = (v: string | null): v is PartyKind => PARTY_KINDS.includes(v as PartyKind);

/** `/parties?kind=&q=`: the filters live in the URL so a filtered list can be shared. */
export function PartyList() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const kindParam = params.get('kind');
  const kind: PartyKind | '' = isKind(kindParam) ? kindParam : '';
  const [search, setSearch] = useState(params.get('q') ?? '');
  const q = useDebounced(search.trim(), SEARCH_DELAY_MS);
  const parties = useAsync(() => searchParties({ kind: kind || undefined, q, limit: 500 }), `${kind}|${q}`);

  const setFilter = (change: { kind?: PartyKind | ''; q?: string }) => {
    const next = { kind, q, ...change };
    const entries = Object.entries(next).filter(([, v]) => v !== '');
    setParams(Object.fromEntries(entries), { replace: true });
  };
  useEffect(() => {
    if (q !== (params.get('q') ?? '')) {
      setFilter({ q });
    }
    // only a settled search goes into the URL
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q]);

  return (
    <SlmPage
      pageKey="parties"
      title={t('pages.parties.title', 'Parties')}
      subtitle={t(
        'pages.parties.subtitle',
        'Customers, internal teams and suppliers that agreements are made with, and whom to contact.'
      )}
    >
      <Stack direction="column" gap={2}>
        <FilterBar
          actions={
            <PermissionButton action={PARTIES_WRITE} icon="plus" onClick={() => navigate(newPartyUrl())}>
              {t('pages.parties.new', 'New party')}
            </PermissionButton>
          }
        >
          <FilterInput
            value={search}
            onChange={setSearch}
            placeholder={t('pages.parties.search', 'Search by key, name or description')}
            aria-label={t('pages.parties.search', 'Search by key, name or description')}
            width={40}
          />
          <RadioButtonGroup<PartyKind | ''>
            value={kind}
            onChange={(k) => setFilter({ kind: k })}
            options={[
              { label: t('pages.parties.kind.all', 'All'), value: '' },
              ...PARTY_KINDS.map((k) => ({ label: kindLabel(k), value: k })),
            ]}
          />
        </FilterBar>
        <ListState
          state={parties}
          loading={t('pages.parties.loading', 'Loading the parties…')}
          failed={t('pages.parties.load-failed', 'Could not load the parties')}
        >
          {(value) => <PartyTable items={value.items} filtered={kind !== '' || q !== ''} />}
        </ListState>
      </Stack>
    </SlmPage>
  );
}

function PartyTable({ items, filtered }: { items: PartyRecord[]; filtered: boolean }) {
  const navigate = useNavigate();
  const columns = useColumns();
  if (items.length === 0 && filtered) {
    return <NoMatch message={t('pages.parties.no-match', 'No party matches the filter')} />;
  }
  if (items.length === 0) {
    return (
      <EmptyState
        variant="call-to-action"
        message={t('pages.parties.empty', 'No parties yet')}
        button={
          <PermissionButton action={PARTIES_WRITE} icon="plus" onClick={() => navigate(newPartyUrl())}>
            {t('pages.parties.add-first', 'Add the first party')}
          </PermissionButton>
        }
      >
        {t(
          'pages.parties.empty-body',
          'Every agreement is between a provider and a counterparty: add your internal teams first, then customers and suppliers.'
        )}
      </EmptyState>
    );
  }
  return (
    <div data-testid="slm-party-table">
      <InteractiveTable columns={columns} data={items} getRowId={(p) => p.key} pageSize={25} />
    </div>
  );
}

function useColumns(): Array<Column<PartyRecord>> {
  const styles = useStyles2(getStyles);
  return useMemo(
    () => [
      {
        id: 'key',
        header: t('pages.parties.column.key', 'Key'),
        sortType: 'string',
        cell: ({ row: { original } }) => (
          <Link className={styles.link} to={partyUrl(original.key)}>
            {original.key}
          </Link>
        ),
      },
      {
        id: 'name',
        header: t('pages.parties.column.name', 'Name'),
        sortType: 'string',
        cell: ({ row: { original } }) => (
          <Link className={styles.link} to={partyUrl(original.key)}>
            {original.name}
          </Link>
        ),
      },
      {
        id: 'kind',
        header: t('pages.parties.column.kind', 'Kind'),
        cell: ({ row: { original } }) => <KindBadge kind={original.kind} />,
      },
      {
        id: 'contacts',
        header: t('pages.parties.column.contacts', 'Contacts'),
        cell: ({ row: { original } }) => (original.contacts ?? []).map((c) => c.name).join(', ') || '—',
      },
    ],
    [styles]
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  link: css({ color: theme.colors.text.link, '&:hover': { textDecoration: 'underline' } }),
});
