import React, { useMemo } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { css } from '@emotion/css';
import { type GrafanaTheme2, type SelectableValue } from '@grafana/data';
import { t } from '@grafana/i18n';
import {
  Checkbox,
  Field,
  Input,
  MultiSelect,
  RadioButtonGroup,
  Select,
  Stack,
  TextArea,
  useStyles2,
} from '@grafana/ui';
import { getAgreementDetail, searchAgreements } from '../../api/agreements';
import { listBreaches } from '../../api/breaches';
import { PLAN_STATUSES, type Plan, type PlanStatus, createPlan, getPlan, replacePlan } from '../../api/plans';
import { StaleVersionError } from '../../api/engineClient';
import { RecordState } from '../../components/DetailPage/DetailPage';
import { withCurrent } from '../../components/ListPage/ListPage';
import { formatPercent } from '../../components/Monitoring/format';
import { type ConflictRow, listText } from '../../components/RecordForm/formParts';
import { FormButtons, ReadOnlyNotice, RowsEditor, SaveFeedback } from '../../components/RecordForm/RecordFormParts';
import { type RecordForm, useRecordForm } from '../../components/RecordForm/useRecordForm';
import { SlmPage } from '../../components/SlmPage/SlmPage';
import { ROUTES, planUrl, prefixRoute } from '../../constants';
import { useAsync } from '../../hooks/useAsync';
import { NO_ESCAPE } from '../../i18n';
import { PLAN_WRITE } from '../../components/PermissionButton/permissions';
import { type PlanDraft, cleaned, draftFromParams, draftOf, fieldPaths, inputOfDraft } from './draft';
import { goalText, planStatusLabel } from './labels';
import { planTestIds } from './testIds';

const ids = planTestIds.form;
const listUrl = () => prefixRoute(ROUTES.ImprovementPlans);

/** useRecordForm navigates by `key`; a plan is known by its `id`. */
type KeyedPlan = Plan & { key: string };
const keyed = (plan: Plan): KeyedPlan => ({ ...plan, key: plan.id });

async function keyedWrite(write: () => Promise<Plan>): Promise<KeyedPlan> {
  try {
    return keyed(await write());
  } catch (e) {
    throw e instanceof StaleVersionError ? new StaleVersionError(keyed(e.current as Plan), e.error) : e;
  }
}

/** `plans/new`, prefilled from the link of a review or breach (`?review=&agreement=&target=&breach=`). */
export function NewPlanPage() {
  const [params] = useSearchParams();
  const initial = useMemo(() => draftFromParams(params), [params]);
  return (
    <SlmPage
      pageKey="plans"
      title={t('pages.plans.form.new-title', 'New improvement plan')}
      subtitle={t(
        'pages.plans.form.new-subtitle',
        'What to improve, to what level and by when; how, and who is responsible.'
      )}
    >
      <PlanForm key={params.toString()} initial={initial} />
    </SlmPage>
  );
}

/** `plans/:id/edit`: the form once the plan is loaded. */
export function EditPlanPage() {
  const id = useParams().id ?? '';
  const plan = useAsync(() => getPlan(id), id);
  return (
    <SlmPage
      pageKey="plans"
      title={t('pages.plans.form.edit-title', 'Edit {{title}}', {
        title: plan.status === 'done' ? plan.value.title : id,
        interpolation: NO_ESCAPE,
      })}
      subtitle={id}
    >
      <RecordState
        state={plan}
        loading={t('pages.plans.detail.loading', 'Loading the plan…')}
        failed={t('pages.plans.detail.load-failed', 'Could not load the plan')}
        notFound={{
          message: t('pages.plans.detail.not-found', 'There is no improvement plan {{id}}', {
            id,
            interpolation: NO_ESCAPE,
          }),
          backHref: listUrl(),
          backLabel: t('pages.plans.detail.back', 'Back to the improvement plans'),
        }}
      >
        {(value) => <PlanForm initial={draftOf(value)} base={keyed(value)} />}
      </RecordState>
    </SlmPage>
  );
}

/**
 * The plan form, new or edit. The engine validates; its messages go next to the fields. An edit is
 * sent with the version it started from, so a concurrent save shows both versions.
 */
