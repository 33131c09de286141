import React from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Stack, Tab, TabContent, TabsBar, useStyles2 } from '@grafana/ui';
import { type Review, getReview } from '../../api/reviews';
import { FactList, RecordPage, RecordState } from '../../components/DetailPage/DetailPage';
import { formatTime } from '../../components/Monitoring/format';
import { testIds as appTestIds } from '../../components/testIds';
import { ROUTES, prefixRoute, reviewUrl } from '../../constants';
import { useAsync } from '../../hooks/useAsync';
import { NO_ESCAPE } from '../../i18n';
import { ReviewStatusBadge, periodText, scopeSummary } from './labels';
import { MeetingTab } from './MeetingTab';
import { PlansTab } from './PlansTab';
import { ReportTab } from './ReportTab';
import { ReviewActions } from './ReviewActions';
import { testIds } from './testIds';

const TABS = ['report', 'meeting', 'plans'] as const;
type TabKey = (typeof TABS)[number];

function tabLabel(tab: TabKey): string {
  const labels: Record<TabKey, string> = {
    report: t('pages.reviews.tab.report', 'Report'),
    meeting: t('pages.reviews.tab.meeting', 'Meeting'),
    plans: t('pages.reviews.tab.plans', 'Improvement plans'),
  };
  return labels[tab];
}

/** One review at `/a/<app>/reviews/<id>`, its tab in `?tab=` so every view has a stable URL. */
export function ReviewDetailPage() {
  const id = useParams().id ?? '';
  const review = useAsync(() => getReview(id), id);
  const listUrl = prefixRoute(ROUTES.Reviews);
  return (
    <RecordPage
      title={review.status === 'done' ? review.value.title : id}
      url={reviewUrl(id)}
      parent={{ text: t('pages.reviews.title', 'Reviews'), url: listUrl }}
      subTitle={review.status === 'done' ? periodText(review.value.period) : undefined}
      testId={appTestIds.page('review')}
    >
      <RecordState
        state={review}
        loading={t('pages.reviews.detail.loading', 'Loading the review…')}
        failed={t('pages.reviews.detail.load-failed', 'Could not load the review')}
        notFound={{
          message: t('pages.reviews.detail.not-found', 'There is no review {{id}}', { id, interpolation: NO_ESCAPE }),
          backHref: listUrl,
          backLabel: t('pages.reviews.detail.back', 'Back to the reviews'),
          backVariant: 'secondary',
        }}
      >
        {(value) => <ReviewView review={value} onChanged={review.set} onReload={review.reload} />}
      </RecordState>
    </RecordPage>
  );
}

function ReviewView({
  review,
  onChanged,
  onReload,
}: {
  review: Review;
  onChanged: (r: Review) => void;
  onReload: () => void;
}) {
  const [params, setParams] = useSearchParams();
  const tab: TabKey = (TABS as readonly string[]).includes(params.get('tab') ?? '')
    ? (params.get('tab') as TabKey)
    : 'report';
  const select = (key: TabKey) => {
    const next = new URLSearchParams(params);
    if (key === 'report') {
      next.delete('tab');
    } else {
      next.set('tab', key);
    }
    setParams(next);
  };
  return (
    <Stack direction="column" gap={2}>
      <Header review={review} />
      <ReviewActions key={review.id} review={review} onChanged={onChanged} onReload={onReload} />
      <TabsBar>
        {TABS.map((key) => (
          <Tab
            key={key}
            label={tabLabel(key)}
            active={tab === key}
            data-testid={testIds.detail.tab(key)}
            onChangeTab={() => select(key)}
          />
        ))}
      </TabsBar>
      <TabContent>
        {tab === 'report' && <ReportTab review={review} />}
        {tab === 'meeting' && <MeetingTab key={review.id} review={review} onChanged={onChanged} />}
        {tab === 'plans' && <PlansTab review={review} />}
      </TabContent>
    </Stack>
  );
}

function Header({ review }: { review: Review }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.header} data-testid={testIds.detail.header}>
      <ReviewStatusBadge status={review.status} />
      <FactList>
        <dt>{t('pages.reviews.column.period', 'Period')}</dt>
        <dd>{periodText(review.period)}</dd>
        <dt>{t('pages.reviews.column.scope', 'Scope')}</dt>
        <dd>{scopeSummary(review.scope)}</dd>
        <dt>{t('pages.reviews.column.meeting', 'Meeting')}</dt>
        <dd>{formatTime(review.meetingDate)}</dd>
        <dt>{t('pages.reviews.form.participants', 'Participants')}</dt>
        <dd>{review.participants.length ? review.participants.join(', ') : '–'}</dd>
      </FactList>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  header: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1), alignItems: 'flex-start' }),
});
