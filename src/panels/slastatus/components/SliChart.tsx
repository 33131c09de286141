import React, { useMemo, useState } from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { useStyles2, useTheme2 } from '@grafana/ui';
import type { Interval } from '../../../domain';
import { NO_ESCAPE } from '../../../i18n';
import { formatPercent, formatUnit } from '../format';
import type { TargetModel } from '../model';
import { panelTestIds } from '../testIds';

interface Props {
  model: TargetModel;
  period: Interval;
  width: number;
  height: number;
  timeZone: string;
  /** Unit of the panel's field config, for threshold SLIs. */
  unit?: string;
}

export const PAD = { left: 58, right: 8, top: 6, bottom: 18 };

/** Intervals closer than one pixel merged, so a month of 1-minute breaches draws a few rects, not thousands. */
export function mergeForDrawing(intervals: Interval[], msPerPx: number): Interval[] {
  const out: Interval[] = [];
  for (const iv of intervals) {
    const last = out[out.length - 1];
    if (last && iv.from - last.to < msPerPx) {
      last.to = Math.max(last.to, iv.to);
    } else {
      out.push({ ...iv });
    }
  }
  return out;
}

/**
 * The SLI over the period: breach intervals as red regions, out-of-service-hours and maintenance
 * shaded, the objective (or threshold) as a dashed line. SVG with the theme's colours: every
 * region is an element with its time range, so it can be checked and hovered.
 */
