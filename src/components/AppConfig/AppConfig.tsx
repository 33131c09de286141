import React, { type ChangeEvent, type SyntheticEvent, useState } from 'react';
import { lastValueFrom } from 'rxjs';
import { css } from '@emotion/css';
import { type AppPluginMeta, type GrafanaTheme2, type PluginConfigPageProps, type PluginMeta } from '@grafana/data';
import { t } from '@grafana/i18n';
import { getBackendSrv } from '@grafana/runtime';
import { Alert, Button, Field, FieldSet, Input, SecretInput, Stack, useStyles2 } from '@grafana/ui';
import { DEFAULT_ENGINE_URL } from '../../constants';
import { toEngineError } from '../../api/engineClient';
import { getEngineInfo } from '../../api/info';
import { testIds } from '../testIds';
import { describeConnectionFailure, describeConnectionSuccess, type ConnectionResult } from './connectionMessages';
import { MonitoringSection } from './MonitoringSection';

export interface AppSettings {
  engineUrl?: string;
}

export interface AppConfigProps extends PluginConfigPageProps<AppPluginMeta<AppSettings>> {}

interface FormErrors {
  engineUrl?: string;
  engineSecret?: string;
}

export function normaliseEngineUrl(value: string): string {
  return value.trim().replace(/\/+$/, '');
}

function validate(engineUrl: string, engineSecret: string, secretConfigured: boolean): FormErrors {
  const errors: FormErrors = {};
  let parsed: URL | undefined;
  try {
    parsed = new URL(engineUrl);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    errors.engineUrl = t(
      'config.engine-url.invalid',
      'Enter the engine URL as seen from the Grafana server, starting with http:// or https://, for example http://localhost:8787'
    );
  }
  if (!secretConfigured && engineSecret.trim() === '') {
    errors.engineSecret = t(
      'config.engine-secret.required',
      "Enter the engine's shared secret: the `secret` file in its data directory, or the value of SLM_SECRET"
    );
  }
  return errors;
}

