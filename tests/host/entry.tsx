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
import { PluginPageProps, config, setBackendSrv, setCurrentUser } from '@grafana/runtime';
// Grafana sets the real PluginPage at start-up through this internal module; so does the host.
// @ts-ignore -- internal file of @grafana/runtime, not part of its typed exports
import { setPluginPage } from '../../node_modules/@grafana/runtime/dist/esm/components/PluginPage.mjs';
import { GlobalStyles, ThemeContext } from '@grafana/ui';
import { createBackendSrv } from './backendSrv';
import { OrgRole, RbacRole, actionsOf } from '../../src/test/grafanaPluginProxy';
import pluginJson from '../../src/plugin.json';
import appEnUS from '../../src/locales/en-US/slm-servicelevel-app.json';
import appZhHans from '../../src/locales/zh-Hans/slm-servicelevel-app.json';
import panelEnUS from '../../src/panels/slastatus/locales/en-US/slm-slastatus-panel.json';
import panelZhHans from '../../src/panels/slastatus/locales/zh-Hans/slm-slastatus-panel.json';

// Grafana (≥ 12.1) loads each plugin's locale files, named by plugin.json "languages", into a
// namespace of the plugin's id before the plugin's module runs; the host does the same.
const LOCALES: Record<string, Record<string, object>> = {
  'en-US': { 'slm-servicelevel-app': appEnUS, 'slm-slastatus-panel': panelEnUS },
  'zh-Hans': { 'slm-servicelevel-app': appZhHans, 'slm-slastatus-panel': panelZhHans },
};

interface Boot {
  pluginId: string;
  theme: 'light' | 'dark';
  language: string;
  user: { login: string; role: string; orgId: number };
  meta: AppPluginMeta & { includes?: Array<{ name: string; path?: string }> };
}

const boot: Boot = (window as any).__SLM_HOST__;
const theme = createTheme({ colors: { mode: boot.theme } });

/** Stands in for Grafana's page chrome: the title (renderTitle, pageNav or the include's name) and subtitle. */
function HostPluginPage({ children, pageNav, renderTitle, subTitle }: PluginPageProps) {
  const { pathname } = useLocation();
  const include = boot.meta.includes?.find((inc) => inc.path?.replace('%PLUGIN_ID%', boot.pluginId) === pathname);
  const title = pageNav?.text ?? include?.name ?? '';
  return (
    <main style={{ padding: theme.spacing(2, 3) }}>
      <header data-testid="host-page-header">
        {renderTitle ? renderTitle(title) : <h1>{title}</h1>}
        {subTitle && <div style={{ color: theme.colors.text.secondary }}>{subTitle}</div>}
      </header>
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
  for (const [namespace, resources] of Object.entries(LOCALES[boot.language] ?? {})) {
    i18n.addResourceBundle(boot.language, namespace, resources, true, true);
  }
  config.theme2 = theme;
  config.buildInfo = { ...config.buildInfo, version: '13.2.2' };
  (config as any).bootData.user = { ...config.bootData.user, login: boot.user.login, orgId: boot.user.orgId, orgRole: boot.user.role };
  // Grafana evaluates the user's RBAC actions (the plugin's roles granted to the basic role) into
  // bootData.user.permissions and makes that the current user; hasPermission() reads it.
  const actions = actionsOf(boot.user.role as OrgRole, (pluginJson as { roles?: RbacRole[] }).roles ?? []);
  (config as any).bootData.user.permissions = Object.fromEntries(['plugins.app:access', ...actions].map((a) => [a, true]));
  setCurrentUser((config as any).bootData.user);
  setBackendSrv(createBackendSrv(boot.user.orgId));
  setPluginPage(HostPluginPage);

  if (window.location.pathname === '/panel-host') {
    // The SLA status panel alone or on a dashboard (see panelHost.tsx).
    const { panelHostElement } = await import('./panelHost');
    const element = await panelHostElement(theme, new URLSearchParams(window.location.search));
    document.body.style.background = theme.colors.background.canvas;
    document.body.style.color = theme.colors.text.primary;
    createRoot(document.getElementById('root')!).render(
      <ThemeContext.Provider value={theme}>
        <GlobalStyles />
        {element}
      </ThemeContext.Provider>
    );
    document.body.dataset.hostReady = 'true';
    return;
  }

  const { plugin } = (await import('../../src/module')) as { plugin: AppPlugin };
  plugin.meta = boot.meta;
  const Root = plugin.root!;
  const configPage = plugin.configPages?.[0];
  const basename = `/a/${boot.pluginId}`;

  document.body.style.background = theme.colors.background.canvas;
  document.body.style.color = theme.colors.text.primary;
  createRoot(document.getElementById('root')!).render(
    <ThemeContext.Provider value={theme}>
      <GlobalStyles />
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
