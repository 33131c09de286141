import React, { useMemo } from 'react';
import { dayShort } from '../../components/Weekdays/weekdays';
import { css } from '@emotion/css';
import { type SelectableValue } from '@grafana/data';
import { t } from '@grafana/i18n';
import {
  Checkbox,
  Field,
  Input,
  MultiSelect,
  RadioButtonGroup,
  Select,
  Stack,
  Text,
  TextArea,
  useStyles2,
} from '@grafana/ui';
import { searchParties } from '../../api/parties';
import {
  type CatalogService,
  type DashboardLink,
  type ServiceHours,
  type ServiceInput,
  type ServiceLifecycle,
  WEEKDAYS,
  type Weekday,
  createService,
  listServices,
  replaceService,
  serviceInputOf,
} from '../../api/services';
import { EditRecordPage } from '../../components/DetailPage/DetailPage';
import { type ConflictRow, TextListEditor, listText } from '../../components/RecordForm/formParts';
import {
  FormButtons,
  KeyAndName,
  ReadOnlyNotice,
  RowField,
  RowsEditor,
  SaveFeedback,
} from '../../components/RecordForm/RecordFormParts';
import { useRecordForm } from '../../components/RecordForm/useRecordForm';
import { SlmPage } from '../../components/SlmPage/SlmPage';
import { useAsync } from '../../hooks/useAsync';
import { NO_ESCAPE } from '../../i18n';
import { type FormErrors } from '../../components/RecordForm/fieldErrors';
import { lifecycleLabel } from './lifecycle';
import { SERVICE } from './ServiceDetail';
import { CATALOG_WRITE, catalogUrl, serviceUrl } from './urls';

export const EMPTY_SERVICE: ServiceInput = {
  key: '',
  name: '',
  description: '',
  category: '',
  features: [],
  usageScenarios: [],
  ownerTeam: null,
  lifecycle: 'planned',
  serviceHours: [],
  dependencies: [],
  dashboards: [],
};

/** `/catalog/new` */
export function NewServicePage() {
  return (
    <SlmPage
      pageKey="catalog"
      title={t('pages.catalog.form.new-title', 'New service')}
      subtitle={t(
        'pages.catalog.form.new-subtitle',
        'A service you provide, as customers and teams will find it in the catalog.'
      )}
    >
      <ServiceForm initial={EMPTY_SERVICE} />
    </SlmPage>
  );
}

/** `/catalog/:key/edit` */
export function EditServicePage() {
  return (
    <EditRecordPage
      kind={SERVICE}
      editTitle={(name) => t('pages.catalog.form.edit-title', 'Edit {{name}}', { name, interpolation: NO_ESCAPE })}
    >
      {(service) => <ServiceForm initial={serviceInputOf(service)} base={service} />}
    </EditRecordPage>
  );
}

/** Every path the form shows a message at, for the engine's `details.issues`. */
function fieldPaths(draft: ServiceInput): string[] {
  const rows = <T,>(list: T[], name: string, fields: string[]) =>
    list.flatMap((_, i) => (fields.length ? fields.map((f) => `${name}.${i}.${f}`) : [`${name}.${i}`]));
  return [
    'key',
    'name',
    'description',
    'category',
    'ownerTeam',
    'lifecycle',
    ...rows(draft.features, 'features', []),
    'features',
    ...rows(draft.usageScenarios, 'usageScenarios', []),
    'usageScenarios',
    ...rows(draft.serviceHours, 'serviceHours', ['days', 'from', 'to']),
    'serviceHours',
    'dependencies',
    ...rows(draft.dashboards, 'dashboards', ['uid', 'title']),
    'dashboards',
  ];
}

/** Blank list rows are dropped before saving (and from the form, so messages keep their row numbers). */
function cleaned(draft: ServiceInput): ServiceInput {
  const texts = (list: string[]) => list.filter((v) => v.trim() !== '');
  return {
    ...draft,
    key: draft.key.trim(),
    name: draft.name.trim(),
    category: draft.category.trim(),
    features: texts(draft.features),
    usageScenarios: texts(draft.usageScenarios),
    dashboards: draft.dashboards
      .filter((d) => d.uid.trim() !== '' || (d.title ?? '').trim() !== '')
      .map((d) => (d.title?.trim() ? { uid: d.uid.trim(), title: d.title.trim() } : { uid: d.uid.trim() })),
  };
}

