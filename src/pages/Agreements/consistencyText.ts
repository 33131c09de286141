import { t } from '@grafana/i18n';
import type { ConsistencyWarning, LifecycleState } from '../../api/agreements';
import { NO_ESCAPE } from '../../i18n';
import { stateLabel } from './labels';

type Window = { calendar?: string; rolling?: string };
type Bound = { op: string; value: number };

const isWindow = (v: unknown): v is Window =>
  typeof v === 'object' && v !== null && ('calendar' in v || 'rolling' in v);
const isBound = (v: unknown): v is Bound => typeof v === 'object' && v !== null && 'op' in v && 'value' in v;

function windowText(w: Window): string {
  if (!w.calendar) {
    return t('pages.agreements.consistency.rolling', 'rolling {{window}}', {
      window: w.rolling,
      interpolation: NO_ESCAPE,
    });
  }
  const calendar: Record<string, string> = {
    week: t('pages.agreements.consistency.calendar-week', 'calendar week'),
    month: t('pages.agreements.consistency.calendar-month', 'calendar month'),
    quarter: t('pages.agreements.consistency.calendar-quarter', 'calendar quarter'),
  };
  return calendar[w.calendar] ?? w.calendar;
}

/**
 * A consistency warning in the user's language, built from its structured fields (the engine's
 * `message` is English); the engine's text when the fields are not there or the kind is new.
 */
export function consistencyText(w: ConsistencyWarning, agreementId: string): string {
  const under = w.underpinning.agreement;
  const vars = {
    under,
    agreement: agreementId,
    target: w.target,
    underTarget: w.underpinning.target ?? '',
    interpolation: NO_ESCAPE,
  };
  if (w.kind === 'objective' && typeof w.supported === 'number' && typeof w.underpinningValue === 'number') {
    return t(
      'pages.agreements.consistency.objective',
      '{{under}} target "{{underTarget}}" promises {{weaker}} %, less than the {{stronger}} % of {{agreement}} target "{{target}}" it supports',
      { ...vars, weaker: w.underpinningValue, stronger: w.supported }
    );
  }
  if (w.kind === 'window' && isWindow(w.supported) && isWindow(w.underpinningValue)) {
    return t(
      'pages.agreements.consistency.window',
      '{{under}} measures over a {{longer}} window, longer than the {{shorter}} window of {{agreement}}: an outage it tolerates can breach {{agreement}}',
      { ...vars, longer: windowText(w.underpinningValue), shorter: windowText(w.supported) }
    );
  }
  if (w.kind === 'threshold' && isBound(w.supported) && isBound(w.underpinningValue)) {
    return t(
      'pages.agreements.consistency.threshold',
      '{{under}} target "{{underTarget}}" allows {{looser}}, looser than {{stricter}} of {{agreement}} target "{{target}}"',
      {
        ...vars,
        looser: `${w.underpinningValue.op} ${w.underpinningValue.value}`,
        stricter: `${w.supported.op} ${w.supported.value}`,
      }
    );
  }
  if (w.kind === 'state' && typeof w.underpinningValue === 'string') {
    return t(
      'pages.agreements.consistency.state',
      'underpinning agreement {{under}} is not active ({{state}}): {{agreement}} relies on promises that are not in force',
      { ...vars, state: stateLabel(w.underpinningValue as LifecycleState) }
    );
  }
  return w.message;
}
