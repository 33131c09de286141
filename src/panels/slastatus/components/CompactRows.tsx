import React from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { NO_ESCAPE } from '../../../i18n';
import { agreementUrl, formatPercent } from '../format';
import { PanelLink } from './PanelLink';
import { panelTestIds } from '../testIds';
import { BurnDown } from './BurnDown';
import { StateBadge } from './StateBadge';
import { periodText, stateColor, targetName, type ViewProps } from './TargetView';

/** Many targets, one row each: name, state, compliance against objective, budget and its burn-down. */
export function CompactRows({ model, width, height, timeZone, linkable, header }: ViewProps) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const showBurn = width >= 420;
  const showObjective = width >= 320;
  return (
    <div className={styles.root} style={{ width, height }}>
      <div className={styles.header}>
        <div className={styles.title}>
          {linkable ? (
            <PanelLink href={agreementUrl(model.agreement.metadata.id)}>
              {model.agreement.metadata.title}
            </PanelLink>
          ) : (
            <span>{t('panel.adhoc', 'Ad-hoc objective')}</span>
          )}
        </div>
        {header}
      </div>
      <table className={styles.table}>
        <thead>
          <tr>
            <th>{t('compact.target', 'Target')}</th>
            <th>{t('compact.state', 'State')}</th>
            <th className={styles.num}>{t('stat.compliance', 'Compliance')}</th>
            {showObjective && <th className={styles.num}>{t('compact.objective', 'Objective')}</th>}
            <th className={styles.num}>{t('compact.budget', 'Budget')}</th>
            {showBurn && <th>{t('compact.burnDown', 'Burn-down')}</th>}
          </tr>
        </thead>
        <tbody>
          {model.targets.map((tm) => {
            const e = tm.evaluation;
            return (
              <tr key={tm.target.id} data-testid={panelTestIds.compactRow} data-target={tm.target.id}>
                <td className={styles.name} title={tm.target.id}>
                  {targetName(tm)}
                </td>
                <td>
                  <StateBadge state={e.state} />
                </td>
                <td className={styles.num} style={{ color: stateColor(theme, e.state) }} data-testid={panelTestIds.compliance}>
                  {formatPercent(e.compliance, 3)}
                </td>
                {showObjective && <td className={styles.num}>{formatPercent(e.objective, 2)}</td>}
                <td className={styles.num} data-testid={panelTestIds.budget}>
                  {formatPercent(e.errorBudgetRemaining, 1)}
                </td>
                {showBurn && (
                  <td>
                    <BurnDown points={tm.burnDown} period={model.period} width={100} height={18} timeZone={timeZone} />
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {model.targets.some((tm) => tm.evaluation.compliance === null) && (
        <div className={styles.secondary} data-testid={panelTestIds.message} data-kind="no_data">
          {t('message.noDataSome', 'Targets without data in the period {{period}} show –', {
            period: periodText(model.period, timeZone),
            interpolation: NO_ESCAPE,
          })}
        </div>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  root: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(0.5), overflow: 'auto' }),
  header: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1), flexWrap: 'wrap' }),
  title: css({ flex: '1 1 auto', minWidth: 0, overflow: 'hidden', whiteSpace: 'nowrap', textOverflow: 'ellipsis' }),
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    fontSize: theme.typography.bodySmall.fontSize,
    'th, td': { padding: theme.spacing(0.25, 0.75), borderBottom: `1px solid ${theme.colors.border.weak}`, whiteSpace: 'nowrap' },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium, textAlign: 'left' },
  }),
  num: css({ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }),
  name: css({ maxWidth: 180, overflow: 'hidden', textOverflow: 'ellipsis' }),
  secondary: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
});
