import React from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { LoadingPlaceholder, Stack, Text, useStyles2 } from '@grafana/ui';
import { type KpiPeriod, getKpis } from '../../api/monitoring';
import { EngineErrorAlert } from '../../components/EngineErrorAlert/EngineErrorAlert';
import { KpiRatios, kpiTypeName } from '../../components/Monitoring/KpiRatios';
import { AGREEMENT_TYPES, type AgreementType, type KpiFigures } from '../../domain';
import { NO_ESCAPE } from '../../i18n';
import { TypeBadge } from '../Agreements/labels';
import { useAsync } from '../../hooks/useAsync';

export const TREND_PERIODS = 6;

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
  const current = periods[periods.length - 1];
  const figures: KpiFigures = current.kpis[type];
  const trend = { periods: periods.map((p) => p.kpis[type]), labels: periods.map((p) => p.period.label) };
  return (
    <section className={styles.tile} data-testid={`slm-kpi-${type}`} aria-label={kpiTypeName(type)}>
      <Stack direction="row" gap={1} alignItems="center">
        <TypeBadge type={type} />
        <Text element="h3" variant="h5">
          {kpiTypeName(type)}
        </Text>
      </Stack>
      <Text color="secondary" variant="bodySmall">
        {t('pages.overview.kpi.period', 'This period: {{label}}, {{n}} active', {
          label: current.period.label,
          n: figures.active,
          interpolation: NO_ESCAPE,
        })}
      </Text>
      <KpiRatios figures={figures} testIdPrefix={`slm-kpi-${type}`} trend={trend} />
    </section>
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
});
