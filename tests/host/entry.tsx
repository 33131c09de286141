/**
 * Browser side of the THIN TEST HOST (see server.ts): mounts the app's real plugin object the
 * way Grafana's AppRootPage / plugin config page do, with Grafana's theme and i18n instance.
 */
import React from 'react';
import { createRoot } from 'react-dom/client';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { BrowserRouter, Route, Routes, useLocation } from 'react-router-dom';
import { AppPlugin, AppPluginMeta, createTheme } from '@grafana/data';
import { PluginPageProps, config, setBackendSrv } from '@grafana/runtime';
// Grafana sets the real PluginPage at start-up through this internal module; so does the host.
// @ts-ignore -- internal file of @grafana/runtime, not part of its typed exports
import { setPluginPage } from '../../node_modules/@grafana/runtime/dist/esm/components/PluginPage.mjs';
import { ThemeContext } from '@grafana/ui';
import { createBackendSrv } from './backendSrv';

interface Boot {
  pluginId: string;
  theme: 'light' | 'dark';
  language: string;
  user: { login: string; role: string; orgId: number };
  meta: AppPluginMeta & { includes?: Array<{ name: string; path?: string }> };
}

const boot: Boot = (window as any).__SLM_HOST__;
const theme = createTheme({ colors: { mode: boot.theme } });

function HostPluginPage({ children, pageNav }: PluginPageProps) {
  const { pathname } = useLocation();
  const include = boot.meta.includes?.find((inc) => inc.path?.replace('%PLUGIN_ID%', boot.pluginId) === pathname);
  const title = pageNav?.text ?? include?.name;
  return (
    <main style={{ padding: theme.spacing(2, 3) }}>
      {title && <h1 data-testid="host-page-title">{title}</h1>}
      {children}
    </main>
  );
}

async function main() {
  await i18n.use(initReactI18next).init({
    resources: {},
    lng: boot.language,
    fallbackLng: 'en-US',
    returnEmptyString: false,
    partialBundledLanguages: true,
  });
  config.theme2 = theme;
  (config as any).bootData.user = { ...config.bootData.user, login: boot.user.login, orgId: boot.user.orgId, orgRole: boot.user.role };
  setBackendSrv(createBackendSrv(boot.user.orgId));
  setPluginPage(HostPluginPage);

  const { plugin } = (await import('../../src/module')) as { plugin: AppPlugin };
  plugin.meta = boot.meta;
  const Root = plugin.root!;
  const configPage = plugin.configPages?.[0];
  const basename = `/a/${boot.pluginId}`;

  document.body.style.background = theme.colors.background.canvas;
  document.body.style.color = theme.colors.text.primary;
  createRoot(document.getElementById('root')!).render(
    <ThemeContext.Provider value={theme}>
      <BrowserRouter>
        <Routes>
          <Route
            path={`${basename}/*`}
            element={<Root meta={boot.meta} basename={basename} path={basename} query={{}} onNavChanged={() => {}} />}
          />
          {configPage && (
            <Route path={`/plugins/${boot.pluginId}`} element={<configPage.body plugin={plugin} query={{}} />} />
          )}
        </Routes>
      </BrowserRouter>
    </ThemeContext.Provider>
  );
  document.body.dataset.hostReady = 'true';
}

main().catch((e) => {
  document.body.dataset.hostError = String(e?.stack ?? e);
  throw e;
});
