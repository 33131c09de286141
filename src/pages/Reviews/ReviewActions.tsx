import React, { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { t } from '@grafana/i18n';
import { Alert, ConfirmModal, LinkButton, Stack } from '@grafana/ui';
import { type EngineError, toEngineError } from '../../api/engineClient';
import {
  type DashboardResult,
  type Review,
  deleteReview,
  generateReport,
  publishReviewDashboard,
  refusalReason,
  replaceReview,
  reviewInputOf,
  reviewReportUrl,
} from '../../api/reviews';
import { EngineErrorAlert } from '../../components/EngineErrorAlert/EngineErrorAlert';
import { PermissionButton } from '../../components/PermissionButton/PermissionButton';
import { StaleWriteAlert, WriteRefused } from '../../components/WriteConflict/StaleWrite';
import { APP_CONFIG_URL, ROUTES, prefixRoute } from '../../constants';
import { NO_ESCAPE } from '../../i18n';
import { REVIEW_WRITE } from '../../components/PermissionButton/permissions';
import { reviewStatusLabel } from './labels';
import { testIds } from './testIds';
import { type WriteOutcome, useReviewWrite } from './useReviewWrite';

type Action = 'generate' | 'hold' | 'close' | 'delete';

function actionLabel(action: Action, review: Review): string {
  const labels: Record<Action, string> = {
    generate: review.report
      ? t('pages.reviews.action.regenerate', 'Regenerate report')
      : t('pages.reviews.action.generate', 'Generate report'),
    hold: t('pages.reviews.action.hold', 'Mark held'),
    close: t('pages.reviews.action.close', 'Close review'),
    delete: t('pages.reviews.action.delete', 'Delete'),
  };
  return labels[action];
}

const withStatus = (status: Review['status']) => (r: Review) =>
  replaceReview(r.id, { ...reviewInputOf(r), status }, r.version);

const WRITES: Record<Exclude<Action, 'delete'>, (r: Review) => Promise<Review>> = {
  generate: (r) => generateReport(r.id, r.version),
  hold: withStatus('held'),
  close: withStatus('closed'),
};

/** Why an action cannot be taken in the review's status (the engine would refuse it). */
function blockedReason(action: Action, review: Review): string | undefined {
  if (review.status === 'closed') {
    return t('pages.reviews.action.closed', 'The review is closed');
  }
  if (action === 'hold' && review.status === 'held') {
    return t('pages.reviews.action.already-held', 'Already held');
  }
  if (action === 'close' && review.status === 'scheduled') {
    return t('pages.reviews.action.hold-first', 'Mark the meeting held first');
  }
  return undefined;
}

/**
 * The review's lifecycle and its artefacts: report generation, held → closed (the report is then
 * frozen), the shared dashboard, the downloads and deleting. A closed review offers no write to
 * the review itself.
 */
export function ReviewActions({
  review,
  onChanged,
  onReload,
}: {
  review: Review;
  onChanged: (review: Review) => void;
  onReload: () => void;
}) {
  const navigate = useNavigate();
  const [pending, setPending] = useState<Action | null>(null);
  const [confirming, setConfirming] = useState<'close' | 'delete' | null>(null);
  const write = useReviewWrite(review, onChanged);
  const dashboard = useDashboard(review, onReload);
  const busy = write.outcome.kind === 'busy';
  const open = review.status !== 'closed';

  const perform = (action: Action, base: Review = review) => {
    setPending(action);
    if (action === 'delete') {
      return write.run(async (r) => {
        await deleteReview(r.id, r.version);
        navigate(prefixRoute(ROUTES.Reviews));
        return r;
      }, base);
    }
    return write.run(WRITES[action], base);
  };
  const button = (
    action: Exclude<Action, 'delete'>,
    variant: 'primary' | 'secondary',
    icon: 'file-alt' | 'check' | 'lock'
  ) => (
    <PermissionButton
      action={REVIEW_WRITE}
      variant={variant}
      icon={busy && pending === action ? 'spinner' : icon}
      disabled={busy}
      blockedReason={blockedReason(action, review)}
      onClick={() => (action === 'close' ? setConfirming('close') : perform(action))}
    >
      {actionLabel(action, review)}
    </PermissionButton>
  );

  return (
    <Stack direction="column" gap={1}>
      <div data-testid={testIds.detail.actions}>
        <Stack direction="row" gap={1} alignItems="center" wrap="wrap">
          {open && button('generate', review.report ? 'secondary' : 'primary', 'file-alt')}
          {review.status === 'scheduled' && button('hold', 'secondary', 'check')}
          {open && button('close', review.status === 'held' ? 'primary' : 'secondary', 'lock')}
          <DashboardButtons dashboard={dashboard} />
          <LinkButton variant="secondary" icon="file-blank" href={reviewReportUrl(review.id, 'pdf')} download>
            {t('pages.reviews.export.pdf', 'Export PDF')}
          </LinkButton>
          <LinkButton variant="secondary" icon="file-alt" href={reviewReportUrl(review.id, 'md')} download>
            {t('pages.reviews.export.markdown', 'Export Markdown')}
          </LinkButton>
          {open && (
            <PermissionButton
              action={REVIEW_WRITE}
              variant="destructive"
              fill="outline"
              icon="trash-alt"
              disabled={busy}
              onClick={() => setConfirming('delete')}
            >
              {actionLabel('delete', review)}
            </PermissionButton>
          )}
        </Stack>
      </div>
      {dashboard.state.kind === 'failed' && <DashboardFailure error={dashboard.state.error} />}
      <ConfirmModal
        isOpen={confirming === 'close'}
        title={t('pages.reviews.close.title', 'Close the review?')}
        body={t(
          'pages.reviews.close.body',
          'Closing records the review as it is now: the report is frozen with the figures discussed (generated now if there is none yet), and the minutes, decisions and action items can no longer change. The review cannot be reopened.'
        )}
        confirmText={t('pages.reviews.action.close', 'Close review')}
        onConfirm={() => {
          setConfirming(null);
          perform('close');
        }}
        onDismiss={() => setConfirming(null)}
      />
      <ConfirmModal
        isOpen={confirming === 'delete'}
        title={t('pages.reviews.delete.title', 'Delete the review?')}
        body={t('pages.reviews.delete.body', 'The review “{{title}}”, its report and its minutes are deleted.', {
          title: review.title,
          interpolation: NO_ESCAPE,
        })}
        confirmText={t('pages.reviews.action.delete', 'Delete')}
        onConfirm={() => {
          setConfirming(null);
          perform('delete');
        }}
        onDismiss={() => setConfirming(null)}
      />
      <WriteFeedback
        outcome={write.outcome}
        seen={review}
        what={pending ? actionLabel(pending, review) : ''}
        onReload={(current) => {
          write.reset();
          onChanged(current);
        }}
        onRetry={(current) => {
          onChanged(current);
          if (pending) {
            perform(pending, current);
          }
        }}
      />
    </Stack>
  );
}

function WriteFeedback({
  outcome,
  seen,
  what,
  onReload,
  onRetry,
}: {
  outcome: WriteOutcome;
  seen: Review;
  what: string;
  onReload: (current: Review) => void;
  onRetry: (current: Review) => void;
}) {
  if (outcome.kind === 'failed') {
    const refused = outcome.error.kind === 'conflict' || outcome.error.kind === 'invalid';
    return (
      <WriteRefused
        error={outcome.error}
        title={t('pages.reviews.action.failed', 'The review was not changed')}
        refused={refused}
        testId={testIds.detail.refused}
      />
    );
  }
  if (outcome.kind !== 'conflict') {
    return null;
  }
  const current = outcome.current;
  const reportText = (r: Review) =>
    r.report
      ? t('pages.reviews.report-state.generated', 'Generated')
      : t('pages.reviews.report-state.none', 'Not generated');
  return (
    <StaleWriteAlert
      title={t('pages.reviews.conflict.title', 'The review changed since you opened it')}
      body={t(
        'pages.reviews.conflict.body',
        'Nothing was done: “{{action}}” was meant for version {{seen}}, and the review is now at version {{current}}.',
        { action: what, seen: seen.version, current: current?.version ?? '?', interpolation: NO_ESCAPE }
      )}
      seenLabel={t('pages.reviews.conflict.yours', 'You opened')}
      nowLabel={t('pages.reviews.conflict.current', 'Now')}
      facts={[
        {
          label: t('pages.reviews.column.status', 'Status'),
          seen: reviewStatusLabel(seen.status),
          now: current ? reviewStatusLabel(current.status) : '?',
        },
        {
          label: t('pages.reviews.column.report', 'Report'),
          seen: reportText(seen),
          now: current ? reportText(current) : '?',
        },
        {
          label: t('pages.reviews.conflict.changed-by', 'Last changed by'),
          seen: seen.updatedBy,
          now: current?.updatedBy ?? '?',
        },
      ]}
      reloadLabel={t('pages.reviews.conflict.reload', 'Reload')}
      onReload={current ? () => onReload(current) : undefined}
      reapply={
        current && {
          action: REVIEW_WRITE,
          label: t('pages.reviews.conflict.reapply', 'Apply “{{action}}” to version {{version}}', {
            action: what,
            version: current.version,
            interpolation: NO_ESCAPE,
          }),
          blockedReason:
            current.status === 'closed' ? t('pages.reviews.action.closed', 'The review is closed') : undefined,
          onClick: () => onRetry(current),
        }
      }
    />
  );
}

type DashboardState =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'done'; result: DashboardResult }
  | { kind: 'failed'; error: EngineError };

