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
  LinkButton,
  LoadingPlaceholder,
  Stack,
  useStyles2,
} from '@grafana/ui';
import { type Contract, countRequirements, listContracts } from '../../api/contracts';
import { EngineErrorAlert } from '../../components/EngineErrorAlert/EngineErrorAlert';
import { PermissionButton } from '../../components/PermissionButton/PermissionButton';
import { SlmPage } from '../../components/SlmPage/SlmPage';
import { ROUTES, prefixRoute } from '../../constants';
import { useAsync } from '../../hooks/useAsync';
import { ContractForm } from './ContractForm';
import { CONTRACTS_WRITE, contractUrl, termText } from './shared';

const SEARCH_DELAY_MS = 250;

interface Row extends Contract {
  requirements: number | null;
}

/** A page of contracts with each one's requirement count (a count that fails to load shows as –). */
async function loadRows(q: string): Promise<{ rows: Row[]; total: number }> {
  const page = await listContracts({ q, limit: 200 });
  const counts = await Promise.allSettled(page.items.map((c) => countRequirements(c.ref)));
  return {
    total: page.total,
    rows: page.items.map((c, i) => ({ ...c, requirements: counts[i].status === 'fulfilled' ? counts[i].value : null })),
  };
}

export function ContractList() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const q = params.get('q') ?? '';
  const state = useAsync(() => loadRows(q), q);
  const [creating, setCreating] = useState(false);

  return (
    <SlmPage
      pageKey="contracts"
      title={t('pages.contracts.title', 'Contracts & requirements')}
      subtitle={t(
        'pages.contracts.subtitle',
        'Customer contracts and the service level requirements they set, with a gap analysis against what the service has delivered.'
      )}
    >
      <Stack direction="column" gap={2}>
        <Stack direction="row" justifyContent="space-between" alignItems="center">
          <SearchBox value={q} onSearch={(text) => setParams(text ? { q: text } : {}, { replace: true })} />
          <PermissionButton action={CONTRACTS_WRITE} icon="plus" onClick={() => setCreating(true)} disabled={creating}>
            {t('pages.contracts.new', 'New contract')}
          </PermissionButton>
        </Stack>
        {creating && <ContractForm onCancel={() => setCreating(false)} onSaved={(c) => navigate(contractUrl(c.ref))} />}
        {state.status === 'loading' && <LoadingPlaceholder text={t('pages.contracts.loading', 'Loading contracts…')} />}
        {state.status === 'error' && (
          <EngineErrorAlert
            error={state.error}
            title={t('pages.contracts.load-failed', 'Could not load the contracts')}
          />
        )}
        {state.status === 'done' && <ListBody rows={state.value.rows} searched={q !== ''} />}
      </Stack>
    </SlmPage>
  );
}

function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => {
    if (text === value) {
      return;
    }
    const timer = setTimeout(() => onSearch(text), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
    // the debounce follows the text only
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text]);
  const label = t('pages.contracts.search', 'Search by reference, title or notes');
  return <FilterInput value={text} onChange={setText} placeholder={label} aria-label={label} width={40} />;
}

function ListBody({ rows, searched }: { rows: Row[]; searched: boolean }) {
  const columns = useColumns();
  if (rows.length === 0 && searched) {
    return <EmptyState variant="not-found" message={t('pages.contracts.no-match', 'No contract matches the search')} />;
  }
  if (rows.length === 0) {
    return (
      <EmptyState
        variant="call-to-action"
        message={t('pages.contracts.empty.message', 'No contracts recorded yet')}
        button={
          <LinkButton href={prefixRoute(ROUTES.Agreements)} icon="file-alt">
            {t('pages.contracts.empty.action', 'See agreements')}
          </LinkButton>
        }
      >
        {t(
          'pages.contracts.empty.body',
          'Record a customer contract and its requirements to check whether the service, as measured, would have met them.'
        )}
      </EmptyState>
    );
  }
  return (
    <div data-testid="slm-contracts-table">
      <InteractiveTable columns={columns} data={rows} getRowId={(c) => c.ref} />
    </div>
  );
}

function useColumns(): Array<Column<Row>> {
  const styles = useStyles2(getStyles);
  return useMemo(
    () => [
      { id: 'customer', header: t('pages.contracts.column.customer', 'Customer') },
      {
        id: 'ref',
        header: t('pages.contracts.column.ref', 'Reference'),
        cell: ({ row: { original } }) => (
          <Link className={styles.link} to={contractUrl(original.ref)}>
            {original.ref}
          </Link>
        ),
      },
      { id: 'title', header: t('pages.contracts.column.title', 'Title') },
      {
        id: 'signedDate',
        header: t('pages.contracts.column.signed', 'Signed'),
        cell: ({ row: { original } }) => original.signedDate ?? '–',
      },
      {
        id: 'term',
        header: t('pages.contracts.column.term', 'Term'),
        cell: ({ row: { original } }) => termText(original.term),
      },
      {
        id: 'requirements',
        header: t('pages.contracts.column.requirements', 'Requirements'),
        cell: ({ row: { original } }) => (
          <span data-testid={`slm-contract-count-${original.ref}`}>{original.requirements ?? '–'}</span>
        ),
      },
    ],
    [styles]
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  link: css({
    color: theme.colors.text.link,
    '&:hover': { textDecoration: 'underline' },
  }),
});