export function PlanForm({ initial, base }: { initial: PlanDraft; base?: KeyedPlan }) {
  const styles = useStyles2(getStyles);
  const form = useRecordForm<PlanDraft, KeyedPlan>({
    initial,
    base,
    inputOf: draftOf,
    cleaned,
    fieldPaths,
    create: (draft) => keyedWrite(() => createPlan(inputOfDraft(draft))),
    replace: (draft, version) => keyedWrite(() => replacePlan(base?.id ?? draft.id, inputOfDraft(draft), version)),
    urlOf: planUrl,
    keyTaken: () => t('pages.plans.form.id-taken', 'There is a plan with this id already'),
  });
  const { draft, set, err, editing } = form;

  return (
    <form
      onSubmit={form.submit}
      data-testid={ids.form}
      aria-label={t('pages.plans.form.label', 'Improvement plan')}
      className={styles.form}
    >
      <ReadOnlyNotice
        action={PLAN_WRITE}
        title={t('pages.plans.form.read-only', 'You can read the improvement plans but not change them')}
      />
      <Stack direction="row" gap={2} wrap="wrap">
        <Field label={t('pages.plans.form.title', 'Title')} invalid={!!err('title')} error={err('title')} required>
          <Input
            id={ids.title}
            width={60}
            value={draft.title}
            onChange={(e) => set({ title: e.currentTarget.value })}
          />
        </Field>
        {!editing && (
          <Field
            label={t('pages.plans.form.id', 'Plan id')}
            description={t('pages.plans.form.id-description', 'Optional, e.g. PLAN-12; generated when empty')}
            invalid={!!(err('id') ?? err('key'))}
            error={err('id') ?? err('key')}
          >
            <Input id={ids.id} width={24} value={draft.id} onChange={(e) => set({ id: e.currentTarget.value })} />
          </Field>
        )}
      </Stack>
      <GoalFields form={form} />
      <MeasuresEditor form={form} />
      <Stack direction="row" gap={2} wrap="wrap">
        <Field
          label={t('pages.plans.form.owner', 'Owner')}
          description={t('pages.plans.form.owner-description', 'A user login or a team')}
          invalid={!!err('owner')}
          error={err('owner')}
          required
        >
          <Input
            id={ids.owner}
            width={30}
            value={draft.owner}
            onChange={(e) => set({ owner: e.currentTarget.value })}
          />
        </Field>
        <Field label={t('pages.plans.form.due-date', 'Due date')} invalid={!!err('dueDate')} error={err('dueDate')}>
          <Input
            id={ids.dueDate}
            type="date"
            width={20}
            value={draft.dueDate}
            onChange={(e) => set({ dueDate: e.currentTarget.value })}
          />
        </Field>
        <Field label={t('pages.plans.form.status', 'Status')} invalid={!!err('status')} error={err('status')}>
          <RadioButtonGroup<PlanStatus>
            id={ids.status}
            value={draft.status}
            onChange={(status) => set({ status })}
            options={PLAN_STATUSES.map((value) => ({ value, label: planStatusLabel(value) }))}
          />
        </Field>
      </Stack>
      <LinkFields form={form} />
      <SaveFeedback
        form={form}
        failedTitle={t('pages.plans.form.failed', 'The plan was not saved')}
        action={PLAN_WRITE}
        conflictRows={conflictRows}
      />
      <FormButtons
        action={PLAN_WRITE}
        busy={form.busy}
        submitLabel={editing ? t('pages.plans.form.save', 'Save') : t('pages.plans.form.create', 'Create plan')}
        cancelLabel={t('pages.plans.form.cancel', 'Cancel')}
        cancelHref={base ? planUrl(base.id) : listUrl()}
      />
    </form>
  );
}

type Form = RecordForm<PlanDraft, KeyedPlan>;

