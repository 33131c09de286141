import React from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { LinkButton, Stack, Tab, TabContent, TabsBar, Text, useStyles2 } from '@grafana/ui';
import { type AgreementDetail, getAgreementDetail } from '../../api/agreements';
import { FactList, RecordPage, RecordState } from '../../components/DetailPage/DetailPage';
import { getService } from './serviceLinks';
import { testIds } from '../../components/testIds';
import { ROUTES, prefixRoute } from '../../constants';
import { NO_ESCAPE } from '../../i18n';
import { ActionsTab } from './ActionsTab';
import { agreementUrl } from './AgreementList';
import { NegotiationTab } from './NegotiationTab';
import { OverviewTab } from './OverviewTab';
import { SignaturesTab } from './SignaturesTab';
import { TargetsTab } from './TargetsTab';
import { StateBadge, TypeBadge, typeTitle } from './labels';
import { useAsync } from '../../hooks/useAsync';
import { VersionsTab } from './VersionsTab';
import { YamlTab } from './YamlTab';

const TABS = ['overview', 'targets', 'yaml', 'versions', 'negotiation', 'signatures', 'actions'] as const;
type TabKey = (typeof TABS)[number];

function tabLabel(tab: TabKey): string {
  const labels: Record<TabKey, string> = {
    overview: t('pages.agreements.detail.tab.overview', 'Overview'),
    targets: t('pages.agreements.detail.tab.targets', 'Targets'),
    yaml: t('pages.agreements.detail.tab.yaml', 'YAML'),
    versions: t('pages.agreements.detail.tab.versions', 'Versions'),
    negotiation: t('pages.agreements.detail.tab.negotiation', 'Negotiation'),
    signatures: t('pages.agreements.detail.tab.signatures', 'Signatures'),
    actions: t('pages.agreements.detail.tab.actions', 'Actions'),
  };
  return labels[tab];
}

/** One agreement at `/a/<app>/agreements/<id>`, its tab in `?tab=` so every view has a stable URL. */
export function AgreementDetailPage() {
  const id = useParams().id ?? '';
  const [params, setParams] = useSearchParams();
  const tab: TabKey = (TABS as readonly string[]).includes(params.get('tab') ?? '')
    ? (params.get('tab') as TabKey)
    : 'overview';
  const detail = useAsync(() => getAgreementDetail(id), id);
  const listUrl = prefixRoute(ROUTES.Agreements);

  return (
    <RecordPage
      title={id}
      url={agreementUrl(id)}
      parent={{ text: t('pages.agreements.title', 'Agreements'), url: listUrl }}
      subTitle={detail.status === 'done' ? detail.value.title : undefined}
      testId={testIds.page('agreement')}
    >
      <RecordState
        state={detail}
        loading={t('pages.agreements.detail.loading', 'Loading the agreement…')}
        failed={t('pages.agreements.detail.load-failed', 'Could not load the agreement')}
        notFound={{
          message: t('pages.agreements.detail.not-found', 'There is no agreement {{id}}', {
            id,
            interpolation: NO_ESCAPE,
          }),
          backHref: listUrl,
          backLabel: t('pages.agreements.detail.back', 'Back to the agreements'),
          backVariant: 'secondary',
        }}
      >
        {(agreement) => (
          <Stack direction="column" gap={2}>
            <Header agreement={agreement} />
            <TabsBar>
              {TABS.map((key) => (
                <Tab
                  key={key}
                  label={tabLabel(key)}
                  active={tab === key}
                  data-testid={`slm-agreement-tab-${key}`}
                  counter={key === 'signatures' ? (agreement.pendingVersion?.missing.length ?? null) : null}
                  onChangeTab={() => {
                    const next = new URLSearchParams(params);
                    if (key === 'overview') {
                      next.delete('tab');
                    } else {
                      next.set('tab', key);
                    }
                    setParams(next);
                  }}
                />
              ))}
            </TabsBar>
            <TabContent>
              {tab === 'overview' && <OverviewTab agreement={agreement} />}
              {tab === 'targets' && <TargetsTab agreement={agreement} onChanged={detail.set} />}
              {tab === 'yaml' && <YamlTab agreement={agreement} onChanged={detail.set} />}
              {tab === 'versions' && <VersionsTab agreement={agreement} />}
              {tab === 'negotiation' && <NegotiationTab agreement={agreement} />}
              {tab === 'signatures' && <SignaturesTab agreement={agreement} onChanged={detail.reload} />}
              {tab === 'actions' && (
                <ActionsTab agreement={agreement} onChanged={detail.set} onReload={detail.reload} />
              )}
            </TabContent>
          </Stack>
        )}
      </RecordState>
    </RecordPage>
  );
}

function Header({ agreement }: { agreement: AgreementDetail }) {
  const styles = useStyles2(getStyles);
  const service = useAsync(() => getService(agreement.service), agreement.service);
  const dashboards = service.status === 'done' ? (service.value.dashboards ?? []) : [];
  return (
    <div className={styles.header} data-testid="slm-agreement-header">
      <Stack direction="row" gap={1} alignItems="center" wrap="wrap">
        <TypeBadge type={agreement.type} />
        <StateBadge state={agreement.state} amendment={agreement.amendment} />
        <Text color="secondary">{typeTitle(agreement.type)}</Text>
      </Stack>
      <FactList>
        <dt>{t('pages.agreements.detail.service', 'Service')}</dt>
        <dd>
          <Link
            className={styles.link}
            to={`${prefixRoute(ROUTES.ServiceCatalog)}/${encodeURIComponent(agreement.service)}`}
            title={t('pages.agreements.detail.open-service', 'Open the service page')}
          >
            {service.status === 'done' ? `${service.value.name} (${agreement.service})` : agreement.service}
          </Link>
        </dd>
        <dt>{t('pages.agreements.detail.parties', 'Parties')}</dt>
        <dd>
          {t('pages.agreements.detail.parties-value', '{{provider}} provides to {{counterparty}}', {
            provider: agreement.provider,
            counterparty: agreement.counterparty,
            interpolation: NO_ESCAPE,
          })}
        </dd>
        <dt>{t('pages.agreements.detail.revision', 'Revision')}</dt>
        <dd>
          {t(
            'pages.agreements.detail.revision-value',
            'revision {{revision}}, version {{version}}, changed by {{user}}',
            {
              revision: agreement.revision,
              version: agreement.version,
              user: agreement.updatedBy,
              interpolation: NO_ESCAPE,
            }
          )}
        </dd>
      </FactList>
      {dashboards.length > 0 && (
        <Stack direction="row" gap={1} wrap="wrap">
          {dashboards.map((d) => (
            <LinkButton
              key={d.uid}
              size="sm"
              variant="secondary"
              icon="apps"
              // the dashboard gets the agreement as a variable, and its links can lead back here
              href={`/d/${encodeURIComponent(d.uid)}?var-agreement=${encodeURIComponent(agreement.id)}`}
            >
              {d.title ?? d.uid}
            </LinkButton>
          ))}
        </Stack>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  header: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  link: css({ color: theme.colors.text.link, '&:hover': { textDecoration: 'underline' } }),
});
