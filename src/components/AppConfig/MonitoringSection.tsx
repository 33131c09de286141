import React, { type ChangeEvent, useEffect, useState } from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { config } from '@grafana/runtime';
import { Alert, Button, Field, FieldSet, Input, LoadingPlaceholder, Stack, useStyles2 } from '@grafana/ui';
import { type EngineError, toEngineError } from '../../api/engineClient';
import {
  getMonitoringConnection,
  getMonitoringCycle,
  type MonitoringConnection,
  type MonitoringCycle,
} from '../../api/monitoringConnection';
import { PLUGIN_ID } from '../../constants';
import { NO_ESCAPE } from '../../i18n';
import { userCan } from '../PermissionButton/permissions';
import { describeMonitoringFailure, disableMonitoring, enableMonitoring, MonitoringFailure } from './monitoringActions';

export const monitoringTestIds = {
  section: 'data-testid slm-config-monitoring',
  grafanaUrl: 'data-testid slm-config-monitoring-grafana-url',
  enable: 'data-testid slm-config-monitoring-enable',
  disable: 'data-testid slm-config-monitoring-disable',
  status: 'data-testid slm-config-monitoring-status',
  error: 'data-testid slm-config-monitoring-error',
};

/** Enabling creates a service account (an org admin's right) and stores its token in the engine (the app's configure action). */
export function canConfigureMonitoring(): boolean {
  const orgRole = (config.bootData?.user as { orgRole?: string } | undefined)?.orgRole;
  return orgRole === 'Admin' || (userCan('serviceaccounts:create') && userCan(`${PLUGIN_ID}.monitoring:configure`));
}

export function defaultGrafanaUrl(): string {
  return (config.appUrl || window.location.origin).replace(/\/+$/, '');
}

function validUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

type Loaded = { connection: MonitoringConnection; cycle: MonitoringCycle | null };

async function fetchMonitoringState(): Promise<Loaded> {
  const connection = await getMonitoringConnection();
  const cycle = connection.connected ? await getMonitoringCycle().catch(() => null) : null;
  return { connection, cycle };
}

export function MonitoringSection() {
  const styles = useStyles2(getStyles);
  const allowed = canConfigureMonitoring();
  const [loaded, setLoaded] = useState<Loaded | undefined>();
  const [loadError, setLoadError] = useState<EngineError | undefined>();
  const [grafanaUrl, setGrafanaUrl] = useState(defaultGrafanaUrl());
  const [busy, setBusy] = useState<'enable' | 'disable' | undefined>();
  const [failure, setFailure] = useState<string | undefined>();

  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    fetchMonitoringState()
      .then((state) => {
        if (!current) {
          return;
        }
        setLoadError(undefined);
        setLoaded(state);
        if (state.connection.source === 'connection' && state.connection.grafanaUrl) {
          setGrafanaUrl(state.connection.grafanaUrl);
        }
      })
      .catch((error) => current && setLoadError(toEngineError(error)));
    return () => {
      current = false;
    };
  }, [round]);

  const run = async (action: 'enable' | 'disable', work: () => Promise<unknown>) => {
    setBusy(action);
    setFailure(undefined);
    try {
      await work();
    } catch (error) {
      setFailure(error instanceof MonitoringFailure ? describeMonitoringFailure(error) : toEngineError(error).message);
    } finally {
      setBusy(undefined);
      setRound((r) => r + 1);
    }
  };

  const connection = loaded?.connection;
  const urlInvalid = !validUrl(grafanaUrl.trim());

  return (
    <FieldSet label={t('config.monitoring.fieldset', 'Monitoring')} data-testid={monitoringTestIds.section}>
      <p className={styles.intro}>
        {t(
          'config.monitoring.intro',
          'The engine evaluates every active agreement continuously through Grafana: it queries your datasources, marks breaches as annotations and creates alert rules. Enabling monitoring creates the service account "slm-engine" (role Editor) and hands one of its tokens to the engine, which stores it encrypted. Disabling deletes the service account, which revokes the token.'
        )}
      </p>

      {loadError && (
        <Alert
          severity="error"
          title={t('config.monitoring.load-failed', 'Could not read the monitoring state from the engine')}
        >
          {loadError.message}
        </Alert>
      )}
      {!loaded && !loadError && (
        <LoadingPlaceholder text={t('config.monitoring.loading', 'Loading monitoring state…')} />
      )}

      {connection && <ConnectionStatus connection={connection} cycle={loaded?.cycle ?? null} />}

      {connection && (
        <>
          <Field
            label={t('config.monitoring.grafana-url.label', 'Grafana URL for the engine')}
            description={t(
              'config.monitoring.grafana-url.description',
              'Where the ENGINE reaches this Grafana. It is often not the address in your browser: with docker compose it is http://grafana:3000, on Kubernetes the Grafana service name. The engine checks the token with it before storing anything.'
            )}
            invalid={urlInvalid}
            error={
              urlInvalid ? t('config.monitoring.grafana-url.invalid', 'Enter an http:// or https:// URL') : undefined
            }
          >
            <Input
              id="slm-config-monitoring-grafana-url"
              width={60}
              data-testid={monitoringTestIds.grafanaUrl}
              value={grafanaUrl}
              disabled={!allowed || busy !== undefined}
              onChange={(event: ChangeEvent<HTMLInputElement>) => setGrafanaUrl(event.target.value)}
            />
          </Field>
          <Stack direction="row" gap={2} alignItems="center">
            <Button
              type="button"
              data-testid={monitoringTestIds.enable}
              disabled={!allowed || busy !== undefined || urlInvalid}
              icon={busy === 'enable' ? 'spinner' : 'power'}
              onClick={() =>
                run('enable', () => enableMonitoring(grafanaUrl.trim().replace(/\/+$/, ''), connection.version))
              }
            >
              {busy === 'enable'
                ? t('config.monitoring.enable.busy', 'Enabling…')
                : connection.source === 'connection'
                  ? t('config.monitoring.reconnect', 'Reconnect monitoring')
                  : t('config.monitoring.enable.label', 'Enable monitoring')}
            </Button>
            {connection.source === 'connection' && (
              <Button
                type="button"
                variant="destructive"
                data-testid={monitoringTestIds.disable}
                disabled={!allowed || busy !== undefined}
                icon={busy === 'disable' ? 'spinner' : undefined}
                onClick={() => run('disable', () => disableMonitoring(connection))}
              >
                {busy === 'disable'
                  ? t('config.monitoring.disable.busy', 'Disabling…')
                  : t('config.monitoring.disable.label', 'Disable monitoring')}
              </Button>
            )}
            {!allowed && (
              <span className={styles.hint}>
                {t(
                  'config.monitoring.not-admin',
                  'Only an organisation admin can change this: it creates a service account in Grafana.'
                )}
              </span>
            )}
          </Stack>
        </>
      )}

      {failure && (
        <div className={styles.result} data-testid={monitoringTestIds.error} aria-live="polite">
          <Alert severity="error" title={t('config.monitoring.failed.title', 'Monitoring was not changed')}>
            {failure}
          </Alert>
        </div>
      )}
    </FieldSet>
  );
}

