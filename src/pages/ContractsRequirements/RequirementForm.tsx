import React, { useEffect, useState } from 'react';
import { type SelectableValue } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Alert, Button, Field, Input, Select, Stack, TextArea } from '@grafana/ui';
import { METRIC_KINDS, type MetricKind, type Requirement, createRequirement } from '../../api/contracts';
import { toEngineError } from '../../api/engineClient';
import { listServices } from '../../api/services';
import { PermissionButton } from '../../components/PermissionButton/PermissionButton';
import { type FormErrors, NO_ERRORS, formErrors } from './fieldErrors';
import { CONTRACTS_WRITE } from './shared';
import { EMPTY_SLI, type SliDraft, SliFields, isBlank, sliOf, sliPaths } from './SliFields';

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

/**
 * A service level requirement of the contract: service, metric, requested objective and, when
 * known, how to measure it (used by the gap analysis). The engine validates; its messages are
 * shown next to the fields.
 */
export function RequirementForm({
  contractRef,
  onCreated,
  onCancel,
}: {
  contractRef: string;
  onCreated: (r: Requirement) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const services = useServiceOptions();
  const set = (change: Partial<Draft>) => setDraft((d) => ({ ...d, ...change }));
  const err = (path: string) => errors.fields[path];

  const submit = async (event: React.SyntheticEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const created = await createRequirement(contractRef, {
        ...(draft.id.trim() ? { id: draft.id.trim() } : {}),
        serviceKey: draft.serviceKey,
        metric: draft.metric,
        // an empty or unparsable number is sent as NaN → JSON null, which the engine names
        objective: draft.objective.trim() === '' ? NaN : Number(draft.objective),
        description: draft.description,
        slice: draft.slice.trim() || null,
        sli: isBlank(draft.sli) ? null : sliOf(draft.sli),
      });
      setErrors(NO_ERRORS);
      setDraft(EMPTY);
      setBusy(false);
      onCreated(created);
    } catch (e) {
      setErrors(formErrors(toEngineError(e), FIELDS));
      setBusy(false);
    }
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
      aria-label={t('pages.contracts.requirement-form.title', 'New requirement')}
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
            autoFocus
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
      <SliFields idPrefix="slm-requirement-sli" value={draft.sli} onChange={(sli) => set({ sli })} errors={sliErrors} />
      {errors.general.length > 0 && (
        <Alert severity="error" title={t('pages.contracts.requirement-form.failed', 'The requirement was not saved')}>
          {errors.general.map((m) => (
            <div key={m}>{m}</div>
          ))}
        </Alert>
      )}
      <Stack direction="row" gap={1}>
        <PermissionButton action={CONTRACTS_WRITE} type="submit" disabled={busy} icon={busy ? 'spinner' : 'save'}>
          {t('pages.contracts.requirement-form.create', 'Add requirement')}
        </PermissionButton>
        <Button variant="secondary" fill="outline" onClick={onCancel}>
          {t('pages.contracts.form.cancel', 'Cancel')}
        </Button>
      </Stack>
    </form>
  );
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
