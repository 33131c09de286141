/**
 * Monitoring's connection to Grafana: the service account token the app configuration page
 * created, kept encrypted (AES-256-GCM with a key derived by HKDF-SHA256 from the engine's shared
 * secret, so a database dump alone does not hand out a Grafana credential), and the list of
 * Grafana targets the scheduler works with.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Store } from '../store/db';
import type { Database } from '../store/schema';
import type { GrafanaTarget } from './client';
import type { GrafanaConnectionsTable } from './tables';

const KEY_SALT = 'slm-engine/grafana-connection';
const KEY_INFO = 'service-account-token/aes-256-gcm';

export interface SealedToken {
  ciphertext: string;
  iv: string;
  tag: string;
}

/** The stored token cannot be opened with this engine's secret: the secret changed since it was stored. */
export class ConnectionSecretError extends Error {
  constructor(orgId: number) {
    super(
      `the Grafana token stored for organisation ${orgId} cannot be decrypted with this engine's shared secret ` +
        '(the secret changed since monitoring was enabled): reconnect monitoring from the app configuration page'
    );
    this.name = 'ConnectionSecretError';
  }
}

function keyFrom(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, KEY_SALT, KEY_INFO, 32));
}

export function sealToken(token: string, secret: string): SealedToken {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFrom(secret), iv);
  const ciphertext = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return {
    ciphertext: ciphertext.toString('base64'),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

/** Opens a sealed token; a wrong secret (or tampered data) fails GCM authentication → ConnectionSecretError. */
export function openToken(sealed: SealedToken, secret: string, orgId: number): string {
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFrom(secret), Buffer.from(sealed.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]).toString(
      'utf8'
    );
  } catch {
    throw new ConnectionSecretError(orgId);
  }
}

export type ConnectionRow = Omit<GrafanaConnectionsTable, 'connected_at' | 'version'> & {
  connected_at: Date;
  version: number;
};

type Db = Kysely<Database> | Transaction<Database>;

export async function findConnection(db: Db, orgId: number, { lock = false } = {}): Promise<ConnectionRow | undefined> {
  let query = db.selectFrom('grafana_connections').selectAll().where('org_id', '=', orgId);
  if (lock) {
    query = query.forUpdate();
  }
  return (await query.executeTakeFirst()) as ConnectionRow | undefined;
}

/** The environment's Grafana for organisation 1 (docker compose, tests): SLM_GRAFANA_URL + SLM_GRAFANA_TOKEN. */
export function environmentTarget(env: NodeJS.ProcessEnv): SourcedTarget | undefined {
  const url = env.SLM_GRAFANA_URL?.trim();
  const token = env.SLM_GRAFANA_TOKEN?.trim();
  return url && token ? { url, token, orgId: 1, source: 'environment' } : undefined;
}

/** A Grafana target and where it came from: a connection made in the app, or the environment. */
export type SourcedTarget = GrafanaTarget & { source: 'connection' | 'environment' };

export interface TargetProblem {
  orgId: number;
  error: Error;
}

/**
 * One Grafana target per monitored organisation: every stored connection, plus the environment's
 * for organisation 1 when it has none stored (a connection made in the app wins over the
 * environment). A token that no longer decrypts leaves its organisation out and is reported to
 * `onProblem` instead of stopping monitoring for everyone.
 */
export async function grafanaTargetsFrom(
  store: Store,
  secret: string,
  env: NodeJS.ProcessEnv,
  onProblem: (problem: TargetProblem) => void = () => undefined
): Promise<SourcedTarget[]> {
  const rows = (await store.db
    .selectFrom('grafana_connections')
    .selectAll()
    .orderBy('org_id')
    .execute()) as ConnectionRow[];
  const targets: SourcedTarget[] = [];
  for (const row of rows) {
    try {
      targets.push({
        url: row.grafana_url,
        token: openToken(sealedOf(row), secret, row.org_id),
        orgId: row.org_id,
        source: 'connection',
      });
    } catch (error) {
      onProblem({ orgId: row.org_id, error: error as Error });
    }
  }
  const fromEnv = environmentTarget(env);
  if (fromEnv && !rows.some((r) => r.org_id === fromEnv.orgId)) {
    targets.push(fromEnv);
  }
  return targets.sort((a, b) => a.orgId - b.orgId);
}

export const sealedOf = (row: Pick<ConnectionRow, 'token_ciphertext' | 'iv' | 'tag'>): SealedToken => ({
  ciphertext: row.token_ciphertext,
  iv: row.iv,
  tag: row.tag,
});
