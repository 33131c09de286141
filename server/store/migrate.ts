import { type Kysely, type Migration, Migrator } from 'kysely';
import * as m0001 from './migrations/0001_initial';
import * as m0002 from './migrations/0002_parties_contracts';
import * as m0003 from './migrations/0003_agreements';
import * as m0004 from './migrations/0004_breaches_reviews_plans';
import * as m0005 from './migrations/0005_monitoring';
import * as m0006 from './migrations/0006_grafana_connection';
import * as m0007 from './migrations/0007_review_dashboard';

/**
 * Every migration, by name, in order. Listed statically (not by scanning a folder) so that it
 * works the same under tsx, in a bundle and in a container.
 */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001_initial': m0001,
  '0002_parties_contracts': m0002,
  '0003_agreements': m0003,
  '0004_breaches_reviews_plans': m0004,
  '0005_monitoring': m0005,
  '0006_grafana_connection': m0006,
  '0007_review_dashboard': m0007,
};

export class MigrationError extends Error {}

function migrator(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => ({ ...migrations }) } });
}

/** Applies every pending migration in one run; returns the names applied now (empty when up to date). */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new MigrationError(`migration ${failed ?? '(unknown)'} failed: ${String((error as Error).message ?? error)}`, {
      cause: error,
    });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Names of the migrations this engine knows but the database has not applied. */
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const all = await migrator(db).getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
