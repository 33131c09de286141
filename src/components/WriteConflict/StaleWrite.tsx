import React from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, Stack, useStyles2 } from '@grafana/ui';
import { type EngineError } from '../../api/engineClient';
import { EngineErrorAlert } from '../EngineErrorAlert/EngineErrorAlert';
import { PermissionButton } from '../PermissionButton/PermissionButton';

/** One line of the comparison: what the user opened next to what the record is now. */
export interface ComparedFact {
  label: string;
  seen: React.ReactNode;
  now: React.ReactNode;
}

/**
 * A write (a transition, a lifecycle move) was meant for an older version: nothing was done. Shows
 * what changed, then reloading, or the same write on the current version when it is still possible.
 */
export function StaleWriteAlert({
  title,
  body,
  seenLabel,
  nowLabel,
  facts,
  reloadLabel,
  onReload,
  reapply,
}: {
  title: string;
  body: string;
  seenLabel: string;
  nowLabel: string;
  facts: ComparedFact[];
  reloadLabel: string;
  onReload?: () => void;
  // null: the current version could not be read, so there is nothing to apply to
  reapply?: { action: string; label: string; blockedReason?: string; onClick: () => void } | null;
}) {
  const styles = useStyles2(getStyles);
  return (
    <Alert severity="warning" title={title} data-testid="slm-version-conflict">
      <p>{body}</p>
      <table className={styles.compare}>
        <thead>
          <tr>
            <th />
            <th>{seenLabel}</th>
            <th>{nowLabel}</th>
          </tr>
        </thead>
        <tbody>
          {facts.map((f) => (
            <tr key={f.label}>
              <th>{f.label}</th>
              <td>{f.seen}</td>
              <td>{f.now}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {(onReload || reapply) && (
        <Stack direction="row" gap={1}>
          {onReload && (
            <Button variant="secondary" icon="sync" onClick={onReload}>
              {reloadLabel}
            </Button>
          )}
          {reapply && (
            <PermissionButton action={reapply.action} onClick={reapply.onClick} blockedReason={reapply.blockedReason}>
              {reapply.label}
            </PermissionButton>
          )}
        </Stack>
      )}
    </Alert>
  );
}

/**
 * A write the engine refused. When it refused the write itself (`refused`), its message says exactly
 * what is not possible; anything else is an engine failure with what to do about it.
 */
export function WriteRefused({
  error,
  title,
  refused,
  testId,
}: {
  error: EngineError;
  title: string;
  refused: boolean;
  testId: string;
}) {
  if (refused) {
    return (
      <Alert severity="error" title={title} data-testid={testId}>
        {error.message}
      </Alert>
    );
  }
  return <EngineErrorAlert error={error} title={title} />;
}

const getStyles = (theme: GrafanaTheme2) => ({
  compare: css({
    marginBottom: theme.spacing(2),
    'th, td': { padding: theme.spacing(0.5, 2, 0.5, 0), textAlign: 'left' },
  }),
});
