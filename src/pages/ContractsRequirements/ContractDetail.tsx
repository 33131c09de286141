import React, { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
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
import {
  type Contract,
  type Requirement,
  deleteContract,
  deleteRequirement,
  getContract,
  listContractRequirements,
} from '../../api/contracts';
import { EngineErrorAlert } from '../../components/EngineErrorAlert/EngineErrorAlert';
import { PermissionButton } from '../../components/PermissionButton/PermissionButton';
import { SlmPage } from '../../components/SlmPage/SlmPage';
import { ROUTES, prefixRoute } from '../../constants';
import { NO_ESCAPE } from '../../i18n';
import { useAsync } from '../../hooks/useAsync';
import { ContractForm } from './ContractForm';
import { DeleteFlow } from './DeleteFlow';
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
            onContract={(contract) => state.set({ ...state.value, contract })}
            onRequirement={(r) => {
              const others = state.value.requirements.filter((x) => x.id !== r.id);
              const index = state.value.requirements.findIndex((x) => x.id === r.id);
              others.splice(index < 0 ? others.length : index, 0, r);
              state.set({ ...state.value, requirements: others });
            }}
            onRequirementDeleted={(id) =>
              state.set({ ...state.value, requirements: state.value.requirements.filter((x) => x.id !== id) })
            }
          />
        )}
      </Stack>
    </SlmPage>
  );
}

/** Which write the page has open: at most one form or deletion at a time. */
type Open =
  | { kind: 'none' }
  | { kind: 'add-requirement' }
  | { kind: 'edit-contract' }
  | { kind: 'delete-contract'; n: number }
  | { kind: 'edit-requirement'; requirement: Requirement }
  | { kind: 'delete-requirement'; requirement: Requirement; n: number };

function ContractBody({
  loaded,
  onContract,
  onRequirement,
  onRequirementDeleted,
}: {
  loaded: Loaded;
  onContract: (c: Contract) => void;
  onRequirement: (r: Requirement) => void;
  onRequirementDeleted: (id: string) => void;
}) {
  const styles = useStyles2(getStyles);
  const navigate = useNavigate();
  const { contract, requirements } = loaded;
  const [params, setParams] = useSearchParams();
  const [open, setOpen] = useState<Open>({ kind: 'none' });
  const [deletions, setDeletions] = useState(0);
  const close = () => setOpen({ kind: 'none' });
  const gapId = params.get('gap') ?? '';
  const selected = requirements.find((r) => r.id === gapId);
  const openGap = (id: string) => setParams(id ? { gap: id } : {}, { replace: true });
  const columns = useColumns(openGap, gapId, {
    edit: (requirement) => setOpen({ kind: 'edit-requirement', requirement }),
    remove: (requirement) => {
      setDeletions((n) => n + 1);
      setOpen({ kind: 'delete-requirement', requirement, n: deletions + 1 });
    },
  });

  return (
    <>
      <Stack direction="row" gap={1}>
        <PermissionButton
          action={CONTRACTS_WRITE}
          icon="pen"
          variant="secondary"
          onClick={() => setOpen({ kind: 'edit-contract' })}
          disabled={open.kind === 'edit-contract'}
        >
          {t('pages.contracts.detail.edit', 'Edit contract')}
        </PermissionButton>
        <PermissionButton
          action={CONTRACTS_WRITE}
          icon="trash-alt"
          variant="destructive"
          fill="outline"
          onClick={() => {
            setDeletions((n) => n + 1);
            setOpen({ kind: 'delete-contract', n: deletions + 1 });
          }}
        >
          {t('pages.contracts.detail.delete', 'Delete contract')}
        </PermissionButton>
      </Stack>
      {open.kind === 'delete-contract' && (
        <DeleteFlow
          key={`contract-${open.n}`}
          record={contract}
          title={t('pages.contracts.detail.delete-title', 'Delete contract {{ref}}?', {
            ref: contract.ref,
            interpolation: NO_ESCAPE,
          })}
          body={t(
            'pages.contracts.detail.delete-body',
            'Its requirements ({{n}}) and their gap analyses are deleted with it. The audit log keeps a copy of each.',
            { n: requirements.length, interpolation: NO_ESCAPE }
          )}
          remove={(version) => deleteContract(contract.ref, version)}
          onDeleted={() => navigate(prefixRoute(ROUTES.ContractsRequirements))}
          onShowLatest={onContract}
          onClose={close}
        />
      )}
      {open.kind === 'edit-contract' ? (
        <ContractForm
          base={contract}
          onCancel={close}
          onSaved={(c) => {
            close();
            onContract(c);
          }}
        />
      ) : (
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
      )}
      <Stack direction="row" justifyContent="space-between" alignItems="center">
        <Text element="h3">{t('pages.contracts.detail.requirements', 'Requirements')}</Text>
        <PermissionButton
          action={CONTRACTS_WRITE}
          icon="plus"
          onClick={() => setOpen({ kind: 'add-requirement' })}
          disabled={open.kind === 'add-requirement'}
        >
          {t('pages.contracts.detail.add-requirement', 'Add requirement')}
        </PermissionButton>
      </Stack>
      {open.kind === 'add-requirement' && (
        <RequirementForm
          contractRef={contract.ref}
          onCancel={close}
          onSaved={(r) => {
            close();
            onRequirement(r);
          }}
        />
      )}
      {open.kind === 'edit-requirement' && (
        <RequirementForm
          key={open.requirement.id}
          contractRef={contract.ref}
          base={open.requirement}
          onCancel={close}
          onSaved={(r) => {
            close();
            onRequirement(r);
          }}
        />
      )}
      {open.kind === 'delete-requirement' && (
        <DeleteFlow
          key={`requirement-${open.n}`}
          record={open.requirement}
          title={t('pages.contracts.detail.delete-requirement-title', 'Delete requirement {{id}}?', {
            id: open.requirement.id,
            interpolation: NO_ESCAPE,
          })}
          body={t(
            'pages.contracts.detail.delete-requirement-body',
            'The requirement and its last gap analysis are deleted. The audit log keeps a copy.'
          )}
          remove={(version) => deleteRequirement(contract.ref, open.requirement.id, version)}
          onDeleted={() => {
            const id = open.requirement.id;
            close();
            if (gapId === id) {
              openGap('');
            }
            onRequirementDeleted(id);
          }}
          onShowLatest={onRequirement}
          onClose={close}
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

interface RowActions {
  edit: (r: Requirement) => void;
  remove: (r: Requirement) => void;
}

function useColumns(openGap: (id: string) => void, open: string, actions: RowActions): Array<Column<Requirement>> {
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
        <Stack direction="row" gap={1}>
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
          <PermissionButton
            action={CONTRACTS_WRITE}
            size="sm"
            variant="secondary"
            icon="pen"
            onClick={() => actions.edit(original)}
            aria-label={t('pages.contracts.detail.edit-requirement', 'Edit requirement {{id}}', {
              id: original.id,
              interpolation: NO_ESCAPE,
            })}
          />
          <PermissionButton
            action={CONTRACTS_WRITE}
            size="sm"
            variant="destructive"
            fill="outline"
            icon="trash-alt"
            onClick={() => actions.remove(original)}
            aria-label={t('pages.contracts.detail.delete-requirement', 'Delete requirement {{id}}', {
              id: original.id,
              interpolation: NO_ESCAPE,
            })}
          />
        </Stack>
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
