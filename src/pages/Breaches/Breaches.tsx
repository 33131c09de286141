import React from 'react';
import { t } from '@grafana/i18n';
import { EmptyState, LinkButton } from '@grafana/ui';
import { SlmPage } from '../../components/SlmPage/SlmPage';
import { ROUTES, prefixRoute } from '../../constants';

export default function Breaches() {
  return (
    <SlmPage
      pageKey="breaches"
      title={t('pages.breaches.title', 'Breaches')}
      subtitle={t(
        'pages.breaches.subtitle',
        'Targets of active agreements that were missed, who was notified and how each breach was handled.'
      )}
    >
      <EmptyState
        variant="call-to-action"
        message={t('pages.breaches.empty.message', 'No breaches recorded')}
        button={
          <LinkButton href={prefixRoute(ROUTES.Overview)} icon="exclamation-triangle">
            {t('pages.breaches.empty.action', 'Go to the overview')}
          </LinkButton>
        }
      >
        {t('pages.breaches.empty.body', 'Breaches appear here when an active agreement misses a target.')}
      </EmptyState>
    </SlmPage>
  );
}
