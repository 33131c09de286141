import React, { useEffect, useMemo, useState } from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2, type PanelProps } from '@grafana/data';
import { t } from '@grafana/i18n';
import { LoadingPlaceholder, useStyles2 } from '@grafana/ui';
import type { Agreement, FrameLike } from '../../domain';
import { CompactRows } from './components/CompactRows';
import { KpiView } from './components/KpiView';
import { PanelMessage } from './components/PanelMessage';
import { PeriodSwitch } from './components/PeriodSwitch';
import { TargetView } from './components/TargetView';
import {
  activeMappings,
  buildAdhocAgreement,
  isIssue,
  mapFrames,
  mapRegistryAgreement,
  type AdhocContext,
  type PanelIssue,
} from './mapping';
import { lastPanelQueries } from './saveMapping';
import { panelTestIds } from './testIds';
import { DEFAULT_OPTIONS, type PeriodChoice, type SlaStatusOptions } from './types';
import { useChunkedModel, type ModelJob } from './useModel';
import { useRegistryAgreement } from './useRegistryAgreement';

type Props = PanelProps<SlaStatusOptions>;

/** Grafana's 'browser' / 'utc' / '' → an IANA zone the evaluator's calendar understands. */
export function ianaZone(timeZone: string | undefined): string {
  if (!timeZone || timeZone === 'browser' || timeZone === 'default') {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  }
  return timeZone === 'utc' ? 'UTC' : timeZone;
}

export function SlaStatusPanel(props: Props) {
  const options = { ...DEFAULT_OPTIONS, ...props.options };
  if (options.mode === 'kpi') {
    return (
      <KpiView
        filter={{ type: options.kpiType, service: options.kpiService, party: options.kpiParty }}
        width={props.width}
        height={props.height}
        refreshKey={props.data}
      />
    );
  }
  return <TargetPanel {...props} options={options} />;
}

function adhocContext(props: Props, timeZone: string): AdhocContext {
  const queries: AdhocContext['queries'] = {};
  for (const q of props.data.request?.targets ?? []) {
    const ds = q.datasource;
    queries[q.refId] = { datasource: typeof ds === 'string' ? ds : ds?.uid, expr: (q as { expr?: string }).expr };
  }
  return { timeZone, intervalMs: props.data.request?.intervalMs, queries };
}

function TargetPanel(props: Props) {
  const { options, data, width, height } = props;
  const styles = useStyles2(getStyles);
  const timeZone = ianaZone(props.timeZone);
  // The in-panel period switch, reset whenever the period option itself changes.
  const [switched, setSwitched] = useState<{ option: PeriodChoice; value: PeriodChoice } | null>(null);
  const period = switched && switched.option === options.period ? switched.value : options.period;
  const setPeriod = (value: PeriodChoice) => setSwitched({ option: options.period, value });

  useEffect(() => {
    for (const [refId, q] of Object.entries(adhocContext(props, timeZone).queries ?? {})) {
      lastPanelQueries.set(refId, q);
    }
    // the queries change with the request only
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data.request]);

  const registryMode = options.source !== 'adhoc';
  const agreementId = options.agreementId?.trim() ?? '';
  const registry = useRegistryAgreement(agreementId, registryMode);
  const rows = useMemo(() => activeMappings(options), [options.mappings, options.source]); // eslint-disable-line react-hooks/exhaustive-deps

  // Everything up to the evaluator's input, memoised on data and options.
  const prepared = useMemo((): ModelJob | PanelIssue | 'loading' => {
    if (registryMode && agreementId === '') {
      return rows.length ? { kind: 'no_agreement' } : { kind: 'unmapped' };
    }
    if (rows.length === 0) {
      return { kind: 'unmapped' };
    }
    let agreement: Agreement | PanelIssue;
    if (registryMode) {
      if (registry.status === 'error') {
        return registry.issue;
      }
      if (registry.status !== 'ok' || registry.id !== agreementId) {
        return 'loading';
      }
      agreement = mapRegistryAgreement(registry.agreement, rows);
    } else {
      agreement = buildAdhocAgreement(options, rows, adhocContext(props, timeZone));
    }
    if (isIssue(agreement)) {
      return agreement;
    }
    const series = mapFrames(data.series as unknown as FrameLike[], rows);
    if (isIssue(series)) {
      return series;
    }
    const range = { from: data.timeRange.from.valueOf(), to: data.timeRange.to.valueOf() };
    return { mapped: { agreement, series }, period, range };
    // props is read for the ad-hoc queries only, which change with data.request
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [registryMode, agreementId, rows, registry, options, data, period, timeZone]);

  const job = typeof prepared === 'object' && 'mapped' in prepared ? prepared : null;
  const { model, computing, error } = useChunkedModel(job);

  if (prepared === 'loading') {
    return <LoadingPlaceholder text={t('panel.loadingAgreement', 'Loading agreement…')} />;
  }
  if (!job) {
    return <PanelMessage issue={prepared as PanelIssue} width={width} height={height} />;
  }
  if (error) {
    return <PanelMessage issue={{ kind: 'frames', refId: '', detail: error.message }} width={width} height={height} />;
  }
  if (!model) {
    return (
      <div className={styles.computing} style={{ width, height }} data-testid={panelTestIds.computing}>
        <LoadingPlaceholder text={t('panel.computing', 'Evaluating…')} />
      </div>
    );
  }
  const compact = options.layout === 'compact' || (options.layout === 'auto' && (model.targets.length > 1 || height < 120));
  const header = width >= 300 ? <PeriodSwitch value={period} onChange={setPeriod} /> : undefined;
  const viewProps = {
    model,
    width,
    height,
    timeZone,
    unit: props.fieldConfig?.defaults?.unit,
    linkable: registryMode,
    header,
  };
  return (
    <div data-computing={computing ? 'true' : 'false'} data-state={model.state}>
      {compact ? <CompactRows {...viewProps} /> : <TargetView {...viewProps} />}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  computing: css({ display: 'flex', alignItems: 'center', justifyContent: 'center', padding: theme.spacing(1) }),
});
