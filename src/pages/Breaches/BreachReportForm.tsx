import React, { useState } from 'react';
import { t } from '@grafana/i18n';
import { Alert, Field, Stack, Text, TextArea, useStyles2 } from '@grafana/ui';
import { documentIssuesOf } from '../../api/agreements';
import { type Breach, type BreachReport, patchBreach } from '../../api/breaches';
import { type EngineError } from '../../api/engineClient';
import { PermissionButton } from '../../components/PermissionButton/PermissionButton';
import { AGREEMENT_ACTION } from '../../components/PermissionButton/permissions';
import { NO_ESCAPE } from '../../i18n';
import { WriteFeedback, getStyles } from './BreachActions';
import { useBreachWrite } from './useBreachWrite';

/** The report as the form holds it: actions one per line. */
export interface ReportForm {
  summary: string;
  impact: string;
  rootCause: string;
  actions: string;
}

type ReportField = keyof ReportForm;
type FieldErrors = Partial<Record<ReportField, string>>;

/** The engine's limits (server/resources/breaches/schema.ts breachReportSchema). */
const LIMITS = { summary: 5_000, impact: 20_000, rootCause: 20_000, action: 2_000, actions: 100 };

export function formOf(report: BreachReport | null): ReportForm {
  return {
    summary: report?.summary ?? '',
    impact: report?.impact ?? '',
    rootCause: report?.rootCause ?? '',
    actions: (report?.actions ?? []).join('\n'),
  };
}

export function reportOf(form: ReportForm): BreachReport {
  return {
    summary: form.summary.trim(),
    impact: form.impact.trim(),
    rootCause: form.rootCause.trim(),
    actions: form.actions
      .split('\n')
      .map((a) => a.trim())
      .filter((a) => a !== ''),
  };
}

/** The problems the engine would answer 400 for, found before sending anything. */
export function validateReport(form: ReportForm): FieldErrors {
  const report = reportOf(form);
  const errors: FieldErrors = {};
  const tooLong = (max: number) => t('pages.breaches.report.too-long', 'At most {{max}} characters', { max });
  if (report.summary === '') {
    errors.summary = t('pages.breaches.report.summary-required', 'Summarise what happened');
  } else if (report.summary.length > LIMITS.summary) {
    errors.summary = tooLong(LIMITS.summary);
  }
  if (report.impact.length > LIMITS.impact) {
    errors.impact = tooLong(LIMITS.impact);
  }
  if (report.rootCause.length > LIMITS.rootCause) {
    errors.rootCause = tooLong(LIMITS.rootCause);
  }
  if (report.actions.length > LIMITS.actions) {
    errors.actions = t('pages.breaches.report.too-many-actions', 'At most {{max}} actions', { max: LIMITS.actions });
  } else if (report.actions.some((a) => a.length > LIMITS.action)) {
    errors.actions = t('pages.breaches.report.action-too-long', 'Each action at most {{max}} characters', { max: LIMITS.action });
  }
  return errors;
}

/** `report.actions.3` → `actions`: the engine's issue paths onto the form's fields. */
function fieldOfPath(path: string): ReportField | undefined {
  const m = /^report\.(summary|impact|rootCause|actions)\b/.exec(path);
  return m ? (m[1] as ReportField) : undefined;
}

/** Summary, impact, root cause and actions, saved with PATCH + If-Match. */
export function BreachReportForm({ breach, onChanged }: { breach: Breach; onChanged: (breach: Breach) => void }) {
  const styles = useStyles2(getStyles);
  const [form, setForm] = useState<ReportForm>(() => formOf(breach.report));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [other, setOther] = useState<string[]>([]);
  const write = useBreachWrite(breach, onChanged);
  const set = (field: ReportField, value: string) => setForm((f) => ({ ...f, [field]: value }));

  const save = async (version?: number) => {
    const found = validateReport(form);
    setErrors(found);
    setOther([]);
    if (Object.keys(found).length > 0) {
      write.reset();
      return;
    }
    const error = await write.run((v) => patchBreach(breach.id, { report: reportOf(form) }, v), version);
    if (error?.code === 'validation_failed') {
      showEngineIssues(error);
    }
  };

  /** The engine's 400 next to the fields it names; anything else in a list below them. */
  const showEngineIssues = (error: EngineError) => {
    const mapped: FieldErrors = {};
    const rest: string[] = [];
    for (const issue of documentIssuesOf(error)) {
      const field = fieldOfPath(issue.path);
      if (field) {
        mapped[field] ??= issue.message;
      } else {
        rest.push(issue.path ? `${issue.path}: ${issue.message}` : issue.message);
      }
    }
    setErrors(mapped);
    setOther(rest.length || Object.keys(mapped).length ? rest : [error.message]);
  };

  const outcome = write.outcome;
  const invalid = outcome.kind === 'failed' && outcome.error.code === 'validation_failed';

  const area = (field: ReportField, label: string, description?: string, rows = 3) => (
    <Field label={label} description={description} invalid={!!errors[field]} error={errors[field]}>
      <TextArea id={`slm-report-${field}`} rows={rows} value={form[field]} onChange={(e) => set(field, e.currentTarget.value)} />
    </Field>
  );

  const unchanged = JSON.stringify(reportOf(form)) === JSON.stringify(reportOf(formOf(breach.report)));
  return (
    <section className={styles.card} data-testid="slm-breach-report">
      <Text element="h3" variant="h4">
        {t('pages.breaches.report.heading', 'Breach report')}
      </Text>
      {area('summary', t('pages.breaches.report.summary', 'Summary'), undefined, 2)}
      {area('impact', t('pages.breaches.report.impact', 'Impact'), t('pages.breaches.report.impact-help', 'Who and what was affected, for how long'))}
      {area('rootCause', t('pages.breaches.report.root-cause', 'Root cause'))}
      {area('actions', t('pages.breaches.report.actions', 'Actions'), t('pages.breaches.report.actions-help', 'One action per line'), 4)}
      {outcome.kind === 'done' && (
        <Alert severity="success" title={t('pages.breaches.report.saved', 'Report saved: the breach is now at version {{version}}', { version: breach.version, interpolation: NO_ESCAPE })} />
      )}
      {other.length > 0 && (
        <Alert severity="error" title={t('pages.breaches.report.other-problems', 'Other problems')} data-testid="slm-report-other-issues">
          <ul>
            {other.map((o) => (
              <li key={o}>{o}</li>
            ))}
          </ul>
        </Alert>
      )}
      {!invalid && (
        <WriteFeedback
          outcome={outcome}
          seen={breach}
          what={t('pages.breaches.report.save', 'Save the report')}
          failedTitle={t('pages.breaches.report.save-failed', 'Could not save the report')}
          canRetry={() => true}
          onReload={(current) => {
            write.reset();
            setForm(formOf(current.report));
            onChanged(current);
          }}
          onRetry={(current) => {
            onChanged(current);
            save(current.version);
          }}
        />
      )}
      {Object.keys(errors).length > 0 && (
        <Alert severity="error" title={t('pages.breaches.report.invalid', 'Problems: {{n}}. Nothing was saved.', { n: Object.keys(errors).length })} data-testid="slm-report-invalid" />
      )}
      <Stack direction="row" gap={1}>
        <PermissionButton
          action={AGREEMENT_ACTION.monitor}
          icon={outcome.kind === 'busy' ? 'spinner' : 'save'}
          disabled={outcome.kind === 'busy' || unchanged}
          onClick={() => save()}
        >
          {t('pages.breaches.report.save', 'Save the report')}
        </PermissionButton>
      </Stack>
    </section>
  );
}