/**
 * The service form, new or edit. The engine validates; its messages go next to the fields (and list
 * rows) they are about. An edit is sent with the version it started from, so a concurrent save
 * shows both versions instead of being overwritten.
 */
export function ServiceForm({ initial, base }: { initial: ServiceInput; base?: CatalogService }) {
  const styles = useStyles2(getStyles);
  const form = useRecordForm({
    initial,
    base,
    inputOf: serviceInputOf,
    cleaned,
    fieldPaths,
    create: createService,
    replace: replaceService,
    urlOf: serviceUrl,
    keyTaken: () => t('pages.catalog.form.key-taken', 'The catalog already has a service with this key'),
  });
  const { draft, set, err, errors, editing } = form;

  return (
    <form
      onSubmit={form.submit}
      data-testid="slm-service-form"
      aria-label={t('pages.catalog.form.label', 'Service')}
      className={styles.form}
    >
      <ReadOnlyNotice
        action={CATALOG_WRITE}
        title={t('pages.catalog.form.read-only', 'You can read the catalog but not change it')}
      />
      <KeyAndName
        idPrefix="slm-service"
        keyLabel={t('pages.catalog.form.key', 'Key')}
        nameLabel={t('pages.catalog.form.name', 'Name')}
        keyPlaceholder="mail"
        value={draft}
        onChange={set}
        err={err}
        editing={editing}
      />
      <Field
        label={t('pages.catalog.form.description', 'Description')}
        invalid={!!err('description')}
        error={err('description')}
      >
        <TextArea
          id="slm-service-description"
          value={draft.description}
          rows={4}
          onChange={(e) => set({ description: e.currentTarget.value })}
        />
      </Field>
      <Stack direction="row" gap={2} wrap="wrap">
        <Field label={t('pages.catalog.form.category', 'Category')} invalid={!!err('category')} error={err('category')}>
          <Input
            id="slm-service-category"
            value={draft.category}
            onChange={(e) => set({ category: e.currentTarget.value })}
            width={32}
          />
        </Field>
        <Field
          label={t('pages.catalog.form.owner', 'Owner team')}
          invalid={!!err('ownerTeam')}
          error={err('ownerTeam')}
        >
          <OwnerSelect value={draft.ownerTeam} onChange={(ownerTeam) => set({ ownerTeam })} />
        </Field>
        <Field
          label={t('pages.catalog.column.lifecycle', 'Lifecycle')}
          invalid={!!err('lifecycle')}
          error={err('lifecycle')}
        >
          <RadioButtonGroup<ServiceLifecycle>
            value={draft.lifecycle}
            onChange={(lifecycle) => set({ lifecycle })}
            options={(['planned', 'live', 'retired'] as const).map((value) => ({
              value,
              label: lifecycleLabel(value),
            }))}
          />
        </Field>
      </Stack>
      <TextListEditor
        id="features"
        label={t('pages.catalog.service.features', 'Features')}
        addLabel={t('pages.catalog.form.add-feature', 'Add a feature')}
        values={draft.features}
        onChange={(features) => set({ features })}
        errors={errors}
      />
      <TextListEditor
        id="usageScenarios"
        label={t('pages.catalog.service.usage', 'Usage scenarios')}
        addLabel={t('pages.catalog.form.add-scenario', 'Add a usage scenario')}
        values={draft.usageScenarios}
        onChange={(usageScenarios) => set({ usageScenarios })}
        errors={errors}
        multiline
      />
      <ServiceHoursEditor
        hours={draft.serviceHours}
        onChange={(serviceHours) => set({ serviceHours })}
        errors={errors}
      />
      <Field
        label={t('pages.catalog.service.dependencies', 'Dependencies')}
        description={t('pages.catalog.form.dependencies-description', 'The catalog services this one needs to work')}
        invalid={!!err('dependencies')}
        error={err('dependencies')}
      >
        <DependencySelect
          self={draft.key}
          value={draft.dependencies}
          onChange={(dependencies) => set({ dependencies })}
        />
      </Field>
      <DashboardsEditor dashboards={draft.dashboards} onChange={(dashboards) => set({ dashboards })} errors={errors} />
      <SaveFeedback
        form={form}
        failedTitle={t('pages.catalog.form.failed', 'The service was not saved')}
        action={CATALOG_WRITE}
        conflictRows={conflictRows}
      />
      <FormButtons
        action={CATALOG_WRITE}
        busy={form.busy}
        submitLabel={editing ? t('pages.catalog.form.save', 'Save') : t('pages.catalog.form.create', 'Create service')}
        cancelLabel={t('pages.catalog.form.cancel', 'Cancel')}
        cancelHref={editing ? serviceUrl(draft.key) : catalogUrl()}
      />
    </form>
  );
}

