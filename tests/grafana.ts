import { test } from '@playwright/test';

export const GRAFANA_URL = process.env.GRAFANA_URL || 'http://localhost:3000';

let answer: Promise<boolean> | undefined;

/** True when a Grafana answers /api/health at GRAFANA_URL within a few seconds. Probed once per worker. */
export function grafanaAnswers(): Promise<boolean> {
  answer ??= fetch(`${GRAFANA_URL}/api/health`, { signal: AbortSignal.timeout(3000) })
    .then((response) => response.ok)
    .catch(() => false);
  return answer;
}

export const NO_GRAFANA = `SKIPPED: no Grafana answers at ${GRAFANA_URL}/api/health — start one (docker compose up) or set GRAFANA_URL to run the @grafana/plugin-e2e tests`;

/** Skips every test of the calling file, loudly, when there is no Grafana to test against. */
export function requireGrafana() {
  test.beforeAll(async () => {
    const up = await grafanaAnswers();
    if (!up) {
      console.warn(NO_GRAFANA);
    }
    test.skip(!up, NO_GRAFANA);
  });
}
