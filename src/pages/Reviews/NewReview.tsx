import React, { type SyntheticEvent, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { css } from '@emotion/css';
import { type GrafanaTheme2, type SelectableValue } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Field, Input, MultiSelect, Stack, useStyles2 } from '@grafana/ui';
import { listParties, searchAgreements } from '../../api/agreements';
import { type EngineError, toEngineError } from '../../api/engineClient';
import { type ReviewInput, type ReviewScope, createReview } from '../../api/reviews';
import { listServices } from '../../api/services';
import { EngineErrorAlert } from '../../components/EngineErrorAlert/EngineErrorAlert';
import { partyOption, serviceOption } from '../../components/ListPage/urlFilters';
import { FormButtons, ReadOnlyNotice } from '../../components/RecordForm/RecordFormParts';
import { type FormErrors, NO_ERRORS, formErrors } from '../../components/RecordForm/fieldErrors';
import { GeneralErrors } from '../../components/RecordForm/formParts';
import { SlmPage } from '../../components/SlmPage/SlmPage';
import { ROUTES, prefixRoute, reviewUrl } from '../../constants';
import { useAsync } from '../../hooks/useAsync';
import { fromLocalInput, lastFullMonth } from '../../components/LocalDates/localDates';
import { REVIEW_WRITE } from '../../components/PermissionButton/permissions';
import { MeetingFields } from './MeetingFields';
import { testIds } from './testIds';

/** What the form edits; the meeting time as the `datetime-local` input holds it. */
interface Draft {
  title: string;
  from: string;
  to: string;
  scope: ReviewScope;
  meeting: string;
  participants: string[];
}

const FIELD_PATHS = [
  'title',
  'period.from',
  'period.to',
  'scope.services',
  'scope.parties',
  'scope.agreements',
  'meetingDate',
  'participants',
];

/** The scope from links such as `?service=mail&agreement=SLA-1` (each may repeat). */
export function scopeFromParams(params: URLSearchParams): ReviewScope {
  const all = (key: string) => [
    ...new Set(
      params
        .getAll(key)
        .map((v) => v.trim())
        .filter(Boolean)
    ),
  ];
  return { services: all('service'), parties: all('party'), agreements: all('agreement') };
}

function initialDraft(params: URLSearchParams): Draft {
  const period = lastFullMonth();
  return { title: '', from: period.from, to: period.to, scope: scopeFromParams(params), meeting: '', participants: [] };
}

export function inputOf(draft: Draft): ReviewInput {
  return {
    title: draft.title.trim(),
    scope: draft.scope,
    period: { from: draft.from, to: draft.to },
    meetingDate: fromLocalInput(draft.meeting),
    participants: draft.participants,
    minutes: '',
    decisions: [],
    actionItems: [],
    status: 'scheduled',
  };
}

/** `/reviews/new` */
export function NewReviewPage() {
  return (
    <SlmPage
      pageKey="reviews"
      title={t('pages.reviews.new.title', 'New review')}
      subtitle={t(
        'pages.reviews.new.subtitle',
        'A service level review of one period: which agreements it covers, when the meeting is and who takes part.'
      )}
    >
      <NewReviewForm />
    </SlmPage>
  );
}

type Failure = { kind: 'none' } | { kind: 'fields'; errors: FormErrors } | { kind: 'engine'; error: EngineError };

function NewReviewForm() {
  const styles = useStyles2(getStyles);
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [draft, setDraft] = useState<Draft>(() => initialDraft(params));
  const [failure, setFailure] = useState<Failure>({ kind: 'none' });
  const [busy, setBusy] = useState(false);
  const errors = failure.kind === 'fields' ? failure.errors : NO_ERRORS;
  const err = (path: string) => errors.fields[path];
  const set = (change: Partial<Draft>) => setDraft((d) => ({ ...d, ...change }));
  const setScope = (change: Partial<ReviewScope>) => set({ scope: { ...draft.scope, ...change } });

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure({ kind: 'none' });
    try {
      const created = await createReview(inputOf(draft));
      navigate(reviewUrl(created.id));
    } catch (e) {
      setBusy(false);
      const error = toEngineError(e);
      setFailure(
        error.code === 'validation_failed'
          ? { kind: 'fields', errors: formErrors(error, FIELD_PATHS) }
          : { kind: 'engine', error }
      );
    }
  };

  return (
    <form
      onSubmit={submit}
      className={styles.form}
      data-testid={testIds.form}
      aria-label={t('pages.reviews.form.label', 'Review')}
    >
      <ReadOnlyNotice
        action={REVIEW_WRITE}
        title={t('pages.reviews.form.read-only', 'You can read the reviews but not plan one')}
      />
      <Field label={t('pages.reviews.form.title', 'Title')} invalid={!!err('title')} error={err('title')} required>
        <Input
          id="slm-review-title"
          width={64}
          value={draft.title}
          placeholder={t('pages.reviews.form.title-placeholder', 'e.g. February review — mail')}
          onChange={(e) => set({ title: e.currentTarget.value })}
        />
      </Field>
      <Stack direction="row" gap={2} wrap="wrap">
        <Field
          label={t('pages.reviews.form.from', 'Period from')}
          invalid={!!err('period.from')}
          error={err('period.from')}
          required
        >
          <Input
            id="slm-review-from"
            type="date"
            width={20}
            value={draft.from}
            onChange={(e) => set({ from: e.currentTarget.value })}
          />
        </Field>
        <Field
          label={t('pages.reviews.form.to', 'Period to')}
          description={t('pages.reviews.form.to-help', 'Included')}
          invalid={!!err('period.to')}
          error={err('period.to')}
          required
        >
          <Input
            id="slm-review-to"
            type="date"
            width={20}
            value={draft.to}
            onChange={(e) => set({ to: e.currentTarget.value })}
          />
        </Field>
      </Stack>
      <ScopeFields scope={draft.scope} onChange={setScope} err={err} />
      <MeetingFields
        idPrefix="slm-review"
        draft={draft}
        set={set}
        err={err}
        meetingHelp={t('pages.reviews.form.meeting-help', 'Date and time of the review meeting, if fixed')}
      />
      <GeneralErrors errors={errors} title={t('pages.reviews.form.failed', 'The review was not created')} />
      {failure.kind === 'engine' && (
        <EngineErrorAlert error={failure.error} title={t('pages.reviews.form.failed', 'The review was not created')} />
      )}
      <FormButtons
        action={REVIEW_WRITE}
        busy={busy}
        submitLabel={t('pages.reviews.form.create', 'Create review')}
        cancelLabel={t('pages.reviews.form.cancel', 'Cancel')}
        cancelHref={prefixRoute(ROUTES.Reviews)}
      />
    </form>
  );
}

