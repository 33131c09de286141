import React from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2, type PanelProps } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Icon, useStyles2 } from '@grafana/ui';
import { NO_ESCAPE } from '../../i18n';
import { testIds } from '../../components/testIds';
import { type SlaStatusOptions } from './types';

type Props = PanelProps<SlaStatusOptions>;

export function SlaStatusPanel({ options, width, height }: Props) {
  const styles = useStyles2(getStyles);
  const agreementId = options.agreementId?.trim() ?? '';
  const targetId = options.targetId?.trim() ?? '';

  if (agreementId === '' || targetId === '') {
    return (
      <div className={styles.message} style={{ width, height }} data-testid={testIds.slaStatusPanel.unmapped}>
        <Icon name="link" size="lg" />
        <p>{t('panel.unmapped', "Map this panel's queries to an agreement target in the panel options")}</p>
      </div>
    );
  }

  return (
    <div className={styles.message} style={{ width, height }}>
      <p>
        {t('panel.mapped', 'Agreement {{agreementId}}, target {{targetId}}', {
          agreementId,
          targetId,
          interpolation: NO_ESCAPE,
        })}
      </p>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  message: css({
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    justifyContent: 'center',
    gap: theme.spacing(1),
    color: theme.colors.text.secondary,
    textAlign: 'center',
    padding: theme.spacing(1),
  }),
});
