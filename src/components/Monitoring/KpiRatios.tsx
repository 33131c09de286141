import React from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Text, useStyles2, useTheme2 } from '@grafana/ui';
import type { AgreementType, KpiFigures } from '../../domain';
import { NO_ESCAPE } from '../../i18n';
import { formatPercent } from './format';
import { Sparkline } from './Sparkline';

/** The name of an agreement type in a KPI heading; `all` for the figures over every type. */
export function kpiTypeName(type: AgreementType | 'all'): string {
  const names: Record<AgreementType | 'all', string> = {
    SLA: t('pages.overview.kpi.sla', 'Service level agreements'),
    OLA: t('pages.overview.kpi.ola', 'Operational level agreements'),
    UC: t('pages.overview.kpi.uc', 'Underpinning contracts'),
    all: t('pages.reviews.report.kpi-all', 'All agreements'),
  };
  return names[type];
}

/** Earlier periods' figures, oldest first, with their labels, for a trend next to each ratio. */
export interface KpiTrend {
  periods: KpiFigures[];
  labels: string[];
}

/**
 * The two process KPIs of DESIGN §5.8 — monitored ratio and breach ratio — with what they count,
 * and, when given, their trend. `testId`s: `<prefix>-monitored[-value|-trend]`, `<prefix>-breached…`.
 */
export function KpiRatios({
  figures,
  testIdPrefix,
  trend,
}: {
  figures: KpiFigures;
  testIdPrefix: string;
  trend?: KpiTrend;
}) {
  const theme = useTheme2();
  const series = (pick: (f: KpiFigures) => number | null) =>
    trend && { values: trend.periods.map(pick), labels: trend.labels };
  return (
    <>
      <Ratio
        testId={`${testIdPrefix}-monitored`}
        title={t('pages.overview.kpi.monitored', 'Monitored')}
        value={figures.monitoredRatio}
        detail={t('pages.overview.kpi.monitored-detail', '{{n}} of {{of}} with data for every target', {
          n: figures.monitored,
          of: figures.active,
          interpolation: NO_ESCAPE,
        })}
        trend={series((f) => f.monitoredRatio)}
        color={theme.colors.primary.text}
      />
      <Ratio
        testId={`${testIdPrefix}-breached`}
        title={t('pages.overview.kpi.breached', 'Breached')}
        value={figures.breachRatio}
        detail={t('pages.overview.kpi.breached-detail', '{{n}} of {{of}} monitored', {
          n: figures.breached,
          of: figures.monitored,
          interpolation: NO_ESCAPE,
        })}
        trend={series((f) => f.breachRatio)}
        color={theme.colors.error.text}
      />
    </>
  );
}

function Ratio(props: {
  testId: string;
  title: string;
  value: number | null;
  detail: string;
  trend?: { values: Array<number | null>; labels: string[] };
  color: string;
}) {
  const styles = useStyles2(getStyles);
  const { testId, title, value, detail, trend, color } = props;
  return (
    <div className={styles.ratio} data-testid={testId}>
      <div>
        <Text color="secondary" variant="bodySmall">
          {title}
        </Text>
        <div className={styles.big} data-testid={`${testId}-value`}>
          {formatPercent(value, 1)}
        </div>
        <Text color="secondary" variant="bodySmall">
          {detail}
        </Text>
      </div>
      {trend && (
        <div className={styles.trend}>
          <Sparkline
            values={trend.values}
            range={[0, 100]}
            color={color}
            label={t('pages.overview.kpi.trend', '{{title}} over the last periods: {{values}}', {
              title,
              values: trend.labels.map((l, i) => `${l}: ${formatPercent(trend.values[i], 0)}`).join(', '),
              interpolation: NO_ESCAPE,
            })}
          />
          <ol className={styles.previous} data-testid={`${testId}-trend`} aria-hidden>
            {trend.values.map((v, i) => (
              <li key={trend.labels[i]} title={trend.labels[i]}>
                {formatPercent(v, 0)}
              </li>
            ))}
          </ol>
        </div>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  ratio: css({ display: 'flex', justifyContent: 'space-between', alignItems: 'flex-end', gap: theme.spacing(2) }),
  big: css({ fontSize: theme.typography.h2.fontSize, fontVariantNumeric: 'tabular-nums' }),
  trend: css({ display: 'flex', flexDirection: 'column', alignItems: 'flex-end', gap: theme.spacing(0.5) }),
  previous: css({
    display: 'flex',
    gap: theme.spacing(0.75),
    listStyle: 'none',
    margin: 0,
    padding: 0,
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    fontVariantNumeric: 'tabular-nums',
  }),
});