/** The agreements the review covers: chosen directly, or all those of the chosen services and parties. */
function ScopeFields({
  scope,
  onChange,
  err,
}: {
  scope: ReviewScope;
  onChange: (change: Partial<ReviewScope>) => void;
  err: (path: string) => string | undefined;
}) {
  const options = useScopeOptions();
  const multi = (key: keyof ReviewScope, label: string, placeholder: string) => (
    <Field label={label} invalid={!!err(`scope.${key}`)} error={err(`scope.${key}`)}>
      <MultiSelect<string>
        inputId={`slm-review-scope-${key}`}
        width={64}
        options={withChosen(options[key], scope[key])}
        value={scope[key]}
        placeholder={placeholder}
        onChange={(selected: Array<SelectableValue<string>>) =>
          onChange({ [key]: selected.map((s) => s.value!).filter(Boolean) })
        }
      />
    </Field>
  );
  return (
    <fieldset>
      <legend>{t('pages.reviews.form.scope', 'Scope')}</legend>
      <p>
        {t(
          'pages.reviews.form.scope-help',
          'Agreements in force of the chosen services and parties, and the agreements chosen; nothing chosen covers every agreement in force.'
        )}
      </p>
      {multi(
        'services',
        t('pages.reviews.form.services', 'Services'),
        t('pages.reviews.form.any-service', 'Any service')
      )}
      {multi('parties', t('pages.reviews.form.parties', 'Parties'), t('pages.reviews.form.any-party', 'Any party'))}
      {multi(
        'agreements',
        t('pages.reviews.form.agreements', 'Agreements'),
        t('pages.reviews.form.any-agreement', 'Any agreement')
      )}
    </fieldset>
  );
}

/** Keys already chosen (from a link) stay shown even when the option list does not hold them. */
function withChosen(options: Array<SelectableValue<string>>, chosen: string[]): Array<SelectableValue<string>> {
  const missing = chosen.filter((v) => !options.some((o) => o.value === v)).map((v) => ({ value: v, label: v }));
  return [...missing, ...options];
}

/** Only agreements that were ever in force have anything to review (as the engine's scope). */
const IN_FORCE: readonly string[] = ['active', 'expired', 'terminated'];

type ScopeOptions = Record<keyof ReviewScope, Array<SelectableValue<string>>>;

/** The choices; when a list cannot load its select still keeps what was chosen, and the engine checks it. */
function useScopeOptions(): ScopeOptions {
  const loaded = useAsync(async () => {
    const [services, parties, agreements] = await Promise.allSettled([
      listServices({ limit: 500 }),
      listParties(),
      searchAgreements({ limit: 500 }),
    ]);
    const items = <T,>(r: PromiseSettledResult<{ items: T[] }>): T[] => (r.status === 'fulfilled' ? r.value.items : []);
    return {
      services: items(services).map(serviceOption),
      parties: (parties.status === 'fulfilled' ? parties.value : []).map(partyOption),
      agreements: items(agreements)
        .filter((a) => IN_FORCE.includes(a.state))
        .map((a) => ({ value: a.id, label: a.id, description: `${a.type} · ${a.title}` })),
    };
  }, 'scope-options');
  return loaded.status === 'done' ? loaded.value : { services: [], parties: [], agreements: [] };
}

const getStyles = (theme: GrafanaTheme2) => ({
  form: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
    maxWidth: 900,
    fieldset: { border: 'none', padding: 0, margin: 0 },
    legend: { fontSize: theme.typography.h5.fontSize, marginBottom: theme.spacing(0.5) },
    p: { color: theme.colors.text.secondary, marginBottom: theme.spacing(1) },
  }),
});
