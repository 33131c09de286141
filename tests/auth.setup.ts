import { test } from '@grafana/plugin-e2e';
import { requireGrafana } from './grafana';

// Same as @grafana/plugin-e2e's own auth project (log in as the admin and store the session for the
// other projects), but skipped with a clear message when no Grafana answers. The probe runs in
// beforeAll because plugin-e2e's fixtures already call Grafana while they are set up.
requireGrafana();

test('authenticate', async ({ login, createUser, user, grafanaAPICredentials }) => {
  if (user && (user.user !== grafanaAPICredentials.user || user.password !== grafanaAPICredentials.password)) {
    await createUser();
  }
  await login();
});
