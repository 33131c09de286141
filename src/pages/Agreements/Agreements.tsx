import React from 'react';
import { t } from '@grafana/i18n';
import { EmptyState, LinkButton } from '@grafana/ui';
import { SlmPage } from '../../components/SlmPage/SlmPage';
import { ROUTES, prefixRoute } from '../../constants';

export default function Agreements() {
  return (
    <SlmPage
      pageKey="agreements"
      title={t('pages.agreements.title', 'Agreements')}
      subtitle={t(
        'pages.agreements.subtitle',
        'Service level agreements with customers, operational level agreements between teams and underpinning contracts with suppliers.'
      )}
    >
      <EmptyState
        variant="call-to-action"
        message={t('pages.agreements.empty.message', 'No agreements yet')}
        button={
          <LinkButton href={prefixRoute(ROUTES.ServiceCatalog)} icon="book">
            {t('pages.agreements.empty.action', 'Start with the service catalog')}
          </LinkButton>
        }
      >
        {t(
          'pages.agreements.empty.body',
          'Draft an SLA, OLA or underpinning contract for a catalog service, negotiate it, have each party sign it and activate it.'
        )}
      </EmptyState>
    </SlmPage>
  );
}
