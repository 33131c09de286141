import React, { type SyntheticEvent, useState } from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Alert, Checkbox, Field, Input, Text, TextArea, useStyles2 } from '@grafana/ui';
import { type EngineError, toEngineError } from '../../api/engineClient';
import { type ActionItem, type Review, getReview, replaceReview, reviewInputOf } from '../../api/reviews';
import { FactList, RecordTable } from '../../components/DetailPage/DetailPage';
import { formatTime } from '../../components/Monitoring/format';
import { PermissionButton } from '../../components/PermissionButton/PermissionButton';
import { RowField, RowsEditor } from '../../components/RecordForm/RecordFormParts';
import { type FormErrors, NO_ERRORS, formErrors } from '../../components/RecordForm/fieldErrors';
import {
  ConflictPanel,
  type ConflictRow,
  GeneralErrors,
  TextListEditor,
  listText,
} from '../../components/RecordForm/formParts';
import { reapply, sameValue } from '../../components/RecordForm/reapply';
import { WriteRefused } from '../../components/WriteConflict/StaleWrite';
import { NO_ESCAPE } from '../../i18n';
import { fromLocalInput, toLocalInput } from '../../components/LocalDates/localDates';
import { REVIEW_WRITE } from '../../components/PermissionButton/permissions';
import { MeetingFields } from './MeetingFields';
import { testIds } from './testIds';

/** The meeting part of a review, as the form edits it (the meeting time as the local input holds it). */
interface Meeting {
  meeting: string;
  participants: string[];
  minutes: string;
  decisions: string[];
  actionItems: ActionItem[];
}

export function meetingOf(review: Review): Meeting {
  return {
    meeting: toLocalInput(review.meetingDate),
    participants: review.participants,
    minutes: review.minutes,
    decisions: review.decisions,
    actionItems: review.actionItems,
  };
}

/** Blank rows are dropped (and from the form, so the engine's messages keep their row numbers). */
function cleaned(m: Meeting): Meeting {
  return {
    ...m,
    decisions: m.decisions.filter((d) => d.trim() !== ''),
    actionItems: m.actionItems
      .filter((a) => a.text.trim() !== '' || (a.owner ?? '').trim() !== '' || (a.due ?? '') !== '')
      .map((a) => ({
        text: a.text.trim(),
        ...(a.owner?.trim() ? { owner: a.owner.trim() } : {}),
        ...(a.due ? { due: a.due } : {}),
        done: a.done,
      })),
  };
}

function fieldPaths(m: Meeting): string[] {
  return [
    'meetingDate',
    'participants',
    'minutes',
    ...m.decisions.map((_, i) => `decisions.${i}`),
    'decisions',
    ...m.actionItems.flatMap((_, i) => ['text', 'owner', 'due'].map((f) => `actionItems.${i}.${f}`)),
    'actionItems',
  ];
}

type Failure =
  | { kind: 'none' }
  | { kind: 'saved' }
  | { kind: 'fields'; errors: FormErrors }
  | { kind: 'engine'; error: EngineError }
  | { kind: 'conflict'; mine: Meeting; latest: Review };

/** Participants, minutes, decisions and action items; read-only once the review is closed. */
export function MeetingTab({ review, onChanged }: { review: Review; onChanged: (review: Review) => void }) {
  return review.status === 'closed' ? (
    <ClosedMeeting review={review} />
  ) : (
    <MeetingForm review={review} onChanged={onChanged} />
  );
}