export function SliChart({ model, period, width, height, timeZone, unit }: Props) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const [hover, setHover] = useState<number | null>(null);
  const innerW = Math.max(10, width - PAD.left - PAD.right);
  const innerH = Math.max(10, height - PAD.top - PAD.bottom);
  const span = Math.max(1, period.to - period.from);
  const msPerPx = span / innerW;
  const x = (time: number) => PAD.left + ((Math.min(Math.max(time, period.from), period.to) - period.from) / span) * innerW;

  const ratio = !!model.target.sli.ratio;
  const line = ratio ? model.target.objective : model.target.sli.threshold!.value;
  const format = (v: number) => (ratio ? formatPercent(v, 2) : formatUnit(v, unit, 2));

  const [lo, hi] = useMemo(() => yDomain(model.sli.values, line, ratio, model.target.objective), [model, line, ratio]);
  const y = (v: number) => PAD.top + (1 - (v - lo) / (hi - lo || 1)) * innerH;

  const path = useMemo(() => {
    let d = '';
    let pen = false;
    model.sli.times.forEach((time, i) => {
      const v = model.sli.values[i];
      if (Number.isNaN(v)) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${x(time).toFixed(1)},${y(v).toFixed(1)}`;
      pen = true;
    });
    return d;
    // x and y depend only on the values listed
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [model, lo, hi, innerW, innerH, period.from, period.to]);

  const regions = mergeForDrawing(model.regions, msPerPx);
  const shade = (ivs: Interval[]) => mergeForDrawing(ivs, msPerPx);
  const ticks = timeTicks(period, innerW);
  const tickFormat = span > 2 * 86_400_000 ? 'MM-DD' : 'HH:mm';
  const rect = (iv: Interval) => ({ x: x(iv.from), width: Math.max(2, x(iv.to) - x(iv.from)) });
  const range = (iv: Interval) =>
    `${dateTimeFormat(iv.from, { timeZone, format: 'YYYY-MM-DD HH:mm' })} – ${dateTimeFormat(iv.to, { timeZone, format: 'YYYY-MM-DD HH:mm' })}`;

  const onMove = (e: React.MouseEvent<SVGSVGElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const time = period.from + ((e.clientX - box.left - PAD.left) / innerW) * span;
    setHover(time >= period.from && time <= period.to ? time : null);
  };
  const hovered = hover === null ? null : nearest(model, hover);
  const inBreach = hover !== null && model.regions.some((r) => hover >= r.from && hover < r.to);

  return (
    <div className={styles.wrap} style={{ width, height }}>
      <svg
        width={width}
        height={height}
        data-testid={panelTestIds.chart}
        role="img"
        aria-label={t('chart.label', 'SLI over the period with breaches marked')}
        onMouseMove={onMove}
        onMouseLeave={() => setHover(null)}
      >
        {shade(model.outOfHours).map((iv) => (
          <rect
            key={`o${iv.from}`}
            data-testid={panelTestIds.outOfHours}
            data-from={iv.from}
            data-to={iv.to}
            {...rect(iv)}
            y={PAD.top}
            height={innerH}
            fill={theme.colors.action.disabledBackground}
          >
            <title>{t('chart.outOfHours', 'Outside service hours: {{range}}', { range: range(iv), interpolation: NO_ESCAPE })}</title>
          </rect>
        ))}
        {shade(model.maintenance).map((iv) => (
          <rect
            key={`m${iv.from}`}
            data-testid={panelTestIds.maintenance}
            data-from={iv.from}
            data-to={iv.to}
            {...rect(iv)}
            y={PAD.top}
            height={innerH}
            fill={theme.colors.info.transparent}
          >
            <title>{t('chart.maintenance', 'Maintenance: {{range}}', { range: range(iv), interpolation: NO_ESCAPE })}</title>
          </rect>
        ))}
        {regions.map((iv) => (
          <rect
            key={`r${iv.from}`}
            data-testid={panelTestIds.region}
            data-from={iv.from}
            data-to={iv.to}
            {...rect(iv)}
            y={PAD.top}
            height={innerH}
            fill={theme.colors.error.transparent}
            stroke={theme.colors.error.main}
            strokeWidth={0.5}
          >
            <title>{t('chart.breach', 'Breach: {{range}}', { range: range(iv), interpolation: NO_ESCAPE })}</title>
          </rect>
        ))}
        <line
          x1={PAD.left}
          x2={PAD.left + innerW}
          y1={y(line)}
          y2={y(line)}
          stroke={theme.colors.warning.main}
          strokeDasharray="4 3"
          data-testid="slm-slastatus-objective-line"
        />
        <path d={path} fill="none" stroke={theme.colors.primary.main} strokeWidth={1.5} />
        {[hi, (lo + hi) / 2, lo].map((v) => (
          <text key={v} x={PAD.left - 4} y={y(v) + 4} textAnchor="end" className={styles.axis}>
            {format(v)}
          </text>
        ))}
        {ticks.map((time) => (
          <text key={time} x={x(time)} y={height - 4} textAnchor="middle" className={styles.axis}>
            {dateTimeFormat(time, { timeZone, format: tickFormat })}
          </text>
        ))}
        {hover !== null && (
          <line x1={x(hover)} x2={x(hover)} y1={PAD.top} y2={PAD.top + innerH} stroke={theme.colors.text.secondary} strokeWidth={0.5} />
        )}
      </svg>
      {hover !== null && (
        <div className={styles.tooltip} style={{ left: Math.min(x(hover) + 8, Math.max(0, width - 180)), top: PAD.top }}>
          <div>{dateTimeFormat(hovered?.time ?? hover, { timeZone, format: 'YYYY-MM-DD HH:mm' })}</div>
          <div>{hovered && !Number.isNaN(hovered.value) ? format(hovered.value) : t('chart.noValue', 'No data')}</div>
          {inBreach && <div className={styles.breach}>{t('chart.inBreach', 'In a breach interval')}</div>}
        </div>
      )}
    </div>
  );
}

function nearest(model: TargetModel, time: number): { time: number; value: number } | null {
  const { times, values } = model.sli;
  let best = -1;
  for (let i = 0; i < times.length; i++) {
    if (best < 0 || Math.abs(times[i] - time) < Math.abs(times[best] - time)) {
      best = i;
    }
  }
  return best < 0 ? null : { time: times[best], value: values[best] };
}

/** Ratio SLIs: up to 100 %, with the objective well inside the plot; thresholds: values and threshold, padded. */
function yDomain(values: number[], line: number, ratio: boolean, objective: number): [number, number] {
  let min = line;
  let max = line;
  for (const v of values) {
    if (!Number.isNaN(v)) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  }
  if (ratio) {
    const lo = Math.min(min, objective - (100 - objective));
    return [Math.max(0, lo - (100 - lo) * 0.05), 100];
  }
  const pad = (max - min || Math.abs(max) || 1) * 0.1;
  return [min - pad, max + pad];
}

function timeTicks(period: Interval, innerW: number): number[] {
  const n = Math.max(2, Math.min(6, Math.floor(innerW / 80)));
  const step = (period.to - period.from) / n;
  return Array.from({ length: n - 1 }, (_, i) => period.from + step * (i + 1));
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrap: css({ position: 'relative' }),
  axis: css({ fill: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  tooltip: css({
    position: 'absolute',
    pointerEvents: 'none',
    background: theme.components.tooltip.background,
    color: theme.components.tooltip.text,
    boxShadow: theme.shadows.z3,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(0.5, 1),
    fontSize: theme.typography.bodySmall.fontSize,
    whiteSpace: 'nowrap',
  }),
  breach: css({ color: theme.colors.error.text }),
});
