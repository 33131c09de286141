import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import {
  type DatabaseIntrospector,
  type Dialect,
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
} from 'kysely';
import pg from 'pg';
import { PGliteDriver } from './pglite-driver';
import type { Database } from './schema';

export type StoreKind = 'pglite' | 'postgres';

/** The engine's database: Kysely over PGlite (embedded, in a data directory) or PostgreSQL. */
export interface Store {
  readonly db: Kysely<Database>;
  readonly kind: StoreKind;
  /** Where the data lives, safe to log (no password). */
  readonly location: string;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  /** Closes the database; for PGlite this flushes it to the data directory. */
  close(): Promise<void>;
}

export class StoreError extends Error {}

export type StoreOptions = { databaseUrl: string } | { dataDir: string };

export async function openStore(options: StoreOptions): Promise<Store> {
  return 'databaseUrl' in options ? openPostgres(options.databaseUrl) : openPGlite(options.dataDir);
}

async function openPostgres(databaseUrl: string): Promise<Store> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  // An idle client losing its connection must not crash the engine; the next query reports it.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const store: Store = {
    db,
    kind: 'postgres',
    location: redactUrl(databaseUrl),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
  try {
    await store.ping();
  } catch (err) {
    await db.destroy();
    throw new StoreError(`PostgreSQL at ${store.location} does not answer: ${(err as Error).message}`, { cause: err });
  }
  return store;
}

async function openPGlite(dataDir: string): Promise<Store> {
  const dir = path.resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const releaseLock = lockDataDir(dir);
  try {
    const pglite = new PGlite(path.join(dir, 'pglite'));
    await pglite.waitReady;
    const db = new Kysely<Database>({ dialect: pgliteDialect(pglite) });
    return {
      db,
      kind: 'pglite',
      location: dir,
      ping: async () => {
        await sql`select 1`.execute(db);
      },
      close: async () => {
        await db.destroy(); // closes PGlite, which writes everything out
        releaseLock();
      },
    };
  } catch (err) {
    releaseLock();
    throw err;
  }
}

function pgliteDialect(pglite: PGlite): Dialect {
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new PGliteDriver(pglite),
    createQueryCompiler: () => new PostgresQueryCompiler(),
    createIntrospector: (db: Kysely<any>): DatabaseIntrospector => new PostgresIntrospector(db),
  };
}

/**
 * PGlite is a single-process database: two engines on one data directory would corrupt it.
 * A pid file guards it; a stale one (its process is gone, e.g. after kill -9) is taken over.
 */
function lockDataDir(dir: string): () => void {
  const lockFile = path.join(dir, 'engine.pid');
  try {
    writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw err;
    }
    const holder = Number(readFileSync(lockFile, 'utf8').trim());
    if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
      throw new StoreError(`data directory ${dir} is in use by another engine (pid ${holder})`);
    }
    writeFileSync(lockFile, String(process.pid));
  }
  return () => rmSync(lockFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) {
      u.password = '***';
    }
    return u.toString();
  } catch {
    return '(unparseable database URL)';
  }
}
