import React from 'react';
import { dateTimeFormat } from '@grafana/data';
import { t } from '@grafana/i18n';
import { useTheme2 } from '@grafana/ui';
import type { Interval } from '../../../domain';
import { formatPercent } from '../format';
import type { TargetModel } from '../model';
import { panelTestIds } from '../testIds';

interface Props {
  points: TargetModel['burnDown'];
  period: Interval;
  width: number;
  height: number;
  timeZone: string;
}

/** Error budget remaining through the period, from 100 % down; the zero line marks an exhausted budget. */
export function BurnDown({ points, period, width, height, timeZone }: Props) {
  const theme = useTheme2();
  const valid = points.filter((p): p is { t: number; remaining: number } => p.remaining !== null);
  const lo = Math.min(0, ...valid.map((p) => p.remaining));
  const hi = Math.max(100, ...valid.map((p) => p.remaining));
  const x = (time: number) => ((time - period.from) / Math.max(1, period.to - period.from)) * width;
  const y = (v: number) => 2 + (1 - (v - lo) / (hi - lo || 1)) * (height - 4);
  const last = valid[valid.length - 1];
  const color = !last ? theme.colors.text.disabled : last.remaining < 0 ? theme.colors.error.main : last.remaining < 25 ? theme.colors.warning.main : theme.colors.success.main;
  const line = [`M${x(period.from).toFixed(1)},${y(100).toFixed(1)}`, ...valid.map((p) => `L${x(p.t).toFixed(1)},${y(p.remaining).toFixed(1)}`)].join('');
  return (
    <svg
      width={width}
      height={height}
      data-testid={panelTestIds.burnDown}
      data-points={valid.map((p) => p.remaining.toFixed(3)).join(' ')}
      role="img"
      aria-label={t('burnDown.label', 'Error budget burn-down')}
    >
      <line x1={0} x2={width} y1={y(0)} y2={y(0)} stroke={theme.colors.border.medium} strokeDasharray="2 2" />
      {valid.length > 0 && <path d={line} fill="none" stroke={color} strokeWidth={1.5} />}
      {valid.map((p) => (
        <circle key={p.t} cx={x(p.t)} cy={y(p.remaining)} r={4} fill="transparent">
          <title>{`${dateTimeFormat(p.t, { timeZone, format: 'YYYY-MM-DD HH:mm' })}: ${formatPercent(p.remaining, 1)}`}</title>
        </circle>
      ))}
    </svg>
  );
}
