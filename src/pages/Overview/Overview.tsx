import React from 'react';
import { t } from '@grafana/i18n';
import { EmptyState, LinkButton } from '@grafana/ui';
import { SlmPage } from '../../components/SlmPage/SlmPage';
import { ROUTES, prefixRoute } from '../../constants';

export default function Overview() {
  return (
    <SlmPage
      pageKey="overview"
      title={t('pages.overview.title', 'Overview')}
      subtitle={t(
        'pages.overview.subtitle',
        'Service level status at a glance: agreements monitored in time, breached agreements and open breaches.'
      )}
    >
      <EmptyState
        variant="call-to-action"
        message={t('pages.overview.empty.message', 'No agreements yet')}
        button={
          <LinkButton href={prefixRoute(ROUTES.Agreements)} icon="file-alt">
            {t('pages.overview.empty.action', 'Go to agreements')}
          </LinkButton>
        }
      >
        {t(
          'pages.overview.empty.body',
          'Once an agreement is active, its targets are evaluated continuously and their status appears here.'
        )}
      </EmptyState>
    </SlmPage>
  );
}