function hoursText(hours: ServiceHours[]): string {
  return hours.length ? hours.map((h) => `${h.days.join(', ')} ${h.from}–${h.to}`).join('; ') : '24x7';
}

function conflictRows(mine: ServiceInput, latest: ServiceInput): ConflictRow[] {
  const text = (v: string | null) => (v ? v : '—');
  const dashboards = (list: DashboardLink[]) => listText(list.map((d) => (d.title ? `${d.title} (${d.uid})` : d.uid)));
  const rows: Array<[keyof ServiceInput, string, (s: ServiceInput) => string]> = [
    ['name', t('pages.catalog.form.name', 'Name'), (s) => text(s.name)],
    ['description', t('pages.catalog.form.description', 'Description'), (s) => text(s.description)],
    ['category', t('pages.catalog.form.category', 'Category'), (s) => text(s.category)],
    ['ownerTeam', t('pages.catalog.form.owner', 'Owner team'), (s) => text(s.ownerTeam)],
    ['lifecycle', t('pages.catalog.column.lifecycle', 'Lifecycle'), (s) => lifecycleLabel(s.lifecycle)],
    ['features', t('pages.catalog.service.features', 'Features'), (s) => listText(s.features)],
    ['usageScenarios', t('pages.catalog.service.usage', 'Usage scenarios'), (s) => listText(s.usageScenarios)],
    ['serviceHours', t('pages.catalog.service.hours', 'Service hours'), (s) => hoursText(s.serviceHours)],
    ['dependencies', t('pages.catalog.service.dependencies', 'Dependencies'), (s) => listText(s.dependencies)],
    ['dashboards', t('pages.catalog.service.dashboards', 'Grafana dashboards'), (s) => dashboards(s.dashboards)],
  ];
  return rows.map(([field, label, show]) => ({ field, label, yours: show(mine), latest: show(latest) }));
}

/** Internal teams are the usual owners; a key typed in is kept too (the engine checks nothing else). */
function OwnerSelect({ value, onChange }: { value: string | null; onChange: (value: string | null) => void }) {
  const parties = useAsync(() => searchParties({ kind: 'internal', limit: 500 }), 'internal');
  const options = useMemo(() => {
    const list: Array<SelectableValue<string>> =
      parties.status === 'done'
        ? parties.value.items.map((p) => ({ value: p.key, label: p.name, description: p.key }))
        : [];
    if (value && !list.some((o) => o.value === value)) {
      list.push({ value, label: value });
    }
    return list;
  }, [parties, value]);
  return (
    <Select
      inputId="slm-service-owner"
      width={32}
      value={value}
      options={options}
      isClearable
      allowCustomValue
      isLoading={parties.status === 'loading'}
      placeholder={t('pages.catalog.form.owner-placeholder', 'Choose a team')}
      onChange={(v: SelectableValue<string> | null) => onChange(v?.value ?? null)}
    />
  );
}

function DependencySelect({
  self,
  value,
  onChange,
}: {
  self: string;
  value: string[];
  onChange: (value: string[]) => void;
}) {
  const loaded = useAsync(() => listServices({ limit: 500 }), 'catalog');
  // without the catalog the keys already chosen stay selectable; the engine reports what is wrong on save
  const catalog = loaded.status === 'done' ? loaded.value.items : [];
  const options: Array<SelectableValue<string>> = catalog
    .filter((s) => s.key !== self)
    .map((s) => ({ value: s.key, label: s.name, description: s.key }));
  for (const key of value) {
    if (!options.some((o) => o.value === key)) {
      options.push({
        value: key,
        label: key,
        description: t('pages.catalog.graph.not-in-catalog', 'not in the catalog'),
      });
    }
  }
  return (
    <MultiSelect<string>
      inputId="slm-service-dependencies"
      width={64}
      options={options}
      value={value}
      placeholder={t('pages.catalog.form.dependencies-placeholder', 'Choose catalog services')}
      onChange={(selected: Array<SelectableValue<string>>) => onChange(selected.map((s) => s.value!).filter(Boolean))}
    />
  );
}

const WORKING_DAY: ServiceHours = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '18:00' };

