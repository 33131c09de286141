import React, { useState } from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2, type SelectableValue } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Field, LoadingPlaceholder, Select, Stack, Text, TextArea, useStyles2 } from '@grafana/ui';
import { type AgreementDetail, addComment, listComments } from '../../api/agreements';
import { type EngineError, toEngineError } from '../../api/engineClient';
import { EngineErrorAlert } from '../../components/EngineErrorAlert/EngineErrorAlert';
import { PermissionButton } from '../../components/PermissionButton/PermissionButton';
import { AGREEMENT_ACTION } from '../../components/PermissionButton/permissions';
import { NO_ESCAPE } from '../../i18n';
import { formatTime } from './labels';
import { useAsync } from '../../hooks/useAsync';

/** Negotiation comments, oldest first, and a form to add one (Ctrl/Cmd+Enter sends). */
export function NegotiationTab({ agreement }: { agreement: AgreementDetail }) {
  const styles = useStyles2(getStyles);
  const comments = useAsync(() => listComments(agreement.id), `${agreement.id}@${agreement.version}`);
  const [body, setBody] = useState('');
  const [targetId, setTargetId] = useState<string | undefined>();
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<EngineError | null>(null);

  const send = async () => {
    if (!body.trim() || sending) {
      return;
    }
    setSending(true);
    setError(null);
    try {
      await addComment(agreement.id, body.trim(), targetId);
      setBody('');
      comments.reload();
    } catch (e) {
      setError(toEngineError(e));
    } finally {
      setSending(false);
    }
  };

  const fieldError = fieldMessage(error);
  return (
    <Stack direction="column" gap={2}>
      {comments.status === 'loading' && <LoadingPlaceholder text={t('pages.agreements.detail.comments.loading', 'Loading comments…')} />}
      {comments.status === 'error' && (
        <EngineErrorAlert error={comments.error} title={t('pages.agreements.detail.comments.load-failed', 'Could not load the comments')} />
      )}
      {comments.status === 'done' && comments.value.length === 0 && (
        <Text color="secondary" element="p">
          {t('pages.agreements.detail.comments.empty', 'No comments yet. Parties discuss the draft here before it is sent for signature.')}
        </Text>
      )}
      {comments.status === 'done' && comments.value.length > 0 && (
        <ol className={styles.comments} data-testid="slm-comments">
          {comments.value.map((c) => (
            <li key={c.id} className={styles.comment}>
              <div className={styles.meta}>
                <strong>{c.user}</strong> · {formatTime(c.createdAt)} ·{' '}
                {t('pages.agreements.detail.comments.on-revision', 'revision {{revision}}', { revision: c.revision, interpolation: NO_ESCAPE })}
                {c.targetId ? ` · ${t('pages.agreements.detail.comments.on-target', 'target {{target}}', { target: c.targetId, interpolation: NO_ESCAPE })}` : ''}
              </div>
              <div className={styles.body}>{c.body}</div>
            </li>
          ))}
        </ol>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          send();
        }}
      >
        <Field
          label={t('pages.agreements.detail.comments.label', 'Add a comment')}
          description={t('pages.agreements.detail.comments.hint', 'Ctrl+Enter or ⌘+Enter sends the comment.')}
          invalid={!!fieldError}
          error={fieldError}
        >
          <TextArea
            id="slm-comment-body"
            value={body}
            rows={3}
            onChange={(e) => setBody(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                send();
              }
            }}
          />
        </Field>
        <Stack direction="row" gap={1} alignItems="center">
          <Select
            aria-label={t('pages.agreements.detail.comments.target', 'About target')}
            placeholder={t('pages.agreements.detail.comments.any-target', 'The whole agreement')}
            width={30}
            isClearable
            value={targetId ?? null}
            options={agreement.document.spec.targets.map((tg) => ({ value: tg.id, label: tg.name ? `${tg.id} — ${tg.name}` : tg.id }))}
            onChange={(v: SelectableValue<string> | null) => setTargetId(v?.value)}
          />
          <PermissionButton
            action={AGREEMENT_ACTION.manage}
            type="submit"
            icon={sending ? 'spinner' : 'comment-alt'}
            disabled={sending || !body.trim()}
          >
            {t('pages.agreements.detail.comments.send', 'Comment')}
          </PermissionButton>
        </Stack>
      </form>
      {error && !fieldError && <EngineErrorAlert error={error} title={t('pages.agreements.detail.comments.failed', 'The comment was not saved')} />}
    </Stack>
  );
}

/** A validation error about the comment's text, shown next to the field. */
function fieldMessage(error: EngineError | null): string | undefined {
  if (!error || error.kind !== 'invalid') {
    return undefined;
  }
  const issues = (error.details as { issues?: Array<{ path: string; message: string }> } | undefined)?.issues ?? [];
  const issue = issues.find((i) => i.path === 'body' || i.path === 'targetId');
  return issue ? issue.message : error.message;
}

const getStyles = (theme: GrafanaTheme2) => ({
  comments: css({ listStyle: 'none', padding: 0, margin: 0, display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  comment: css({
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(1, 2),
    background: theme.colors.background.secondary,
  }),
  meta: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  body: css({ whiteSpace: 'pre-wrap', marginTop: theme.spacing(0.5) }),
});
