import React, { useState } from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Alert, Button, FileUpload, LoadingPlaceholder, Stack, Text, useStyles2 } from '@grafana/ui';
import {
  type AgreementDetail,
  type DocumentIssue,
  amendAgreement,
  documentIssuesOf,
  exportAgreementYaml,
  getAgreementDetail,
  importAgreementYaml,
} from '../../api/agreements';
import { type EngineError, toEngineError } from '../../api/engineClient';
import { EngineErrorAlert } from '../../components/EngineErrorAlert/EngineErrorAlert';
import { PermissionButton } from '../../components/PermissionButton/PermissionButton';
import { AGREEMENT_ACTION } from '../../components/PermissionButton/permissions';
import { parseAgreement } from '../../domain';
import { NO_ESCAPE } from '../../i18n';
import { canOpenAmendment, downloadText, editBlockedReason } from './editing';
import { useAsync } from '../../hooks/useAsync';
import { YamlEditor } from './YamlEditor';

interface Props {
  agreement: AgreementDetail;
  /** The agreement as it is after a save or an amendment (re-read from the engine). */
  onChanged: (agreement: AgreementDetail) => void;
}

type Outcome =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'valid' }
  | { kind: 'invalid'; source: 'local' | 'engine'; issues: DocumentIssue[] }
  | { kind: 'saved'; version: number }
  | { kind: 'conflict'; current: AgreementDetail; currentYaml: string }
  | { kind: 'failed'; error: EngineError };

/** Problems of YAML text as the engine's import would report them, found without asking it. */
export function localIssues(yaml: string): DocumentIssue[] {
  const parsed = parseAgreement(yaml);
  return parsed.ok ? [] : parsed.errors;
}

/** Reads an uploaded file as text (FileReader: also where Blob.text is missing). */
export function readFileText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(file);
  });
}

/** The agreement as YAML: validate locally, save through the engine's import with If-Match. */
export function YamlTab({ agreement, onChanged }: Props) {
  const exported = useAsync(() => exportAgreementYaml(agreement.id), `${agreement.id}@${agreement.version}`);
  if (exported.status === 'loading') {
    return <LoadingPlaceholder text={t('pages.agreements.editor.loading', 'Loading the YAML…')} />;
  }
  if (exported.status === 'error') {
    return <EngineErrorAlert error={exported.error} title={t('pages.agreements.editor.load-failed', 'Could not load the YAML')} />;
  }
  return <YamlForm key={agreement.id} agreement={agreement} saved={exported.value} onChanged={onChanged} />;
}

function YamlForm({ agreement, saved, onChanged }: Props & { saved: string }) {
  const styles = useStyles2(getStyles);
  const [text, setText] = useState(saved);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const [shown, setShown] = useState(saved);
  if (saved !== shown) {
    // the engine's copy changed (saved, amended, or the other version kept): edit that one
    setShown(saved);
    setText(saved);
  }
  const blocked = editBlockedReason(agreement);

  const validate = (): boolean => {
    const issues = localIssues(text);
    setOutcome(issues.length ? { kind: 'invalid', source: 'local', issues } : { kind: 'valid' });
    return issues.length === 0;
  };

  const save = async (version: number) => {
    if (!validate()) {
      return; // nothing is sent while the YAML has errors
    }
    setOutcome({ kind: 'busy' });
    try {
      const result = await importAgreementYaml(text, version);
      const current = await getAgreementDetail(agreement.id);
      setOutcome({ kind: 'saved', version: result.version });
      onChanged(current);
    } catch (e) {
      const error = toEngineError(e);
      const issues = documentIssuesOf(error);
      if (issues.length) {
        setOutcome({ kind: 'invalid', source: 'engine', issues });
      } else if (error.code === 'version_conflict') {
        // both versions side by side before anything is re-sent
        try {
          const [current, currentYaml] = await Promise.all([getAgreementDetail(agreement.id), exportAgreementYaml(agreement.id)]);
          setOutcome({ kind: 'conflict', current, currentYaml });
        } catch (reloadError) {
          setOutcome({ kind: 'failed', error: toEngineError(reloadError) });
        }
      } else {
        setOutcome({ kind: 'failed', error });
      }
    }
  };

  const amend = async () => {
    setOutcome({ kind: 'busy' });
    try {
      await amendAgreement(agreement.id, agreement.version);
      onChanged(await getAgreementDetail(agreement.id));
      setOutcome({ kind: 'idle' });
    } catch (e) {
      setOutcome({ kind: 'failed', error: toEngineError(e) });
    }
  };

  const upload = async (file: File) => {
    const content = await readFileText(file);
    setText(content);
    const issues = localIssues(content);
    setOutcome(issues.length ? { kind: 'invalid', source: 'local', issues } : { kind: 'valid' });
  };

  const issues = outcome.kind === 'invalid' ? outcome.issues : [];
  const busy = outcome.kind === 'busy';
  return (
    <Stack direction="column" gap={2}>
      {blocked && (
        <Alert severity="info" title={blocked} data-testid="slm-edit-blocked">
          {canOpenAmendment(agreement) && (
            <PermissionButton action={AGREEMENT_ACTION.manage} icon="pen" onClick={amend} disabled={busy}>
              {t('pages.agreements.editor.open-amendment', 'Open amendment')}
            </PermissionButton>
          )}
        </Alert>
      )}
      <div className={styles.toolbar}>
        <Button variant="secondary" icon="check" onClick={validate}>
          {t('pages.agreements.editor.validate', 'Validate')}
        </Button>
        <PermissionButton
          action={AGREEMENT_ACTION.manage}
          icon={busy ? 'spinner' : 'save'}
          onClick={() => save(agreement.version)}
          disabled={busy || text === saved}
          blockedReason={blocked}
        >
          {t('pages.agreements.editor.save', 'Save')}
        </PermissionButton>
        <Button variant="secondary" icon="download-alt" onClick={() => downloadText(`${agreement.id}.yaml`, saved)}>
          {t('pages.agreements.editor.download', 'Download YAML')}
        </Button>
        <FileUpload accept=".yaml,.yml,application/yaml,text/yaml" size="md" onFileUpload={(e) => e.currentTarget.files?.[0] && upload(e.currentTarget.files[0])}>
          {t('pages.agreements.editor.upload', 'Load a YAML file')}
        </FileUpload>
        <Button variant="secondary" fill="text" onClick={() => { setText(saved); setOutcome({ kind: 'idle' }); }} disabled={text === saved}>
          {t('pages.agreements.editor.revert', 'Revert')}
        </Button>
      </div>
      <Status outcome={outcome} />
      <YamlEditor label={t('pages.agreements.editor.label', 'Agreement YAML')} value={text} onChange={setText} issues={issues} readOnly={busy} />
      {outcome.kind === 'conflict' && (
        <YamlConflict
          seenVersion={agreement.version}
          current={outcome.current}
          yours={text}
          currentYaml={outcome.currentYaml}
          onDiscard={() => {
            setOutcome({ kind: 'idle' });
            onChanged(outcome.current);
          }}
          onReapply={() => save(outcome.current.version)}
        />
      )}
    </Stack>
  );
}

