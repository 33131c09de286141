import React from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { type Column, InteractiveTable, Stack, Text, useStyles2 } from '@grafana/ui';
import type { AgreementDetail } from '../../api/agreements';
import { budgetingOf, type Target, type Window } from '../../domain';
import { CalendarView } from '../../components/Calendar/CalendarView';
import { NO_ESCAPE } from '../../i18n';
import { UnderpinningTree } from './UnderpinningTree';

export function OverviewTab({ agreement }: { agreement: AgreementDetail }) {
  const styles = useStyles2(getStyles);
  const { spec } = agreement.document;
  return (
    <Stack direction="column" gap={3}>
      <section>
        {agreement.document.metadata.description && <p>{agreement.document.metadata.description}</p>}
        <dl className={styles.facts} data-testid="slm-agreement-terms">
          <dt>{t('pages.agreements.detail.effective', 'Effective')}</dt>
          <dd>
            {spec.effective
              ? t('pages.agreements.detail.effective-value', '{{from}} to {{to}}', {
                  from: spec.effective.from,
                  to: spec.effective.to ?? t('pages.agreements.detail.open-ended', 'open-ended'),
                  interpolation: NO_ESCAPE,
                })
              : t('pages.agreements.detail.not-set', 'not set')}
          </dd>
          <dt>{t('pages.agreements.detail.timezone', 'Time zone')}</dt>
          <dd>{spec.timezone}</dd>
          <dt>{t('pages.agreements.detail.window', 'Compliance window')}</dt>
          <dd>{windowText(spec.window)}</dd>
          <dt>{t('pages.agreements.detail.service-hours', 'Service hours')}</dt>
          <dd>
            {spec.serviceHours?.length
              ? spec.serviceHours.map((h) => `${h.days.join(', ')} ${h.from}–${h.to}`).join('; ')
              : t('pages.agreements.detail.always', '24×7')}
          </dd>
          {spec.holidays?.length ? (
            <>
              <dt>{t('pages.agreements.detail.holidays', 'Holidays excluded')}</dt>
              <dd>{spec.holidays.join(', ')}</dd>
            </>
          ) : null}
          {spec.maintenance?.length ? (
            <>
              <dt>{t('pages.agreements.detail.maintenance', 'Maintenance windows')}</dt>
              <dd>{spec.maintenance.map((m) => `${m.from} – ${m.to}`).join('; ')}</dd>
            </>
          ) : null}
          <dt>{t('pages.agreements.detail.no-data', 'Missing data counts as')}</dt>
          <dd>{spec.noData}</dd>
          <dt>{t('pages.agreements.detail.min-coverage', 'Minimum coverage')}</dt>
          <dd>{spec.minCoverage} %</dd>
        </dl>
      </section>
      <section>
        <Text element="h3" variant="h5">
          {t('pages.agreements.detail.calendar', 'Service calendar')}
        </Text>
        <CalendarView timezone={spec.timezone} serviceHours={spec.serviceHours} holidays={spec.holidays} maintenance={spec.maintenance} />
      </section>
      <section>
        <Text element="h3" variant="h5">
          {t('pages.agreements.detail.targets', 'Service level targets')}
        </Text>
        <TargetsTable targets={spec.targets} />
      </section>
      <section>
        <Text element="h3" variant="h5">
          {t('pages.agreements.detail.underpinning', 'Underpinning agreements')}
        </Text>
        <UnderpinningTree agreement={agreement} />
      </section>
    </Stack>
  );
}

function windowText(w: Window): string {
  if (w.calendar) {
    const names = {
      week: t('pages.agreements.detail.window-week', 'calendar week'),
      month: t('pages.agreements.detail.window-month', 'calendar month'),
      quarter: t('pages.agreements.detail.window-quarter', 'calendar quarter'),
    };
    return names[w.calendar];
  }
  return t('pages.agreements.detail.window-rolling', 'rolling {{duration}}', { duration: w.rolling, interpolation: NO_ESCAPE });
}

const OP_TEXT = { lt: '<', lte: '≤', gt: '>', gte: '≥' } as const;

function sliText(target: Target): string {
  if (target.sli.ratio) {
    return t('pages.agreements.detail.sli-ratio', 'ratio of good to total events');
  }
  const th = target.sli.threshold!;
  return t('pages.agreements.detail.sli-threshold', 'value {{op}} {{value}} per slice', {
    op: OP_TEXT[th.op],
    value: th.value,
    interpolation: NO_ESCAPE,
  });
}

function TargetsTable({ targets }: { targets: Target[] }) {
  const columns: Array<Column<Target>> = [
    {
      id: 'id',
      header: t('pages.agreements.detail.target.id', 'Target'),
      cell: ({ row: { original } }) => (
        <span>
          <strong>{original.id}</strong>
          {original.name ? ` — ${original.name}` : ''}
        </span>
      ),
    },
    {
      id: 'objective',
      header: t('pages.agreements.detail.target.objective', 'Objective'),
      cell: ({ row: { original } }) => `${original.objective} %`,
    },
    {
      id: 'warning',
      header: t('pages.agreements.detail.target.warning', 'Warning at'),
      cell: ({ row: { original } }) => (original.warning !== undefined ? `${original.warning} %` : '—'),
    },
    { id: 'slice', header: t('pages.agreements.detail.target.slice', 'Slice') },
    {
      id: 'budgeting',
      header: t('pages.agreements.detail.target.budgeting', 'Budgeting'),
      cell: ({ row: { original } }) =>
        budgetingOf(original) === 'occurrences'
          ? t('pages.agreements.detail.budgeting.occurrences', 'events')
          : t('pages.agreements.detail.budgeting.timeslices', 'time slices'),
    },
    {
      id: 'sli',
      header: t('pages.agreements.detail.target.sli', 'SLI'),
      cell: ({ row: { original } }) => sliText(original),
    },
  ];
  return (
    <div data-testid="slm-agreement-targets">
      <InteractiveTable columns={columns} data={targets} getRowId={(row) => row.id} />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  facts: css({
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: 0,
    dt: { color: theme.colors.text.secondary },
    dd: { margin: 0 },
  }),
});
