import React from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Tooltip, useStyles2 } from '@grafana/ui';
import type { TimeRange } from '../../api/breaches';
import { NO_ESCAPE } from '../../i18n';
import { formatTime } from './format';

interface Props {
  period: TimeRange;
  intervals: TimeRange[];
  /** Where the evaluation has got to; the rest of the period is still to come. */
  now?: string | null;
}

/** The period as a bar with its bad intervals marked, each focusable with its times in a tooltip. */
export function IntervalTimeline({ period, intervals, now }: Props) {
  const styles = useStyles2(getStyles);
  const from = Date.parse(period.from);
  const span = Math.max(1, Date.parse(period.to) - from);
  const pct = (iso: string) => Math.min(100, Math.max(0, (100 * (Date.parse(iso) - from)) / span));
  const elapsed = now ? pct(now) : 100;
  return (
    <div
      className={styles.bar}
      data-testid="slm-interval-timeline"
      aria-label={t('monitoring.timeline.label', 'Bad intervals in the period: {{n}}', { n: intervals.length })}
      role="group"
    >
      <div className={styles.future} style={{ left: `${elapsed}%` }} />
      {intervals.map((i, k) => {
        const text = t('monitoring.timeline.interval', 'Bad from {{from}} to {{to}}', {
          from: formatTime(i.from),
          to: formatTime(i.to),
          interpolation: NO_ESCAPE,
        });
        return (
          <Tooltip key={k} content={text}>
            <span
              className={styles.bad}
              style={{ left: `${pct(i.from)}%`, width: `max(3px, ${pct(i.to) - pct(i.from)}%)` }}
              tabIndex={0}
              aria-label={text}
              data-testid="slm-bad-interval"
            />
          </Tooltip>
        );
      })}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  bar: css({
    position: 'relative',
    height: theme.spacing(2),
    borderRadius: theme.shape.radius.default,
    background: theme.colors.success.transparent,
    border: `1px solid ${theme.colors.border.weak}`,
    overflow: 'hidden',
  }),
  future: css({
    position: 'absolute',
    top: 0,
    bottom: 0,
    right: 0,
    background: theme.colors.background.secondary,
  }),
  bad: css({
    position: 'absolute',
    top: 0,
    bottom: 0,
    background: theme.colors.error.main,
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.border}`, outlineOffset: 1 },
  }),
});
