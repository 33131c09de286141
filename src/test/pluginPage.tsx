import React from 'react';
import { type PluginPageProps } from '@grafana/runtime';

/**
 * Grafana fills @grafana/runtime's PluginPage slot at start-up with its page chrome; outside
 * Grafana the slot renders only the children. This stand-in renders the heading and subtitle the
 * way Grafana's page header does (renderTitle(navTitle) in place of <h1>{navTitle}</h1>).
 */
export function PluginPageStandIn({ renderTitle, subTitle, children }: PluginPageProps) {
  return (
    <div>
      <header>
        {renderTitle ? renderTitle('') : null}
        {subTitle ? <div>{subTitle}</div> : null}
      </header>
      {children}
    </div>
  );
}