const AppConfig = ({ plugin }: AppConfigProps) => {
  const styles = useStyles2(getStyles);
  const { enabled, pinned, jsonData, secureJsonFields } = plugin.meta;
  const savedEngineUrl = jsonData?.engineUrl ?? '';

  const [engineUrl, setEngineUrl] = useState(savedEngineUrl || DEFAULT_ENGINE_URL);
  const [engineSecret, setEngineSecret] = useState('');
  const [secretConfigured, setSecretConfigured] = useState(Boolean(secureJsonFields?.engineSecret));
  const [errors, setErrors] = useState<FormErrors>({});
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | undefined>();
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<ConnectionResult | undefined>();

  const dirty =
    normaliseEngineUrl(engineUrl) !== savedEngineUrl ||
    engineSecret !== '' ||
    secretConfigured !== Boolean(secureJsonFields?.engineSecret);

  const onSave = async (event: SyntheticEvent) => {
    event.preventDefault();
    const found = validate(engineUrl, engineSecret, secretConfigured);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      return;
    }
    setSaving(true);
    setSaveError(undefined);
    try {
      await updatePlugin(plugin.meta.id, {
        enabled,
        pinned,
        jsonData: { ...jsonData, engineUrl: normaliseEngineUrl(engineUrl) },
        // Left out when unchanged, so that Grafana keeps the stored secret it never sends back.
        secureJsonData: secretConfigured ? undefined : { engineSecret: engineSecret.trim() },
      });
      // Grafana offers no supported way to refresh a plugin's meta in place.
      window.location.reload();
    } catch (error) {
      setSaveError(toEngineError(error).message);
    } finally {
      setSaving(false);
    }
  };

  const onTest = async () => {
    setTesting(true);
    setResult(undefined);
    try {
      const info = await getEngineInfo();
      setResult(describeConnectionSuccess(info));
    } catch (error) {
      setResult(describeConnectionFailure(toEngineError(error), savedEngineUrl));
    } finally {
      setTesting(false);
    }
  };

  return (
    <>
      <form onSubmit={onSave} noValidate>
        <FieldSet label={t('config.fieldset', 'Engine connection')}>
          <p className={styles.intro}>
            {t(
              'config.intro',
              "Service Level Management keeps its catalog, agreements, breaches and reviews in the SLM engine. Grafana forwards the requests of this app to it, checking each user's permission and adding the shared secret."
            )}
          </p>
          <Field
            label={t('config.engine-url.label', 'Engine URL')}
            description={t(
              'config.engine-url.description',
              'Where the Grafana server reaches the SLM engine (`slm serve`). Browsers never call it directly: Grafana proxies every request.'
            )}
            invalid={Boolean(errors.engineUrl)}
            error={errors.engineUrl}
          >
            <Input
              id="slm-config-engine-url"
              width={60}
              data-testid={testIds.appConfig.engineUrl}
              value={engineUrl}
              placeholder={DEFAULT_ENGINE_URL}
              onChange={(event: ChangeEvent<HTMLInputElement>) => setEngineUrl(event.target.value)}
            />
          </Field>

          <Field
            label={t('config.engine-secret.label', 'Shared secret')}
            description={t(
              'config.engine-secret.description',
              "Grafana adds it to every request to the engine. Copy it from the `secret` file in the engine's data directory, or use the value of SLM_SECRET. It cannot be read back once saved."
            )}
            invalid={Boolean(errors.engineSecret)}
            error={errors.engineSecret}
          >
            <SecretInput
              id="slm-config-engine-secret"
              width={60}
              data-testid={testIds.appConfig.engineSecret}
              value={engineSecret}
              isConfigured={secretConfigured}
              placeholder={t('config.engine-secret.placeholder', 'Paste the shared secret')}
              onChange={(event: ChangeEvent<HTMLInputElement>) => setEngineSecret(event.target.value)}
              onReset={() => {
                setEngineSecret('');
                setSecretConfigured(false);
              }}
            />
          </Field>

          {saveError && (
            <Alert severity="error" title={t('config.save.failed', 'The settings were not saved')}>
              {saveError}
            </Alert>
          )}

          <Stack direction="row" gap={2} alignItems="center">
            <Button
              type="submit"
              data-testid={testIds.appConfig.save}
              disabled={saving}
              icon={saving ? 'spinner' : undefined}
            >
              {saving ? t('config.save.busy', 'Saving…') : t('config.save.label', 'Save settings')}
            </Button>
            <Button
              type="button"
              variant="secondary"
              data-testid={testIds.appConfig.test}
              disabled={testing || dirty || savedEngineUrl === ''}
              icon={testing ? 'spinner' : undefined}
              onClick={onTest}
            >
              {testing ? t('config.test.busy', 'Testing…') : t('config.test.label', 'Test connection')}
            </Button>
            {(dirty || savedEngineUrl === '') && (
              <span className={styles.hint}>
                {t(
                  'config.test.save-first',
                  'Save first: the connection test goes through Grafana, which uses the saved settings.'
                )}
              </span>
            )}
          </Stack>

          {result && (
            <div className={styles.result} data-testid={testIds.appConfig.result} aria-live="polite">
              <Alert severity={result.severity} title={result.title}>
                {result.message}
              </Alert>
            </div>
          )}
        </FieldSet>
      </form>
      {/* Monitoring talks to the engine through the saved settings only. */}
      {savedEngineUrl !== '' && Boolean(secureJsonFields?.engineSecret) && <MonitoringSection />}
    </>
  );
};

export default AppConfig;

const getStyles = (theme: GrafanaTheme2) => ({
  intro: css({
    color: theme.colors.text.secondary,
    marginBottom: theme.spacing(2),
  }),
  hint: css({
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  result: css({
    marginTop: theme.spacing(2),
  }),
});

async function updatePlugin(pluginId: string, data: Partial<PluginMeta<AppSettings>>) {
  const response = getBackendSrv().fetch({
    url: `/api/plugins/${pluginId}/settings`,
    method: 'POST',
    data,
    showErrorAlert: false,
  });
  return lastValueFrom(response);
}
