import React, { useEffect, useState } from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { LoadingPlaceholder, Tooltip, useStyles2 } from '@grafana/ui';
import { listAgreements, type AgreementFilter } from '../../../api/agreements';
import { AGREEMENT_TYPES, computeKpis, type AgreementType } from '../../../domain';
import { PLUGIN_BASE_URL, ROUTES } from '../../../constants';
import { NO_ESCAPE } from '../../../i18n';
import { agreementsUrl, formatPercent } from '../format';
import { evaluateAll, type AgreementKpi, type KpiProgress, type NotMonitoredReason } from '../kpiEvaluation';
import type { PanelIssue } from '../mapping';
import { PanelLink } from './PanelLink';
import { panelTestIds } from '../testIds';
import { issueFromError } from '../useRegistryAgreement';
import { PanelMessage } from './PanelMessage';

interface Props {
  filter: AgreementFilter;
  width: number;
  height: number;
  /** Changes on every dashboard refresh, so the figures follow it. */
  refreshKey: unknown;
}

/** Agreements evaluated at a time: each takes a registry read and one query request. */
export const KPI_CONCURRENCY = 4;

type Loaded = (KpiProgress & { total: number; complete: boolean }) | { issue: PanelIssue } | null;

/**
 * Finished figures per dashboard refresh (the PanelData object) and filter: re-mounting the
 * panel (edit mode, view mode, resize) does not query everything again; a refresh does.
 */
const cache = new WeakMap<object, Map<string, Exclude<Loaded, null>>>();

function cached(refreshKey: unknown, key: string) {
  return typeof refreshKey === 'object' && refreshKey !== null ? cache.get(refreshKey)?.get(key) : undefined;
}

function remember(refreshKey: unknown, key: string, value: Exclude<Loaded, null>) {
  if (typeof refreshKey === 'object' && refreshKey !== null) {
    const byFilter = cache.get(refreshKey) ?? new Map();
    byFilter.set(key, value);
    cache.set(refreshKey, byFilter);
  }
}

/** The active agreements evaluated a few at a time; partial figures meanwhile. */
function useKpis(filter: Required<AgreementFilter>, refreshKey: unknown): Loaded {
  const { type, service, party } = filter;
  const key = JSON.stringify([type, service, party]);
  const [loaded, setLoaded] = useState<{ key: string; refreshKey: unknown; value: Loaded } | null>(null);
  useEffect(() => {
    if (cached(refreshKey, key)) {
      return;
    }
    let stale = false;
    const set = (value: Exclude<Loaded, null>) => !stale && setLoaded({ key, refreshKey, value });
    (async () => {
      const { items, total } = await listAgreements({ type, service, party });
      const at = Date.now();
      set({ done: [], count: items.length, kpis: computeKpis([]), total, complete: false });
      const final = await evaluateAll(items, at, {
        concurrency: KPI_CONCURRENCY,
        cancelled: () => stale,
        onProgress: (p) => set({ ...p, total, complete: false }),
      });
      if (!stale) {
        const value = { ...final, total, complete: true };
        remember(refreshKey, key, value);
        set(value);
      }
    })().catch((e) => set({ issue: issueFromError('', e) }));
    return () => {
      stale = true;
    };
  }, [key, type, service, party, refreshKey]);
  const hit = cached(refreshKey, key);
  if (hit) {
    return hit;
  }
  return loaded && loaded.key === key && loaded.refreshKey === refreshKey ? loaded.value : null;
}

function reasonText(reason: NotMonitoredReason): string {
  switch (reason.kind) {
    case 'registry':
      return t('kpi.reason.registry', 'cannot be read from the registry: {{detail}}', { detail: reason.detail, interpolation: NO_ESCAPE });
    case 'query':
      return t('kpi.reason.query', 'its queries failed: {{detail}}', { detail: reason.detail, interpolation: NO_ESCAPE });
    default:
      return reason.targets
        .map((x) =>
          x.coverage === null
            ? t('kpi.reason.noSlice', '{{target}}: no slice of the period counts yet', { target: x.id, interpolation: NO_ESCAPE })
            : t('kpi.reason.coverage', '{{target}}: data for {{coverage}} of the period, {{min}} needed', {
                target: x.id,
                coverage: formatPercent(x.coverage, 1),
                min: formatPercent(x.minCoverage, 0),
                interpolation: NO_ESCAPE,
              })
        )
        .join('; ');
  }
}

