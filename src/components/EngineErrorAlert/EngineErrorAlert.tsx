import React from 'react';
import { t } from '@grafana/i18n';
import { Alert, LinkButton } from '@grafana/ui';
import { type EngineError } from '../../api/engineClient';
import { PLUGIN_ID } from '../../constants';
import { NO_ESCAPE } from '../../i18n';

interface Props {
  error: EngineError;
  /** What the page was doing, e.g. "Could not load the service catalog". */
  title: string;
}

/** An engine failure with what to do about it: configure the connection, ask for access, or retry. */
export function EngineErrorAlert({ error, title }: Props) {
  const fixable = error.kind === 'unreachable' || error.kind === 'unauthenticated' || error.kind === 'too_old';
  return (
    <Alert severity="error" title={title} data-testid="slm-engine-error">
      <p>{explanation(error)}</p>
      {fixable && (
        <LinkButton href={`/plugins/${PLUGIN_ID}`} icon="cog" variant="secondary" size="sm">
          {t('engine-error.configure', 'Open the app configuration')}
        </LinkButton>
      )}
    </Alert>
  );
}

function explanation(error: EngineError): string {
  switch (error.kind) {
    case 'unreachable':
      return t(
        'engine-error.unreachable',
        'Grafana could not reach the SLM engine. Check that it is running and that the engine URL in the app configuration is reachable from the Grafana server.'
      );
    case 'unauthenticated':
      return t(
        'engine-error.unauthenticated',
        'The engine rejected the shared secret. Set the same secret in the app configuration and in the engine (SLM_SECRET or its data directory).'
      );
    case 'forbidden':
      return t('engine-error.forbidden', 'You do not have permission for this: {{message}}', {
        message: error.message,
        interpolation: NO_ESCAPE,
      });
    default:
      return t('engine-error.other', 'The engine answered: {{message}}', {
        message: error.message,
        interpolation: NO_ESCAPE,
      });
  }
}
