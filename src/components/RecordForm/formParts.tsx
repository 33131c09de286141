import React from 'react';
import { css, cx } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Alert, Button, Field, IconButton, Input, Stack, TextArea, useStyles2 } from '@grafana/ui';
import { PermissionButton } from '../PermissionButton/PermissionButton';
import { NO_ESCAPE } from '../../i18n';
import { type FormErrors } from './fieldErrors';

/**
 * A list of short texts (features, usage scenarios) edited row by row; an engine message about one
 * item (`features.2`) is shown under that item.
 */
export function TextListEditor({
  id,
  label,
  description,
  addLabel,
  values,
  onChange,
  errors,
  multiline = false,
}: {
  /** The field path, e.g. `features`; rows are `features.0`, `features.1`… */
  id: string;
  label: string;
  description?: string;
  addLabel: string;
  values: string[];
  onChange: (values: string[]) => void;
  errors: FormErrors;
  multiline?: boolean;
}) {
  const styles = useStyles2(getStyles);
  const replace = (index: number, value: string) => onChange(values.map((v, i) => (i === index ? value : v)));
  return (
    <Field label={label} description={description} invalid={!!errors.fields[id]} error={errors.fields[id]}>
      <>
        <div className={styles.rows} data-testid={`slm-list-${id}`}>
          {values.map((value, index) => {
            const path = `${id}.${index}`;
            const rowLabel = t('pages.catalog.form.list-item', '{{list}}, item {{n}}', {
              list: label,
              n: index + 1,
              interpolation: NO_ESCAPE,
            });
            return (
              <Stack key={index} direction="row" gap={1} alignItems="flex-start">
                <Field invalid={!!errors.fields[path]} error={errors.fields[path]} className={styles.row}>
                  {multiline ? (
                    <TextArea
                      aria-label={rowLabel}
                      value={value}
                      rows={2}
                      onChange={(e) => replace(index, e.currentTarget.value)}
                    />
                  ) : (
                    <Input
                      aria-label={rowLabel}
                      value={value}
                      onChange={(e) => replace(index, e.currentTarget.value)}
                    />
                  )}
                </Field>
                <IconButton
                  name="trash-alt"
                  tooltip={t('pages.catalog.form.remove-item', 'Remove {{item}}', {
                    item: rowLabel,
                    interpolation: NO_ESCAPE,
                  })}
                  onClick={() => onChange(values.filter((_, i) => i !== index))}
                />
              </Stack>
            );
          })}
          <div>
            <Button size="sm" variant="secondary" icon="plus" onClick={() => onChange([...values, ''])}>
              {addLabel}
            </Button>
          </div>
        </div>
      </>
    </Field>
  );
}

/** The engine's messages that no field shows (other paths, or a failure that is not about the input). */
export function GeneralErrors({ errors, title }: { errors: FormErrors; title: string }) {
  if (errors.general.length === 0) {
    return null;
  }
  return (
    <Alert severity="error" title={title} data-testid="slm-form-errors">
      {errors.general.map((m) => (
        <div key={m}>{m}</div>
      ))}
    </Alert>
  );
}

export interface ConflictRow {
  field: string;
  label: string;
  yours: string;
  latest: string;
}

/**
 * Someone saved the record while the user was editing it: both versions side by side, field by
 * field, with the fields that differ marked, and the two ways forward.
 */
export function ConflictPanel({
  rows,
  seenVersion,
  latestVersion,
  latestBy,
  action,
  busy,
  onReapply,
  onDiscard,
}: {
  rows: ConflictRow[];
  seenVersion: number;
  latestVersion: number;
  latestBy: string;
  /** The RBAC action saving needs. */
  action: string;
  busy: boolean;
  onReapply: () => void;
  onDiscard: () => void;
}) {
  const styles = useStyles2(getStyles);
  return (
    <Alert
      severity="warning"
      title={t('pages.catalog.conflict.title', 'Someone else saved this record while you were editing it')}
      data-testid="slm-version-conflict"
    >
      <p>
        {t(
          'pages.catalog.conflict.body',
          'Nothing was saved. You edited version {{seen}}; {{user}} saved version {{latest}} since. Re-applying writes the fields you changed over the latest version and keeps their changes to the other fields.',
          { seen: seenVersion, latest: latestVersion, user: latestBy, interpolation: NO_ESCAPE }
        )}
      </p>
      <table className={styles.table} data-testid="slm-conflict-table">
        <thead>
          <tr>
            <th>{t('pages.catalog.conflict.field', 'Field')}</th>
            <th>
              {t('pages.catalog.conflict.yours', 'Yours (edited from version {{version}})', {
                version: seenVersion,
                interpolation: NO_ESCAPE,
              })}
            </th>
            <th>
              {t('pages.catalog.conflict.latest', 'Latest (version {{version}})', {
                version: latestVersion,
                interpolation: NO_ESCAPE,
              })}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const differs = row.yours !== row.latest;
            return (
              <tr
                key={row.field}
                data-field={row.field}
                data-differs={differs}
                className={cx(differs && styles.differs)}
              >
                <th scope="row">{row.label}</th>
                <td data-testid="slm-conflict-yours">{row.yours}</td>
                <td data-testid="slm-conflict-latest">{row.latest}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <Stack direction="row" gap={1}>
        <PermissionButton action={action} icon={busy ? 'spinner' : 'save'} disabled={busy} onClick={onReapply}>
          {t('pages.catalog.conflict.reapply', 'Re-apply my changes on the latest')}
        </PermissionButton>
        <Button variant="secondary" icon="sync" onClick={onDiscard} disabled={busy}>
          {t('pages.catalog.conflict.discard', 'Discard mine, edit the latest')}
        </Button>
      </Stack>
    </Alert>
  );
}

/** A list as one line for the conflict table; empty lists say so. */
export function listText(values: string[]): string {
  return values.length ? values.join('; ') : '—';
}

const getStyles = (theme: GrafanaTheme2) => ({
  rows: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(0.5), width: '100%', maxWidth: 720 }),
  row: css({ marginBottom: 0, flex: 1 }),
  table: css({
    width: '100%',
    marginBottom: theme.spacing(2),
    borderCollapse: 'collapse',
    'th, td': {
      textAlign: 'left',
      verticalAlign: 'top',
      padding: theme.spacing(0.5, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      whiteSpace: 'pre-wrap',
    },
  }),
  differs: css({ background: theme.colors.warning.transparent, fontWeight: theme.typography.fontWeightMedium }),
});
