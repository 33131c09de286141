import React, { useState } from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2, type SelectableValue } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Badge, Field, LoadingPlaceholder, Select, Stack, Text, useStyles2 } from '@grafana/ui';
import { type AgreementDetail, type AgreementVersion, type DocumentChange, diffVersions, listVersions } from '../../api/agreements';
import { EngineErrorAlert } from '../../components/EngineErrorAlert/EngineErrorAlert';
import { NO_ESCAPE } from '../../i18n';
import { formatTime, shortHash, versionStatusLabel } from './labels';
import { useAsync } from '../../hooks/useAsync';

/** Every revision (frozen ones and the working draft) and a readable diff between two of them. */
export function VersionsTab({ agreement }: { agreement: AgreementDetail }) {
  const styles = useStyles2(getStyles);
  const versions = useAsync(() => listVersions(agreement.id), `${agreement.id}@${agreement.version}`);
  const [chosen, setPair] = useState<{ from: number; to: number } | null>(null);
  // by default: the latest revision against the one before it
  const revs = versions.status === 'done' ? versions.value.map((v) => v.revision) : [];
  const pair = chosen ?? (revs.length >= 2 ? { from: revs[revs.length - 2], to: revs[revs.length - 1] } : null);

  if (versions.status === 'loading') {
    return <LoadingPlaceholder text={t('pages.agreements.detail.versions.loading', 'Loading versions…')} />;
  }
  if (versions.status === 'error') {
    return <EngineErrorAlert error={versions.error} title={t('pages.agreements.detail.versions.load-failed', 'Could not load the versions')} />;
  }
  const options = versions.value.map((v) => ({ value: v.revision, label: revisionLabel(v) }));
  return (
    <Stack direction="column" gap={2}>
      <table className={styles.table} data-testid="slm-versions">
        <thead>
          <tr>
            <th>{t('pages.agreements.detail.versions.revision', 'Revision')}</th>
            <th>{t('pages.agreements.detail.versions.status', 'Status')}</th>
            <th>{t('pages.agreements.detail.versions.hash', 'Hash')}</th>
            <th>{t('pages.agreements.detail.versions.frozen', 'Sent for signature')}</th>
            <th>{t('pages.agreements.detail.versions.activated', 'Activated')}</th>
            <th>{t('pages.agreements.detail.versions.signatures', 'Signed by')}</th>
          </tr>
        </thead>
        <tbody>
          {versions.value.map((v) => (
            <tr key={v.revision} data-testid={`slm-version-${v.revision}`}>
              <td>{v.revision}</td>
              <td>
                <Badge text={versionStatusLabel(v.status)} color={v.status === 'in_force' ? 'green' : v.status === 'pending_signature' ? 'orange' : 'darkgrey'} />
              </td>
              <td>
                <code title={v.hash}>{shortHash(v.hash)}</code>
              </td>
              <td>{v.frozenAt ? `${formatTime(v.frozenAt)} (${v.frozenBy ?? '?'})` : '—'}</td>
              <td>{formatTime(v.activatedAt)}</td>
              <td>{v.signatures.length ? v.signatures.map((s) => `${s.party} (${s.user})`).join(', ') : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {versions.value.length < 2 ? (
        <Text color="secondary" element="p">
          {t('pages.agreements.detail.versions.single', 'There is one revision so far: a diff needs two.')}
        </Text>
      ) : (
        pair && (
          <>
            <Stack direction="row" gap={2}>
              <Field label={t('pages.agreements.detail.versions.from', 'Compare revision')} noMargin>
                <Select
                  aria-label={t('pages.agreements.detail.versions.from', 'Compare revision')}
                  width={30}
                  value={pair.from}
                  options={options}
                  onChange={(v: SelectableValue<number>) => setPair({ ...pair, from: v.value! })}
                />
              </Field>
              <Field label={t('pages.agreements.detail.versions.to', 'with revision')} noMargin>
                <Select
                  aria-label={t('pages.agreements.detail.versions.to', 'with revision')}
                  width={30}
                  value={pair.to}
                  options={options}
                  onChange={(v: SelectableValue<number>) => setPair({ ...pair, to: v.value! })}
                />
              </Field>
            </Stack>
            <Diff id={agreement.id} from={pair.from} to={pair.to} />
          </>
        )
      )}
    </Stack>
  );
}

function revisionLabel(v: AgreementVersion): string {
  return t('pages.agreements.detail.versions.option', 'Revision {{revision}} ({{status}})', {
    revision: v.revision,
    status: versionStatusLabel(v.status),
    interpolation: NO_ESCAPE,
  });
}

function Diff({ id, from, to }: { id: string; from: number; to: number }) {
  const styles = useStyles2(getStyles);
  const diff = useAsync(() => diffVersions(id, to, from), `${id}:${from}:${to}`);
  if (from === to) {
    return <Text color="secondary">{t('pages.agreements.detail.versions.same', 'Pick two different revisions.')}</Text>;
  }
  if (diff.status === 'loading') {
    return <LoadingPlaceholder text={t('pages.agreements.detail.versions.diff-loading', 'Comparing…')} />;
  }
  if (diff.status === 'error') {
    return <EngineErrorAlert error={diff.error} title={t('pages.agreements.detail.versions.diff-failed', 'Could not compare the revisions')} />;
  }
  if (diff.value.changes.length === 0) {
    return (
      <Text color="secondary" element="p">
        {t('pages.agreements.detail.versions.no-change', 'Revisions {{from}} and {{to}} say the same.', { from, to, interpolation: NO_ESCAPE })}
      </Text>
    );
  }
  return (
    <table className={styles.table} data-testid="slm-diff">
      <thead>
        <tr>
          <th>{t('pages.agreements.detail.versions.field', 'Field')}</th>
          <th>{t('pages.agreements.detail.versions.revision-n', 'Revision {{revision}}', { revision: from, interpolation: NO_ESCAPE })}</th>
          <th>{t('pages.agreements.detail.versions.revision-n', 'Revision {{revision}}', { revision: to, interpolation: NO_ESCAPE })}</th>
        </tr>
      </thead>
      <tbody>
        {diff.value.changes.map((c) => (
          <tr key={`${c.op}:${c.path}`} data-op={c.op}>
            <td>
              <code>{c.path}</code> <Badge text={opLabel(c.op)} color={c.op === 'added' ? 'green' : c.op === 'removed' ? 'red' : 'blue'} />
            </td>
            <td className={c.op === 'added' ? undefined : styles.removed}>{c.op === 'added' ? '—' : valueText(c.before)}</td>
            <td className={c.op === 'removed' ? undefined : styles.added}>{c.op === 'removed' ? '—' : valueText(c.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function opLabel(op: DocumentChange['op']): string {
  const labels = {
    added: t('pages.agreements.detail.versions.added', 'added'),
    removed: t('pages.agreements.detail.versions.removed', 'removed'),
    changed: t('pages.agreements.detail.versions.changed', 'changed'),
  };
  return labels[op];
}

/** Scalars as they are; objects and lists as compact JSON (they are short pieces of YAML). */
export function valueText(value: unknown): string {
  if (value === undefined) {
    return '—';
  }
  if (typeof value === 'string') {
    return value;
  }
  return JSON.stringify(value);
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    borderCollapse: 'collapse',
    width: '100%',
    'th, td': { padding: theme.spacing(0.5, 1), borderBottom: `1px solid ${theme.colors.border.weak}`, textAlign: 'left', verticalAlign: 'top' },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
    td: { wordBreak: 'break-word' },
  }),
  removed: css({ background: theme.colors.error.transparent, fontFamily: theme.typography.fontFamilyMonospace }),
  added: css({ background: theme.colors.success.transparent, fontFamily: theme.typography.fontFamilyMonospace }),
});
