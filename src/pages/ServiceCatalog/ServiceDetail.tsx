import React from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Alert, EmptyState, LinkButton, Stack, Text, useStyles2 } from '@grafana/ui';
import { type AgreementRow, searchAgreements } from '../../api/agreements';
import {
  type CatalogService,
  type LiveStates,
  deleteService,
  getService,
  listServices,
  liveStatesOfService,
} from '../../api/services';
import {
  CatalogRecordPage,
  DeleteRecordButton,
  FactList,
  type RecordKind,
  RecordTable,
} from '../../components/DetailPage/DetailPage';
import { ListState } from '../../components/ListPage/ListPage';
import { PermissionButton } from '../../components/PermissionButton/PermissionButton';
import { NO_ESCAPE } from '../../i18n';
import { StateBadge, TypeBadge } from '../Agreements/labels';
import { useAsync } from '../../hooks/useAsync';
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

/** Services as their pages load them by the key in the URL. */
export const SERVICE: RecordKind<CatalogService> = {
  pageKey: 'catalog',
  load: getService,
  loading: () => t('pages.catalog.service.loading', 'Loading the service…'),
  failed: () => t('pages.catalog.service.load-failed', 'Could not load the service'),
  notFound: (key) => ({
    message: t('pages.catalog.service.not-found', 'There is no service {{key}} in the catalog', {
      key,
      interpolation: NO_ESCAPE,
    }),
    backHref: catalogUrl(),
    backLabel: t('pages.catalog.service.back', 'Back to the catalog'),
  }),
};

/** `/catalog/:key`: one service with everything that refers to it. */
export function ServiceDetailPage() {
  return (
    <CatalogRecordPage
      kind={SERVICE}
      back={{ href: catalogUrl(), label: t('pages.catalog.service.back', 'Back to the catalog') }}
    >
      {(service) => <ServiceBody service={service} />}
    </CatalogRecordPage>
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
      <FactList>
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
      </FactList>
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
  return (
    <DeleteRecordButton<CatalogService>
      action={CATALOG_WRITE}
      label={t('pages.catalog.service.delete', 'Delete')}
      confirmTitle={t('pages.catalog.service.delete-title', 'Delete {{name}}?', {
        name: service.name,
        interpolation: NO_ESCAPE,
      })}
      confirmBody={t(
        'pages.catalog.service.delete-body',
        'The service leaves the catalog. The engine refuses while agreements, contracts or other services still refer to it.'
      )}
      staleTitle={t('pages.catalog.service.delete-stale', 'Not deleted: the service changed since you opened it')}
      failedTitle={t('pages.catalog.service.delete-failed', 'The service was not deleted')}
      remove={() => deleteService(service.key, service.version)}
      afterUrl={catalogUrl()}
    />
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
  return (
    <ListState
      state={catalog}
      loading={t('pages.catalog.graph.loading', 'Loading the dependencies…')}
      failed={t('pages.catalog.graph.failed', 'Could not load the catalog for the dependency graph')}
    >
      {({ items }) => <DependencyGraphView service={service} catalog={items} />}
    </ListState>
  );
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
  const covering = useAsync(() => loadCovering(service.key), service.key);
  return (
    <ListState
      state={covering}
      loading={t('pages.catalog.agreements.loading', 'Loading the agreements…')}
      failed={t('pages.catalog.agreements.failed', 'Could not load the agreements of this service')}
    >
      {(value) => <CoveringTable service={service} covering={value} />}
    </ListState>
  );
}

function CoveringTable({ service, covering }: { service: CatalogService; covering: Covering }) {
  const styles = useStyles2(getStyles);
  const { agreements, live } = covering;
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
      <RecordTable
        testId="slm-service-agreements"
        headers={[
          t('pages.catalog.agreements.id', 'Agreement'),
          t('pages.catalog.agreements.type', 'Type'),
          t('pages.catalog.agreements.title', 'Title'),
          t('pages.catalog.agreements.parties', 'Provider → counterparty'),
          t('pages.catalog.agreements.state', 'Lifecycle'),
          t('pages.catalog.agreements.live', 'Live state'),
        ]}
      >
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
      </RecordTable>
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
  description: css({ whiteSpace: 'pre-wrap', maxWidth: 900 }),
  list: css({ paddingLeft: theme.spacing(3), margin: 0 }),
  columns: css({ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(320px, 1fr))', gap: theme.spacing(2) }),
  link: css({ color: theme.colors.text.link, '&:hover': { textDecoration: 'underline' } }),
});
