import React, { useId, useMemo, useState } from 'react';
import { css, cx } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { formatDate, t } from '@grafana/i18n';
import { Button, IconButton, Stack, Text, useStyles2 } from '@grafana/ui';
import { NO_ESCAPE } from '../../i18n';
import { type CalendarInput, type DayCell, currentMonth, monthGrid, parseMonth, shiftMonth } from './calendarModel';

interface Props extends CalendarInput {
  /** `YYYY-MM` to open on; the current month in the agreement's zone by default. */
  initialMonth?: string;
}

/** A Monday, so weekday names come out Monday first in the user's language. */
const A_MONDAY = Date.UTC(2024, 0, 1, 12);

/**
 * A month of the agreement's calendar in its own time zone: service hours per weekday, holidays
 * (whole days) and maintenance windows (cut at local midnight), with month navigation by button
 * or PageUp / PageDown.
 */
export function CalendarView({ initialMonth, ...input }: Props) {
  const styles = useStyles2(getStyles);
  const hintId = useId();
  const [month, setMonth] = useState(() => initialMonth ?? currentMonth(input.timezone));
  // the caller rebuilds the input on every render; its content is what matters
  const inputKey = JSON.stringify(input);
  const grid = useMemo(() => monthGrid(JSON.parse(inputKey), month), [inputKey, month]);
  const title = monthTitle(grid.month);
  const go = (delta: number) => setMonth((m) => shiftMonth(m, delta));
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'PageUp' || e.key === 'PageDown') {
      e.preventDefault();
      go(e.key === 'PageUp' ? -1 : 1);
    }
  };

  return (
    <section
      className={styles.calendar}
      data-testid="slm-calendar"
      data-month={grid.month}
      aria-label={t('components.calendar.label', 'Calendar')}
      onKeyDown={onKeyDown}
    >
      <Stack direction="row" justifyContent="space-between" alignItems="center" wrap="wrap">
        <Stack direction="row" alignItems="center" gap={1}>
          <IconButton
            name="angle-left"
            size="lg"
            tooltip={t('components.calendar.previous', 'Previous month (Page Up)')}
            onClick={() => go(-1)}
          />
          <Text element="h4" variant="h5" data-testid="slm-calendar-title">
            <span aria-live="polite">{title}</span>
          </Text>
          <IconButton
            name="angle-right"
            size="lg"
            tooltip={t('components.calendar.next', 'Next month (Page Down)')}
            onClick={() => go(1)}
          />
          <Button size="sm" variant="secondary" fill="outline" onClick={() => setMonth(currentMonth(input.timezone))}>
            {t('components.calendar.this-month', 'This month')}
          </Button>
        </Stack>
        <Text color="secondary" variant="bodySmall">
          {t('components.calendar.zone', 'Times in {{zone}}', { zone: input.timezone, interpolation: NO_ESCAPE })}
        </Text>
      </Stack>
      <table className={styles.table} tabIndex={0} aria-describedby={hintId}>
        <caption className={styles.hidden}>{title}</caption>
        <thead>
          <tr>
            {weekdayNames().map((name) => (
              <th key={name} scope="col">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {grid.weeks.map((week) => (
            <tr key={week[0].date}>
              {week.map((cell) => (
                <Day key={cell.date} cell={cell} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <Legend />
      <span id={hintId} className={styles.hidden}>
        {t('components.calendar.keys', 'Page Up and Page Down change the month.')}
      </span>
    </section>
  );
}

function Day({ cell }: { cell: DayCell }) {
  const styles = useStyles2(getStyles);
  const serviceText = hoursText(cell);
  return (
    <td
      className={cx(
        styles.day,
        !cell.inMonth && styles.outside,
        cell.holiday && styles.holidayDay,
        cell.today && styles.today
      )}
      data-testid={`slm-calendar-day-${cell.date}`}
      data-in-month={cell.inMonth}
      data-holiday={cell.holiday}
      data-hours={cell.allDay ? '24x7' : cell.hours.map((h) => `${h.from}-${h.to}`).join(',')}
      aria-label={dayLabel(cell, serviceText)}
    >
      <div className={styles.dayNumber} aria-hidden>
        {cell.day}
      </div>
      {cell.holiday && (
        <div className={cx(styles.chip, styles.holiday)}>{t('components.calendar.holiday', 'Holiday')}</div>
      )}
      {serviceText && (
        <div
          className={cx(styles.chip, styles.service, cell.holiday && styles.struck)}
          data-testid="slm-calendar-hours"
        >
          {serviceText}
        </div>
      )}
      {cell.maintenance.map((m) => (
        <div
          key={m.index}
          className={cx(styles.chip, styles.maintenance)}
          data-testid="slm-calendar-maintenance"
          data-window={m.index}
          title={m.reason}
        >
          {m.continuesBefore ? '… ' : ''}
          {m.from}–{m.to}
          {m.continuesAfter ? ' …' : ''}
        </div>
      ))}
    </td>
  );
}

function hoursText(cell: DayCell): string {
  if (cell.allDay) {
    return t('components.calendar.all-day', '24 h');
  }
  return cell.hours.map((h) => `${h.from}–${h.to}`).join(', ');
}

function dayLabel(cell: DayCell, serviceText: string): string {
  const parts = [cell.date];
  if (cell.holiday) {
    parts.push(t('components.calendar.holiday-excluded', 'holiday, not measured'));
  } else {
    parts.push(
      serviceText
        ? t('components.calendar.service-hours-label', 'service hours {{hours}}', {
            hours: serviceText,
            interpolation: NO_ESCAPE,
          })
        : t('components.calendar.no-service', 'no service hours')
    );
  }
  for (const m of cell.maintenance) {
    parts.push(
      t('components.calendar.maintenance-label', 'maintenance {{from}}–{{to}}', {
        from: m.from,
        to: m.to,
        interpolation: NO_ESCAPE,
      })
    );
  }
  return parts.join('; ');
}

function Legend() {
  const styles = useStyles2(getStyles);
  const items = [
    { className: styles.service, label: t('components.calendar.legend-service', 'Service hours (measured)') },
    { className: styles.holiday, label: t('components.calendar.legend-holiday', 'Holiday (not measured)') },
    {
      className: styles.maintenance,
      label: t('components.calendar.legend-maintenance', 'Maintenance window (not measured)'),
    },
  ];
  return (
    <ul className={styles.legend} data-testid="slm-calendar-legend">
      {items.map((i) => (
        <li key={i.label}>
          <span className={cx(styles.swatch, i.className)} aria-hidden />
          {i.label}
        </li>
      ))}
      <li>
        <Text color="secondary" variant="bodySmall">
          {t('components.calendar.legend-rest', 'Days and hours without a mark are outside service hours.')}
        </Text>
      </li>
    </ul>
  );
}

function monthTitle(month: string): string {
  const parsed = parseMonth(month)!;
  return formatDate(Date.UTC(parsed.year, parsed.month - 1, 15, 12), {
    year: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  });
}

function weekdayNames(): string[] {
  return Array.from({ length: 7 }, (_, i) =>
    formatDate(A_MONDAY + i * 86_400_000, { weekday: 'short', timeZone: 'UTC' })
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  calendar: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(2),
  }),
  table: css({
    width: '100%',
    tableLayout: 'fixed',
    borderCollapse: 'collapse',
    th: {
      padding: theme.spacing(0.5),
      color: theme.colors.text.secondary,
      fontWeight: theme.typography.fontWeightMedium,
      textAlign: 'left',
    },
  }),
  day: css({
    verticalAlign: 'top',
    height: 76,
    padding: theme.spacing(0.5),
    border: `1px solid ${theme.colors.border.weak}`,
    background: theme.colors.background.primary,
  }),
  outside: css({ opacity: 0.45 }),
  today: css({ boxShadow: `inset 0 0 0 2px ${theme.colors.primary.border}` }),
  holidayDay: css({ background: theme.colors.background.secondary }),
  dayNumber: css({ fontWeight: theme.typography.fontWeightMedium, marginBottom: theme.spacing(0.25) }),
  chip: css({
    fontSize: theme.typography.bodySmall.fontSize,
    lineHeight: 1.4,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(0, 0.5),
    marginBottom: 2,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    borderLeft: '3px solid transparent',
  }),
  service: css({
    background: theme.colors.success.transparent,
    borderLeftColor: theme.colors.success.border,
    color: theme.colors.text.primary,
  }),
  holiday: css({
    background: theme.colors.error.transparent,
    borderLeftColor: theme.colors.error.border,
    color: theme.colors.text.primary,
  }),
  maintenance: css({
    background: theme.colors.warning.transparent,
    borderLeftColor: theme.colors.warning.border,
    color: theme.colors.text.primary,
  }),
  struck: css({ textDecoration: 'line-through', opacity: 0.7 }),
  legend: css({
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    alignItems: 'center',
    fontSize: theme.typography.bodySmall.fontSize,
    li: { display: 'flex', alignItems: 'center', gap: theme.spacing(0.5) },
  }),
  swatch: css({ display: 'inline-block', width: 14, height: 14, borderRadius: 2 }),
  hidden: css({
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  }),
});
