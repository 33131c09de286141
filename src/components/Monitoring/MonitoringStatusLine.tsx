import React from 'react';
import { t } from '@grafana/i18n';
import { Alert, Icon, LinkButton, Stack, Text } from '@grafana/ui';
import type { MonitoringStatus } from '../../api/monitoring';
import { APP_CONFIG_URL } from '../../constants';
import { NO_ESCAPE } from '../../i18n';
import { formatAge, formatDuration } from './format';

/** Whether the engine is evaluating targets, and when it last did; off = a link to turn it on. */
export function MonitoringStatusLine({ status }: { status: MonitoringStatus }) {
  if (!status.enabled) {
    return <MonitoringOff />;
  }
  const cycle = status.lastCycle;
  return (
    <Stack direction="column" gap={1}>
      <div data-testid="slm-monitoring-status" data-enabled="true">
        <Stack direction="row" gap={1} alignItems="center" wrap="wrap">
          <Icon name="heart-rate" />
          <Text>
            {t('monitoring.status.on', 'Monitoring is on: {{n}} agreements evaluated every {{interval}}.', {
              n: status.monitoredAgreements,
              interval: formatDuration(status.intervalMs),
              interpolation: NO_ESCAPE,
            })}
          </Text>
          <Text color="secondary">
            {cycle
              ? t('monitoring.status.last-cycle', 'Last cycle {{age}} ago. Agreements evaluated: {{agreements}}, failed: {{failed}}.', {
                  age: formatAge(cycle.finishedAt ?? cycle.startedAt),
                  agreements: cycle.agreements,
                  failed: cycle.failed,
                  interpolation: NO_ESCAPE,
                })
              : t('monitoring.status.no-cycle', 'No cycle has run yet.')}
          </Text>
        </Stack>
      </div>
      {status.failing.length > 0 && (
        <Alert
          severity="warning"
          title={t('monitoring.status.failing', 'Data could not be read for {{n}} agreements: their coverage drops, no breach is recorded from it', {
            n: status.failing.length,
          })}
          data-testid="slm-monitoring-failing"
        >
          <ul>
            {status.failing.slice(0, 5).map((f) => (
              <li key={f.agreementId}>
                <strong>{f.agreementId}</strong>: {f.error}
              </li>
            ))}
          </ul>
        </Alert>
      )}
    </Stack>
  );
}

export function MonitoringOff() {
  return (
    <div data-testid="slm-monitoring-status" data-enabled="false">
      <Stack direction="row" gap={1} alignItems="center" wrap="wrap">
        <Icon name="pause" />
        <Text>
          {t('monitoring.status.off', 'Monitoring is off: targets are not evaluated and no breach is recorded.')}
        </Text>
        <LinkButton href={APP_CONFIG_URL} icon="cog" size="sm" variant="secondary">
          {t('monitoring.status.turn-on', 'Turn monitoring on in the app configuration')}
        </LinkButton>
      </Stack>
    </div>
  );
}
