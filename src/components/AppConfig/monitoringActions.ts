/**
 * Enabling and disabling monitoring, each ONE action for the admin: Grafana's service account
 * API (with the admin's session) and the engine's /monitoring/connection (through the plugin
 * proxy), undone on failure so that no orphan token stays valid.
 */
import { t } from '@grafana/i18n';
import { type EngineError, toEngineError } from '../../api/engineClient';
import {
  deleteMonitoringConnection,
  type MonitoringConnection,
  putMonitoringConnection,
} from '../../api/monitoringConnection';
import { NO_ESCAPE } from '../../i18n';
import { createToken, deleteServiceAccount, deleteToken, ensureServiceAccount } from './serviceAccount';

export class MonitoringFailure extends Error {
  constructor(
    readonly step: 'grafana' | 'engine' | 'revoke',
    readonly cause: EngineError,
    readonly grafanaUrl?: string
  ) {
    super(cause.message);
    this.name = 'MonitoringFailure';
  }
}

export async function enableMonitoring(grafanaUrl: string, version: number): Promise<MonitoringConnection> {
  let account: { id: number };
  let token: { id: number; key: string };
  try {
    account = (await ensureServiceAccount()).account;
    token = await createToken(account.id);
  } catch (error) {
    throw new MonitoringFailure('grafana', toEngineError(error), grafanaUrl);
  }
  try {
    return await putMonitoringConnection({ grafanaUrl, token: token.key, serviceAccountId: account.id }, version);
  } catch (error) {
    // The engine did not take the token: nobody else knows it, so it must not stay valid.
    await deleteToken(account.id, token.id).catch(() => undefined);
    throw new MonitoringFailure('engine', toEngineError(error), grafanaUrl);
  }
}

/** The engine forgets the token first (monitoring stops), then Grafana revokes it with its service account. */
export async function disableMonitoring(connection: MonitoringConnection): Promise<void> {
  try {
    await deleteMonitoringConnection(connection.version);
  } catch (error) {
    throw new MonitoringFailure('engine', toEngineError(error));
  }
  if (connection.serviceAccountId === null) {
    return;
  }
  try {
    await deleteServiceAccount(connection.serviceAccountId);
  } catch (error) {
    const cause = toEngineError(error);
    if (cause.kind !== 'not_found') {
      throw new MonitoringFailure('revoke', cause);
    }
  }
}

/** One actionable sentence per way enabling or disabling can fail. */
export function describeMonitoringFailure(failure: MonitoringFailure): string {
  const { cause } = failure;
  const values = { url: failure.grafanaUrl ?? '', message: cause.message, interpolation: NO_ESCAPE };
  if (failure.step === 'grafana') {
    return cause.kind === 'forbidden' || cause.kind === 'unauthenticated'
      ? t(
          'config.monitoring.failed.grafana-forbidden',
          'Grafana refused to create the service account ({{message}}): only an organisation admin can enable monitoring.',
          values
        )
      : t(
          'config.monitoring.failed.grafana',
          'Grafana could not create the service account or its token: {{message}}',
          values
        );
  }
  if (failure.step === 'revoke') {
    return t(
      'config.monitoring.failed.revoke',
      'Monitoring is off, but Grafana did not delete the service account ({{message}}): delete "slm-engine" under Administration → Users and access → Service accounts.',
      values
    );
  }
  switch (cause.code) {
    case 'grafana_unreachable':
      return t(
        'config.monitoring.failed.grafana-unreachable',
        'The engine cannot reach Grafana at {{url}}. Enter the address under which the ENGINE reaches Grafana (with docker compose: http://grafana:3000) and enable again. The new token was deleted.',
        values
      );
    case 'grafana_token_rejected':
      return t(
        'config.monitoring.failed.token-rejected',
        'Grafana at {{url}} refused the new token when the engine tried it: that address leads to another Grafana. Enter the address of this Grafana as the engine reaches it. The new token was deleted.',
        values
      );
    case 'version_conflict':
      return t(
        'config.monitoring.failed.conflict',
        'Someone else changed the monitoring connection meanwhile. Reload the page and try again.',
        values
      );
  }
  switch (cause.kind) {
    case 'unreachable':
      return t(
        'config.monitoring.failed.engine-unreachable',
        'Grafana could not reach the engine: check the engine connection above and test it first.',
        values
      );
    case 'forbidden':
      return t(
        'config.monitoring.failed.engine-forbidden',
        'The engine refused ({{message}}): changing the monitoring connection needs the app’s "Configure monitoring" permission (organisation admins).',
        values
      );
    default:
      return t('config.monitoring.failed.engine', 'The engine did not accept the change: {{message}}', values);
  }
}
