import { t } from '@grafana/i18n';
import { type EngineError } from '../../api/engineClient';
import { type EngineInfo, MIN_ENGINE_API_VERSION } from '../../api/info';
import { NO_ESCAPE } from '../../i18n';

export interface ConnectionResult {
  severity: 'success' | 'error';
  title: string;
  message: string;
}

export function describeConnectionSuccess(info: EngineInfo): ConnectionResult {
  return {
    severity: 'success',
    title: t('config.test.ok.title', 'Connected'),
    message: t('config.test.ok.message', 'Connected to {{name}} v{{version}} as {{user}}', {
      name: info.name,
      version: info.version,
      user: info.user || '?',
      interpolation: NO_ESCAPE,
    }),
  };
}

function detail(error: EngineError, key: string): string | undefined {
  const details = error.details;
  if (typeof details !== 'object' || details === null) {
    return undefined;
  }
  const value = (details as Record<string, unknown>)[key];
  return value === undefined || value === null ? undefined : String(value);
}

/** One specific, actionable sentence per way the connection test can fail. */
export function describeConnectionFailure(error: EngineError, url: string): ConnectionResult {
  const title = t('config.test.failed.title', 'Connection test failed');
  const values = { url, interpolation: NO_ESCAPE };
  const failed = (message: string): ConnectionResult => ({ severity: 'error', title, message });

  switch (error.kind) {
    case 'unreachable':
      return failed(
        t(
          'config.test.failed.unreachable',
          'Grafana could not reach the engine at {{url}} — is `slm serve` running and the URL reachable from the Grafana server?',
          values
        )
      );
    case 'unauthenticated':
      return failed(
        t(
          'config.test.failed.wrong-secret',
          "The engine rejected the shared secret — copy it from the engine's data dir `secret` file or SLM_SECRET",
          values
        )
      );
    case 'too_old': {
      const version = detail(error, 'version');
      return failed(
        version
          ? t(
              'config.test.failed.too-old',
              'The engine at {{url}} is version {{version}}; this app needs API version ≥ {{min}} — upgrade the engine',
              { ...values, version, min: MIN_ENGINE_API_VERSION }
            )
          : t(
              'config.test.failed.too-old-unknown',
              'The engine at {{url}} is too old to report its version; this app needs API version ≥ {{min}} — upgrade the engine',
              { ...values, min: MIN_ENGINE_API_VERSION }
            )
      );
    }
    case 'invalid': {
      const name = detail(error, 'name');
      return failed(
        name
          ? t(
              'config.test.failed.not-slm-named',
              'The server at {{url}} answered, but it is not an SLM engine (it calls itself “{{name}}”) — check the engine URL',
              { ...values, name }
            )
          : t(
              'config.test.failed.not-slm',
              'The server at {{url}} answered, but it is not an SLM engine — check the engine URL',
              values
            )
      );
    }
    case 'not_found':
      return failed(
        t(
          'config.test.failed.route-missing',
          'Grafana has no proxy route to the engine — restart Grafana after installing or updating this plugin so that it reads the new plugin.json',
          values
        )
      );
    case 'forbidden':
      return failed(
        t(
          'config.test.failed.forbidden',
          'Grafana refused the request ({{message}}) — your user needs access to this app',
          { ...values, message: error.message }
        )
      );
    default:
      return failed(
        t('config.test.failed.unknown', 'The connection test failed with HTTP {{status}}: {{message}}', {
          ...values,
          status: error.status,
          message: error.message,
        })
      );
  }
}
