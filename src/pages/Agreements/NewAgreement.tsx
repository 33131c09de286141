import React, { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { PluginPage } from '@grafana/runtime';
import { Alert, Button, FileUpload, Stack, Text, useStyles2 } from '@grafana/ui';
import { type DocumentIssue, documentIssuesOf, importAgreementYaml } from '../../api/agreements';
import { type EngineError, toEngineError } from '../../api/engineClient';
import { EngineErrorAlert } from '../../components/EngineErrorAlert/EngineErrorAlert';
import { PermissionButton } from '../../components/PermissionButton/PermissionButton';
import { AGREEMENT_ACTION } from '../../components/PermissionButton/permissions';
import { testIds } from '../../components/testIds';
import { ROUTES, prefixRoute } from '../../constants';
import { agreementUrl } from './AgreementList';
import { YamlEditor } from './YamlEditor';
import { localIssues, readFileText } from './YamlTab';

/** A starting point with every required field, in the shape of DESIGN §4. */
export const NEW_AGREEMENT_TEMPLATE = `apiVersion: slm/v1
kind: Agreement
metadata:
  id: SLA-NEW-001
  title: New service level agreement
spec:
  type: SLA
  service: my-service
  provider: it-operations
  counterparty: my-customer
  timezone: UTC
  window: { calendar: month }
  serviceHours:
    - { days: [mon, tue, wed, thu, fri], from: '08:00', to: '18:00' }
  targets:
    - id: availability
      objective: 99.9
      slice: 5m
      budgeting: occurrences
      sli:
        ratio:
          good: { datasource: prometheus, expr: 'sum(increase(http_requests_total{code!~"5.."}[5m]))' }
          total: { datasource: prometheus, expr: 'sum(increase(http_requests_total[5m]))' }
`;

/** The template, for the service the user came from (the service page's "Draft an SLA") when given. */
export function templateFor(service: string | null): string {
  return service && /^[a-z0-9][a-z0-9._-]{0,62}$/.test(service)
    ? NEW_AGREEMENT_TEMPLATE.replace('service: my-service', `service: ${service}`)
    : NEW_AGREEMENT_TEMPLATE;
}

type Outcome = { kind: 'idle' } | { kind: 'busy' } | { kind: 'valid' } | { kind: 'invalid'; issues: DocumentIssue[] } | { kind: 'failed'; error: EngineError };

/** `/a/<app>/agreements/new`: a draft written as YAML (or loaded from a file), created by the engine's import. */
export function NewAgreementPage() {
  const styles = useStyles2(getStyles);
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [text, setText] = useState(() => templateFor(params.get('service')));
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });

  const validate = (content = text): boolean => {
    const issues = localIssues(content);
    setOutcome(issues.length ? { kind: 'invalid', issues } : { kind: 'valid' });
    return issues.length === 0;
  };

  const create = async () => {
    if (!validate()) {
      return;
    }
    setOutcome({ kind: 'busy' });
    try {
      const created = await importAgreementYaml(text);
      navigate(`${agreementUrl(created.id)}?tab=yaml`);
    } catch (e) {
      const error = toEngineError(e);
      const issues = documentIssuesOf(error);
      setOutcome(issues.length ? { kind: 'invalid', issues } : { kind: 'failed', error });
    }
  };

  return (
    <PluginPage
      pageNav={{
        text: t('pages.agreements.new.title', 'New agreement'),
        parentItem: { text: t('pages.agreements.title', 'Agreements'), url: prefixRoute(ROUTES.Agreements) },
      }}
      renderTitle={() => <h1 className={styles.title}>{t('pages.agreements.new.title', 'New agreement')}</h1>}
    >
      <div className={styles.body} data-testid={testIds.page('agreement-new')}>
        <Stack direction="column" gap={2}>
          <Text color="secondary" element="p">
            {t('pages.agreements.new.help', 'Write the agreement as YAML or load a file; it is created as a draft to negotiate.')}
          </Text>
          <div className={styles.toolbar}>
            <Button variant="secondary" icon="check" onClick={() => validate()}>
              {t('pages.agreements.editor.validate', 'Validate')}
            </Button>
            <PermissionButton action={AGREEMENT_ACTION.manage} icon={outcome.kind === 'busy' ? 'spinner' : 'plus'} onClick={create} disabled={outcome.kind === 'busy'}>
              {t('pages.agreements.new.create', 'Create draft')}
            </PermissionButton>
            <FileUpload
              accept=".yaml,.yml,application/yaml,text/yaml"
              size="md"
              onFileUpload={async (e) => {
                const file = e.currentTarget.files?.[0];
                if (file) {
                  const content = await readFileText(file);
                  setText(content);
                  validate(content);
                }
              }}
            >
              {t('pages.agreements.editor.upload', 'Load a YAML file')}
            </FileUpload>
          </div>
          {outcome.kind === 'valid' && <Alert severity="success" title={t('pages.agreements.editor.valid', 'The YAML is a valid agreement')} data-testid="slm-yaml-valid" />}
          {outcome.kind === 'invalid' && (
            <Alert
              severity="error"
              title={t('pages.agreements.editor.invalid', 'Problems in the YAML: {{n}}. Nothing was saved.', { n: outcome.issues.length })}
              data-testid="slm-yaml-invalid"
            />
          )}
          {outcome.kind === 'failed' && <EngineErrorAlert error={outcome.error} title={t('pages.agreements.new.failed', 'Could not create the agreement')} />}
          <YamlEditor
            label={t('pages.agreements.editor.label', 'Agreement YAML')}
            value={text}
            onChange={setText}
            issues={outcome.kind === 'invalid' ? outcome.issues : []}
            readOnly={outcome.kind === 'busy'}
          />
        </Stack>
      </div>
    </PluginPage>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  title: css({ margin: 0 }),
  body: css({ paddingTop: theme.spacing(2) }),
  toolbar: css({ display: 'flex', gap: theme.spacing(1), flexWrap: 'wrap', alignItems: 'center' }),
});
