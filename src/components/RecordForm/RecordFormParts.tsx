import React from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Alert, Button, Field, IconButton, Input, LinkButton, Stack, useStyles2 } from '@grafana/ui';
import { NO_ESCAPE } from '../../i18n';
import { EngineErrorAlert } from '../EngineErrorAlert/EngineErrorAlert';
import { PermissionButton } from '../PermissionButton/PermissionButton';
import { userCan } from '../PermissionButton/permissions';
import { ConflictPanel, type ConflictRow, GeneralErrors } from './formParts';
import { type RecordForm, type VersionedRecord } from './useRecordForm';

/** Said up front, so nobody fills in a form the engine would refuse to save. */
export function ReadOnlyNotice({ action, title }: { action: string; title: string }) {
  if (userCan(action)) {
    return null;
  }
  return (
    <Alert severity="info" title={title}>
      {t('permission.missing', 'You need the permission {{action}}', { action, interpolation: NO_ESCAPE })}
    </Alert>
  );
}

/** Why the last save did not happen: the engine's other messages, its failure, or a newer version. */
export function SaveFeedback<I extends object, R extends VersionedRecord>({
  form,
  failedTitle,
  action,
  conflictRows,
}: {
  form: RecordForm<I, R>;
  failedTitle: string;
  /** The RBAC action saving needs. */
  action: string;
  conflictRows: (mine: I, latest: I) => ConflictRow[];
}) {
  const { failure, base } = form;
  return (
    <>
      <GeneralErrors errors={form.errors} title={failedTitle} />
      {failure.kind === 'engine' && <EngineErrorAlert error={failure.error} title={failedTitle} />}
      {failure.kind === 'conflict' && base && (
        <ConflictPanel
          rows={conflictRows(failure.mine, form.inputOf(failure.latest))}
          seenVersion={base.version}
          latestVersion={failure.latest.version}
          latestBy={failure.latest.updatedBy ?? '—'}
          action={action}
          busy={form.busy}
          onReapply={() => form.reapplyMine(failure.mine, failure.latest)}
          onDiscard={() => form.discardMine(failure.latest)}
        />
      )}
    </>
  );
}

/** The key (fixed once created) and the name every catalog record starts with. */
export function KeyAndName({
  idPrefix,
  keyLabel,
  nameLabel,
  keyPlaceholder,
  value,
  onChange,
  err,
  editing,
}: {
  /** `slm-party` gives the inputs `slm-party-key` and `slm-party-name`. */
  idPrefix: string;
  keyLabel: string;
  nameLabel: string;
  keyPlaceholder?: string;
  value: { key: string; name: string };
  onChange: (change: { key?: string; name?: string }) => void;
  err: (path: string) => string | undefined;
  editing: boolean;
}) {
  return (
    <Stack direction="row" gap={2} wrap="wrap">
      <Field
        label={keyLabel}
        description={t(
          'pages.catalog.form.key-description',
          'Lowercase letters, digits, ".", "_" or "-"; agreements refer to it and it cannot change'
        )}
        invalid={!!err('key')}
        error={err('key')}
        required
      >
        <Input
          id={`${idPrefix}-key`}
          value={value.key}
          disabled={editing}
          width={32}
          placeholder={keyPlaceholder}
          onChange={(e) => onChange({ key: e.currentTarget.value })}
        />
      </Field>
      <Field label={nameLabel} invalid={!!err('name')} error={err('name')} required>
        <Input
          id={`${idPrefix}-name`}
          value={value.name}
          width={48}
          onChange={(e) => onChange({ name: e.currentTarget.value })}
        />
      </Field>
    </Stack>
  );
}

/** Save (or create) and cancel, under a record form. */
export function FormButtons({
  action,
  busy,
  submitLabel,
  cancelLabel,
  cancelHref,
}: {
  action: string;
  busy: boolean;
  submitLabel: string;
  cancelLabel: string;
  cancelHref: string;
}) {
  return (
    <Stack direction="row" gap={1}>
      <PermissionButton action={action} type="submit" icon={busy ? 'spinner' : 'save'} disabled={busy}>
        {submitLabel}
      </PermissionButton>
      <LinkButton variant="secondary" fill="outline" href={cancelHref}>
        {cancelLabel}
      </LinkButton>
    </Stack>
  );
}

/** One input of a list row (a contact's email, a dashboard's UID), with the engine's message about it. */
export function RowField({
  label,
  id,
  error,
  value,
  width,
  placeholder,
  onChange,
}: {
  label: string;
  id: string;
  error?: string;
  value?: string;
  width: number;
  placeholder?: string;
  onChange: (value: string) => void;
}) {
  const styles = useStyles2(getStyles);
  return (
    <Field label={label} invalid={!!error} error={error} className={styles.tight}>
      <Input
        id={id}
        value={value ?? ''}
        width={width}
        placeholder={placeholder}
        onChange={(e) => onChange(e.currentTarget.value)}
      />
    </Field>
  );
}

/**
 * A list field edited row by row (contacts, service hours, dashboard links): each row with a remove
 * button, and a button adding a row; a message about the whole list shows under its label.
 */
export function RowsEditor<T>({
  label,
  description,
  error,
  testId,
  rows,
  onChange,
  newRow,
  addLabel,
  removeLabel,
  rowGroup,
  gap = 1,
  empty,
  children,
}: {
  label: string;
  description?: string;
  error?: string;
  testId: string;
  rows: T[];
  onChange: (rows: T[]) => void;
  newRow: () => T;
  addLabel: string;
  removeLabel: (index: number) => string;
  /** A row as a named group (for screen readers and tests). */
  rowGroup?: (index: number) => { label: string; testId?: string };
  gap?: 1 | 2;
  /** Shown when there are no rows. */
  empty?: React.ReactNode;
  children: (row: T, index: number, update: (change: Partial<T>) => void) => React.ReactNode;
}) {
  const styles = useStyles2(getStyles);
  const update = (index: number, change: Partial<T>) =>
    onChange(rows.map((r, i) => (i === index ? { ...r, ...change } : r)));
  return (
    <Field label={label} description={description} invalid={!!error} error={error}>
      <>
        <div className={styles.rows} data-testid={testId}>
          {rows.length === 0 && empty}
          {rows.map((row, index) => {
            const group = rowGroup?.(index);
            return (
              <div
                key={index}
                className={gap === 1 ? styles.row : styles.wideRow}
                role={group ? 'group' : undefined}
                aria-label={group?.label}
                data-testid={group?.testId}
              >
                {children(row, index, (change) => update(index, change))}
                <IconButton
                  name="trash-alt"
                  tooltip={removeLabel(index)}
                  onClick={() => onChange(rows.filter((_, i) => i !== index))}
                />
              </div>
            );
          })}
          <div>
            <Button size="sm" variant="secondary" icon="plus" onClick={() => onChange([...rows, newRow()])}>
              {addLabel}
            </Button>
          </div>
        </div>
      </>
    </Field>
  );
}

export const getStyles = (theme: GrafanaTheme2) => ({
  rows: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  row: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1), alignItems: 'flex-end' }),
  wideRow: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(2), alignItems: 'flex-end' }),
  tight: css({ marginBottom: 0 }),
});
