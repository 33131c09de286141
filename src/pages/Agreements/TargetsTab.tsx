import React, { useState } from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import {
  Alert,
  Button,
  Checkbox,
  Field,
  IconButton,
  Input,
  RadioButtonGroup,
  Stack,
  Text,
  useStyles2,
} from '@grafana/ui';
import {
  type AgreementDetail,
  type DocumentIssue,
  documentIssuesOf,
  getAgreementDetail,
  updateAgreementDocument,
} from '../../api/agreements';
import { type EngineError, toEngineError } from '../../api/engineClient';
import { CalendarView } from '../../components/Calendar/CalendarView';
import { DatasourceQueryField } from '../../components/DatasourceQuery/DatasourceQueryField';
import { EngineErrorAlert } from '../../components/EngineErrorAlert/EngineErrorAlert';
import { PermissionButton } from '../../components/PermissionButton/PermissionButton';
import { AGREEMENT_ACTION } from '../../components/PermissionButton/permissions';
import { type Agreement, type Target, validateAgreement } from '../../domain';
import { WEEKDAYS } from '../../domain/schema';
import { dayShort } from '../../components/Weekdays/weekdays';
import { NO_ESCAPE } from '../../i18n';
import { editBlockedReason, fieldError, issuesUnder } from './editing';
import { LiveCompliance } from './LiveCompliance';

/** A target as the form holds it: numbers as typed, so a wrong one is reported, not lost. */
export interface TargetForm {
  id: string;
  name: string;
  objective: string;
  warning: string;
  slice: string;
  budgeting: '' | 'occurrences' | 'timeslices';
  kind: 'ratio' | 'threshold';
  good: { datasource: string; expr: string };
  total: { datasource: string; expr: string };
  query: { datasource: string; expr: string };
  op: 'lt' | 'lte' | 'gt' | 'gte';
  value: string;
  /** Kept as they are: the builder does not edit service credits. */
  serviceCredits?: Target['serviceCredits'];
}

interface Calendar {
  serviceHours: Array<{ days: string[]; from: string; to: string }>;
  holidays: string[];
  maintenance: Array<{ from: string; to: string; reason?: string }>;
}

const EMPTY_QUERY = { datasource: '', expr: '' };

export function targetToForm(target: Target): TargetForm {
  const th = target.sli.threshold;
  return {
    id: target.id,
    name: target.name ?? '',
    objective: String(target.objective),
    warning: target.warning === undefined ? '' : String(target.warning),
    slice: target.slice,
    budgeting: target.budgeting ?? '',
    kind: th ? 'threshold' : 'ratio',
    good: target.sli.ratio?.good ?? EMPTY_QUERY,
    total: target.sli.ratio?.total ?? EMPTY_QUERY,
    query: th?.query ?? EMPTY_QUERY,
    op: th?.op ?? 'lte',
    value: th ? String(th.value) : '',
    serviceCredits: target.serviceCredits,
  };
}

/** `99.9` → 99.9, `` → undefined, anything else stays text so validation names it. */
function numberOrText(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') {
    return undefined;
  }
  return Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
}

function blankToUndefined(text: string): string | undefined {
  return text.trim() === '' ? undefined : text;
}

/** The target object the form stands for (validated with the whole document before saving). */
export function formToTarget(form: TargetForm): Record<string, unknown> {
  const sli =
    form.kind === 'ratio'
      ? { ratio: { good: form.good, total: form.total } }
      : { threshold: { query: form.query, op: form.op, value: numberOrText(form.value) } };
  const target: Record<string, unknown> = {
    id: form.id,
    name: blankToUndefined(form.name),
    objective: numberOrText(form.objective),
    warning: numberOrText(form.warning),
    slice: form.slice,
    budgeting: form.budgeting || undefined,
    sli,
    serviceCredits: form.serviceCredits,
  };
  return Object.fromEntries(Object.entries(target).filter(([, v]) => v !== undefined));
}

function newTarget(n: number): TargetForm {
  return {
    id: `target-${n}`,
    name: '',
    objective: '99.9',
    warning: '',
    slice: '5m',
    budgeting: 'occurrences',
    kind: 'ratio',
    good: { datasource: '', expr: '' },
    total: { datasource: '', expr: '' },
    query: { datasource: '', expr: '' },
    op: 'lte',
    value: '',
  };
}

