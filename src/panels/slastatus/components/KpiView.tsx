import React, { useEffect, useState } from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { LoadingPlaceholder, useStyles2 } from '@grafana/ui';
import { listAgreements, type AgreementFilter, type AgreementListItem } from '../../../api/agreements';
import { computeKpis, AGREEMENT_TYPES, type KpiInput, type Kpis } from '../../../domain';
import { PLUGIN_BASE_URL, ROUTES } from '../../../constants';
import { agreementsUrl, formatPercent } from '../format';
import type { PanelIssue } from '../mapping';
import { PanelLink } from './PanelLink';
import { panelTestIds } from '../testIds';
import { issueFromError } from '../useRegistryAgreement';
import { PanelMessage } from './PanelMessage';

/**
 * An agreement the engine has not evaluated yet counts as not monitored: its targets are, as far
 * as anyone can tell, without data.
 */
export function kpiInput(item: AgreementListItem): KpiInput {
  const e = item.evaluation;
  return e
    ? { type: item.type, state: e.state, targets: e.targets }
    : { type: item.type, state: 'no_data', targets: [{ state: 'no_data' }] };
}

interface Props {
  filter: AgreementFilter;
  width: number;
  height: number;
  /** Changes on every dashboard refresh, so the figures follow it. */
  refreshKey: unknown;
}

type Loaded = { kpis: Kpis; total: number; shown: number } | { issue: PanelIssue } | null;

export function KpiView({ filter, width, height, refreshKey }: Props) {
  const styles = useStyles2(getStyles);
  const [loaded, setLoaded] = useState<Loaded>(null);
  const { type = '', service = '', party = '' } = filter;
  useEffect(() => {
    let stale = false;
    listAgreements({ type, service, party }).then(
      ({ items, total }) => !stale && setLoaded({ kpis: computeKpis(items.map(kpiInput)), total, shown: items.length }),
      (e) => !stale && setLoaded({ issue: issueFromError('', e) })
    );
    return () => {
      stale = true;
    };
  }, [type, service, party, refreshKey]);

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
  return (
    <div className={styles.root} style={{ width, height }} data-testid={panelTestIds.kpi}>
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
                  <PanelLink href={link(k, ROUTES.Agreements)}>
                    {typeName(k)}
                  </PanelLink>
                </td>
                <td className={styles.num} data-field="active">
                  {f.active}
                </td>
                <td className={styles.num} data-field="monitored">
                  {f.monitored} <span className={styles.ratio}>({formatPercent(f.monitoredRatio, 1)})</span>
                </td>
                <td className={styles.num} data-field="breached">
                  <PanelLink href={link(k, ROUTES.Breaches)}>
                    {`${f.breached}`}
                  </PanelLink>{' '}
                  <span className={styles.ratio}>({formatPercent(f.breachRatio, 1)})</span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {loaded.total > loaded.shown && (
        <div className={styles.ratio}>
          {t('kpi.partial', 'Figures cover the first {{shown}} of {{total}} agreements', { shown: loaded.shown, total: loaded.total })}
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
});
