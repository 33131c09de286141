import React from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Badge, useStyles2 } from '@grafana/ui';
import { type ServiceHours, WEEKDAYS, type Weekday } from '../../api/services';
import { dayLabel } from '../../components/Weekdays/weekdays';

/** The time ranges of each weekday, in order, whatever order the rows were entered in. */
export function hoursByDay(hours: ServiceHours[]): Record<Weekday, Array<{ from: string; to: string }>> {
  const byDay = Object.fromEntries(WEEKDAYS.map((d) => [d, [] as Array<{ from: string; to: string }>])) as Record<
    Weekday,
    Array<{ from: string; to: string }>
  >;
  for (const row of hours) {
    for (const day of row.days) {
      byDay[day]?.push({ from: row.from, to: row.to });
    }
  }
  for (const day of WEEKDAYS) {
    byDay[day].sort((a, b) => a.from.localeCompare(b.from));
  }
  return byDay;
}

/** Service hours as a week, Monday first; no rows means around the clock. */
export function ServiceHoursTable({ hours }: { hours: ServiceHours[] }) {
  const styles = useStyles2(getStyles);
  const always = hours.length === 0;
  const byDay = hoursByDay(hours);
  return (
    <div>
      {always && (
        <div className={styles.always}>
          <Badge color="green" icon="clock-nine" text={t('pages.catalog.hours.always-badge', '24x7')} />{' '}
          {t('pages.catalog.hours.always', 'No service hours are set: the service is provided around the clock.')}
        </div>
      )}
      <table className={styles.table} data-testid="slm-service-hours">
        <tbody>
          {WEEKDAYS.map((day) => (
            <tr key={day} data-day={day}>
              <th scope="row">{dayLabel(day)}</th>
              <td>
                {always ? (
                  t('pages.catalog.hours.all-day', '00:00–24:00')
                ) : byDay[day].length === 0 ? (
                  <span className={styles.closed}>{t('pages.catalog.hours.closed', 'Outside service hours')}</span>
                ) : (
                  byDay[day].map((r) => `${r.from}–${r.to}`).join(', ')
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    borderCollapse: 'collapse',
    'th, td': { textAlign: 'left', padding: theme.spacing(0.25, 2, 0.25, 0), fontVariantNumeric: 'tabular-nums' },
    th: { fontWeight: theme.typography.fontWeightRegular, color: theme.colors.text.secondary },
  }),
  always: css({ display: 'flex', gap: theme.spacing(1), alignItems: 'center', marginBottom: theme.spacing(1) }),
  closed: css({ color: theme.colors.text.disabled }),
});