/** The agreement document with the builder's targets and calendar in place. */
export function buildDocument(base: Agreement, targets: TargetForm[], calendar: Calendar): Record<string, unknown> {
  const spec: Record<string, unknown> = {
    ...base.spec,
    targets: targets.map(formToTarget),
    serviceHours: calendar.serviceHours.length ? calendar.serviceHours : undefined,
    holidays: calendar.holidays.length ? calendar.holidays : undefined,
    maintenance: calendar.maintenance.length
      ? calendar.maintenance.map((m) => (m.reason ? m : { from: m.from, to: m.to }))
      : undefined,
  };
  return { ...base, spec: Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined)) };
}

interface Props {
  agreement: AgreementDetail;
  onChanged: (agreement: AgreementDetail) => void;
}

type Outcome =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'invalid'; issues: DocumentIssue[] }
  | { kind: 'conflict'; current: AgreementDetail }
  | { kind: 'failed'; error: EngineError };

/** Targets, service hours, holidays and maintenance windows as forms; saved with PUT + If-Match. */
export function TargetsTab({ agreement, onChanged }: Props) {
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  return (
    <Stack direction="column" gap={2}>
      {savedVersion !== null && (
        <Alert
          severity="success"
          title={t('pages.agreements.editor.saved', 'Saved: the agreement is now at version {{version}}', {
            version: savedVersion,
            interpolation: NO_ESCAPE,
          })}
          data-testid="slm-targets-saved"
          onRemove={() => setSavedVersion(null)}
        />
      )}
      <LiveCompliance agreement={agreement} />
      <TargetsForm
        key={agreement.version}
        agreement={agreement}
        onChanged={(next) => {
          setSavedVersion(next.version);
          onChanged(next);
        }}
        onReload={onChanged}
      />
    </Stack>
  );
}