/** Which target, to what level, by when: the target chosen among the agreement's targets. */
function GoalFields({ form }: { form: Form }) {
  const styles = useStyles2(getStyles);
  const { draft, set, err } = form;
  const agreements = useAsync(() => searchAgreements({ limit: 500 }), 'agreements');
  const detail = useAsync(
    () => (draft.agreementId ? getAgreementDetail(draft.agreementId) : Promise.resolve(null)),
    draft.agreementId
  );
  const agreementOptions: Array<SelectableValue<string>> =
    agreements.status === 'done'
      ? agreements.value.items.map((a) => ({ value: a.id, label: a.id, description: a.title }))
      : [];
  const targets = detail.status === 'done' && detail.value ? detail.value.document.spec.targets : [];
  const targetOptions = targets.map((target) => ({
    value: target.id,
    label: target.name ?? target.id,
    description: t('pages.plans.form.target-objective', '{{id}}, objective {{objective}}', {
      id: target.id,
      objective: formatPercent(target.objective),
      interpolation: NO_ESCAPE,
    }),
  }));
  const chosen = targets.find((target) => target.id === draft.targetId);
  return (
    <fieldset className={styles.fieldset}>
      <legend>{t('pages.plans.form.goal', 'Goal')}</legend>
      <Stack direction="row" gap={2} wrap="wrap">
        <Field
          label={t('pages.plans.form.agreement', 'Agreement')}
          invalid={!!err('goal.agreementId')}
          error={err('goal.agreementId')}
        >
          <Select
            inputId={ids.agreement}
            width={32}
            isClearable
            isLoading={agreements.status === 'loading'}
            placeholder={t('pages.plans.form.agreement-placeholder', 'Choose an agreement')}
            value={draft.agreementId || null}
            options={withCurrent(agreementOptions, draft.agreementId)}
            onChange={(v: SelectableValue<string> | null) => set({ agreementId: v?.value ?? '', targetId: '' })}
          />
        </Field>
        <Field
          label={t('pages.plans.form.target', 'Target')}
          invalid={!!err('goal.targetId')}
          error={err('goal.targetId') ?? (detail.status === 'error' ? detail.error.message : undefined)}
        >
          <Select
            inputId={ids.target}
            width={32}
            isClearable
            disabled={!draft.agreementId}
            isLoading={!!draft.agreementId && detail.status === 'loading'}
            placeholder={t('pages.plans.form.target-placeholder', 'Choose a target')}
            value={draft.targetId || null}
            options={withCurrent(targetOptions, draft.targetId)}
            onChange={(v: SelectableValue<string> | null) => set({ targetId: v?.value ?? '' })}
          />
        </Field>
        <Field
          label={t('pages.plans.form.objective', 'Level to reach (%)')}
          description={
            chosen
              ? t('pages.plans.form.objective-default', 'Empty: the target’s objective, {{objective}}', {
                  objective: formatPercent(chosen.objective),
                  interpolation: NO_ESCAPE,
                })
              : t('pages.plans.form.objective-description', 'Empty: the target’s objective')
          }
          invalid={!!err('goal.objective')}
          error={err('goal.objective')}
        >
          <Input
            id={ids.objective}
            type="number"
            step="any"
            width={16}
            value={draft.objective}
            onChange={(e) => set({ objective: e.currentTarget.value })}
          />
        </Field>
        <Field
          label={t('pages.plans.form.by', 'Reached by')}
          description={t('pages.plans.form.by-description', 'Empty: the due date')}
          invalid={!!err('goal.by')}
          error={err('goal.by')}
        >
          <Input
            id={ids.by}
            type="date"
            width={20}
            value={draft.by}
            onChange={(e) => set({ by: e.currentTarget.value })}
          />
        </Field>
      </Stack>
      <Field
        label={t('pages.plans.form.description', 'Description')}
        invalid={!!err('goal.description')}
        error={err('goal.description')}
      >
        <TextArea
          id={ids.description}
          rows={3}
          value={draft.description}
          onChange={(e) => set({ description: e.currentTarget.value })}
        />
      </Field>
    </fieldset>
  );
}

function MeasuresEditor({ form }: { form: Form }) {
  const styles = useStyles2(getStyles);
  const { draft, set, err } = form;
  const rowName = (index: number) => t('pages.plans.form.measure-row', 'Measure {{n}}', { n: index + 1 });
  return (
    <RowsEditor
      label={t('pages.plans.form.measures', 'Measures')}
      description={t('pages.plans.form.measures-description', 'What will be done; tick a measure once it is done')}
      error={err('measures')}
      testId={ids.measures}
      rows={draft.measures}
      onChange={(measures) => set({ measures })}
      newRow={() => ({ text: '', done: false })}
      addLabel={t('pages.plans.form.add-measure', 'Add a measure')}
      removeLabel={(index) => t('pages.plans.form.remove-measure', 'Remove measure {{n}}', { n: index + 1 })}
      rowGroup={(index) => ({ label: rowName(index) })}
    >
      {(measure, index, update) => (
        <>
          <Field
            invalid={!!err(`measures.${index}.text`)}
            error={err(`measures.${index}.text`)}
            className={styles.tight}
          >
            <Input
              id={`${ids.measure}-${index}`}
              aria-label={rowName(index)}
              width={60}
              value={measure.text}
              onChange={(e) => update({ text: e.currentTarget.value })}
            />
          </Field>
          <Checkbox
            label={t('pages.plans.form.measure-done', 'Done')}
            value={measure.done}
            onChange={(e) => update({ done: e.currentTarget.checked })}
          />
        </>
      )}
    </RowsEditor>
  );
}

