import React, { useEffect, useState } from 'react';
import { type SelectableValue } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Alert, Button, Field, Input, Select, Stack, TextArea } from '@grafana/ui';
import {
  METRIC_KINDS,
  type MetricKind,
  type Requirement,
  type RequirementInput,
  type RequirementSli,
  createRequirement,
  replaceRequirement,
} from '../../api/contracts';
import { type EngineError, StaleVersionError, toEngineError } from '../../api/engineClient';
import { listServices } from '../../api/services';
import { EngineErrorAlert } from '../../components/EngineErrorAlert/EngineErrorAlert';
import { PermissionButton } from '../../components/PermissionButton/PermissionButton';
import { NO_ESCAPE } from '../../i18n';
import { reapply } from '../../components/RecordForm/reapply';
import { ConflictPanel, type ConflictRow } from '../../components/RecordForm/formParts';
import { type FormErrors, NO_ERRORS, formErrors } from '../../components/RecordForm/fieldErrors';
import { CONTRACTS_WRITE, percentText } from './shared';
import { EMPTY_SLI, type SliDraft, SliFields, isBlank, sliDraft, sliOf, sliPaths } from './SliFields';

const FIELDS = ['id', 'serviceKey', 'metric', 'objective', 'slice', 'description', ...sliPaths('sli.')];

interface Draft {
  id: string;
  serviceKey: string;
  metric: MetricKind;
  objective: string;
  slice: string;
  description: string;
  sli: SliDraft;
}

const EMPTY: Draft = {
  id: '',
  serviceKey: '',
  metric: 'availability',
  objective: '',
  slice: '',
  description: '',
  sli: EMPTY_SLI,
};

export function metricLabel(metric: MetricKind): string {
  const labels: Record<MetricKind, string> = {
    availability: t('pages.contracts.metric.availability', 'Availability'),
    latency: t('pages.contracts.metric.latency', 'Latency'),
    response_time: t('pages.contracts.metric.response-time', 'Response time'),
    error_rate: t('pages.contracts.metric.error-rate', 'Error rate'),
    throughput: t('pages.contracts.metric.throughput', 'Throughput'),
    other: t('pages.contracts.metric.other', 'Other'),
  };
  return labels[metric];
}

export function requirementDraft(r: Requirement): Draft {
  return {
    id: r.id,
    serviceKey: r.serviceKey,
    metric: r.metric,
    objective: String(r.objective),
    slice: r.slice ?? '',
    description: r.description,
    sli: sliDraft(r.sli),
  };
}

function inputOf(draft: Draft, base?: Requirement): RequirementInput {
  return {
    ...(draft.id.trim() ? { id: draft.id.trim() } : {}),
    serviceKey: draft.serviceKey,
    metric: draft.metric,
    // an empty or unparsable number is sent as NaN → JSON null, which the engine names
    objective: draft.objective.trim() === '' ? NaN : Number(draft.objective),
    description: draft.description,
    slice: draft.slice.trim() || null,
    sli: isBlank(draft.sli) ? null : sliOf(draft.sli),
    ...(base ? { window: base.window } : {}),
  };
}

/** What the user may edit of a stored requirement: the fields compared in a conflict and re-applied. */
export const requirementInputOf = (r: Requirement): RequirementInput => inputOf(requirementDraft(r), r);

type Failure =
  | { kind: 'none' }
  | { kind: 'fields'; errors: FormErrors }
  | { kind: 'engine'; error: EngineError }
  | { kind: 'conflict'; mine: RequirementInput; latest: Requirement };

/**
 * A service level requirement of the contract: service, metric, requested objective and, when
 * known, how to measure it (used by the gap analysis). New, or (with `base`) an edit sent with
 * If-Match = the version it started from. The engine validates; its messages are shown next to
 * the fields, and someone else's save in between shows both versions side by side.
 */
