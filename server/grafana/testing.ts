/**
 * Test support for the Grafana-facing routes: a test API like server/testing/stores.ts
 * createTestApi, with the environment (SLM_GRAFANA_URL, SLM_GRAFANA_TOKEN …) the routes read.
 */
import assert from 'node:assert/strict';
import type { StoreKind } from '../store/db';
import { createTestApi, type TestApi } from '../testing/stores';


/** A test API whose Grafana-facing routes read `env` (SLM_GRAFANA_URL, SLM_GRAFANA_TOKEN …) instead of process.env. */
export function createGrafanaTestApi(kind: StoreKind, extra: { env?: NodeJS.ProcessEnv } = {}): Promise<TestApi> {
  return createTestApi(kind, { env: extra.env ?? process.env });
}

/** Creates an agreement and takes it through negotiation, signatures and activation (org 1 unless given). */
export async function activeAgreement(api: TestApi, document: { metadata: { id: string } }, org = 1): Promise<void> {
  const id = document.metadata.id;
  const url = `/api/v1/agreements/${id}`;
  const version = async () => (await api.request({ url, org })).json().version as number;
  const expect = async (res: Promise<{ statusCode: number; body: string }>, status: number) => {
    const r = await res;
    assert.equal(r.statusCode, status, r.body);
  };
  await expect(api.request({ method: 'POST', url: '/api/v1/agreements', body: { document }, org }), 201);
  for (const to of ['negotiating', 'pending_signature']) {
    await expect(
      api.request({
        method: 'POST',
        url: `${url}/transitions`,
        body: { to },
        org,
        headers: { 'if-match': String(await version()) },
      }),
      200
    );
  }
  const detail = (await api.request({ url, org })).json();
  for (const party of detail.pendingVersion.missing) {
    await expect(
      api.request({
        method: 'POST',
        url: `${url}/signatures`,
        body: { party, hash: detail.pendingVersion.hash },
        user: `${party}-signer`,
        org,
      }),
      201
    );
  }
  await expect(
    api.request({
      method: 'POST',
      url: `/api/v1/approvals/agreements/${id}/activate`,
      permission: 'own',
      org,
      headers: { 'if-match': String(await version()) },
    }),
    200
  );
}
