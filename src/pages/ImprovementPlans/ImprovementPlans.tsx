import React from 'react';
import { t } from '@grafana/i18n';
import { EmptyState, LinkButton } from '@grafana/ui';
import { SlmPage } from '../../components/SlmPage/SlmPage';
import { ROUTES, prefixRoute } from '../../constants';

export default function ImprovementPlans() {
  return (
    <SlmPage
      pageKey="plans"
      title={t('pages.plans.title', 'Improvement plans')}
      subtitle={t(
        'pages.plans.subtitle',
        'Plans to improve a service level: goal, measures, owner and due date, with their effect verified by later measurements.'
      )}
    >
      <EmptyState
        variant="call-to-action"
        message={t('pages.plans.empty.message', 'No improvement plans yet')}
        button={
          <LinkButton href={prefixRoute(ROUTES.Reviews)} icon="arrow-up">
            {t('pages.plans.empty.action', 'See reviews')}
          </LinkButton>
        }
      >
        {t('pages.plans.empty.body', 'Create an improvement plan from a review decision or a breach.')}
      </EmptyState>
    </SlmPage>
  );
}
