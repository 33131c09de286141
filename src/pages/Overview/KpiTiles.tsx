import React from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { LoadingPlaceholder, Stack, Text, useStyles2, useTheme2 } from '@grafana/ui';
import { type KpiPeriod, getKpis } from '../../api/monitoring';
import { EngineErrorAlert } from '../../components/EngineErrorAlert/EngineErrorAlert';
import { formatPercent } from '../../components/Monitoring/format';
import { Sparkline } from '../../components/Monitoring/Sparkline';
import { AGREEMENT_TYPES, type AgreementType, type KpiFigures } from '../../domain';
import { NO_ESCAPE } from '../../i18n';
import { TypeBadge } from '../Agreements/labels';
import { useAsync } from '../../hooks/useAsync';

export const TREND_PERIODS = 6;

function typeName(type: AgreementType): string {
  const names: Record<AgreementType, string> = {
    SLA: t('pages.overview.kpi.sla', 'Service level agreements'),
    OLA: t('pages.overview.kpi.ola', 'Operational level agreements'),
    UC: t('pages.overview.kpi.uc', 'Underpinning contracts'),
  };
  return names[type];
}

/** Monitored and breach ratio per type this period, with the trend over the previous periods. */
export function KpiTiles() {
  const styles = useStyles2(getStyles);
  const report = useAsync(() => getKpis(TREND_PERIODS), 'kpis');
  if (report.status === 'loading') {
    return <LoadingPlaceholder text={t('pages.overview.kpi.loading', 'Loading the KPIs…')} />;
  }
  if (report.status === 'error') {
    return <EngineErrorAlert error={report.error} title={t('pages.overview.kpi.failed', 'Could not load the KPIs')} />;
  }
  // oldest first, so the trend reads left to right
  const periods = [...report.value.periods].reverse();
  if (periods.length === 0) {
    return null;
  }
  return (
    <div className={styles.tiles} data-testid="slm-kpi-tiles">
      {AGREEMENT_TYPES.map((type) => (
        <KpiTile key={type} type={type} periods={periods} />
      ))}
    </div>
  );
}

function KpiTile({ type, periods }: { type: AgreementType; periods: KpiPeriod[] }) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const current = periods[periods.length - 1];
  const figures: KpiFigures = current.kpis[type];
  const series = (pick: (f: KpiFigures) => number | null) => periods.map((p) => pick(p.kpis[type]));
  return (
    <section className={styles.tile} data-testid={`slm-kpi-${type}`} aria-label={typeName(type)}>
      <Stack direction="row" gap={1} alignItems="center">
        <TypeBadge type={type} />
        <Text element="h3" variant="h5">
          {typeName(type)}
        </Text>
      </Stack>
      <Text color="secondary" variant="bodySmall">
        {t('pages.overview.kpi.period', 'This period: {{label}}, {{n}} active', { label: current.period.label, n: figures.active, interpolation: NO_ESCAPE })}
      </Text>
      <Ratio
        testId={`slm-kpi-${type}-monitored`}
        title={t('pages.overview.kpi.monitored', 'Monitored')}
        value={figures.monitoredRatio}
        detail={t('pages.overview.kpi.monitored-detail', '{{n}} of {{of}} with data for every target', { n: figures.monitored, of: figures.active, interpolation: NO_ESCAPE })}
        trend={series((f) => f.monitoredRatio)}
        labels={periods.map((p) => p.period.label)}
        color={theme.colors.primary.text}
      />
      <Ratio
        testId={`slm-kpi-${type}-breached`}
        title={t('pages.overview.kpi.breached', 'Breached')}
        value={figures.breachRatio}
        detail={t('pages.overview.kpi.breached-detail', '{{n}} of {{of}} monitored', { n: figures.breached, of: figures.monitored, interpolation: NO_ESCAPE })}
        trend={series((f) => f.breachRatio)}
        labels={periods.map((p) => p.period.label)}
        color={theme.colors.error.text}
      />
    </section>
  );
}

function Ratio(props: { testId: string; title: string; value: number | null; detail: string; trend: Array<number | null>; labels: string[]; color: string }) {
  const styles = useStyles2(getStyles);
  const { testId, title, value, detail, trend, labels, color } = props;
  const trendText = labels.map((l, i) => `${l}: ${formatPercent(trend[i], 0)}`).join(', ');
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
      <div className={styles.trend}>
        <Sparkline
          values={trend}
          range={[0, 100]}
          color={color}
          label={t('pages.overview.kpi.trend', '{{title}} over the last periods: {{values}}', { title, values: trendText, interpolation: NO_ESCAPE })}
        />
        <ol className={styles.previous} data-testid={`${testId}-trend`} aria-hidden>
          {trend.map((v, i) => (
            <li key={labels[i]} title={labels[i]}>
              {formatPercent(v, 0)}
            </li>
          ))}
        </ol>
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  tiles: css({ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(300px, 1fr))', gap: theme.spacing(2) }),
  tile: css({
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.primary,
    padding: theme.spacing(2),
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
  }),
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