/** The breaches and reviews that motivated the plan; ids typed in are kept too (the engine checks them). */
function LinkFields({ form }: { form: Form }) {
  const { draft, set, err } = form;
  const breaches = useAsync(
    () => (draft.agreementId ? listBreaches({ agreement: draft.agreementId, limit: 100 }) : Promise.resolve(null)),
    draft.agreementId
  );
  const breachOptions: Array<SelectableValue<string>> =
    breaches.status === 'done' && breaches.value
      ? breaches.value.items.map((b) => ({
          value: b.id,
          label: `${b.targetId} · ${b.period.from.slice(0, 10)} – ${b.period.to.slice(0, 10)}`,
          description: b.id,
        }))
      : [];
  return (
    <Stack direction="row" gap={2} wrap="wrap">
      <Field
        label={t('pages.plans.form.breaches', 'Breaches')}
        description={t('pages.plans.form.breaches-description', 'Breaches of the goal’s agreement, or a breach id')}
        invalid={!!err('links.breaches')}
        error={err('links.breaches')}
      >
        <IdsSelect
          inputId={ids.breaches}
          value={draft.breaches}
          options={breachOptions}
          onChange={(v) => set({ breaches: v })}
        />
      </Field>
      <Field
        label={t('pages.plans.form.reviews', 'Reviews')}
        description={t('pages.plans.form.reviews-description', 'Review ids')}
        invalid={!!err('links.reviews')}
        error={err('links.reviews')}
      >
        <IdsSelect inputId={ids.reviews} value={draft.reviews} options={[]} onChange={(v) => set({ reviews: v })} />
      </Field>
    </Stack>
  );
}

function IdsSelect({
  inputId,
  value,
  options,
  onChange,
}: {
  inputId: string;
  value: string[];
  options: Array<SelectableValue<string>>;
  onChange: (value: string[]) => void;
}) {
  const all = value.reduce((list, v) => withCurrent(list, v), options);
  return (
    <MultiSelect<string>
      inputId={inputId}
      width={48}
      allowCustomValue
      options={all}
      value={value}
      placeholder={t('pages.plans.form.ids-placeholder', 'Choose or type an id')}
      onChange={(selected: Array<SelectableValue<string>>) => onChange(selected.map((s) => s.value!).filter(Boolean))}
    />
  );
}

function conflictRows(mine: PlanDraft, latest: PlanDraft): ConflictRow[] {
  const text = (v: string) => (v ? v : '—');
  const goal = (d: PlanDraft) =>
    goalText({
      agreementId: d.agreementId || undefined,
      targetId: d.targetId || undefined,
      objective: d.objective === '' ? undefined : Number(d.objective),
      by: d.by || undefined,
    });
  const measures = (d: PlanDraft) => listText(d.measures.map((m) => `${m.done ? '☑' : '☐'} ${m.text}`));
  const rows: Array<[keyof PlanDraft, string, (d: PlanDraft) => string]> = [
    ['title', t('pages.plans.form.title', 'Title'), (d) => text(d.title)],
    ['agreementId', t('pages.plans.form.goal', 'Goal'), goal],
    ['description', t('pages.plans.form.description', 'Description'), (d) => text(d.description)],
    ['measures', t('pages.plans.form.measures', 'Measures'), measures],
    ['owner', t('pages.plans.form.owner', 'Owner'), (d) => text(d.owner)],
    ['dueDate', t('pages.plans.form.due-date', 'Due date'), (d) => text(d.dueDate)],
    ['status', t('pages.plans.form.status', 'Status'), (d) => planStatusLabel(d.status)],
    ['breaches', t('pages.plans.form.breaches', 'Breaches'), (d) => listText(d.breaches)],
    ['reviews', t('pages.plans.form.reviews', 'Reviews'), (d) => listText(d.reviews)],
  ];
  return rows.map(([field, label, show]) => ({ field, label, yours: show(mine), latest: show(latest) }));
}

const getStyles = (theme: GrafanaTheme2) => ({
  tight: css({ marginBottom: 0 }),
  form: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1), maxWidth: 1100 }),
  fieldset: css({
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(1, 2, 0),
    marginBottom: theme.spacing(2),
    legend: { padding: theme.spacing(0, 1), fontSize: theme.typography.h5.fontSize },
  }),
});
