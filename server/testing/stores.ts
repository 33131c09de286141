/**
 * Test support: every store-backed suite runs twice, on PGlite (temporary data directory) and on
 * the real PostgreSQL (a fresh database per suite, dropped afterwards).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../http/app';
import { openStore, type Store, type StoreKind } from '../store/db';
import { migrateToLatest } from '../store/migrate';

export const TEST_PG_URL = process.env.SLM_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function probePostgres(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (err) {
    return (err as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const pgProblem = await probePostgres();
if (pgProblem) {
  console.warn(
    [
      '',
      '!'.repeat(78),
      `!!! PostgreSQL not reachable at ${TEST_PG_URL}: ${pgProblem}`,
      '!!! The PostgreSQL half of the engine suite is SKIPPED. Start PostgreSQL (or set',
      '!!! SLM_TEST_DATABASE_URL) to run it; only the PGlite half ran.',
      '!'.repeat(78),
      '',
    ].join('\n')
  );
}

/** `describe` options: skip the PostgreSQL variant, loudly, only when no PostgreSQL answers. */
export function storeSuiteOptions(kind: StoreKind): { skip: string | false } {
  return { skip: kind === 'postgres' && pgProblem ? `PostgreSQL not reachable at ${TEST_PG_URL}` : false };
}

export const STORE_KINDS: readonly StoreKind[] = ['pglite', 'postgres'];

export interface TestStore {
  store: Store;
  /** Closes the store and deletes its data (directory or database). */
  dispose(): Promise<void>;
}

/** A new, empty store; migrated unless `migrate: false`. */
export async function createTestStore(kind: StoreKind, { migrate = true } = {}): Promise<TestStore> {
  const testStore = kind === 'pglite' ? await pgliteStore() : await postgresStore();
  if (migrate) {
    await migrateToLatest(testStore.store.db);
  }
  return testStore;
}

async function pgliteStore(): Promise<TestStore> {
  const dir = mkdtempSync(path.join(tmpdir(), 'slm-test-'));
  const store = await openStore({ dataDir: dir });
  return {
    store,
    dispose: async () => {
      await store.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresStore(): Promise<TestStore> {
  const name = `slm_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`); // name is generated here: safe to inline
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  const store = await openStore({ databaseUrl: url.toString() });
  return {
    store,
    dispose: async () => {
      await store.close().catch(() => undefined); // a test may have closed it already
      const dropper = new pg.Client({ connectionString: TEST_PG_URL });
      await dropper.connect();
      try {
        await dropper.query(`drop database if exists ${name} with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

export const TEST_SECRET = 'test-secret-0123456789abcdef';

export interface TestApi {
  app: FastifyInstance;
  store: Store;
  request(options: ApiRequest): Promise<LightMyRequestResponse>;
  dispose(): Promise<void>;
}

export interface ApiRequest {
  method?: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  url: string;
  /** X-SLM-Permission; null leaves the header out. Default: read for GET, manage otherwise. */
  permission?: string | null;
  /** X-Grafana-User; null leaves it out. Default alice. */
  user?: string | null;
  org?: number | string;
  /** X-SLM-Secret; null leaves it out. */
  secret?: string | null;
  body?: unknown;
  /** A raw payload sent as is (with content-type application/json unless headers say otherwise). */
  payload?: string;
  headers?: Record<string, string>;
}

/** An app on a fresh migrated store, with a request helper that sets the proxy's headers. */
export async function createTestApi(
  kind: StoreKind,
  { bodyLimit, env }: { bodyLimit?: number; env?: NodeJS.ProcessEnv } = {}
): Promise<TestApi> {
  const testStore = await createTestStore(kind);
  const app = await buildApp({ store: testStore.store, secret: TEST_SECRET, logger: pino({ level: 'silent' }), bodyLimit, env });
  await app.ready();
  return {
    app,
    store: testStore.store,
    request: (o) => {
      const method = o.method ?? 'GET';
      const headers: Record<string, string> = {};
      const secret = o.secret === undefined ? TEST_SECRET : o.secret;
      const permission = o.permission === undefined ? (method === 'GET' ? 'read' : 'manage') : o.permission;
      const user = o.user === undefined ? 'alice' : o.user;
      if (secret !== null) {headers['x-slm-secret'] = secret;}
      if (permission !== null) {headers['x-slm-permission'] = permission;}
      if (user !== null) {headers['x-grafana-user'] = user;}
      if (o.org !== undefined) {headers['x-grafana-org-id'] = String(o.org);}
      let payload: string | undefined = o.payload;
      if (o.body !== undefined) {payload = JSON.stringify(o.body);}
      if (payload !== undefined) {headers['content-type'] = 'application/json';}
      return app.inject({ method, url: o.url, headers: { ...headers, ...o.headers }, payload });
    },
    dispose: async () => {
      await app.close();
      await testStore.dispose();
    },
  };
}

/** Asserts the DESIGN error shape and returns the error object. */
export function errorOf(response: { json(): unknown }): { code: string; message: string; details: Record<string, unknown> } {
  const body = response.json() as { error?: { code: unknown; message: unknown; details: unknown } };
  if (!body.error || typeof body.error.code !== 'string' || typeof body.error.message !== 'string' || typeof body.error.details !== 'object' || body.error.details === null) {
    throw new Error(`not the engine error shape: ${JSON.stringify(body)}`);
  }
  return body.error as { code: string; message: string; details: Record<string, unknown> };
}
