import React from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';

interface Props {
  /** Oldest first; null = nothing to show for that period (a gap in the line). */
  values: Array<number | null>;
  /** Read out instead of the drawing. */
  label: string;
  color?: string;
  width?: number;
  height?: number;
  /** Fixed range, e.g. [0, 100] for percentages, so two lines compare at a glance. */
  range?: [number, number];
}

/**
 * A trend in a few pixels. @grafana/ui's Sparkline draws with uPlot on a canvas that needs the
 * field machinery of a panel; a handful of period values reads as well in plain SVG and stays
 * testable in jsdom.
 */
export function Sparkline({ values, label, color, width = 96, height = 24, range }: Props) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const [lo, hi] = range ?? [Math.min(...known), Math.max(...known)];
  const span = hi - lo || 1;
  const step = values.length > 1 ? (width - 4) / (values.length - 1) : 0;
  const points = values.map((v, i) =>
    v === null || !Number.isFinite(v) ? null : { x: 2 + i * step, y: 2 + (height - 4) * (1 - (v - lo) / span) }
  );
  const stroke = color ?? theme.colors.primary.text;
  const segments: string[] = [];
  let current: string[] = [];
  for (const p of points) {
    if (p) {
      current.push(`${p.x.toFixed(1)},${p.y.toFixed(1)}`);
    } else if (current.length) {
      segments.push(current.join(' '));
      current = [];
    }
  }
  if (current.length) {
    segments.push(current.join(' '));
  }
  const last = [...points].reverse().find(Boolean);
  return (
    <svg className={styles.svg} width={width} height={height} role="img" aria-label={label} data-testid="slm-sparkline">
      <title>{label}</title>
      {segments.map((s, i) => (
        <polyline key={i} points={s} fill="none" stroke={stroke} strokeWidth={1.5} strokeLinejoin="round" />
      ))}
      {last && <circle cx={last.x} cy={last.y} r={2.5} fill={stroke} />}
    </svg>
  );
}

const getStyles = (_theme: GrafanaTheme2) => ({
  svg: css({ display: 'block', overflow: 'visible' }),
});
