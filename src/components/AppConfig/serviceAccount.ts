/**
 * The Grafana side of enabling monitoring, made with the signed-in admin's own Grafana session
 * (service account HTTP API): the engine's service account, its tokens, and revoking them.
 */
import { lastValueFrom } from 'rxjs';
import { getBackendSrv } from '@grafana/runtime';
import { toEngineError } from '../../api/engineClient';

export const SERVICE_ACCOUNT_NAME = 'slm-engine';
/**
 * Editor covers everything the engine does with the token: query datasources (/api/ds/query),
 * create and update annotations, create the `slm` folder and provision alert rules (Grafana
 * lets Editors use the alerting provisioning API since 11.0).
 */
export const SERVICE_ACCOUNT_ROLE = 'Editor';

interface ServiceAccount {
  id: number;
  name: string;
}

interface Token {
  id: number;
  key: string;
}

async function grafana<T>(
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  data?: unknown,
  params?: Record<string, string>
): Promise<T> {
  try {
    const response = await lastValueFrom(
      getBackendSrv().fetch<T>({ method, url, data, params, showErrorAlert: false, showSuccessAlert: false })
    );
    return response.data;
  } catch (error) {
    throw toEngineError(error);
  }
}

/** The engine's service account: the existing one (enabling again reuses it) or a new one. */
export async function ensureServiceAccount(): Promise<{ account: ServiceAccount; created: boolean }> {
  const found = await grafana<{ serviceAccounts?: ServiceAccount[] }>('GET', '/api/serviceaccounts/search', undefined, {
    query: SERVICE_ACCOUNT_NAME,
  });
  const existing = found.serviceAccounts?.find((sa) => sa.name === SERVICE_ACCOUNT_NAME);
  if (existing) {
    return { account: existing, created: false };
  }
  const account = await grafana<ServiceAccount>('POST', '/api/serviceaccounts', {
    name: SERVICE_ACCOUNT_NAME,
    role: SERVICE_ACCOUNT_ROLE,
    isDisabled: false,
  });
  return { account, created: true };
}

/** A token that does not expire: monitoring runs unattended; disabling revokes it. */
export function createToken(serviceAccountId: number, now = new Date()): Promise<Token> {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return grafana<Token>('POST', `/api/serviceaccounts/${serviceAccountId}/tokens`, {
    name: `${SERVICE_ACCOUNT_NAME}-${stamp}`,
    secondsToLive: 0,
  });
}

export function deleteToken(serviceAccountId: number, tokenId: number): Promise<unknown> {
  return grafana('DELETE', `/api/serviceaccounts/${serviceAccountId}/tokens/${tokenId}`);
}

/** Deleting the service account revokes every token it has. */
export function deleteServiceAccount(serviceAccountId: number): Promise<unknown> {
  return grafana('DELETE', `/api/serviceaccounts/${serviceAccountId}`);
}
