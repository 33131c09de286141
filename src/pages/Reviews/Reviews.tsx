import React from 'react';
import { t } from '@grafana/i18n';
import { EmptyState, LinkButton } from '@grafana/ui';
import { SlmPage } from '../../components/SlmPage/SlmPage';
import { ROUTES, prefixRoute } from '../../constants';

export default function Reviews() {
  return (
    <SlmPage
      pageKey="reviews"
      title={t('pages.reviews.title', 'Reviews')}
      subtitle={t(
        'pages.reviews.subtitle',
        'Periodic service level review meetings: the dashboards discussed, minutes and decisions.'
      )}
    >
      <EmptyState
        variant="call-to-action"
        message={t('pages.reviews.empty.message', 'No reviews yet')}
        button={
          <LinkButton href={prefixRoute(ROUTES.ImprovementPlans)} icon="comments-alt">
            {t('pages.reviews.empty.action', 'See improvement plans')}
          </LinkButton>
        }
      >
        {t(
          'pages.reviews.empty.body',
          'Schedule a service level review for an agreement and record its minutes and decisions.'
        )}
      </EmptyState>
    </SlmPage>
  );
}
