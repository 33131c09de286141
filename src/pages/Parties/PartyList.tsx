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
  LoadingPlaceholder,
  RadioButtonGroup,
  Stack,
  useStyles2,
} from '@grafana/ui';
import { PARTY_KINDS, type PartyKind, type PartyRecord, searchParties } from '../../api/parties';
import { EngineErrorAlert } from '../../components/EngineErrorAlert/EngineErrorAlert';
import { PermissionButton } from '../../components/PermissionButton/PermissionButton';
import { SlmPage } from '../../components/SlmPage/SlmPage';
import { useAsync } from '../Agreements/useAsync';
import { PARTIES_WRITE, newPartyUrl, partyUrl } from '../ServiceCatalog/urls';
import { KindBadge, kindLabel } from './kinds';

const SEARCH_DELAY_MS = 250;

const isKind = (v: string | null): v is PartyKind => PARTY_KINDS.includes(v as PartyKind);

/** `/parties?kind=&q=`: the filters live in the URL so a filtered list can be shared. */
export function PartyList() {
  const styles = useStyles2(getStyles);
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
        <div className={styles.filters}>
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
          <div className={styles.actions}>
            <PermissionButton action={PARTIES_WRITE} icon="plus" onClick={() => navigate(newPartyUrl())}>
              {t('pages.parties.new', 'New party')}
            </PermissionButton>
          </div>
        </div>
        {parties.status === 'loading' && (
          <LoadingPlaceholder text={t('pages.parties.loading', 'Loading the parties…')} />
        )}
        {parties.status === 'error' && (
          <EngineErrorAlert
            error={parties.error}
            title={t('pages.parties.load-failed', 'Could not load the parties')}
          />
        )}
        {parties.status === 'done' && <PartyTable items={parties.value.items} filtered={kind !== '' || q !== ''} />}
      </Stack>
    </SlmPage>
  );
}

function PartyTable({ items, filtered }: { items: PartyRecord[]; filtered: boolean }) {
  const navigate = useNavigate();
  const columns = useColumns();
  if (items.length === 0 && filtered) {
    return <EmptyState variant="not-found" message={t('pages.parties.no-match', 'No party matches the filter')} />;
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

function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

const getStyles = (theme: GrafanaTheme2) => ({
  filters: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(2), alignItems: 'center' }),
  actions: css({ marginLeft: 'auto' }),
  link: css({ color: theme.colors.text.link, '&:hover': { textDecoration: 'underline' } }),
});