function TargetsForm({ agreement, onChanged, onReload }: Props & { onReload: (a: AgreementDetail) => void }) {
  const styles = useStyles2(getStyles);
  const spec = agreement.document.spec;
  const [targets, setTargets] = useState<TargetForm[]>(() => spec.targets.map(targetToForm));
  const [selected, setSelected] = useState<number | null>(null);
  const [calendar, setCalendar] = useState<Calendar>(() => ({
    serviceHours: (spec.serviceHours ?? []).map((h) => ({ ...h, days: [...h.days] })),
    holidays: [...(spec.holidays ?? [])],
    maintenance: (spec.maintenance ?? []).map((m) => ({ ...m })),
  }));
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const blocked = editBlockedReason(agreement);
  const issues = outcome.kind === 'invalid' ? outcome.issues : [];

  const save = async (version: number) => {
    const document = buildDocument(agreement.document, targets, calendar);
    const local = validateAgreement(document);
    if (!local.ok) {
      showIssues(local.errors);
      return;
    }
    setOutcome({ kind: 'busy' });
    try {
      await updateAgreementDocument(agreement.id, local.agreement, version);
      onChanged(await getAgreementDetail(agreement.id));
    } catch (e) {
      const error = toEngineError(e);
      const engineIssues = documentIssuesOf(error);
      if (engineIssues.length) {
        showIssues(engineIssues);
      } else if (error.code === 'version_conflict') {
        try {
          setOutcome({ kind: 'conflict', current: await getAgreementDetail(agreement.id) });
        } catch (reloadError) {
          setOutcome({ kind: 'failed', error: toEngineError(reloadError) });
        }
      } else {
        setOutcome({ kind: 'failed', error });
      }
    }
  };

  const showIssues = (found: DocumentIssue[]) => {
    setOutcome({ kind: 'invalid', issues: found });
    // open the first target with a problem, so its errors are next to its fields
    const first = targets.findIndex((_, i) => issuesUnder(found, `spec.targets[${i}]`).length > 0);
    if (first >= 0) {
      setSelected(first);
    }
  };

  const updateTarget = (index: number, change: Partial<TargetForm>) =>
    setTargets((all) => all.map((tf, i) => (i === index ? { ...tf, ...change } : tf)));

  const shownAtFields = (i: DocumentIssue) =>
    /^spec\.(targets\[\d+\]\.(id|name|objective|warning|slice|budgeting|sli(\.(ratio\.(good|total)|threshold\.query)\.(datasource|expr)|\.threshold\.(op|value))?)|serviceHours\[\d+\](\.(days|from|to))?|holidays\[\d+\]|maintenance\[\d+\](\.(from|to|reason))?)$/.test(
      i.path
    ) &&
    (!/^spec\.targets\[(\d+)\]/.test(i.path) || i.path.startsWith(`spec.targets[${selected}]`));
  const elsewhere = issues.filter((i) => !shownAtFields(i));

  return (
    <Stack direction="column" gap={2}>
      {blocked && <Alert severity="info" title={blocked} data-testid="slm-edit-blocked" />}
      <section>
        <Text element="h3" variant="h4">
          {t('pages.agreements.editor.targets', 'Targets')}
        </Text>
        <table className={styles.table} data-testid="slm-targets-list">
          <thead>
            <tr>
              <th>{t('pages.agreements.editor.target-id', 'Id')}</th>
              <th>{t('pages.agreements.editor.target-name', 'Name')}</th>
              <th>{t('pages.agreements.editor.objective', 'Objective (%)')}</th>
              <th>{t('pages.agreements.editor.sli', 'SLI')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {targets.map((tf, i) => (
              <tr
                key={i}
                data-testid={`slm-target-row-${i}`}
                data-invalid={issuesUnder(issues, `spec.targets[${i}]`).length > 0 || undefined}
              >
                <td>{tf.id}</td>
                <td>{tf.name}</td>
                <td>{tf.objective}</td>
                <td>
                  {tf.kind === 'ratio'
                    ? t('pages.agreements.editor.kind-ratio', 'ratio (good / total)')
                    : t('pages.agreements.editor.kind-threshold', 'threshold')}
                </td>
                <td>
                  <Stack direction="row" gap={1}>
                    <Button size="sm" variant="secondary" icon="pen" onClick={() => setSelected(i)}>
                      {t('pages.agreements.editor.edit', 'Edit')}
                    </Button>
                    <IconButton
                      name="trash-alt"
                      tooltip={t('pages.agreements.editor.remove-target', 'Remove target {{id}}', {
                        id: tf.id,
                        interpolation: NO_ESCAPE,
                      })}
                      onClick={() => {
                        setTargets((all) => all.filter((_, k) => k !== i));
                        setSelected(null);
                      }}
                    />
                  </Stack>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <Button
          variant="secondary"
          icon="plus"
          onClick={() => {
            setTargets((all) => [...all, newTarget(all.length + 1)]);
            setSelected(targets.length);
          }}
        >
          {t('pages.agreements.editor.add-target', 'Add target')}
        </Button>
      </section>
      {selected !== null && targets[selected] && (
        <TargetEditor
          form={targets[selected]}
          path={`spec.targets[${selected}]`}
          issues={issues}
          onChange={(change) => updateTarget(selected, change)}
          onClose={() => setSelected(null)}
        />
      )}
      <CalendarEditor calendar={calendar} onChange={setCalendar} issues={issues} timezone={spec.timezone} />
      {elsewhere.length > 0 && (
        <Alert
          severity="error"
          title={t('pages.agreements.editor.other-problems', 'Other problems in the agreement')}
          data-testid="slm-other-issues"
        >
          <ul>
            {elsewhere.map((i, k) => (
              <li key={k}>
                <code>{i.path || '(document)'}</code> {i.message}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      {outcome.kind === 'invalid' && (
        <Alert
          severity="error"
          title={t('pages.agreements.editor.form-invalid', 'Problems: {{n}}. Nothing was saved.', {
            n: outcome.issues.length,
          })}
          data-testid="slm-targets-invalid"
        />
      )}
      {outcome.kind === 'failed' && (
        <EngineErrorAlert
          error={outcome.error}
          title={t('pages.agreements.editor.save-failed', 'Could not save the agreement')}
        />
      )}
      {outcome.kind === 'conflict' && (
        <Alert
          severity="warning"
          title={t('pages.agreements.detail.conflict.title', 'The agreement changed since you opened it')}
          data-testid="slm-version-conflict"
        >
          <p>
            {t(
              'pages.agreements.editor.form-conflict',
              'Nothing was saved: {{user}} changed the agreement to version {{current}} after you opened version {{seen}}.',
              {
                user: outcome.current.updatedBy,
                current: outcome.current.version,
                seen: agreement.version,
                interpolation: NO_ESCAPE,
              }
            )}
          </p>
          <Stack direction="row" gap={1}>
            <Button variant="secondary" icon="sync" onClick={() => onReload(outcome.current)}>
              {t('pages.agreements.editor.conflict-discard', 'Discard mine, load the current version')}
            </Button>
            <PermissionButton
              action={AGREEMENT_ACTION.manage}
              onClick={() => save(outcome.current.version)}
              blockedReason={editBlockedReason(outcome.current)}
            >
              {t('pages.agreements.editor.conflict-reapply', 'Save mine over version {{version}}', {
                version: outcome.current.version,
                interpolation: NO_ESCAPE,
              })}
            </PermissionButton>
          </Stack>
        </Alert>
      )}
      <div>
        <PermissionButton
          action={AGREEMENT_ACTION.manage}
          icon={outcome.kind === 'busy' ? 'spinner' : 'save'}
          onClick={() => save(agreement.version)}
          disabled={outcome.kind === 'busy'}
          blockedReason={blocked}
        >
          {t('pages.agreements.editor.save-targets', 'Save targets and calendar')}
        </PermissionButton>
      </div>
    </Stack>
  );
}

function TargetEditor({
  form,
  path,
  issues,
  onChange,
  onClose,
}: {
  form: TargetForm;
  path: string;
  issues: DocumentIssue[];
  onChange: (change: Partial<TargetForm>) => void;
  onClose: () => void;
}) {
  const styles = useStyles2(getStyles);
  const err = (field: string) => fieldError(issues, `${path}.${field}`);
  const text = (
    field: 'id' | 'name' | 'objective' | 'warning' | 'slice' | 'value',
    label: string,
    description?: string
  ) => (
    <Field
      label={label}
      description={description}
      invalid={!!err(field === 'value' ? 'sli.threshold.value' : field)}
      error={err(field === 'value' ? 'sli.threshold.value' : field)}
    >
      <Input
        id={`${path}.${field}`}
        value={form[field]}
        onChange={(e) => onChange({ [field]: e.currentTarget.value })}
      />
    </Field>
  );
  const query = (role: 'good' | 'total' | 'query', label: string) => {
    const base = role === 'query' ? 'sli.threshold.query' : `sli.ratio.${role}`;
    return (
      <DatasourceQueryField
        value={form[role]}
        onChange={(q) => onChange({ [role]: q })}
        refId={`${form.id}/${role === 'query' ? 'value' : role}`}
        ids={{ datasource: `${path}.${base}.datasource`, expr: `${path}.${base}.expr` }}
        labels={{
          datasource: t('pages.agreements.editor.datasource', '{{role}} query: data source uid', {
            role: label,
            interpolation: NO_ESCAPE,
          }),
          expr: t('pages.agreements.editor.expr', '{{role}} query: expression', {
            role: label,
            interpolation: NO_ESCAPE,
          }),
        }}
        errors={{ datasource: err(`${base}.datasource`), expr: err(`${base}.expr`) }}
      />
    );
  };
  return (
    <section className={styles.card} data-testid="slm-target-editor">
      <Stack direction="row" justifyContent="space-between" alignItems="center">
        <Text element="h3" variant="h4">
          {t('pages.agreements.editor.editing-target', 'Target {{id}}', { id: form.id, interpolation: NO_ESCAPE })}
        </Text>
        <IconButton name="times" tooltip={t('pages.agreements.editor.close', 'Close')} onClick={onClose} />
      </Stack>
      <div className={styles.grid}>
        {text('id', t('pages.agreements.editor.target-id', 'Id'))}
        {text('name', t('pages.agreements.editor.target-name', 'Name'))}
        {text('objective', t('pages.agreements.editor.objective', 'Objective (%)'))}
        {text(
          'warning',
          t('pages.agreements.editor.warning', 'Warning (%)'),
          t('pages.agreements.editor.warning-help', 'At risk below this; optional')
        )}
        {text(
          'slice',
          t('pages.agreements.editor.slice', 'Slice'),
          t('pages.agreements.editor.slice-help', 'e.g. 1m, 5m, 1h')
        )}
        <Field
          label={t('pages.agreements.editor.budgeting', 'Budgeting')}
          invalid={!!err('budgeting')}
          error={err('budgeting')}
        >
          <RadioButtonGroup
            value={form.budgeting || 'occurrences'}
            options={[
              { label: t('pages.agreements.editor.occurrences', 'occurrences'), value: 'occurrences' },
              { label: t('pages.agreements.editor.timeslices', 'time slices'), value: 'timeslices' },
            ]}
            onChange={(v) => onChange({ budgeting: v as TargetForm['budgeting'] })}
          />
        </Field>
      </div>
      <Field label={t('pages.agreements.editor.sli-type', 'SLI type')} invalid={!!err('sli')} error={err('sli')}>
        <RadioButtonGroup
          value={form.kind}
          options={[
            { label: t('pages.agreements.editor.kind-ratio', 'ratio (good / total)'), value: 'ratio' },
            { label: t('pages.agreements.editor.kind-threshold', 'threshold'), value: 'threshold' },
          ]}
          onChange={(v) => onChange({ kind: v as TargetForm['kind'] })}
        />
      </Field>
      {form.kind === 'ratio' ? (
        <>
          {query('good', t('pages.agreements.editor.good', 'Good'))}
          {query('total', t('pages.agreements.editor.total', 'Total'))}
        </>
      ) : (
        <>
          {query('query', t('pages.agreements.editor.value-query', 'Value'))}
          <div className={styles.grid}>
            <Field
              label={t('pages.agreements.editor.op', 'Good when the value is')}
              invalid={!!err('sli.threshold.op')}
              error={err('sli.threshold.op')}
            >
              <RadioButtonGroup
                value={form.op}
                options={[
                  { label: '<', value: 'lt' },
                  { label: '≤', value: 'lte' },
                  { label: '>', value: 'gt' },
                  { label: '≥', value: 'gte' },
                ]}
                onChange={(v) => onChange({ op: v as TargetForm['op'] })}
              />
            </Field>
            {text('value', t('pages.agreements.editor.threshold', 'Threshold'))}
          </div>
        </>
      )}
    </section>
  );
}

function CalendarEditor({
  calendar,
  onChange,
  issues,
  timezone,
}: {
  calendar: Calendar;
  onChange: (c: Calendar) => void;
  issues: DocumentIssue[];
  timezone: string;
}) {
  const styles = useStyles2(getStyles);
  const set = <K extends keyof Calendar>(key: K, value: Calendar[K]) => onChange({ ...calendar, [key]: value });
  const at = (p: string) => fieldError(issues, p);
  return (
    <>
      <section className={styles.card} data-testid="slm-service-hours">
        <Text element="h3" variant="h4">
          {t('pages.agreements.editor.service-hours', 'Service hours')}
        </Text>
        {calendar.serviceHours.length === 0 && (
          <Text color="secondary">{t('pages.agreements.editor.always', 'None: the service is measured 24×7.')}</Text>
        )}
        {calendar.serviceHours.map((h, i) => {
          const p = `spec.serviceHours[${i}]`;
          const update = (change: Partial<Calendar['serviceHours'][number]>) =>
            set(
              'serviceHours',
              calendar.serviceHours.map((x, k) => (k === i ? { ...x, ...change } : x))
            );
          return (
            <div key={i} className={styles.row} data-testid={`slm-service-hours-${i}`}>
              <Field
                label={t('pages.agreements.editor.days', 'Days')}
                invalid={at(`${p}.days`) || at(p) ? true : undefined}
                error={at(`${p}.days`) ?? at(p)}
              >
                <Stack direction="row" gap={1}>
                  {WEEKDAYS.map((d) => (
                    <Checkbox
                      key={d}
                      label={dayShort(d)}
                      value={h.days.includes(d)}
                      onChange={(e) =>
                        update({
                          days: e.currentTarget.checked
                            ? WEEKDAYS.filter((w) => w === d || h.days.includes(w))
                            : h.days.filter((x) => x !== d),
                        })
                      }
                    />
                  ))}
                </Stack>
              </Field>
              <Field
                label={t('pages.agreements.editor.from', 'From')}
                invalid={!!at(`${p}.from`)}
                error={at(`${p}.from`)}
              >
                <Input
                  id={`${p}.from`}
                  width={10}
                  value={h.from}
                  placeholder="08:00"
                  onChange={(e) => update({ from: e.currentTarget.value })}
                />
              </Field>
              <Field label={t('pages.agreements.editor.to', 'To')} invalid={!!at(`${p}.to`)} error={at(`${p}.to`)}>
                <Input
                  id={`${p}.to`}
                  width={10}
                  value={h.to}
                  placeholder="18:00"
                  onChange={(e) => update({ to: e.currentTarget.value })}
                />
              </Field>
              <IconButton
                name="trash-alt"
                tooltip={t('pages.agreements.editor.remove', 'Remove')}
                onClick={() =>
                  set(
                    'serviceHours',
                    calendar.serviceHours.filter((_, k) => k !== i)
                  )
                }
              />
            </div>
          );
        })}
        <Button
          size="sm"
          variant="secondary"
          icon="plus"
          onClick={() =>
            set('serviceHours', [
              ...calendar.serviceHours,
              { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '18:00' },
            ])
          }
        >
          {t('pages.agreements.editor.add-hours', 'Add service hours')}
        </Button>
      </section>
      <section className={styles.card} data-testid="slm-holidays">
        <Text element="h3" variant="h4">
          {t('pages.agreements.editor.holidays', 'Holidays')}
        </Text>
        {calendar.holidays.map((d, i) => (
          <div key={i} className={styles.row}>
            <Field
              label={t('pages.agreements.editor.date', 'Date')}
              invalid={!!at(`spec.holidays[${i}]`)}
              error={at(`spec.holidays[${i}]`)}
            >
              <Input
                id={`spec.holidays[${i}]`}
                width={16}
                value={d}
                placeholder="2026-10-01"
                onChange={(e) =>
                  set(
                    'holidays',
                    calendar.holidays.map((x, k) => (k === i ? e.currentTarget.value : x))
                  )
                }
              />
            </Field>
            <IconButton
              name="trash-alt"
              tooltip={t('pages.agreements.editor.remove', 'Remove')}
              onClick={() =>
                set(
                  'holidays',
                  calendar.holidays.filter((_, k) => k !== i)
                )
              }
            />
          </div>
        ))}
        <Button size="sm" variant="secondary" icon="plus" onClick={() => set('holidays', [...calendar.holidays, ''])}>
          {t('pages.agreements.editor.add-holiday', 'Add holiday')}
        </Button>
      </section>
      <section className={styles.card} data-testid="slm-maintenance">
        <Text element="h3" variant="h4">
          {t('pages.agreements.editor.maintenance', 'Maintenance windows')}
        </Text>
        {calendar.maintenance.map((m, i) => {
          const p = `spec.maintenance[${i}]`;
          const update = (change: Partial<Calendar['maintenance'][number]>) =>
            set(
              'maintenance',
              calendar.maintenance.map((x, k) => (k === i ? { ...x, ...change } : x))
            );
          return (
            <div key={i} className={styles.row}>
              <Field
                label={t('pages.agreements.editor.from', 'From')}
                invalid={!!(at(`${p}.from`) ?? at(p))}
                error={at(`${p}.from`) ?? at(p)}
              >
                <Input
                  id={`${p}.from`}
                  width={24}
                  value={m.from}
                  placeholder="2026-03-01T22:00"
                  onChange={(e) => update({ from: e.currentTarget.value })}
                />
              </Field>
              <Field label={t('pages.agreements.editor.to', 'To')} invalid={!!at(`${p}.to`)} error={at(`${p}.to`)}>
                <Input
                  id={`${p}.to`}
                  width={24}
                  value={m.to}
                  placeholder="2026-03-02T02:00"
                  onChange={(e) => update({ to: e.currentTarget.value })}
                />
              </Field>
              <Field label={t('pages.agreements.editor.reason', 'Reason')}>
                <Input
                  id={`${p}.reason`}
                  width={30}
                  value={m.reason ?? ''}
                  onChange={(e) => update({ reason: e.currentTarget.value })}
                />
              </Field>
              <IconButton
                name="trash-alt"
                tooltip={t('pages.agreements.editor.remove', 'Remove')}
                onClick={() =>
                  set(
                    'maintenance',
                    calendar.maintenance.filter((_, k) => k !== i)
                  )
                }
              />
            </div>
          );
        })}
        <Button
          size="sm"
          variant="secondary"
          icon="plus"
          onClick={() => set('maintenance', [...calendar.maintenance, { from: '', to: '' }])}
        >
          {t('pages.agreements.editor.add-maintenance', 'Add maintenance window')}
        </Button>
      </section>
      {/* the calendar follows the form as it is typed, before it is saved */}
      <CalendarView
        timezone={timezone}
        serviceHours={calendar.serviceHours}
        holidays={calendar.holidays}
        maintenance={calendar.maintenance}
      />
    </>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    width: '100%',
    marginBottom: theme.spacing(1),
    'th, td': {
      padding: theme.spacing(0.5, 1),
      textAlign: 'left',
      borderBottom: `1px solid ${theme.colors.border.weak}`,
    },
    'tr[data-invalid="true"] td': { color: theme.colors.error.text },
  }),
  card: css({
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(2),
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
  }),
  grid: css({
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))',
    columnGap: theme.spacing(2),
  }),
  row: css({ display: 'flex', gap: theme.spacing(2), alignItems: 'flex-start', flexWrap: 'wrap' }),
});
