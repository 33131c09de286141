import React, { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Alert, ConfirmModal, EmptyState, LinkButton, LoadingPlaceholder, Stack, Text, useStyles2 } from '@grafana/ui';
import { type AgreementRow, searchAgreements } from '../../api/agreements';
import { type EngineError, toEngineError } from '../../api/engineClient';
import {
  type CatalogService,
  type LiveStates,
  StaleVersionError,
  deleteService,
  getService,
  listServices,
  liveStatesOfService,
} from '../../api/services';
import { EngineErrorAlert } from '../../components/EngineErrorAlert/EngineErrorAlert';
import { PermissionButton } from '../../components/PermissionButton/PermissionButton';
import { SlmPage } from '../../components/SlmPage/SlmPage';
import { NO_ESCAPE } from '../../i18n';
import { StateBadge, TypeBadge } from '../Agreements/labels';
import { useAsync } from '../Agreements/useAsync';
import { DependencyGraphView } from './DependencyGraph';
import { ServiceHoursTable } from './ServiceHoursTable';
import { LifecycleBadge } from './lifecycle';
import { LiveStateBadge } from './liveState';
import {
  CATALOG_WRITE,
  agreementUrl,
  agreementsOfServiceUrl,
  catalogUrl,
  dashboardUrl,
  newAgreementForServiceUrl,
  partyUrl,
  serviceEditUrl,
} from './urls';

/** `/catalog/:key`: one service with everything that refers to it. */
export function ServiceDetailPage() {
  const key = useParams<{ key: string }>().key ?? '';
  const service = useAsync(() => getService(key), key);
  return (
    <SlmPage
      pageKey="catalog"
      title={service.status === 'done' ? service.value.name : key}
      subtitle={service.status === 'done' ? service.value.key : ''}
    >
      <Stack direction="column" gap={2}>
        <div>
          <LinkButton href={catalogUrl()} icon="arrow-left" variant="secondary" fill="text">
            {t('pages.catalog.service.back', 'Back to the catalog')}
          </LinkButton>
        </div>
        {service.status === 'loading' && (
          <LoadingPlaceholder text={t('pages.catalog.service.loading', 'Loading the service…')} />
        )}
        {service.status === 'error' && <LoadError serviceKey={key} error={service.error} />}
        {service.status === 'done' && <ServiceBody service={service.value} />}
      </Stack>
    </SlmPage>
  );
}

function LoadError({ serviceKey, error }: { serviceKey: string; error: EngineError }) {
  if (error.kind !== 'not_found') {
    return (
      <EngineErrorAlert error={error} title={t('pages.catalog.service.load-failed', 'Could not load the service')} />
    );
  }
  return (
    <EmptyState
      variant="not-found"
      message={t('pages.catalog.service.not-found', 'There is no service {{key}} in the catalog', {
        key: serviceKey,
        interpolation: NO_ESCAPE,
      })}
      button={
        <LinkButton href={catalogUrl()} icon="arrow-left">
          {t('pages.catalog.service.back', 'Back to the catalog')}
        </LinkButton>
      }
    />
  );
}

function ServiceBody({ service }: { service: CatalogService }) {
  const styles = useStyles2(getStyles);
  return (
    <>
      <ServiceHeader service={service} />
      {service.description && <p className={styles.description}>{service.description}</p>}
      <div className={styles.columns}>
        <Section title={t('pages.catalog.service.features', 'Features')}>
          <TextList items={service.features ?? []} testId="slm-service-features" />
        </Section>
        <Section title={t('pages.catalog.service.usage', 'Usage scenarios')}>
          <TextList items={service.usageScenarios ?? []} testId="slm-service-usage" />
        </Section>
      </div>
      <Section title={t('pages.catalog.service.hours', 'Service hours')}>
        <ServiceHoursTable hours={service.serviceHours ?? []} />
      </Section>
      <Section title={t('pages.catalog.service.dependencies', 'Dependencies')}>
        <CatalogGraph service={service} />
      </Section>
      <Section title={t('pages.catalog.service.agreements', 'Agreements covering this service')}>
        <CoveringAgreements service={service} />
      </Section>
      <Section title={t('pages.catalog.service.dashboards', 'Grafana dashboards')}>
        <Dashboards service={service} />
      </Section>
    </>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section>
      <Text element="h3">{title}</Text>
      {children}
    </section>
  );
}

