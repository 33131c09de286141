import React from 'react';
import { type SelectableValue } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Field, Input, RadioButtonGroup, Select, Stack } from '@grafana/ui';
import type { RequirementSli } from '../../api/contracts';
import {
  DatasourceField,
  ExpressionField,
  QueryEditorNote,
} from '../../components/DatasourceQuery/DatasourceQueryField';
import { useQueryEditor } from '../../components/DatasourceQuery/useQueryEditor';

export type SliKind = 'ratio' | 'threshold';
export type ThresholdOp = 'lt' | 'lte' | 'gt' | 'gte';

/** The SLI as edited: one data source uid for all its queries, and their expressions. */
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
  const editor = useQueryEditor(value.datasource);
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
      <DatasourceField
        uid={value.datasource}
        onChange={(datasource) => set({ datasource })}
        state={editor}
        id={`${idPrefix}-datasource`}
        label={t('pages.contracts.sli.datasource', 'Datasource uid')}
        description={t('pages.contracts.sli.datasource-description', 'The uid of a Prometheus-compatible datasource')}
        error={dsError}
      />
      <QueryEditorNote state={editor} />
      {value.kind === 'ratio' ? (
        <>
          <ExpressionField
            expr={value.good}
            onChange={(good) => set({ good })}
            state={editor}
            id={`${idPrefix}-good`}
            refId="good"
            label={t('pages.contracts.sli.good', 'Good events query')}
            error={errors['ratio.good.expr']}
          />
          <ExpressionField
            expr={value.total}
            onChange={(total) => set({ total })}
            state={editor}
            id={`${idPrefix}-total`}
            refId="total"
            label={t('pages.contracts.sli.total', 'Total events query')}
            error={errors['ratio.total.expr']}
          />
        </>
      ) : (
        <>
          <ExpressionField
            expr={value.value}
            onChange={(v) => set({ value: v })}
            state={editor}
            id={`${idPrefix}-value`}
            refId="value"
            width={60}
            label={t('pages.contracts.sli.value', 'Value query')}
            error={errors['threshold.query.expr']}
          />
          <Stack direction="row" gap={2} wrap="wrap">
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
        </>
      )}
    </Stack>
  );
}
