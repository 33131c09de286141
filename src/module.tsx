import React, { Suspense, lazy } from 'react';
import { AppPlugin, type AppRootProps } from '@grafana/data';
import { LoadingPlaceholder } from '@grafana/ui';
import { t } from '@grafana/i18n';
import type { AppConfigProps } from './components/AppConfig/AppConfig';
import { initTranslations, resourceLoader } from './i18n';
import pluginJson from './plugin.json';

await initTranslations(
  pluginJson.id,
  resourceLoader((language) => import(`./locales/${language}/slm-servicelevel-app.json`))
);

const LazyApp = lazy(() => import('./components/App/App'));
const LazyAppConfig = lazy(() => import('./components/AppConfig/AppConfig'));

const App = (props: AppRootProps) => (
  <Suspense fallback={<LoadingPlaceholder text="" />}>
    <LazyApp {...props} />
  </Suspense>
);

const AppConfig = (props: AppConfigProps) => (
  <Suspense fallback={<LoadingPlaceholder text="" />}>
    <LazyAppConfig {...props} />
  </Suspense>
);

export const plugin = new AppPlugin<{}>().setRootPage(App).addConfigPage({
  title: t('config.tab-title', 'Configuration'),
  icon: 'cog',
  body: AppConfig,
  id: 'configuration',
});