function MeetingForm({ review, onChanged }: { review: Review; onChanged: (review: Review) => void }) {
  const styles = useStyles2(getStyles);
  const [base, setBase] = useState(review);
  const [draft, setDraft] = useState(() => meetingOf(review));
  const [failure, setFailure] = useState<Failure>({ kind: 'none' });
  const [busy, setBusy] = useState(false);
  if (review !== base && review.id === base.id && review.version !== base.version) {
    // another action on this page (a report, the status) wrote the review: follow its version when
    // the meeting did not change, or when there is no edit of ours to keep
    if (sameValue(meetingOf(review), meetingOf(base))) {
      setBase(review);
    } else if (sameValue(draft, meetingOf(base))) {
      setBase(review);
      setDraft(meetingOf(review));
    }
  }
  const errors = failure.kind === 'fields' ? failure.errors : NO_ERRORS;
  const err = (path: string) => errors.fields[path];
  const set = (change: Partial<Meeting>) => {
    setDraft((d) => ({ ...d, ...change }));
    if (failure.kind === 'saved') {
      setFailure({ kind: 'none' });
    }
  };

  const save = async (mine: Meeting, on: Review) => {
    setBusy(true);
    setFailure({ kind: 'none' });
    const input = {
      ...reviewInputOf(on),
      meetingDate: fromLocalInput(mine.meeting),
      participants: mine.participants,
      minutes: mine.minutes,
      decisions: mine.decisions,
      actionItems: mine.actionItems,
    };
    try {
      const saved = await replaceReview(on.id, input, on.version);
      setBase(saved);
      setDraft(meetingOf(saved));
      setFailure({ kind: 'saved' });
      onChanged(saved);
    } catch (e) {
      const error = toEngineError(e);
      if (error.code === 'version_conflict') {
        const latest = await getReview(on.id).catch(() => null);
        setFailure(latest ? { kind: 'conflict', mine, latest } : { kind: 'engine', error });
      } else if (error.code === 'validation_failed') {
        setFailure({ kind: 'fields', errors: formErrors(error, fieldPaths(mine)) });
      } else {
        setFailure({ kind: 'engine', error });
      }
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const mine = cleaned(draft);
    setDraft(mine);
    save(mine, base);
  };

  return (
    <form
      className={styles.form}
      onSubmit={submit}
      data-testid={testIds.meeting.form}
      aria-label={t('pages.reviews.meeting.label', 'Meeting')}
    >
      <MeetingFields idPrefix="slm-meeting" draft={draft} set={set} err={err} />
      <Field label={t('pages.reviews.meeting.minutes', 'Minutes')} invalid={!!err('minutes')} error={err('minutes')}>
        <TextArea
          id="slm-meeting-minutes"
          rows={8}
          value={draft.minutes}
          onChange={(e) => set({ minutes: e.currentTarget.value })}
        />
      </Field>
      <TextListEditor
        id="decisions"
        label={t('pages.reviews.meeting.decisions', 'Decisions')}
        addLabel={t('pages.reviews.meeting.add-decision', 'Add a decision')}
        values={draft.decisions}
        onChange={(decisions) => set({ decisions })}
        errors={errors}
        multiline
      />
      <ActionItemsEditor items={draft.actionItems} onChange={(actionItems) => set({ actionItems })} errors={errors} />
      <GeneralErrors errors={errors} title={t('pages.reviews.meeting.failed', 'The meeting notes were not saved')} />
      {failure.kind === 'engine' && (
        <WriteRefused
          error={failure.error}
          title={t('pages.reviews.meeting.failed', 'The meeting notes were not saved')}
          refused={failure.error.kind === 'conflict'}
          testId={testIds.detail.refused}
        />
      )}
      {failure.kind === 'conflict' && (
        <ConflictPanel
          rows={conflictRows(failure.mine, meetingOf(failure.latest))}
          seenVersion={base.version}
          latestVersion={failure.latest.version}
          latestBy={failure.latest.updatedBy}
          action={REVIEW_WRITE}
          busy={busy}
          onReapply={() => {
            const merged = reapply(meetingOf(base), failure.mine, meetingOf(failure.latest));
            setBase(failure.latest);
            setDraft(merged);
            onChanged(failure.latest);
            save(merged, failure.latest);
          }}
          onDiscard={() => {
            setBase(failure.latest);
            setDraft(meetingOf(failure.latest));
            setFailure({ kind: 'none' });
            onChanged(failure.latest);
          }}
        />
      )}
      {failure.kind === 'saved' && (
        <Alert
          severity="success"
          title={t('pages.reviews.meeting.saved', 'Saved as version {{version}}', { version: base.version })}
        />
      )}
      <div>
        <PermissionButton action={REVIEW_WRITE} type="submit" icon={busy ? 'spinner' : 'save'} disabled={busy}>
          {t('pages.reviews.meeting.save', 'Save meeting notes')}
        </PermissionButton>
      </div>
    </form>
  );
}

function conflictRows(mine: Meeting, latest: Meeting): ConflictRow[] {
  const items = (list: ActionItem[]) => listText(list.map(actionItemText));
  return [
    {
      field: 'meeting',
      label: t('pages.reviews.form.meeting', 'Meeting'),
      yours: mine.meeting || '—',
      latest: latest.meeting || '—',
    },
    {
      field: 'participants',
      label: t('pages.reviews.form.participants', 'Participants'),
      yours: listText(mine.participants),
      latest: listText(latest.participants),
    },
    {
      field: 'minutes',
      label: t('pages.reviews.meeting.minutes', 'Minutes'),
      yours: mine.minutes || '—',
      latest: latest.minutes || '—',
    },
    {
      field: 'decisions',
      label: t('pages.reviews.meeting.decisions', 'Decisions'),
      yours: listText(mine.decisions),
      latest: listText(latest.decisions),
    },
    {
      field: 'actionItems',
      label: t('pages.reviews.meeting.action-items', 'Action items'),
      yours: items(mine.actionItems),
      latest: items(latest.actionItems),
    },
  ];
}

function actionItemText(a: ActionItem): string {
  const who = [a.owner, a.due].filter(Boolean).join(', ');
  return `${a.done ? '✓ ' : ''}${a.text}${who ? ` (${who})` : ''}`;
}

function ActionItemsEditor({
  items,
  onChange,
  errors,
}: {
  items: ActionItem[];
  onChange: (items: ActionItem[]) => void;
  errors: FormErrors;
}) {
  const styles = useStyles2(getStyles);
  const err = (path: string) => errors.fields[path];
  const rowName = (index: number) => t('pages.reviews.meeting.action-item', 'Action item {{n}}', { n: index + 1 });
  return (
    <RowsEditor<ActionItem>
      label={t('pages.reviews.meeting.action-items', 'Action items')}
      error={err('actionItems')}
      testId={testIds.meeting.actionItems}
      rows={items}
      onChange={onChange}
      newRow={() => ({ text: '', done: false })}
      addLabel={t('pages.reviews.meeting.add-action-item', 'Add an action item')}
      removeLabel={(index) =>
        t('pages.reviews.meeting.remove-action-item', 'Remove {{row}}', {
          row: rowName(index),
          interpolation: NO_ESCAPE,
        })
      }
      rowGroup={(index) => ({ label: rowName(index) })}
    >
      {(row, index, update) => (
        <>
          <RowField
            label={t('pages.reviews.meeting.item-text', 'What')}
            id={`slm-action-${index}-text`}
            error={err(`actionItems.${index}.text`)}
            value={row.text}
            width={48}
            onChange={(text) => update({ text })}
          />
          <RowField
            label={t('pages.reviews.meeting.item-owner', 'Owner')}
            id={`slm-action-${index}-owner`}
            error={err(`actionItems.${index}.owner`)}
            value={row.owner}
            width={20}
            onChange={(owner) => update({ owner })}
          />
          <Field
            label={t('pages.reviews.meeting.item-due', 'Due')}
            invalid={!!err(`actionItems.${index}.due`)}
            error={err(`actionItems.${index}.due`)}
            className={styles.tight}
          >
            <Input
              id={`slm-action-${index}-due`}
              type="date"
              width={18}
              value={row.due ?? ''}
              onChange={(e) => update({ due: e.currentTarget.value })}
            />
          </Field>
          <Checkbox
            label={t('pages.reviews.meeting.item-done', 'Done')}
            value={row.done}
            onChange={(e) => update({ done: e.currentTarget.checked })}
          />
        </>
      )}
    </RowsEditor>
  );
}

/** The record of a closed review: what was said, decided and given to whom. */
function ClosedMeeting({ review }: { review: Review }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.form} data-testid={testIds.meeting.form} data-read-only="true">
      <Alert
        severity="info"
        title={t('pages.reviews.meeting.closed', 'The review is closed: its minutes can no longer change')}
      />
      <FactList>
        <dt>{t('pages.reviews.form.meeting', 'Meeting')}</dt>
        <dd>{formatTime(review.meetingDate)}</dd>
        <dt>{t('pages.reviews.form.participants', 'Participants')}</dt>
        <dd>{listText(review.participants)}</dd>
      </FactList>
      <Text element="h3" variant="h5">
        {t('pages.reviews.meeting.minutes', 'Minutes')}
      </Text>
      <div className={styles.minutes}>{review.minutes || '—'}</div>
      <Text element="h3" variant="h5">
        {t('pages.reviews.meeting.decisions', 'Decisions')}
      </Text>
      {review.decisions.length ? (
        <ol data-testid={testIds.meeting.decisions}>
          {review.decisions.map((d, i) => (
            <li key={i}>{d}</li>
          ))}
        </ol>
      ) : (
        <Text color="secondary">—</Text>
      )}
      <Text element="h3" variant="h5">
        {t('pages.reviews.meeting.action-items', 'Action items')}
      </Text>
      {review.actionItems.length ? (
        <RecordTable
          testId={testIds.meeting.actionItems}
          headers={[
            t('pages.reviews.meeting.item-text', 'What'),
            t('pages.reviews.meeting.item-owner', 'Owner'),
            t('pages.reviews.meeting.item-due', 'Due'),
            t('pages.reviews.meeting.item-done', 'Done'),
          ]}
        >
          {review.actionItems.map((a, i) => (
            <tr key={i}>
              <td>{a.text}</td>
              <td>{a.owner ?? '–'}</td>
              <td>{a.due ?? '–'}</td>
              <td>{a.done ? '✓' : '–'}</td>
            </tr>
          ))}
        </RecordTable>
      ) : (
        <Text color="secondary">—</Text>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  form: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1), maxWidth: 960 }),
  minutes: css({ whiteSpace: 'pre-wrap' }),
  tight: css({ marginBottom: 0 }),
});
