import React from 'react';
import { t } from '@grafana/i18n';
import { EmptyState, LinkButton } from '@grafana/ui';
import { SlmPage } from '../../components/SlmPage/SlmPage';
import { ROUTES, prefixRoute } from '../../constants';

export default function ServiceCatalog() {
  return (
    <SlmPage
      pageKey="catalog"
      title={t('pages.catalog.title', 'Service catalog')}
      subtitle={t(
        'pages.catalog.subtitle',
        'What you provide: each service with its function, features, usage scenarios, owner and service hours.'
      )}
    >
      <EmptyState
        variant="call-to-action"
        message={t('pages.catalog.empty.message', 'The service catalog is empty')}
        button={
          <LinkButton href={prefixRoute(ROUTES.Agreements)} icon="book">
            {t('pages.catalog.empty.action', 'See agreements')}
          </LinkButton>
        }
      >
        {t(
          'pages.catalog.empty.body',
          'Add the services you provide so that agreements, contracts and reviews can refer to them.'
        )}
      </EmptyState>
    </SlmPage>
  );
}
