import React, { useState } from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Alert, Badge, Button, Field, Input, Stack, Text, useStyles2 } from '@grafana/ui';
import { type GapAnalysis, type Requirement, saveGapAnalysis } from '../../api/contracts';
import { DsQueryError } from '../../api/dsQuery';
import { type EngineError, toEngineError } from '../../api/engineClient';
import { FrameError, formatDuration } from '../../domain';
import { EngineErrorAlert } from '../../components/EngineErrorAlert/EngineErrorAlert';
import { PermissionButton } from '../../components/PermissionButton/PermissionButton';
import { NO_ESCAPE } from '../../i18n';
import { DEFAULT_DAYS, DEFAULT_SLICE, planGapAnalysis, runGapAnalysis } from './gapAnalysis';
import { CONTRACTS_WRITE, percentText } from './shared';
import { type SliDraft, SliFields, sliDraft, sliOf } from './SliFields';

const SHOWN_INTERVALS = 20;

type Run =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'failed'; message: string; errors?: string[] }
  | { status: 'done'; result: GapAnalysis };

/**
 * Gap analysis of one requirement: its SLI over the last N days through Grafana's query API,
 * evaluated against the requested objective by the shared evaluator; the result can be saved
 * on the requirement.
 */
export function GapAnalysisPanel({
  requirement,
  onSaved,
}: {
  requirement: Requirement;
  onSaved: (r: Requirement) => void;
}) {
  const styles = useStyles2(getStyles);
  const [sli, setSli] = useState<SliDraft>(() => sliDraft(requirement.sli));
  const [days, setDays] = useState(String(requirement.gapAnalysis?.days ?? DEFAULT_DAYS));
  const [run, setRun] = useState<Run>({ status: 'idle' });
  const [missing, setMissing] = useState<string[]>([]);
  const required = t('pages.contracts.gap.required', 'Required for the gap analysis');
  const [saving, setSaving] = useState<
    { status: 'idle' | 'saving' | 'saved' } | { status: 'error'; error: EngineError }
  >({ status: 'idle' });
  const dayCount = Number(days);
  const daysError =
    Number.isInteger(dayCount) && dayCount >= 1 && dayCount <= 366
      ? undefined
      : t('pages.contracts.gap.days-invalid', 'A whole number of days from 1 to 366');

  const evaluate = async (event: React.SyntheticEvent) => {
    event.preventDefault();
    if (daysError) {
      return;
    }
    const plan = planGapAnalysis(
      { objective: requirement.objective, sli: sliOf(sli), slice: requirement.slice ?? DEFAULT_SLICE, days: dayCount },
      Date.now()
    );
    if ('kind' in plan && plan.kind === 'missing') {
      setMissing(plan.paths);
      return;
    }
    setMissing([]);
    if (!('agreement' in plan)) {
      setRun({
        status: 'failed',
        message: t('pages.contracts.gap.invalid', 'The SLI is not complete'),
        errors: plan.kind === 'invalid' ? plan.errors : [plan.kind],
      });
      return;
    }
    setRun({ status: 'running' });
    setSaving({ status: 'idle' });
    try {
      setRun({ status: 'done', result: await runGapAnalysis(plan, dayCount) });
    } catch (e) {
      // DsQueryError (Grafana refused the query) and FrameError (unusable frames) say what is wrong
      const message =
        e instanceof DsQueryError || e instanceof FrameError || e instanceof Error ? e.message : String(e);
      setRun({
        status: 'failed',
        message: t('pages.contracts.gap.query-failed', 'The SLI could not be evaluated'),
        errors: [message],
      });
    }
  };

  const save = async (result: GapAnalysis) => {
    setSaving({ status: 'saving' });
    try {
      const updated = await saveGapAnalysis(requirement, result);
      setSaving({ status: 'saved' });
      onSaved(updated);
    } catch (e) {
      setSaving({ status: 'error', error: toEngineError(e) });
    }
  };

  return (
    <section
      className={styles.panel}
      data-testid="slm-gap-analysis"
      aria-label={t('pages.contracts.gap.title', 'Gap analysis')}
    >
      <form onSubmit={evaluate}>
        <Stack direction="column" gap={1}>
          <Text element="h4">
            {t('pages.contracts.gap.heading', 'Gap analysis of {{id}}: would the service have met {{objective}}?', {
              id: requirement.id,
              objective: percentText(requirement.objective),
              interpolation: NO_ESCAPE,
            })}
          </Text>
          <SliFields
            idPrefix="slm-gap-sli"
            value={sli}
            onChange={setSli}
            errors={Object.fromEntries(missing.map((p) => [p, required]))}
          />
          <Stack direction="row" gap={2} alignItems="flex-end">
            <Field
              label={t('pages.contracts.gap.days', 'Window (last N days)')}
              invalid={!!daysError}
              error={daysError}
            >
              <Input
                id="slm-gap-days"
                type="number"
                min={1}
                max={366}
                value={days}
                onChange={(e) => setDays(e.currentTarget.value)}
                width={14}
              />
            </Field>
            <Field label="">
              <Button
                type="submit"
                icon={run.status === 'running' ? 'spinner' : 'calculator-alt'}
                disabled={run.status === 'running'}
              >
                {t('pages.contracts.gap.evaluate', 'Evaluate')}
              </Button>
            </Field>
          </Stack>
        </Stack>
      </form>
      {run.status === 'failed' && (
        <Alert severity="error" title={run.message} data-testid="slm-gap-error">
          {run.errors?.map((m) => (
            <div key={m}>{m}</div>
          ))}
        </Alert>
      )}
      {run.status === 'done' && (
        <Stack direction="column" gap={1}>
          <GapResult result={run.result} objective={requirement.objective} />
          <Stack direction="row" gap={1} alignItems="center">
            <PermissionButton
              action={CONTRACTS_WRITE}
              icon="save"
              variant="secondary"
              disabled={saving.status === 'saving' || saving.status === 'saved'}
              onClick={() => save(run.result)}
            >
              {t('pages.contracts.gap.save', 'Save the result')}
            </PermissionButton>
            {saving.status === 'saved' && (
              <Text color="success">{t('pages.contracts.gap.saved', 'Saved on the requirement')}</Text>
            )}
          </Stack>
          {saving.status === 'error' && (
            <EngineErrorAlert
              error={saving.error}
              title={t('pages.contracts.gap.save-failed', 'The result was not saved')}
            />
          )}
        </Stack>
      )}
    </section>
  );
}