function ServiceHeader({ service }: { service: CatalogService }) {
  const styles = useStyles2(getStyles);
  const navigate = useNavigate();
  return (
    <div className={styles.header} data-testid="slm-service-header">
      <dl className={styles.facts}>
        <dt>{t('pages.catalog.column.lifecycle', 'Lifecycle')}</dt>
        <dd>
          <LifecycleBadge lifecycle={service.lifecycle} />
        </dd>
        <dt>{t('pages.catalog.column.category', 'Category')}</dt>
        <dd>{service.category || '—'}</dd>
        <dt>{t('pages.catalog.column.owner', 'Owner')}</dt>
        <dd data-testid="slm-service-owner">
          {service.ownerTeam ? (
            <Link className={styles.link} to={partyUrl(service.ownerTeam)}>
              {service.ownerTeam}
            </Link>
          ) : (
            t('pages.catalog.service.no-owner', 'No owner recorded')
          )}
        </dd>
        <dt>{t('pages.catalog.service.version', 'Version')}</dt>
        <dd>
          {t('pages.catalog.service.version-value', 'version {{version}}, changed by {{user}}', {
            version: service.version,
            user: service.updatedBy ?? '—',
            interpolation: NO_ESCAPE,
          })}
        </dd>
      </dl>
      <Stack direction="row" gap={1} wrap="wrap">
        <PermissionButton
          action={CATALOG_WRITE}
          icon="pen"
          variant="secondary"
          onClick={() => navigate(serviceEditUrl(service.key))}
        >
          {t('pages.catalog.service.edit', 'Edit')}
        </PermissionButton>
        <LinkButton href={newAgreementForServiceUrl(service.key)} icon="file-alt" variant="secondary">
          {t('pages.catalog.service.draft-sla', 'Draft an SLA for this service')}
        </LinkButton>
        <DeleteService service={service} />
      </Stack>
    </div>
  );
}

function DeleteService({ service }: { service: CatalogService }) {
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<EngineError | StaleVersionError<CatalogService> | null>(null);
  const remove = async () => {
    setConfirming(false);
    try {
      await deleteService(service.key, service.version);
      navigate(catalogUrl());
    } catch (e) {
      setError(e instanceof StaleVersionError ? e : toEngineError(e));
    }
  };
  return (
    <>
      <PermissionButton
        action={CATALOG_WRITE}
        icon="trash-alt"
        variant="destructive"
        fill="outline"
        onClick={() => setConfirming(true)}
      >
        {t('pages.catalog.service.delete', 'Delete')}
      </PermissionButton>
      <ConfirmModal
        isOpen={confirming}
        title={t('pages.catalog.service.delete-title', 'Delete {{name}}?', {
          name: service.name,
          interpolation: NO_ESCAPE,
        })}
        body={t(
          'pages.catalog.service.delete-body',
          'The service leaves the catalog. The engine refuses while agreements, contracts or other services still refer to it.'
        )}
        confirmText={t('pages.catalog.service.delete', 'Delete')}
        onConfirm={remove}
        onDismiss={() => setConfirming(false)}
      />
      {error instanceof StaleVersionError && (
        <Alert
          severity="warning"
          title={t('pages.catalog.service.delete-stale', 'Not deleted: the service changed since you opened it')}
        >
          {t(
            'pages.catalog.service.delete-stale-body',
            '{{user}} saved version {{version}}. Reload the page to see it before deleting.',
            {
              user: error.current.updatedBy ?? '—',
              version: error.current.version,
              interpolation: NO_ESCAPE,
            }
          )}
        </Alert>
      )}
      {error && !(error instanceof StaleVersionError) && (
        <EngineErrorAlert
          error={error}
          title={t('pages.catalog.service.delete-failed', 'The service was not deleted')}
        />
      )}
    </>
  );
}

function TextList({ items, testId }: { items: string[]; testId: string }) {
  const styles = useStyles2(getStyles);
  if (items.length === 0) {
    return <Text color="secondary">{t('pages.catalog.service.none', 'None recorded')}</Text>;
  }
  return (
    <ul className={styles.list} data-testid={testId}>
      {items.map((item, i) => (
        <li key={i}>{item}</li>
      ))}
    </ul>
  );
}

/** The dependency graph needs the whole catalog (who depends on this service is not in its record). */
function CatalogGraph({ service }: { service: CatalogService }) {
  const catalog = useAsync(() => listServices({ limit: 500 }), `${service.key}@${service.version}`);
  if (catalog.status === 'loading') {
    return <LoadingPlaceholder text={t('pages.catalog.graph.loading', 'Loading the dependencies…')} />;
  }
  if (catalog.status === 'error') {
    return (
      <EngineErrorAlert
        error={catalog.error}
        title={t('pages.catalog.graph.failed', 'Could not load the catalog for the dependency graph')}
      />
    );
  }
  return <DependencyGraphView service={service} catalog={catalog.value.items} />;
}

interface Covering {
  agreements: AgreementRow[];
  live: LiveStates;
}

async function loadCovering(key: string): Promise<Covering> {
  const [page, live] = await Promise.all([searchAgreements({ service: key, limit: 500 }), liveStatesOfService(key)]);
  return { agreements: page.items, live };
}