/** Creates (or updates) the review's dashboard in Grafana; the engine keeps it on the review. */
function useDashboard(review: Review, onReload: () => void) {
  const [state, setState] = useState<DashboardState>({ kind: 'idle' });
  const publish = async () => {
    setState({ kind: 'busy' });
    try {
      setState({ kind: 'done', result: await publishReviewDashboard(review.id) });
      // read the review's new version (it now names the dashboard) before the next write
      onReload();
    } catch (e) {
      setState({ kind: 'failed', error: toEngineError(e) });
    }
  };
  const url = state.kind === 'done' ? state.result.url : review.dashboard?.url;
  return { state, publish, url };
}

/**
 * The engine publishes a closed review's dashboard too (it then shows the agreements of the frozen
 * report): it is Grafana's artefact of the meeting, not part of the review's record.
 */
function DashboardButtons({ dashboard }: { dashboard: ReturnType<typeof useDashboard> }) {
  const { state, publish, url } = dashboard;
  return (
    <>
      <PermissionButton
        action={REVIEW_WRITE}
        variant="secondary"
        icon={state.kind === 'busy' ? 'spinner' : 'apps'}
        disabled={state.kind === 'busy'}
        onClick={publish}
      >
        {url
          ? t('pages.reviews.dashboard.update', 'Update dashboard')
          : t('pages.reviews.dashboard.create', 'Create dashboard')}
      </PermissionButton>
      {url && (
        <LinkButton variant="secondary" icon="external-link-alt" href={url} data-testid={testIds.detail.dashboard}>
          {t('pages.reviews.dashboard.open', 'Open dashboard')}
        </LinkButton>
      )}
    </>
  );
}

function DashboardFailure({ error }: { error: EngineError }) {
  if (refusalReason(error) === 'monitoring_not_connected') {
    return (
      <Alert
        severity="warning"
        title={t('pages.reviews.dashboard.not-connected', 'Monitoring is not connected to Grafana')}
        data-testid="slm-review-dashboard-not-connected"
      >
        <Stack direction="column" gap={1} alignItems="flex-start">
          <span>
            {t(
              'pages.reviews.dashboard.not-connected-body',
              'The engine saves the review’s dashboard through Grafana’s API, with the connection an admin sets up on the app configuration page.'
            )}
          </span>
          <LinkButton href={APP_CONFIG_URL} icon="cog" size="sm" variant="secondary">
            {t('pages.reviews.dashboard.configure', 'Open the app configuration')}
          </LinkButton>
        </Stack>
      </Alert>
    );
  }
  return <EngineErrorAlert error={error} title={t('pages.reviews.dashboard.failed', 'Could not save the dashboard')} />;
}