function ConnectionStatus({ connection, cycle }: { connection: MonitoringConnection; cycle: MonitoringCycle | null }) {
  const styles = useStyles2(getStyles);
  const values = { interpolation: NO_ESCAPE };
  let line: string;
  if (connection.problem) {
    line = connection.problem;
  } else if (connection.source === 'environment') {
    line = t(
      'config.monitoring.status.environment',
      'On, through the engine’s environment (SLM_GRAFANA_URL = {{url}}). Enabling here stores a connection that replaces it.',
      { ...values, url: connection.grafanaUrl ?? '' }
    );
  } else if (connection.connected) {
    line = t('config.monitoring.status.on', 'On since {{since}}, enabled by {{user}}, reaching Grafana at {{url}}.', {
      ...values,
      since: connection.connectedAt ? dateTimeFormat(connection.connectedAt) : '?',
      user: connection.connectedBy ?? '?',
      url: connection.grafanaUrl ?? '',
    });
  } else {
    line = t(
      'config.monitoring.status.off',
      'Off: no agreement is evaluated continuously and no breach is recorded automatically.'
    );
  }
  return (
    <div className={styles.result} data-testid={monitoringTestIds.status}>
      <Alert
        severity={connection.problem ? 'warning' : connection.connected ? 'success' : 'info'}
        title={
          connection.problem
            ? t('config.monitoring.status.problem-title', 'Monitoring is stopped')
            : connection.connected
              ? t('config.monitoring.status.on-title', 'Monitoring is on')
              : t('config.monitoring.status.off-title', 'Monitoring is off')
        }
      >
        <div>{line}</div>
        {cycle?.lastCycle && (
          <div>
            {t(
              'config.monitoring.status.cycle',
              'Last cycle finished {{at}}: {{agreements}} agreements evaluated, {{failed}} failed.',
              {
                ...values,
                at: dateTimeFormat(cycle.lastCycle.finishedAt),
                agreements: cycle.lastCycle.agreements,
                failed: cycle.lastCycle.failed,
              }
            )}
          </div>
        )}
      </Alert>
    </div>
  );
}

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
    marginBottom: theme.spacing(2),
  }),
});
