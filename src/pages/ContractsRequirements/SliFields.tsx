import React from 'react';
import { type SelectableValue } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Field, Input, RadioButtonGroup, Select, Stack } from '@grafana/ui';
import type { RequirementSli } from '../../api/contracts';

export type SliKind = 'ratio' | 'threshold';
export type ThresholdOp = 'lt' | 'lte' | 'gt' | 'gte';

/** The SLI as typed: a datasource uid and query expressions (the datasource's own editor is out of scope). */
export interface SliDraft {
  kind: SliKind;
  datasource: string;
  good: string;
  total: string;
  value: string;
  op: ThresholdOp;
  threshold: string;
}

export const EMPTY_SLI: SliDraft = {
  kind: 'ratio',
  datasource: '',
  good: '',
  total: '',
  value: '',
  op: 'lte',
  threshold: '',
};

export function sliDraft(sli: RequirementSli | null | undefined): SliDraft {
  if (sli?.ratio) {
    return {
      ...EMPTY_SLI,
      kind: 'ratio',
      datasource: sli.ratio.good.datasource,
      good: sli.ratio.good.expr,
      total: sli.ratio.total.expr,
    };
  }
  if (sli?.threshold) {
    const th = sli.threshold;
    return {
      ...EMPTY_SLI,
      kind: 'threshold',
      datasource: th.query.datasource,
      value: th.query.expr,
      op: th.op,
      threshold: String(th.value),
    };
  }
  return EMPTY_SLI;
}

export const isBlank = (d: SliDraft) => !d.datasource.trim() && !d.good.trim() && !d.total.trim() && !d.value.trim();

/** The SLI as the engine and the evaluator take it; an unparsable threshold is NaN, refused by their schema. */
export function sliOf(d: SliDraft): RequirementSli {
  const q = (expr: string) => ({ datasource: d.datasource.trim(), expr: expr.trim() });
  return d.kind === 'ratio'
    ? { ratio: { good: q(d.good), total: q(d.total) } }
    : { threshold: { query: q(d.value), op: d.op, value: d.threshold.trim() === '' ? NaN : Number(d.threshold) } };
}

/** Field paths of the SLI, under `prefix` (e.g. `sli.`), for error placement. */
export const sliPaths = (prefix: string) =>
  [
    'ratio.good.datasource',
    'ratio.good.expr',
    'ratio.total.expr',
    'threshold.query.expr',
    'threshold.op',
    'threshold.value',
  ].map((p) => prefix + p);

const OPS: Array<SelectableValue<ThresholdOp>> = [
  { value: 'lt', label: '<' },
  { value: 'lte', label: '≤' },
  { value: 'gt', label: '>' },
  { value: 'gte', label: '≥' },
];

interface Props {
  value: SliDraft;
  onChange: (value: SliDraft) => void;
  /** Error messages by SLI path (without prefix). */
  errors?: Record<string, string | undefined>;
  idPrefix: string;
}

export function SliFields({ value, onChange, errors = {}, idPrefix }: Props) {
  const set = (change: Partial<SliDraft>) => onChange({ ...value, ...change });
  const dsError =
    errors['ratio.good.datasource'] ?? errors['ratio.total.datasource'] ?? errors['threshold.query.datasource'];
  return (
    <Stack direction="column" gap={0}>
      <Field label={t('pages.contracts.sli.kind', 'SLI')}>
        <RadioButtonGroup<SliKind>
          value={value.kind}
          onChange={(kind) => set({ kind })}
          options={[
            { value: 'ratio', label: t('pages.contracts.sli.ratio', 'Good / total') },
            { value: 'threshold', label: t('pages.contracts.sli.threshold', 'Value against a threshold') },
          ]}
        />
      </Field>
      <Field
        label={t('pages.contracts.sli.datasource', 'Datasource uid')}
        description={t('pages.contracts.sli.datasource-description', 'The uid of a Prometheus-compatible datasource')}
        invalid={!!dsError}
        error={dsError}
      >
        <Input
          id={`${idPrefix}-datasource`}
          value={value.datasource}
          onChange={(e) => set({ datasource: e.currentTarget.value })}
          width={32}
        />
      </Field>
      {value.kind === 'ratio' ? (
        <>
          <Field
            label={t('pages.contracts.sli.good', 'Good events query')}
            invalid={!!errors['ratio.good.expr']}
            error={errors['ratio.good.expr']}
          >
            <Input id={`${idPrefix}-good`} value={value.good} onChange={(e) => set({ good: e.currentTarget.value })} />
          </Field>
          <Field
            label={t('pages.contracts.sli.total', 'Total events query')}
            invalid={!!errors['ratio.total.expr']}
            error={errors['ratio.total.expr']}
          >
            <Input
              id={`${idPrefix}-total`}
              value={value.total}
              onChange={(e) => set({ total: e.currentTarget.value })}
            />
          </Field>
        </>
      ) : (
        <Stack direction="row" gap={2} wrap="wrap">
          <Field
            label={t('pages.contracts.sli.value', 'Value query')}
            invalid={!!errors['threshold.query.expr']}
            error={errors['threshold.query.expr']}
          >
            <Input
              id={`${idPrefix}-value`}
              width={60}
              value={value.value}
              onChange={(e) => set({ value: e.currentTarget.value })}
            />
          </Field>
          <Field
            label={t('pages.contracts.sli.op', 'Good when')}
            invalid={!!errors['threshold.op']}
            error={errors['threshold.op']}
          >
            <Select<ThresholdOp>
              inputId={`${idPrefix}-op`}
              width={10}
              value={value.op}
              options={OPS}
              onChange={(v) => set({ op: v.value ?? 'lte' })}
            />
          </Field>
          <Field
            label={t('pages.contracts.sli.threshold-value', 'Threshold')}
            invalid={!!errors['threshold.value']}
            error={errors['threshold.value']}
          >
            <Input
              id={`${idPrefix}-threshold`}
              type="number"
              value={value.threshold}
              onChange={(e) => set({ threshold: e.currentTarget.value })}
              width={14}
            />
          </Field>
        </Stack>
      )}
    </Stack>
  );
}