/** The monitored count; when some agreements are not monitored, a tooltip says which and why. */
function MonitoredCount({ count, list, type }: { count: number; list: AgreementKpi[]; type: string }) {
  const styles = useStyles2(getStyles);
  if (list.length === 0) {
    return <span>{count}</span>;
  }
  const content = (
    <div data-testid={panelTestIds.kpiReasons}>
      <div>{t('kpi.notMonitored', 'Not monitored in time:')}</div>
      <ul className={styles.reasons}>
        {list.map((a) => (
          <li key={a.id}>
            <strong>{a.id}</strong> — {reasonText(a.reason!)}
          </li>
        ))}
      </ul>
    </div>
  );
  return (
    <Tooltip content={content} placement="bottom">
      <span tabIndex={0} className={styles.info} data-testid={panelTestIds.kpiNotMonitored(type)}>
        {count}
      </span>
    </Tooltip>
  );
}

export function KpiView({ filter, width, height, refreshKey }: Props) {
  const styles = useStyles2(getStyles);
  const { type = '', service = '', party = '' } = filter;
  const loaded = useKpis({ type, service, party }, refreshKey);

  if (loaded === null) {
    return <LoadingPlaceholder text={t('kpi.loading', 'Loading agreements…')} />;
  }
  if ('issue' in loaded) {
    const issue = loaded.issue.kind === 'forbidden' ? ({ kind: 'engine', detail: t('kpi.forbidden', 'you may not read agreements') } as const) : loaded.issue;
    return <PanelMessage issue={issue} width={width} height={height} />;
  }
  const types = type ? [type] : [...AGREEMENT_TYPES, 'all' as const];
  const typeName = (k: string) => (k === 'all' ? t('kpi.all', 'All') : k);
  const link = (k: string, page: string) =>
    page === ROUTES.Agreements
      ? agreementsUrl({ type: k === 'all' ? '' : k, service, party, state: 'active' })
      : `${PLUGIN_BASE_URL}/${page}?${new URLSearchParams(Object.entries({ type: k === 'all' ? '' : k, service, party }).filter(([, v]) => v !== ''))}`;
  const unmonitored = (k: AgreementType | 'all') => loaded.done.filter((a) => a.reason && (k === 'all' || a.type === k));
  return (
    <div className={styles.root} style={{ width, height }} data-testid={panelTestIds.kpi} data-complete={loaded.complete ? 'true' : 'false'}>
      <table className={styles.table}>
        <thead>
          <tr>
            <th>{t('kpi.type', 'Type')}</th>
            <th className={styles.num}>{t('kpi.active', 'Active')}</th>
            <th className={styles.num}>{t('kpi.monitored', 'Monitored in time')}</th>
            <th className={styles.num}>{t('kpi.breached', 'Breached')}</th>
          </tr>
        </thead>
        <tbody>
          {types.map((k) => {
            const f = loaded.kpis[k];
            return (
              <tr key={k} data-testid={panelTestIds.kpiRow(k)}>
                <td>
                  <PanelLink href={link(k, ROUTES.Agreements)}>{typeName(k)}</PanelLink>
                </td>
                <td className={styles.num} data-field="active">
                  {f.active}
                </td>
                <td className={styles.num} data-field="monitored">
                  <MonitoredCount count={f.monitored} list={unmonitored(k)} type={k} /> <span className={styles.ratio}>({formatPercent(f.monitoredRatio, 1)})</span>
                </td>
                <td className={styles.num} data-field="breached">
                  <PanelLink href={link(k, ROUTES.Breaches)}>{`${f.breached}`}</PanelLink>{' '}
                  <span className={styles.ratio}>({formatPercent(f.breachRatio, 1)})</span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {!loaded.complete && (
        <div className={styles.ratio} data-testid={panelTestIds.kpiProgress} role="status">
          {t('kpi.progress', 'Evaluating agreements: {{done}} of {{count}}…', { done: loaded.done.length, count: loaded.count })}
        </div>
      )}
      {loaded.total > loaded.count && (
        <div className={styles.ratio}>
          {t('kpi.partial', 'Figures cover the first {{shown}} of {{total}} agreements', { shown: loaded.count, total: loaded.total })}
        </div>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  root: css({ overflow: 'auto' }),
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    'th, td': { padding: theme.spacing(0.5, 1), borderBottom: `1px solid ${theme.colors.border.weak}`, whiteSpace: 'nowrap' },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium, textAlign: 'left' },
  }),
  num: css({ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }),
  ratio: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  info: css({ cursor: 'help', textDecoration: 'underline dotted', textUnderlineOffset: 3 }),
  reasons: css({ margin: 0, paddingLeft: theme.spacing(2), maxWidth: 480, whiteSpace: 'normal' }),
});