function Status({ outcome }: { outcome: Outcome }) {
  if (outcome.kind === 'valid') {
    return <Alert severity="success" title={t('pages.agreements.editor.valid', 'The YAML is a valid agreement')} data-testid="slm-yaml-valid" />;
  }
  if (outcome.kind === 'invalid') {
    const title =
      outcome.source === 'local'
        ? t('pages.agreements.editor.invalid', 'Problems in the YAML: {{n}}. Nothing was saved.', { n: outcome.issues.length })
        : t('pages.agreements.editor.refused', 'The engine refused the YAML (problems: {{n}}). Nothing was saved.', { n: outcome.issues.length });
    return <Alert severity="error" title={title} data-testid="slm-yaml-invalid" data-source={outcome.source} />;
  }
  if (outcome.kind === 'saved') {
    return (
      <Alert
        severity="success"
        title={t('pages.agreements.editor.saved', 'Saved: the agreement is now at version {{version}}', { version: outcome.version, interpolation: NO_ESCAPE })}
        data-testid="slm-yaml-saved"
      />
    );
  }
  if (outcome.kind === 'failed') {
    return <EngineErrorAlert error={outcome.error} title={t('pages.agreements.editor.save-failed', 'Could not save the agreement')} />;
  }
  return null;
}

function YamlConflict({
  seenVersion,
  current,
  yours,
  currentYaml,
  onDiscard,
  onReapply,
}: {
  seenVersion: number;
  current: AgreementDetail;
  yours: string;
  currentYaml: string;
  onDiscard: () => void;
  onReapply: () => void;
}) {
  const styles = useStyles2(getStyles);
  const blocked = editBlockedReason(current);
  return (
    <Alert severity="warning" title={t('pages.agreements.detail.conflict.title', 'The agreement changed since you opened it')} data-testid="slm-version-conflict">
      <p>
        {t(
          'pages.agreements.editor.conflict-body',
          'Nothing was saved: your edit was made on version {{seen}}, and {{user}} changed the agreement to version {{current}}. Compare both, then keep theirs or save yours over it.',
          { seen: seenVersion, current: current.version, user: current.updatedBy, interpolation: NO_ESCAPE }
        )}
      </p>
      <div className={styles.sideBySide}>
        <div>
          <Text weight="medium">{t('pages.agreements.editor.conflict-yours', 'Yours (on version {{version}})', { version: seenVersion, interpolation: NO_ESCAPE })}</Text>
          <pre className={styles.pre} data-testid="slm-conflict-yours">{yours}</pre>
        </div>
        <div>
          <Text weight="medium">{t('pages.agreements.editor.conflict-current', 'Current (version {{version}})', { version: current.version, interpolation: NO_ESCAPE })}</Text>
          <pre className={styles.pre} data-testid="slm-conflict-current">{currentYaml}</pre>
        </div>
      </div>
      <Stack direction="row" gap={1}>
        <Button variant="secondary" icon="sync" onClick={onDiscard}>
          {t('pages.agreements.editor.conflict-discard', 'Discard mine, load the current version')}
        </Button>
        <PermissionButton action={AGREEMENT_ACTION.manage} onClick={onReapply} blockedReason={blocked}>
          {t('pages.agreements.editor.conflict-reapply', 'Save mine over version {{version}}', { version: current.version, interpolation: NO_ESCAPE })}
        </PermissionButton>
      </Stack>
    </Alert>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  toolbar: css({ display: 'flex', gap: theme.spacing(1), flexWrap: 'wrap', alignItems: 'center' }),
  sideBySide: css({ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: theme.spacing(2), marginBottom: theme.spacing(2) }),
  pre: css({ maxHeight: 400, overflow: 'auto', fontSize: theme.typography.bodySmall.fontSize }),
});
