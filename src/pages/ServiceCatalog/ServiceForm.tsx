import React, { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { css } from '@emotion/css';
import { type GrafanaTheme2, type SelectableValue } from '@grafana/data';
import { t } from '@grafana/i18n';
import {
  Alert,
  Button,
  Checkbox,
  EmptyState,
  Field,
  IconButton,
  Input,
  LinkButton,
  LoadingPlaceholder,
  MultiSelect,
  RadioButtonGroup,
  Select,
  Stack,
  Text,
  TextArea,
  useStyles2,
} from '@grafana/ui';
import { type EngineError, toEngineError } from '../../api/engineClient';
import { searchParties } from '../../api/parties';
import {
  type CatalogService,
  type DashboardLink,
  type ServiceHours,
  type ServiceInput,
  type ServiceLifecycle,
  StaleVersionError,
  WEEKDAYS,
  type Weekday,
  createService,
  getService,
  listServices,
  replaceService,
  serviceInputOf,
} from '../../api/services';
import { EngineErrorAlert } from '../../components/EngineErrorAlert/EngineErrorAlert';
import { PermissionButton } from '../../components/PermissionButton/PermissionButton';
import { userCan } from '../../components/PermissionButton/permissions';
import { SlmPage } from '../../components/SlmPage/SlmPage';
import { NO_ESCAPE } from '../../i18n';
import { useAsync } from '../Agreements/useAsync';
import { type FormErrors, NO_ERRORS, formErrors } from '../ContractsRequirements/fieldErrors';
import { reapply } from './conflict';
import { ConflictPanel, type ConflictRow, GeneralErrors, TextListEditor, listText } from './formParts';
import { lifecycleLabel } from './lifecycle';
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
  const key = useParams<{ key: string }>().key ?? '';
  const service = useAsync(() => getService(key), key);
  return (
    <SlmPage
      pageKey="catalog"
      title={t('pages.catalog.form.edit-title', 'Edit {{name}}', {
        name: service.status === 'done' ? service.value.name : key,
        interpolation: NO_ESCAPE,
      })}
      subtitle={key}
    >
      {service.status === 'loading' && (
        <LoadingPlaceholder text={t('pages.catalog.service.loading', 'Loading the service…')} />
      )}
      {service.status === 'error' && service.error.kind === 'not_found' && (
        <EmptyState
          variant="not-found"
          message={t('pages.catalog.service.not-found', 'There is no service {{key}} in the catalog', {
            key,
            interpolation: NO_ESCAPE,
          })}
          button={
            <LinkButton href={catalogUrl()} icon="arrow-left">
              {t('pages.catalog.service.back', 'Back to the catalog')}
            </LinkButton>
          }
        />
      )}
      {service.status === 'error' && service.error.kind !== 'not_found' && (
        <EngineErrorAlert
          error={service.error}
          title={t('pages.catalog.service.load-failed', 'Could not load the service')}
        />
      )}
      {service.status === 'done' && <ServiceForm initial={serviceInputOf(service.value)} base={service.value} />}
    </SlmPage>
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

type Failure =
  | { kind: 'none' }
  | { kind: 'fields'; errors: FormErrors }
  | { kind: 'engine'; error: EngineError }
  | { kind: 'conflict'; mine: ServiceInput; latest: CatalogService };

/**
 * The service form, new or edit. The engine validates; its messages go next to the fields (and list
 * rows) they are about. An edit is sent with the version it started from, so a concurrent save
 * shows both versions instead of being overwritten.
 */
export function ServiceForm({ initial, base: initialBase }: { initial: ServiceInput; base?: CatalogService }) {
  const styles = useStyles2(getStyles);
  const navigate = useNavigate();
  const [draft, setDraft] = useState<ServiceInput>(initial);
  const [base, setBase] = useState<CatalogService | undefined>(initialBase);
  const [failure, setFailure] = useState<Failure>({ kind: 'none' });
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<ServiceInput>) => setDraft((d) => ({ ...d, ...change }));
  const errors = failure.kind === 'fields' ? failure.errors : NO_ERRORS;
  const err = (path: string) => errors.fields[path];
  const editing = base !== undefined;
  const canWrite = userCan(CATALOG_WRITE);

  const save = async (input: ServiceInput, version?: number) => {
    setBusy(true);
    setFailure({ kind: 'none' });
    try {
      const saved = version === undefined ? await createService(input) : await replaceService(input, version);
      navigate(serviceUrl(saved.key));
    } catch (e) {
      setBusy(false);
      if (e instanceof StaleVersionError) {
        setFailure({ kind: 'conflict', mine: input, latest: e.current as CatalogService });
        return;
      }
      setFailure(failureOf(toEngineError(e), input, version === undefined));
    }
  };

  const submit = (event: React.SyntheticEvent) => {
    event.preventDefault();
    const input = cleaned(draft);
    setDraft(input);
    save(input, base?.version);
  };

  const reapplyMine = (mine: ServiceInput, latest: CatalogService) => {
    const merged = reapply(serviceInputOf(base!), mine, serviceInputOf(latest));
    setBase(latest);
    setDraft(merged);
    save(merged, latest.version);
  };

  const discardMine = (latest: CatalogService) => {
    setBase(latest);
    setDraft(serviceInputOf(latest));
    setFailure({ kind: 'none' });
  };

  return (
    <form
      onSubmit={submit}
      data-testid="slm-service-form"
      aria-label={t('pages.catalog.form.label', 'Service')}
      className={styles.form}
    >
      {!canWrite && (
        <Alert severity="info" title={t('pages.catalog.form.read-only', 'You can read the catalog but not change it')}>
          {t('permission.missing', 'You need the permission {{action}}', {
            action: CATALOG_WRITE,
            interpolation: NO_ESCAPE,
          })}
        </Alert>
      )}
      <Stack direction="row" gap={2} wrap="wrap">
        <Field
          label={t('pages.catalog.form.key', 'Key')}
          description={t(
            'pages.catalog.form.key-description',
            'Lowercase letters, digits, ".", "_" or "-"; agreements refer to it and it cannot change'
          )}
          invalid={!!err('key')}
          error={err('key')}
          required
        >
          <Input
            id="slm-service-key"
            value={draft.key}
            disabled={editing}
            onChange={(e) => set({ key: e.currentTarget.value })}
            width={32}
            placeholder="mail"
          />
        </Field>
        <Field label={t('pages.catalog.form.name', 'Name')} invalid={!!err('name')} error={err('name')} required>
          <Input
            id="slm-service-name"
            value={draft.name}
            onChange={(e) => set({ name: e.currentTarget.value })}
            width={48}
          />
        </Field>
      </Stack>
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
      <GeneralErrors errors={errors} title={t('pages.catalog.form.failed', 'The service was not saved')} />
      {failure.kind === 'engine' && (
        <EngineErrorAlert error={failure.error} title={t('pages.catalog.form.failed', 'The service was not saved')} />
      )}
      {failure.kind === 'conflict' && base && (
        <ConflictPanel
          rows={conflictRows(failure.mine, serviceInputOf(failure.latest))}
          seenVersion={base.version}
          latestVersion={failure.latest.version}
          latestBy={failure.latest.updatedBy ?? '—'}
          action={CATALOG_WRITE}
          busy={busy}
          onReapply={() => reapplyMine(failure.mine, failure.latest)}
          onDiscard={() => discardMine(failure.latest)}
        />
      )}
      <Stack direction="row" gap={1}>
        <PermissionButton action={CATALOG_WRITE} type="submit" icon={busy ? 'spinner' : 'save'} disabled={busy}>
          {editing ? t('pages.catalog.form.save', 'Save') : t('pages.catalog.form.create', 'Create service')}
        </PermissionButton>
        <LinkButton variant="secondary" fill="outline" href={editing ? serviceUrl(draft.key) : catalogUrl()}>
          {t('pages.catalog.form.cancel', 'Cancel')}
        </LinkButton>
      </Stack>
    </form>
  );
}

function failureOf(error: EngineError, input: ServiceInput, creating: boolean): Failure {
  if (error.code === 'validation_failed') {
    return { kind: 'fields', errors: formErrors(error, fieldPaths(input)) };
  }
  if (creating && error.kind === 'conflict') {
    const taken = t('pages.catalog.form.key-taken', 'The catalog already has a service with this key');
    return { kind: 'fields', errors: { fields: { key: taken }, general: [] } };
  }
  return { kind: 'engine', error };
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
  const [catalog, setCatalog] = useState<CatalogService[]>([]);
  useEffect(() => {
    let current = true;
    // without the catalog the keys already chosen stay selectable; the engine reports what is wrong on save
    listServices({ limit: 500 })
      .then((page) => current && setCatalog(page.items))
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, []);
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

function dayShort(day: Weekday): string {
  const labels: Record<Weekday, string> = {
    mon: t('pages.catalog.day-short.mon', 'Mon'),
    tue: t('pages.catalog.day-short.tue', 'Tue'),
    wed: t('pages.catalog.day-short.wed', 'Wed'),
    thu: t('pages.catalog.day-short.thu', 'Thu'),
    fri: t('pages.catalog.day-short.fri', 'Fri'),
    sat: t('pages.catalog.day-short.sat', 'Sat'),
    sun: t('pages.catalog.day-short.sun', 'Sun'),
  };
  return labels[day];
}

const WORKING_DAY: ServiceHours = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '18:00' };

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
  const update = (index: number, change: Partial<ServiceHours>) =>
    onChange(hours.map((h, i) => (i === index ? { ...h, ...change } : h)));
  const toggle = (index: number, day: Weekday, on: boolean) => {
    const days = on
      ? WEEKDAYS.filter((d) => d === day || hours[index].days.includes(d))
      : hours[index].days.filter((d) => d !== day);
    update(index, { days });
  };
  return (
    <Field
      label={t('pages.catalog.service.hours', 'Service hours')}
      description={t(
        'pages.catalog.form.hours-description',
        'Local time of the agreements. No rows: around the clock (24x7).'
      )}
      invalid={!!err('serviceHours')}
      error={err('serviceHours')}
    >
      <>
        <div className={styles.rows} data-testid="slm-hours-editor">
          {hours.length === 0 && <Text color="secondary">{t('pages.catalog.hours.always-badge', '24x7')}</Text>}
          {hours.map((row, index) => {
            const rowName = t('pages.catalog.form.hours-row', 'Service hours, row {{n}}', { n: index + 1 });
            return (
              <div
                key={index}
                className={styles.hoursRow}
                role="group"
                aria-label={rowName}
                data-testid={`slm-hours-row-${index}`}
              >
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
                          onChange={(e) => toggle(index, day, e.currentTarget.checked)}
                        />
                      ))}
                    </Stack>
                  </>
                </Field>
                <Field
                  label={t('pages.catalog.form.from', 'From')}
                  invalid={!!err(`serviceHours.${index}.from`)}
                  error={err(`serviceHours.${index}.from`)}
                  className={styles.tight}
                >
                  <Input
                    id={`slm-hours-${index}-from`}
                    value={row.from}
                    width={10}
                    placeholder="08:00"
                    onChange={(e) => update(index, { from: e.currentTarget.value })}
                  />
                </Field>
                <Field
                  label={t('pages.catalog.form.to', 'To')}
                  invalid={!!err(`serviceHours.${index}.to`)}
                  error={err(`serviceHours.${index}.to`)}
                  className={styles.tight}
                >
                  <Input
                    id={`slm-hours-${index}-to`}
                    value={row.to}
                    width={10}
                    placeholder="18:00"
                    onChange={(e) => update(index, { to: e.currentTarget.value })}
                  />
                </Field>
                <IconButton
                  name="trash-alt"
                  tooltip={t('pages.catalog.form.remove-hours', 'Remove {{row}}', {
                    row: rowName,
                    interpolation: NO_ESCAPE,
                  })}
                  onClick={() => onChange(hours.filter((_, i) => i !== index))}
                />
              </div>
            );
          })}
          <div>
            <Button
              size="sm"
              variant="secondary"
              icon="plus"
              onClick={() => onChange([...hours, { ...WORKING_DAY, days: [...WORKING_DAY.days] }])}
            >
              {t('pages.catalog.form.add-hours', 'Add service hours')}
            </Button>
          </div>
        </div>
      </>
    </Field>
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
  const styles = useStyles2(getStyles);
  const err = (path: string) => errors.fields[path];
  const update = (index: number, change: Partial<DashboardLink>) =>
    onChange(dashboards.map((d, i) => (i === index ? { ...d, ...change } : d)));
  return (
    <Field
      label={t('pages.catalog.service.dashboards', 'Grafana dashboards')}
      description={t('pages.catalog.form.dashboards-description', 'The UID is the part of the dashboard URL after /d/')}
      invalid={!!err('dashboards')}
      error={err('dashboards')}
    >
      <>
        <div className={styles.rows} data-testid="slm-dashboards-editor">
          {dashboards.map((d, index) => (
            <div key={index} className={styles.hoursRow}>
              <Field
                label={t('pages.catalog.form.dashboard-uid', 'UID')}
                invalid={!!err(`dashboards.${index}.uid`)}
                error={err(`dashboards.${index}.uid`)}
                className={styles.tight}
              >
                <Input
                  id={`slm-dashboard-${index}-uid`}
                  value={d.uid}
                  width={28}
                  onChange={(e) => update(index, { uid: e.currentTarget.value })}
                />
              </Field>
              <Field
                label={t('pages.catalog.form.dashboard-title', 'Title')}
                invalid={!!err(`dashboards.${index}.title`)}
                error={err(`dashboards.${index}.title`)}
                className={styles.tight}
              >
                <Input
                  id={`slm-dashboard-${index}-title`}
                  value={d.title ?? ''}
                  width={40}
                  onChange={(e) => update(index, { title: e.currentTarget.value })}
                />
              </Field>
              <IconButton
                name="trash-alt"
                tooltip={t('pages.catalog.form.remove-dashboard', 'Remove this dashboard link')}
                onClick={() => onChange(dashboards.filter((_, i) => i !== index))}
              />
            </div>
          ))}
          <div>
            <Button
              size="sm"
              variant="secondary"
              icon="plus"
              onClick={() => onChange([...dashboards, { uid: '', title: '' }])}
            >
              {t('pages.catalog.form.add-dashboard', 'Link a dashboard')}
            </Button>
          </div>
        </div>
      </>
    </Field>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  form: css({ maxWidth: 1100 }),
  rows: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  hoursRow: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(2), alignItems: 'flex-end' }),
  tight: css({ marginBottom: 0 }),
});