function CoveringAgreements({ service }: { service: CatalogService }) {
  const styles = useStyles2(getStyles);
  const covering = useAsync(() => loadCovering(service.key), service.key);
  if (covering.status === 'loading') {
    return <LoadingPlaceholder text={t('pages.catalog.agreements.loading', 'Loading the agreements…')} />;
  }
  if (covering.status === 'error') {
    return (
      <EngineErrorAlert
        error={covering.error}
        title={t('pages.catalog.agreements.failed', 'Could not load the agreements of this service')}
      />
    );
  }
  const { agreements, live } = covering.value;
  if (agreements.length === 0) {
    return (
      <EmptyState
        variant="call-to-action"
        hideImage
        message={t('pages.catalog.agreements.none', 'No agreement covers this service yet')}
        button={
          <LinkButton href={newAgreementForServiceUrl(service.key)} icon="file-alt">
            {t('pages.catalog.service.draft-sla', 'Draft an SLA for this service')}
          </LinkButton>
        }
      />
    );
  }
  return (
    <Stack direction="column" gap={1}>
      {!live.available && <LiveUnavailable live={live} />}
      <table className={styles.table} data-testid="slm-service-agreements">
        <thead>
          <tr>
            <th>{t('pages.catalog.agreements.id', 'Agreement')}</th>
            <th>{t('pages.catalog.agreements.type', 'Type')}</th>
            <th>{t('pages.catalog.agreements.title', 'Title')}</th>
            <th>{t('pages.catalog.agreements.parties', 'Provider → counterparty')}</th>
            <th>{t('pages.catalog.agreements.state', 'Lifecycle')}</th>
            <th>{t('pages.catalog.agreements.live', 'Live state')}</th>
          </tr>
        </thead>
        <tbody>
          {agreements.map((a) => (
            <tr key={a.id} data-agreement={a.id}>
              <td>
                <Link className={styles.link} to={agreementUrl(a.id)}>
                  {a.id}
                </Link>
              </td>
              <td>
                <TypeBadge type={a.type} />
              </td>
              <td>{a.title}</td>
              <td>{`${a.provider} → ${a.counterparty}`}</td>
              <td>
                <StateBadge state={a.state} amendment={a.amendment} />
              </td>
              <td>
                <LiveCell agreement={a} live={live} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div>
        <Link className={styles.link} to={agreementsOfServiceUrl(service.key)}>
          {t('pages.catalog.agreements.open-list', 'Open these agreements in the agreement list')}
        </Link>
      </div>
    </Stack>
  );
}

function LiveCell({ agreement, live }: { agreement: AgreementRow; live: LiveStates }) {
  if (!live.available) {
    return <Text color="secondary">{t('pages.catalog.live.unavailable', 'live state unavailable')}</Text>;
  }
  const status = live.byAgreement[agreement.id];
  // monitored but not evaluated yet: state null until the monitor's first cycle for it
  if (!status || status.state === null) {
    return (
      <Text color="secondary">
        {agreement.state === 'active' || status
          ? t('pages.catalog.live.not-evaluated', 'not evaluated yet')
          : t('pages.catalog.live.not-monitored', 'not monitored (not active)')}
      </Text>
    );
  }
  return <LiveStateBadge state={status.state} />;
}

function LiveUnavailable({ live }: { live: Extract<LiveStates, { available: false }> }) {
  return (
    <Alert
      severity="info"
      title={t('pages.catalog.live.unavailable-title', 'Live state unavailable')}
      data-testid="slm-live-unavailable"
    >
      {live.reason === 'not_monitored'
        ? t(
            'pages.catalog.live.not-enabled',
            'The engine does not monitor agreements (monitoring is not enabled or not available in this engine version). An administrator enables it on the app configuration page.'
          )
        : t('pages.catalog.live.failed', 'The engine could not report the live state: {{message}}', {
            message: live.message,
            interpolation: NO_ESCAPE,
          })}
    </Alert>
  );
}

function Dashboards({ service }: { service: CatalogService }) {
  const dashboards = service.dashboards ?? [];
  if (dashboards.length === 0) {
    return (
      <Text color="secondary">
        {t(
          'pages.catalog.dashboards.none',
          'No dashboards linked. Edit the service to link the dashboards that show it.'
        )}
      </Text>
    );
  }
  return (
    <Stack direction="row" gap={1} wrap="wrap">
      {dashboards.map((d) => (
        <LinkButton key={d.uid} href={dashboardUrl(d.uid, service.key)} icon="apps" variant="secondary" size="sm">
          {d.title || d.uid}
        </LinkButton>
      ))}
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  header: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  facts: css({
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: 0,
    dt: { color: theme.colors.text.secondary },
    dd: { margin: 0 },
  }),
  description: css({ whiteSpace: 'pre-wrap', maxWidth: 900 }),
  list: css({ paddingLeft: theme.spacing(3), margin: 0 }),
  columns: css({ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(320px, 1fr))', gap: theme.spacing(2) }),
  link: css({ color: theme.colors.text.link, '&:hover': { textDecoration: 'underline' } }),
  table: css({
    borderCollapse: 'collapse',
    width: '100%',
    'th, td': {
      textAlign: 'left',
      padding: theme.spacing(0.5, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
    },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
  }),
});