export function MetBadge({ met }: { met: boolean | null }) {
  if (met === null) {
    return (
      <Badge
        color="darkgrey"
        text={t('pages.contracts.gap.no-data', 'No data')}
        data-testid="slm-gap-met"
        data-met="none"
      />
    );
  }
  return met ? (
    <Badge
      color="green"
      icon="check"
      text={t('pages.contracts.gap.met', 'Would have met')}
      data-testid="slm-gap-met"
      data-met="true"
    />
  ) : (
    <Badge
      color="red"
      icon="exclamation-triangle"
      text={t('pages.contracts.gap.not-met', 'Would not have met')}
      data-testid="slm-gap-met"
      data-met="false"
    />
  );
}

/** Compliance against the objective, coverage and the bad intervals of one analysis. */
export function GapResult({ result, objective }: { result: GapAnalysis; objective: number }) {
  const styles = useStyles2(getStyles);
  const bad = result.badIntervals;
  return (
    <div data-testid="slm-gap-result" className={styles.result}>
      <Stack direction="row" gap={3} alignItems="center" wrap="wrap">
        <MetBadge met={result.met} />
        <span>
          {t('pages.contracts.gap.compliance', 'Compliance')}:{' '}
          <strong data-testid="slm-gap-compliance">{percentText(result.compliance)}</strong>{' '}
          {t('pages.contracts.gap.against', 'against {{objective}}', {
            objective: percentText(objective),
            interpolation: NO_ESCAPE,
          })}
        </span>
        <span>
          {t('pages.contracts.gap.coverage', 'Coverage')}:{' '}
          <strong data-testid="slm-gap-coverage">{percentText(result.coverage, 1)}</strong>
        </span>
        <Text color="secondary">
          {t('pages.contracts.gap.window', 'Last {{days}} days, evaluated {{at}}', {
            days: result.days,
            at: result.evaluatedAt,
            interpolation: NO_ESCAPE,
          })}
        </Text>
      </Stack>
      <div>
        <Text element="h5">
          {t('pages.contracts.gap.bad-intervals', 'Bad intervals ({{count}})', {
            count: bad.length,
            interpolation: NO_ESCAPE,
          })}
        </Text>
        {bad.length === 0 ? (
          <Text color="secondary">{t('pages.contracts.gap.no-bad', 'None')}</Text>
        ) : (
          <ul data-testid="slm-gap-bad-intervals" className={styles.intervals}>
            {bad.slice(0, SHOWN_INTERVALS).map((i) => (
              <li key={i.from}>
                {i.from} – {i.to} ({formatDuration(Date.parse(i.to) - Date.parse(i.from))})
              </li>
            ))}
            {bad.length > SHOWN_INTERVALS && (
              <li>
                {t('pages.contracts.gap.more', 'and {{count}} more', {
                  count: bad.length - SHOWN_INTERVALS,
                  interpolation: NO_ESCAPE,
                })}
              </li>
            )}
          </ul>
        )}
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  panel: css({
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(2),
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(2),
  }),
  result: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  intervals: css({ margin: 0, paddingLeft: theme.spacing(3), fontFamily: theme.typography.fontFamilyMonospace }),
});
