/**
 * Dev environment only: does what an admin's "Enable monitoring" click on the app configuration
 * page does (src/components/AppConfig/serviceAccount.ts), so that `docker compose up` monitors the
 * demo agreements without a click: find or create Grafana's service account `slm-engine`
 * (Editor), make a token, and hand it to the engine, which checks it against Grafana and stores
 * it encrypted. Uses Grafana's admin login of the compose file. Does nothing when organisation 1
 * is already connected. Exits non-zero with the reason when a step fails.
 */
const GRAFANA = process.env.GRAFANA_URL ?? 'http://grafana:3000';
const GRAFANA_AUTH = 'Basic ' + Buffer.from(process.env.GRAFANA_ADMIN ?? 'admin:admin').toString('base64');
const ENGINE = process.env.ENGINE_URL ?? 'http://engine:8787';
const SECRET = process.env.SLM_SECRET ?? '';
const NAME = 'slm-engine';

async function call(base, path, { method = 'GET', headers = {}, body } = {}) {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    throw new Error(`${method} ${base}${path} answered ${res.status}: ${text.slice(0, 300)}`);
  }
  return { json, headers: res.headers };
}

const grafana = (path, opts = {}) => call(GRAFANA, path, { ...opts, headers: { authorization: GRAFANA_AUTH } });
const engine = (path, permission, opts = {}) =>
  call(ENGINE, path, {
    ...opts,
    headers: { 'x-slm-secret': SECRET, 'x-slm-permission': permission, 'x-grafana-user': 'admin', 'x-grafana-org-id': '1', ...opts.headers },
  });

async function waitFor(what, probe) {
  for (let i = 0; i < 120; i++) {
    try {
      await probe();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  throw new Error(`${what} did not come up within 4 minutes`);
}

await waitFor('Grafana', () => grafana('/api/health'));
await waitFor('the engine', () => call(ENGINE, '/healthz'));
const current = await engine('/api/v1/monitoring/connection', 'read');
if (current.json.connected && current.json.source === 'connection') {
  console.log(`monitoring already connected to ${current.json.grafanaUrl}`);
  process.exit(0);
}
const found = await grafana(`/api/serviceaccounts/search?query=${NAME}`);
const account =
  found.json.serviceAccounts?.find((sa) => sa.name === NAME) ??
  (await grafana('/api/serviceaccounts', { method: 'POST', body: { name: NAME, role: 'Editor', isDisabled: false } })).json;
const token = (
  await grafana(`/api/serviceaccounts/${account.id}/tokens`, {
    method: 'POST',
    body: { name: `${NAME}-${new Date().toISOString().replace(/[:.]/g, '-')}`, secondsToLive: 0 },
  })
).json;
await engine('/api/v1/monitoring/connection', 'own', {
  method: 'PUT',
  headers: { 'if-match': String(current.json.version ?? 0) },
  body: { grafanaUrl: GRAFANA, token: token.key, serviceAccountId: account.id },
});
console.log(`monitoring connected: service account ${NAME} (id ${account.id}) → ${GRAFANA}`);
