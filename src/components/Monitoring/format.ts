import { dateTimeFormat, formattedValueToString, getValueFormat } from '@grafana/data';
import { t } from '@grafana/i18n';
import type { TargetState } from '../../domain';
import { NO_ESCAPE } from '../../i18n';

/** A percentage with Grafana's percent unit; two decimals tell 99.95 from 99.9. */
export function formatPercent(value: number | null | undefined, decimals = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return '–';
  }
  return formattedValueToString(getValueFormat('percent')(value, decimals));
}

/** A burn rate: how many times faster than sustainable the error budget is spent. */
export function formatBurnRate(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return '–';
  }
  return `${value.toFixed(value >= 10 ? 0 : 1)}×`;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long ago `iso` was, in the two largest units (`3 d 4 h`, `12 min`). */
export function formatAge(iso: string | null | undefined, now: number = Date.now()): string {
  const at = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(at)) {
    return '–';
  }
  const ms = Math.max(0, now - at);
  if (ms < MINUTE) {
    // read inside "… ago" and "has waited …" alike (not "just now ago")
    return t('monitoring.age.under-a-minute', 'less than a minute');
  }
  if (ms < HOUR) {
    return t('monitoring.age.minutes', '{{m}} min', { m: Math.floor(ms / MINUTE) });
  }
  if (ms < DAY) {
    return t('monitoring.age.hours', '{{h}} h {{m}} min', {
      h: Math.floor(ms / HOUR),
      m: Math.floor((ms % HOUR) / MINUTE),
    });
  }
  return t('monitoring.age.days', '{{d}} d {{h}} h', { d: Math.floor(ms / DAY), h: Math.floor((ms % DAY) / HOUR) });
}

export function formatDuration(ms: number): string {
  if (ms < MINUTE) {
    return t('monitoring.duration.seconds', '{{s}} s', { s: Math.round(ms / 1000) });
  }
  if (ms < HOUR) {
    return t('monitoring.duration.minutes', '{{m}} min', { m: Math.round(ms / MINUTE) });
  }
  if (ms < DAY) {
    return t('monitoring.duration.hours', '{{h}} h {{m}} min', {
      h: Math.floor(ms / HOUR),
      m: Math.round((ms % HOUR) / MINUTE),
    });
  }
  return t('monitoring.duration.days', '{{d}} d {{h}} h', {
    d: Math.floor(ms / DAY),
    h: Math.round((ms % DAY) / HOUR),
  });
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) {
    return '–';
  }
  const d = new Date(iso);
  // Grafana's formatting: the user's time zone and format settings, not the browser's locale.
  return Number.isNaN(d.getTime()) ? iso : dateTimeFormat(d);
}

/** A period as two dates; the end is exclusive, so a month shows as 2026-11-01 – 2026-11-30. */
export function formatPeriod(period: { from: string; to: string }): string {
  const from = new Date(period.from);
  const to = new Date(period.to);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
    return `${period.from} – ${period.to}`;
  }
  const DAY = 86_400_000;
  // Calendar periods read as days (both included); hourly buckets and rolling heads need their times.
  const span = to.getTime() - from.getTime();
  // (midnight of any time zone falls on a quarter hour)
  const wholeDays = span >= DAY && span % DAY === 0 && from.getTime() % 900_000 === 0;
  const minute = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');
  const sameDay = from.toISOString().slice(0, 10) === to.toISOString().slice(0, 10);
  return t('monitoring.period', '{{from}} – {{to}}', {
    from: wholeDays ? from.toISOString().slice(0, 10) : minute(from),
    to: wholeDays ? new Date(to.getTime() - 1).toISOString().slice(0, 10) : sameDay ? minute(to).slice(11) : minute(to),
    interpolation: NO_ESCAPE,
  });
}

export function targetStateLabel(state: TargetState): string {
  const labels: Record<TargetState, string> = {
    met: t('monitoring.state.met', 'Met'),
    at_risk: t('monitoring.state.at-risk', 'At risk'),
    breached: t('monitoring.state.breached', 'Breached'),
    no_data: t('monitoring.state.no-data', 'No data'),
  };
  return labels[state] ?? state;
}