/** A ticked day goes in at its place in the week. */
function toggled(days: Weekday[], day: Weekday, on: boolean): Weekday[] {
  return on ? WEEKDAYS.filter((d) => d === day || days.includes(d)) : days.filter((d) => d !== day);
}

function ServiceHoursEditor({
  hours,
  onChange,
  errors,
}: {
  hours: ServiceHours[];
  onChange: (hours: ServiceHours[]) => void;
  errors: FormErrors;
}) {
  const styles = useStyles2(getStyles);
  const err = (path: string) => errors.fields[path];
  const rowName = (index: number) => t('pages.catalog.form.hours-row', 'Service hours, row {{n}}', { n: index + 1 });
  return (
    <RowsEditor<ServiceHours>
      label={t('pages.catalog.service.hours', 'Service hours')}
      description={t(
        'pages.catalog.form.hours-description',
        'Local time of the agreements. No rows: around the clock (24x7).'
      )}
      error={err('serviceHours')}
      testId="slm-hours-editor"
      rows={hours}
      onChange={onChange}
      newRow={() => ({ ...WORKING_DAY, days: [...WORKING_DAY.days] })}
      addLabel={t('pages.catalog.form.add-hours', 'Add service hours')}
      removeLabel={(index) =>
        t('pages.catalog.form.remove-hours', 'Remove {{row}}', { row: rowName(index), interpolation: NO_ESCAPE })
      }
      rowGroup={(index) => ({ label: rowName(index), testId: `slm-hours-row-${index}` })}
      gap={2}
      empty={<Text color="secondary">{t('pages.catalog.hours.always-badge', '24x7')}</Text>}
    >
      {(row, index, update) => (
        <>
          <Field
            invalid={!!err(`serviceHours.${index}.days`)}
            error={err(`serviceHours.${index}.days`)}
            className={styles.tight}
          >
            <>
              <Stack direction="row" gap={1}>
                {WEEKDAYS.map((day) => (
                  <Checkbox
                    key={day}
                    label={dayShort(day)}
                    value={row.days.includes(day)}
                    onChange={(e) => update({ days: toggled(row.days, day, e.currentTarget.checked) })}
                  />
                ))}
              </Stack>
            </>
          </Field>
          <RowField
            label={t('pages.catalog.form.from', 'From')}
            id={`slm-hours-${index}-from`}
            error={err(`serviceHours.${index}.from`)}
            value={row.from}
            width={10}
            placeholder="08:00"
            onChange={(from) => update({ from })}
          />
          <RowField
            label={t('pages.catalog.form.to', 'To')}
            id={`slm-hours-${index}-to`}
            error={err(`serviceHours.${index}.to`)}
            value={row.to}
            width={10}
            placeholder="18:00"
            onChange={(to) => update({ to })}
          />
        </>
      )}
    </RowsEditor>
  );
}

function DashboardsEditor({
  dashboards,
  onChange,
  errors,
}: {
  dashboards: DashboardLink[];
  onChange: (dashboards: DashboardLink[]) => void;
  errors: FormErrors;
}) {
  const err = (path: string) => errors.fields[path];
  return (
    <RowsEditor<DashboardLink>
      label={t('pages.catalog.service.dashboards', 'Grafana dashboards')}
      description={t('pages.catalog.form.dashboards-description', 'The UID is the part of the dashboard URL after /d/')}
      error={err('dashboards')}
      testId="slm-dashboards-editor"
      rows={dashboards}
      onChange={onChange}
      newRow={() => ({ uid: '', title: '' })}
      addLabel={t('pages.catalog.form.add-dashboard', 'Link a dashboard')}
      removeLabel={() => t('pages.catalog.form.remove-dashboard', 'Remove this dashboard link')}
      gap={2}
    >
      {(d, index, update) => (
        <>
          <RowField
            label={t('pages.catalog.form.dashboard-uid', 'UID')}
            id={`slm-dashboard-${index}-uid`}
            error={err(`dashboards.${index}.uid`)}
            value={d.uid}
            width={28}
            onChange={(uid) => update({ uid })}
          />
          <RowField
            label={t('pages.catalog.form.dashboard-title', 'Title')}
            id={`slm-dashboard-${index}-title`}
            error={err(`dashboards.${index}.title`)}
            value={d.title}
            width={40}
            onChange={(title) => update({ title })}
          />
        </>
      )}
    </RowsEditor>
  );
}

const getStyles = () => ({
  form: css({ maxWidth: 1100 }),
  tight: css({ marginBottom: 0 }),
});
