import React from 'react';
import i18next from 'i18next';
import { MemoryRouter } from 'react-router-dom';
import { render, screen } from '@testing-library/react';
import { initPluginTranslations } from '@grafana/i18n';
import { grafanaLoadsPluginTranslations, resourceLoader } from './i18n';
import Agreements from './pages/Agreements/Agreements';
import { installBackendSrv } from './test/backendSrv';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  PluginPage: jest.requireActual('./test/pluginPage').PluginPageStandIn,
}));

describe('grafanaLoadsPluginTranslations', () => {
  test.each([
    ['12.0.2', false],
    ['11.6.0', false],
    ['12.1.0', true],
    ['12.3.1', true],
    ['13.2.2', true],
    ['13.0.0-pre', true],
  ])('Grafana %s → %s', (version, expected) => {
    expect(grafanaLoadsPluginTranslations(version)).toBe(expected);
  });
});

describe('the plugin loader used before Grafana 12.1', () => {
  const loader = resourceLoader((language) => import(`./locales/${language}/slm-servicelevel-app.json`));

  test('loads the Chinese resources', async () => {
    const resources = await loader('zh-Hans');
    expect((resources as { pages: { agreements: { title: string } } }).pages.agreements.title).toBe('协议');
  });

  test('an unsupported language falls back to the English in the source', async () => {
    await expect(loader('xx-XX')).resolves.toEqual({});
  });
});

describe('rendering in Simplified Chinese', () => {
  afterAll(() => i18next.changeLanguage('en-US'));

  test('pages use the plugin namespace and show the ITIL terms in Chinese', async () => {
    await initPluginTranslations('slm-servicelevel-app');
    const zh = await import('./locales/zh-Hans/slm-servicelevel-app.json');
    i18next.addResourceBundle('zh-Hans', 'slm-servicelevel-app', zh.default, true, true);
    await i18next.changeLanguage('zh-Hans');

    // an engine with no agreements yet
    installBackendSrv(() => ({ status: 200, data: { items: [], total: 0, limit: 50, offset: 0 } }));
    render(
      <MemoryRouter>
        <Agreements />
      </MemoryRouter>
    );

    expect(await screen.findByText('协议', { selector: 'h1' }, { timeout: 15000 })).toBeInTheDocument();
    expect(await screen.findByText('尚无协议', undefined, { timeout: 15000 })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '从服务目录开始' })).toBeInTheDocument();
  });
});
