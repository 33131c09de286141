import React, { useState } from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2, type SelectableValue, type StandardEditorProps } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Alert, Button, Combobox, IconButton, Input, RadioButtonGroup, Stack, useStyles2 } from '@grafana/ui';
import { getAgreementDocument, saveTargetMapping } from '../../../api/agreements';
import { needsAmendment, openAmendment } from '../../../api/amendments';
import { toEngineError } from '../../../api/engineClient';
import type { ThresholdOp } from '../../../domain';
import { NO_ESCAPE } from '../../../i18n';
import { activeMappings } from '../mapping';
import { MappingSaveError, lastPanelQueries, targetMappings } from '../saveMapping';
import { panelTestIds } from '../testIds';
import type { QueryMapping, QueryRole, SlaStatusOptions } from '../types';

type Props = StandardEditorProps<QueryMapping[], unknown, SlaStatusOptions>;

const OPS: ThresholdOp[] = ['lt', 'lte', 'gt', 'gte'];
const OP_LABEL: Record<ThresholdOp, string> = { lt: '<', lte: '≤', gt: '>', gte: '≥' };

/** Per query: the target it measures, its role, and for a value the comparison and threshold. */
export function MappingEditor({ value, onChange, context }: Props) {
  const styles = useStyles2(getStyles);
  const rows = value ?? [];
  const options = context.options;
  const refIds = [...new Set([...(context.data ?? []).map((f) => f.refId).filter((r): r is string => !!r), ...rows.map((r) => r.refId)])];
  const update = (i: number, patch: Partial<QueryMapping>) => onChange(rows.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  const roles: Array<SelectableValue<QueryRole>> = [
    { value: 'good', label: t('role.goodShort', 'Good') },
    { value: 'total', label: t('role.totalShort', 'Total') },
    { value: 'value', label: t('role.valueShort', 'Value') },
  ];
  return (
    <Stack direction="column" gap={1}>
      {rows.map((row, i) => (
        <div key={i} className={styles.row}>
          <Stack gap={1} alignItems="center">
            <Combobox<string>
              aria-label={t('editor.query', 'Query')}
              width={10}
              value={row.refId}
              options={refIds.map((r) => ({ value: r, label: r }))}
              createCustomValue
              onChange={(v) => update(i, { refId: v.value })}
            />
            <Input
              aria-label={t('editor.target', 'Target')}
              placeholder={options?.source === 'adhoc' ? 'sli' : t('editor.targetPlaceholder', 'target id')}
              value={row.target}
              onChange={(e) => update(i, { target: e.currentTarget.value })}
            />
            <IconButton name="trash-alt" tooltip={t('editor.remove', 'Remove this mapping')} onClick={() => onChange(rows.filter((_, k) => k !== i))} />
          </Stack>
          <RadioButtonGroup<QueryRole> size="sm" options={roles} value={row.role} onChange={(role) => update(i, { role })} />
          {row.role === 'value' && (
            <Stack gap={1}>
              <Combobox<ThresholdOp>
                aria-label={t('editor.op', 'Comparison')}
                width={8}
                value={row.op ?? 'lte'}
                options={OPS.map((op) => ({ value: op, label: OP_LABEL[op] }))}
                onChange={(v) => update(i, { op: v.value })}
              />
              <Input
                aria-label={t('editor.threshold', 'Threshold')}
                type="number"
                value={row.threshold ?? ''}
                onChange={(e) => update(i, { threshold: e.currentTarget.value === '' ? undefined : Number(e.currentTarget.value) })}
              />
            </Stack>
          )}
        </div>
      ))}
      <Button
        size="sm"
        variant="secondary"
        icon="plus"
        onClick={() => onChange([...rows, { refId: refIds.find((r) => !rows.some((x) => x.refId === r)) ?? 'A', target: '', role: 'good' }])}
      >
        {t('editor.add', 'Map a query')}
      </Button>
      {options?.source !== 'adhoc' && options?.agreementId && <SaveMapping options={options} rows={rows} frames={context.data ?? []} />}
    </Stack>
  );
}

type SaveResult = { ok: boolean; text: string; amend?: boolean };

function SaveMapping({ options, rows, frames }: { options: SlaStatusOptions; rows: QueryMapping[]; frames: Props['context']['data'] }) {
  const [result, setResult] = useState<SaveResult | null>(null);
  const [busy, setBusy] = useState(false);
  const id = options.agreementId.trim();
  const save = async (amendFirst: boolean) => {
    setBusy(true);
    setResult(null);
    try {
      if (amendFirst) {
        await openAmendment(id);
      }
      const mapped = activeMappings({ ...options, mappings: rows });
      const { agreement } = await getAgreementDocument(id);
      const datasourceOf = (targetId: string, role: string) => {
        const sli = agreement.spec.targets.find((x) => x.id === targetId)?.sli;
        return role === 'value' ? sli?.threshold?.query.datasource : sli?.ratio?.[role as 'good' | 'total']?.datasource;
      };
      await saveTargetMapping(id, targetMappings(mapped, frames, lastPanelQueries, datasourceOf));
      setResult({
        ok: true,
        text: amendFirst
          ? t('editor.savedAmendment', 'Saved to a new amendment of agreement {{id}}: the queries apply once the parties sign it', { id, interpolation: NO_ESCAPE })
          : t('editor.saved', 'Saved to agreement {{id}}: the engine now monitors these queries', { id, interpolation: NO_ESCAPE }),
      });
    } catch (e) {
      setResult(saveError(id, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button size="sm" icon="save" disabled={busy || rows.length === 0} onClick={() => save(false)} data-testid={panelTestIds.saveMapping}>
        {t('editor.save', 'Save mapping to the agreement')}
      </Button>
      {result && (
        <Alert severity={result.ok ? 'success' : result.amend ? 'warning' : 'error'} title="" data-testid={panelTestIds.saveResult}>
          {result.text}
          {result.amend && (
            <div>
              <Button size="sm" variant="secondary" disabled={busy} onClick={() => save(true)} data-testid={panelTestIds.openAmendment}>
                {t('editor.openAmendment', 'Open an amendment and save to it')}
              </Button>
            </div>
          )}
        </Alert>
      )}
    </>
  );
}

function saveError(id: string, e: unknown): SaveResult {
  if (e instanceof MappingSaveError) {
    return { ok: false, text: t('editor.noExpr', 'Query {{refId}} has no expression to save; run the queries first', { refId: e.message, interpolation: NO_ESCAPE }) };
  }
  if (needsAmendment(e)) {
    return {
      ok: false,
      amend: true,
      text: t('editor.needsAmendment', 'Agreement {{id}} is active: its queries change only through an amendment, which the parties sign again. Nothing was saved.', {
        id,
        interpolation: NO_ESCAPE,
      }),
    };
  }
  const err = toEngineError(e);
  const text =
    err.kind === 'forbidden'
      ? t('editor.forbidden', 'You may not change agreement {{id}}', { id, interpolation: NO_ESCAPE })
      : err.kind === 'conflict' && err.code !== 'not_editable'
        ? t('editor.conflict', 'Agreement {{id}} changed meanwhile; reload and save again', { id, interpolation: NO_ESCAPE })
        : err.message;
  return { ok: false, text };
}

const getStyles = (theme: GrafanaTheme2) => ({
  row: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
    padding: theme.spacing(1),
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
  }),
});