export function RequirementForm({
  contractRef,
  base: initialBase,
  onSaved,
  onCancel,
}: {
  contractRef: string;
  base?: Requirement;
  onSaved: (r: Requirement) => void;
  onCancel: () => void;
}) {
  const [base, setBase] = useState<Requirement | undefined>(initialBase);
  const [draft, setDraft] = useState<Draft>(() => (initialBase ? requirementDraft(initialBase) : EMPTY));
  const [failure, setFailure] = useState<Failure>({ kind: 'none' });
  const [busy, setBusy] = useState(false);
  const services = useServiceOptions();
  const set = (change: Partial<Draft>) => setDraft((d) => ({ ...d, ...change }));
  const editing = base !== undefined;
  const errors = failure.kind === 'fields' ? failure.errors : NO_ERRORS;
  const err = (path: string) => errors.fields[path];

  const save = async (input: RequirementInput, version?: number) => {
    setBusy(true);
    setFailure({ kind: 'none' });
    try {
      const saved =
        version === undefined || !base
          ? await createRequirement(contractRef, input)
          : await replaceRequirement(contractRef, base.id, input, version);
      setBusy(false);
      if (!editing) {
        setDraft(EMPTY);
      }
      onSaved(saved);
    } catch (e) {
      setBusy(false);
      if (e instanceof StaleVersionError) {
        setFailure({ kind: 'conflict', mine: input, latest: e.current as Requirement });
        return;
      }
      const error = toEngineError(e);
      setFailure(
        error.code === 'validation_failed' || !editing
          ? { kind: 'fields', errors: formErrors(error, FIELDS) }
          : { kind: 'engine', error }
      );
    }
  };

  const submit = (event: React.SyntheticEvent) => {
    event.preventDefault();
    save(inputOf(draft, base), base?.version);
  };

  const reapplyMine = (mine: RequirementInput, latest: Requirement) => {
    const merged = reapply(requirementInputOf(base!), mine, requirementInputOf(latest));
    setBase(latest);
    setDraft(
      requirementDraft({ ...latest, ...merged, sli: merged.sli ?? null, slice: merged.slice ?? null } as Requirement)
    );
    save(merged, latest.version);
  };

  const discardMine = (latest: Requirement) => {
    setBase(latest);
    setDraft(requirementDraft(latest));
    setFailure({ kind: 'none' });
  };

  const sliErrors = Object.fromEntries(
    Object.entries(errors.fields)
      .filter(([k]) => k.startsWith('sli.'))
      .map(([k, v]) => [k.slice(4), v])
  );

  return (
    <form
      onSubmit={submit}
      data-testid="slm-requirement-form"
      aria-label={
        base
          ? t('pages.contracts.requirement-form.edit-title', 'Edit requirement {{id}}', {
              id: base.id,
              interpolation: NO_ESCAPE,
            })
          : t('pages.contracts.requirement-form.title', 'New requirement')
      }
    >
      <Stack direction="row" gap={2} wrap="wrap">
        <Field
          label={t('pages.contracts.requirement-form.id', 'Id')}
          description={t('pages.contracts.requirement-form.id-description', 'Generated when empty')}
          invalid={!!err('id')}
          error={err('id')}
        >
          <Input
            id="slm-requirement-id"
            value={draft.id}
            onChange={(e) => set({ id: e.currentTarget.value })}
            width={24}
            autoFocus={!editing}
            disabled={editing}
          />
        </Field>
        <Field
          label={t('pages.contracts.requirement-form.service', 'Service')}
          invalid={!!err('serviceKey')}
          error={err('serviceKey')}
          required
        >
          <Select
            inputId="slm-requirement-service"
            width={32}
            value={draft.serviceKey || null}
            options={services}
            onChange={(v: SelectableValue<string> | null) => set({ serviceKey: v?.value ?? '' })}
            placeholder={t('pages.contracts.requirement-form.service-placeholder', 'Choose a service')}
          />
        </Field>
        <Field
          label={t('pages.contracts.requirement-form.metric', 'Metric')}
          invalid={!!err('metric')}
          error={err('metric')}
          required
        >
          <Select<MetricKind>
            inputId="slm-requirement-metric"
            width={24}
            value={draft.metric}
            options={METRIC_KINDS.map((m) => ({ value: m, label: metricLabel(m) }))}
            onChange={(v) => set({ metric: v.value ?? 'availability' })}
          />
        </Field>
        <Field
          label={t('pages.contracts.requirement-form.objective', 'Objective (%)')}
          invalid={!!err('objective')}
          error={err('objective')}
          required
        >
          <Input
            id="slm-requirement-objective"
            type="number"
            step="any"
            value={draft.objective}
            onChange={(e) => set({ objective: e.currentTarget.value })}
            width={14}
          />
        </Field>
        <Field
          label={t('pages.contracts.requirement-form.slice', 'Slice')}
          description={t('pages.contracts.requirement-form.slice-description', 'Evaluation step, e.g. 5m')}
          invalid={!!err('slice')}
          error={err('slice')}
        >
          <Input
            id="slm-requirement-slice"
            value={draft.slice}
            onChange={(e) => set({ slice: e.currentTarget.value })}
            width={12}
          />
        </Field>
      </Stack>
      <Field
        label={t('pages.contracts.requirement-form.description', 'Description')}
        invalid={!!err('description')}
        error={err('description')}
      >
        <TextArea
          id="slm-requirement-description"
          value={draft.description}
          onChange={(e) => set({ description: e.currentTarget.value })}
          rows={2}
        />
      </Field>
      <SliFields
        idPrefix={editing ? `slm-requirement-sli-${base.id}` : 'slm-requirement-sli'}
        value={draft.sli}
        onChange={(sli) => set({ sli })}
        errors={sliErrors}
      />
      {errors.general.length > 0 && (
        <Alert severity="error" title={t('pages.contracts.requirement-form.failed', 'The requirement was not saved')}>
          {errors.general.map((m) => (
            <div key={m}>{m}</div>
          ))}
        </Alert>
      )}
      {failure.kind === 'engine' && (
        <EngineErrorAlert
          error={failure.error}
          title={t('pages.contracts.requirement-form.failed', 'The requirement was not saved')}
        />
      )}
      {failure.kind === 'conflict' && base && (
        <ConflictPanel
          rows={conflictRows(failure.mine, requirementInputOf(failure.latest))}
          seenVersion={base.version}
          latestVersion={failure.latest.version}
          latestBy={failure.latest.updatedBy ?? '—'}
          action={CONTRACTS_WRITE}
          busy={busy}
          onReapply={() => reapplyMine(failure.mine, failure.latest)}
          onDiscard={() => discardMine(failure.latest)}
        />
      )}
      <Stack direction="row" gap={1}>
        <PermissionButton action={CONTRACTS_WRITE} type="submit" disabled={busy} icon={busy ? 'spinner' : 'save'}>
          {editing
            ? t('pages.contracts.requirement-form.save', 'Save requirement')
            : t('pages.contracts.requirement-form.create', 'Add requirement')}
        </PermissionButton>
        <Button variant="secondary" fill="outline" onClick={onCancel}>
          {t('pages.contracts.form.cancel', 'Cancel')}
        </Button>
      </Stack>
    </form>
  );
}

