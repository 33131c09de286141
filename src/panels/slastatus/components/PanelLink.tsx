import React from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

/**
 * A plain anchor in the theme's link style: Grafana routes in-app hrefs itself (its global link
 * interception), and a panel has no router context of its own to lean on.
 */
export function PanelLink({ href, children }: { href: string; children: React.ReactNode }) {
  const styles = useStyles2(getStyles);
  return (
    <a className={styles.link} href={href}>
      {children}
    </a>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  link: css({
    color: theme.colors.text.link,
    textDecoration: 'none',
    '&:hover': { textDecoration: 'underline' },
  }),
});
