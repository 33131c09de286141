import React, { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import {
  Alert,
  Button,
  type Column,
  EmptyState,
  InteractiveTable,
  LinkButton,
  LoadingPlaceholder,
  Stack,
  Text,
  useStyles2,
} from '@grafana/ui';
import { type Contract, type Requirement, getContract, listContractRequirements } from '../../api/contracts';
import { EngineErrorAlert } from '../../components/EngineErrorAlert/EngineErrorAlert';
import { PermissionButton } from '../../components/PermissionButton/PermissionButton';
import { SlmPage } from '../../components/SlmPage/SlmPage';
import { ROUTES, prefixRoute } from '../../constants';
import { NO_ESCAPE } from '../../i18n';
import { useAsync } from '../Agreements/useAsync';
import { GapAnalysisPanel, MetBadge } from './GapAnalysisPanel';
import { RequirementForm, metricLabel } from './RequirementForm';
import { CONTRACTS_WRITE, percentText, termText } from './shared';

interface Loaded {
  contract: Contract;
  requirements: Requirement[];
}

async function load(ref: string): Promise<Loaded> {
  const [contract, page] = await Promise.all([getContract(ref), listContractRequirements(ref)]);
  return { contract, requirements: page.items };
}

/** `/contracts/:ref`: the contract, its requirements and (`?gap=<id>`) one requirement's gap analysis. */
export function ContractDetailPage() {
  const ref = useParams<{ ref: string }>().ref ?? '';
  const state = useAsync(() => load(ref), ref);
  const back = (
    <LinkButton href={prefixRoute(ROUTES.ContractsRequirements)} icon="arrow-left" variant="secondary" fill="text">
      {t('pages.contracts.detail.back', 'Back to the contracts')}
    </LinkButton>
  );
  return (
    <SlmPage pageKey="contracts" title={ref} subtitle={state.status === 'done' ? state.value.contract.title : ''}>
      <Stack direction="column" gap={2}>
        {back}
        {state.status === 'loading' && (
          <LoadingPlaceholder text={t('pages.contracts.detail.loading', 'Loading the contract…')} />
        )}
        {state.status === 'error' && state.error.kind === 'not_found' && (
          <EmptyState
            variant="not-found"
            message={t('pages.contracts.detail.not-found', 'There is no contract {{ref}}', {
              ref,
              interpolation: NO_ESCAPE,
            })}
          />
        )}
        {state.status === 'error' && state.error.kind !== 'not_found' && (
          <EngineErrorAlert
            error={state.error}
            title={t('pages.contracts.detail.load-failed', 'Could not load the contract')}
          />
        )}
        {state.status === 'done' && (
          <ContractBody
            loaded={state.value}
            onRequirement={(r) => {
              const others = state.value.requirements.filter((x) => x.id !== r.id);
              const index = state.value.requirements.findIndex((x) => x.id === r.id);
              others.splice(index < 0 ? others.length : index, 0, r);
              state.set({ ...state.value, requirements: others });
            }}
          />
        )}
      </Stack>
    </SlmPage>
  );
}

function ContractBody({ loaded, onRequirement }: { loaded: Loaded; onRequirement: (r: Requirement) => void }) {
  const styles = useStyles2(getStyles);
  const { contract, requirements } = loaded;
  const [params, setParams] = useSearchParams();
  const [adding, setAdding] = useState(false);
  const gapId = params.get('gap') ?? '';
  const selected = requirements.find((r) => r.id === gapId);
  const openGap = (id: string) => setParams(id ? { gap: id } : {}, { replace: true });
  const columns = useColumns(openGap, gapId);

  return (
    <>
      <dl className={styles.facts} data-testid="slm-contract-facts">
        <dt>{t('pages.contracts.column.customer', 'Customer')}</dt>
        <dd>{contract.customer}</dd>
        <dt>{t('pages.contracts.column.signed', 'Signed')}</dt>
        <dd>{contract.signedDate ?? '–'}</dd>
        <dt>{t('pages.contracts.column.term', 'Term')}</dt>
        <dd>{termText(contract.term)}</dd>
        {contract.documentUrl && (
          <>
            <dt>{t('pages.contracts.detail.document', 'Document')}</dt>
            <dd>
              <a className={styles.link} href={contract.documentUrl} target="_blank" rel="noopener noreferrer">
                {contract.documentUrl}
              </a>
            </dd>
          </>
        )}
        {contract.notes && (
          <>
            <dt>{t('pages.contracts.form.notes', 'Notes')}</dt>
            <dd className={styles.notes}>{contract.notes}</dd>
          </>
        )}
      </dl>
      <Stack direction="row" justifyContent="space-between" alignItems="center">
        <Text element="h3">{t('pages.contracts.detail.requirements', 'Requirements')}</Text>
        <PermissionButton action={CONTRACTS_WRITE} icon="plus" onClick={() => setAdding(true)} disabled={adding}>
          {t('pages.contracts.detail.add-requirement', 'Add requirement')}
        </PermissionButton>
      </Stack>
      {adding && (
        <RequirementForm
          contractRef={contract.ref}
          onCancel={() => setAdding(false)}
          onCreated={(r) => {
            setAdding(false);
            onRequirement(r);
          }}
        />
      )}
      {requirements.length === 0 ? (
        <EmptyState
          variant="call-to-action"
          hideImage
          message={t('pages.contracts.detail.no-requirements', 'This contract has no requirements yet')}
        >
          {t(
            'pages.contracts.detail.no-requirements-body',
            'Add the service level requirements the customer asked for, then check them with a gap analysis.'
          )}
        </EmptyState>
      ) : (
        <div data-testid="slm-requirements-table">
          <InteractiveTable columns={columns} data={requirements} getRowId={(r) => r.id} />
        </div>
      )}
      {gapId && !selected && (
        <Alert
          severity="warning"
          title={t('pages.contracts.detail.no-such-requirement', 'This contract has no requirement {{id}}', {
            id: gapId,
            interpolation: NO_ESCAPE,
          })}
        />
      )}
      {selected && <GapAnalysisPanel key={`${selected.id}`} requirement={selected} onSaved={onRequirement} />}
    </>
  );
}

function useColumns(openGap: (id: string) => void, open: string): Array<Column<Requirement>> {
  return [
    { id: 'id', header: t('pages.contracts.column.id', 'Id') },
    {
      id: 'serviceKey',
      header: t('pages.contracts.column.service', 'Service'),
      cell: ({ row: { original } }) => (
        <Link to={`${prefixRoute(ROUTES.Agreements)}?service=${encodeURIComponent(original.serviceKey)}`}>
          {original.serviceKey}
        </Link>
      ),
    },
    {
      id: 'metric',
      header: t('pages.contracts.column.metric', 'Metric'),
      cell: ({ row: { original } }) => metricLabel(original.metric),
    },
    {
      id: 'objective',
      header: t('pages.contracts.column.objective', 'Objective'),
      cell: ({ row: { original } }) => percentText(original.objective),
    },
    {
      id: 'gapAnalysis',
      header: t('pages.contracts.column.gap', 'Last gap analysis'),
      cell: ({ row: { original } }) =>
        original.gapAnalysis ? (
          <span data-testid={`slm-requirement-gap-${original.id}`}>
            <MetBadge met={original.gapAnalysis.met} /> {percentText(original.gapAnalysis.compliance)}{' '}
            <Text color="secondary">
              {t('pages.contracts.column.gap-days', '({{days}} days)', {
                days: original.gapAnalysis.days,
                interpolation: NO_ESCAPE,
              })}
            </Text>
          </span>
        ) : (
          <Text color="secondary">{t('pages.contracts.column.gap-none', 'Not analysed')}</Text>
        ),
    },
    {
      id: 'actions',
      header: '',
      cell: ({ row: { original } }) => (
        <Button
          size="sm"
          variant={open === original.id ? 'primary' : 'secondary'}
          icon="calculator-alt"
          onClick={() => openGap(open === original.id ? '' : original.id)}
          aria-expanded={open === original.id}
          aria-label={t('pages.contracts.detail.gap-for', 'Gap analysis of {{id}}', {
            id: original.id,
            interpolation: NO_ESCAPE,
          })}
        >
          {t('pages.contracts.detail.gap', 'Gap analysis')}
        </Button>
      ),
    },
  ];
}

const getStyles = (theme: GrafanaTheme2) => ({
  facts: css({
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    gap: theme.spacing(0.5, 2),
    margin: 0,
    dt: { color: theme.colors.text.secondary },
    dd: { margin: 0 },
  }),
  notes: css({ whiteSpace: 'pre-wrap' }),
  link: css({ color: theme.colors.text.link, '&:hover': { textDecoration: 'underline' } }),
});
