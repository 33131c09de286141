import React, { type ReactNode } from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { useStyles2 } from '@grafana/ui';
import { testIds } from '../testIds';

interface Props {
  /** Stable key used for test ids. */
  pageKey: string;
  title: string;
  subtitle: string;
  children: ReactNode;
}

/**
 * A page of the app. Grafana takes the heading from plugin.json's include name, which is not
 * translated; renderTitle puts the translated title in its place.
 */
export function SlmPage({ pageKey, title, subtitle, children }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <PluginPage renderTitle={() => <h1 className={styles.title}>{title}</h1>} subTitle={subtitle}>
      <div className={styles.body} data-testid={testIds.page(pageKey)}>
        {children}
      </div>
    </PluginPage>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  title: css({
    margin: 0,
  }),
  body: css({
    paddingTop: theme.spacing(2),
  }),
});