function sliText(sli: RequirementSli | null | undefined): string {
  if (sli?.ratio) {
    return `${sli.ratio.good.datasource}: (${sli.ratio.good.expr}) / (${sli.ratio.total.expr})`;
  }
  if (sli?.threshold) {
    const ops = { lt: '<', lte: '≤', gt: '>', gte: '≥' } as const;
    return `${sli.threshold.query.datasource}: ${sli.threshold.query.expr} ${ops[sli.threshold.op]} ${sli.threshold.value}`;
  }
  return '—';
}

function conflictRows(mine: RequirementInput, latest: RequirementInput): ConflictRow[] {
  const rows: Array<[keyof RequirementInput, string, (r: RequirementInput) => string]> = [
    ['serviceKey', t('pages.contracts.requirement-form.service', 'Service'), (r) => r.serviceKey],
    ['metric', t('pages.contracts.requirement-form.metric', 'Metric'), (r) => metricLabel(r.metric)],
    ['objective', t('pages.contracts.requirement-form.objective', 'Objective (%)'), (r) => percentText(r.objective)],
    ['slice', t('pages.contracts.requirement-form.slice', 'Slice'), (r) => r.slice || '—'],
    ['description', t('pages.contracts.requirement-form.description', 'Description'), (r) => r.description || '—'],
    ['sli', t('pages.contracts.sli.kind', 'SLI'), (r) => sliText(r.sli)],
  ];
  return rows.map(([field, label, show]) => ({ field, label, yours: show(mine), latest: show(latest) }));
}

function useServiceOptions(): Array<SelectableValue<string>> {
  const [options, setOptions] = useState<Array<SelectableValue<string>>>([]);
  useEffect(() => {
    let current = true;
    listServices({ limit: 500 })
      .then(
        (page) => current && setOptions(page.items.map((s) => ({ value: s.key, label: s.name, description: s.key })))
      )
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, []);
  return options;
}
