import type { Kysely } from 'kysely';

/**
 * The Grafana dashboard a review was last published to ({uid, url, version, updatedAt}), so that
 * the review links to it; null until published. Written by the engine only.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('reviews').addColumn('dashboard', 'jsonb').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('reviews').dropColumn('dashboard').execute();
}
