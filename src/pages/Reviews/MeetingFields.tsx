import React from 'react';
import { t } from '@grafana/i18n';
import { Field, Input, TagsInput } from '@grafana/ui';

export interface MeetingDraft {
  /** `datetime-local` input value. */
  meeting: string;
  participants: string[];
}

/** When the review meets and who takes part: the same two fields when planning and in the minutes. */
export function MeetingFields(props: {
  idPrefix: string;
  draft: MeetingDraft;
  set: (change: Partial<MeetingDraft>) => void;
  err: (path: string) => string | undefined;
  meetingHelp?: string;
}) {
  const { idPrefix, draft, set, err, meetingHelp } = props;
  return (
    <>
      <Field
        label={t('pages.reviews.form.meeting', 'Meeting')}
        description={meetingHelp}
        invalid={!!err('meetingDate')}
        error={err('meetingDate')}
      >
        <Input
          id={`${idPrefix}-meeting`}
          type="datetime-local"
          width={28}
          value={draft.meeting}
          onChange={(e) => set({ meeting: e.currentTarget.value })}
        />
      </Field>
      <Field
        label={t('pages.reviews.form.participants', 'Participants')}
        description={t('pages.reviews.form.participants-help', 'Type a name and press Enter')}
        invalid={!!err('participants')}
        error={err('participants')}
      >
        <TagsInput
          id={`${idPrefix}-participants`}
          tags={draft.participants}
          onChange={(participants) => set({ participants })}
          addOnBlur
          maxLength={200}
          width={64}
        />
      </Field>
    </>
  );
}
