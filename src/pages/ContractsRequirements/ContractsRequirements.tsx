import React from 'react';
import { t } from '@grafana/i18n';
import { EmptyState, LinkButton } from '@grafana/ui';
import { SlmPage } from '../../components/SlmPage/SlmPage';
import { ROUTES, prefixRoute } from '../../constants';

export default function ContractsRequirements() {
  return (
    <SlmPage
      pageKey="contracts"
      title={t('pages.contracts.title', 'Contracts & requirements')}
      subtitle={t(
        'pages.contracts.subtitle',
        'Customer contracts and the service level requirements they set, with a gap analysis against what the service has delivered.'
      )}
    >
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
    </SlmPage>
  );
}
