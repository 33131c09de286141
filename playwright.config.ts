import type { PluginOptions } from '@grafana/plugin-e2e';
import { defineConfig, devices } from '@playwright/test';

/**
 * @grafana/plugin-e2e tests against a REAL Grafana at GRAFANA_URL (default http://localhost:3000),
 * e.g. the one `docker compose up` starts. Without one, every test is skipped with a message.
 * Chromium is the system one (/usr/bin/chromium, or PLAYWRIGHT_CHROMIUM); no browser download.
 */
const chromium = process.env.PLAYWRIGHT_CHROMIUM || '/usr/bin/chromium';

export default defineConfig<PluginOptions>({
  testDir: './tests',
  testMatch: /.*\.spec\.ts$/,
  testIgnore: ['**/integration/**', '**/browser/**'],
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 2 : 0,
  reporter: [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: process.env.GRAFANA_URL || 'http://localhost:3000',
    trace: 'on-first-retry',
    launchOptions: { executablePath: chromium },
  },
  projects: [
    // 1. Log in to Grafana once and store the session for the tests (skipped without a Grafana).
    {
      name: 'auth',
      testMatch: /auth\.setup\.ts$/,
      use: { ...devices['Desktop Chrome'], launchOptions: { executablePath: chromium } },
    },
    // 2. The tests, in the system Chromium, authenticated as the admin user.
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: { executablePath: chromium },
        storageState: 'playwright/.auth/admin.json',
      },
      dependencies: ['auth'],
    },
  ],
});
