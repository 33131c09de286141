import { t } from '@grafana/i18n';
import type { Weekday } from '../../api/services';

/** A weekday's full name in the user's language (the YAML keeps `mon` … `sun`). */
export function dayLabel(day: Weekday): string {
  const labels: Record<Weekday, string> = {
    mon: t('pages.catalog.day.mon', 'Monday'),
    tue: t('pages.catalog.day.tue', 'Tuesday'),
    wed: t('pages.catalog.day.wed', 'Wednesday'),
    thu: t('pages.catalog.day.thu', 'Thursday'),
    fri: t('pages.catalog.day.fri', 'Friday'),
    sat: t('pages.catalog.day.sat', 'Saturday'),
    sun: t('pages.catalog.day.sun', 'Sunday'),
  };
  return labels[day];
}

/** A weekday's short name, for checkboxes in a row. */
export function dayShort(day: Weekday): string {
  const labels: Record<Weekday, string> = {
    mon: t('pages.catalog.day-short.mon', 'Mon'),
    tue: t('pages.catalog.day-short.tue', 'Tue'),
    wed: t('pages.catalog.day-short.wed', 'Wed'),
    thu: t('pages.catalog.day-short.thu', 'Thu'),
    fri: t('pages.catalog.day-short.fri', 'Fri'),
    sat: t('pages.catalog.day-short.sat', 'Sat'),
    sun: t('pages.catalog.day-short.sun', 'Sun'),
  };
  return labels[day];
}
