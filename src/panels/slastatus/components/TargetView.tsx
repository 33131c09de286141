import React from 'react';
import { css, cx } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { useStyles2, useTheme2 } from '@grafana/ui';
import type { Interval, TargetState } from '../../../domain';
import { NO_ESCAPE } from '../../../i18n';
import { agreementUrl, formatPercent } from '../format';
import type { PanelModel, TargetModel } from '../model';
import { PanelLink } from './PanelLink';
import { panelTestIds } from '../testIds';
import { BurnDown } from './BurnDown';
import { SliChart } from './SliChart';
import { StateBadge } from './StateBadge';

export interface ViewProps {
  model: PanelModel;
  width: number;
  height: number;
  timeZone: string;
  unit?: string;
  /** Registry agreements link to their app page; the ad-hoc objective has none. */
  linkable: boolean;
  header?: React.ReactNode;
}

export function stateColor(theme: GrafanaTheme2, state: TargetState): string {
  return {
    met: theme.colors.success.text,
    at_risk: theme.colors.warning.text,
    breached: theme.colors.error.text,
    no_data: theme.colors.text.secondary,
  }[state];
}

export function periodText(period: Interval, timeZone: string): string {
  const f = (ms: number) => dateTimeFormat(ms, { timeZone, format: 'YYYY-MM-DD HH:mm' });
  return `${f(period.from)} – ${f(period.to)}`;
}

export function targetName(tm: TargetModel): string {
  return tm.target.name ?? tm.target.id;
}

/** One target in full: state, compliance against objective, budget and burn-down, the SLI chart. */
export function TargetView({ model, width, height, timeZone, unit, linkable, header }: ViewProps) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const tm = model.targets[0];
  const e = tm.evaluation;
  const small = width < 360 || height < 220;
  const chartHeight = small ? 0 : height - 128;
  const noData = e.compliance === null;
  return (
    <div className={styles.root} style={{ width, height }} data-testid={panelTestIds.target(tm.target.id)}>
      <div className={styles.header}>
        <div className={styles.title}>
          {linkable ? (
            <PanelLink href={agreementUrl(model.agreement.metadata.id)}>{model.agreement.metadata.title}</PanelLink>
          ) : (
            <span>{t('panel.adhoc', 'Ad-hoc objective')}</span>
          )}
          <span className={styles.secondary}>{targetName(tm)}</span>
        </div>
        <StateBadge state={e.state} />
        {header}
      </div>
      <div className={cx(styles.stats, small && styles.statsSmall)}>
        <div className={styles.stat}>
          <div className={styles.label}>{t('stat.compliance', 'Compliance')}</div>
          <div
            className={small ? styles.valueSmall : styles.value}
            style={{ color: stateColor(theme, e.state) }}
            data-testid={panelTestIds.compliance}
          >
            {formatPercent(e.compliance, 3)}
          </div>
          <div className={styles.secondary}>
            {t('stat.objective', 'Objective {{objective}}', {
              objective: formatPercent(e.objective, 2),
              interpolation: NO_ESCAPE,
            })}
            {e.warning !== undefined &&
              !small &&
              ` · ${t('stat.warning', 'warning {{warning}}', { warning: formatPercent(e.warning, 2), interpolation: NO_ESCAPE })}`}
          </div>
        </div>
        <div className={styles.stat}>
          <div className={styles.label}>{t('stat.budget', 'Error budget remaining')}</div>
          <div className={small ? styles.valueSmall : styles.value} data-testid={panelTestIds.budget}>
            {formatPercent(e.errorBudgetRemaining, 1)}
          </div>
          {width >= 260 && (
            <BurnDown
              points={tm.burnDown}
              period={model.period}
              width={small ? 100 : 140}
              height={22}
              timeZone={timeZone}
            />
          )}
        </div>
        {!small && (
          <div className={styles.stat}>
            <div className={styles.label}>{t('stat.coverage', 'Coverage')}</div>
            <div className={styles.valueSmall}>{formatPercent(e.coverage, 1)}</div>
            <div className={styles.secondary}>
              {t('stat.breaches', '{{count}} breach intervals', {
                count: e.badIntervals.length,
                interpolation: NO_ESCAPE,
              })}
            </div>
          </div>
        )}
      </div>
      {noData && (
        <div className={styles.noData} data-testid={panelTestIds.message} data-kind="no_data">
          {t('message.noData', 'No data for {{target}} in the period {{period}}', {
            target: targetName(tm),
            period: periodText(model.period, timeZone),
            interpolation: NO_ESCAPE,
          })}
        </div>
      )}
      {chartHeight >= 80 && (
        <SliChart
          model={tm}
          period={model.period}
          width={width}
          height={chartHeight - (noData ? 20 : 0)}
          timeZone={timeZone}
          unit={unit}
        />
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  root: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(0.5), overflow: 'hidden' }),
  header: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1), flexWrap: 'wrap', minHeight: 28 }),
  title: css({
    display: 'flex',
    gap: theme.spacing(1),
    alignItems: 'baseline',
    flex: '1 1 auto',
    minWidth: 0,
    overflow: 'hidden',
    whiteSpace: 'nowrap',
    textOverflow: 'ellipsis',
  }),
  stats: css({ display: 'flex', gap: theme.spacing(3), flexWrap: 'wrap' }),
  // a small panel keeps compliance and budget side by side instead of wrapping out of sight
  statsSmall: css({ gap: theme.spacing(1.5), flexWrap: 'nowrap' }),
  stat: css({ display: 'flex', flexDirection: 'column', minWidth: 0 }),
  label: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  value: css({
    fontSize: theme.typography.h2.fontSize,
    fontWeight: theme.typography.fontWeightMedium,
    lineHeight: 1.2,
  }),
  valueSmall: css({ fontSize: theme.typography.h4.fontSize, lineHeight: 1.2 }),
  secondary: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  noData: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
});
