import { type Kysely, sql } from 'kysely';

/**
 * Monitoring's link to Grafana: one service account token per organisation, encrypted with a key
 * derived from the engine's shared secret (never stored in clear), and what each breach last
 * wrote to Grafana as an annotation, so that restarts neither lose nor duplicate annotations.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('grafana_connections')
    .addColumn('org_id', 'integer', (c) => c.primaryKey())
    .addColumn('grafana_url', 'text', (c) => c.notNull())
    .addColumn('token_ciphertext', 'text', (c) => c.notNull())
    .addColumn('iv', 'text', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('service_account_id', 'integer')
    .addColumn('connected_by', 'text', (c) => c.notNull())
    .addColumn('connected_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('version', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(1)
        .check(sql`version >= 1`)
    )
    .execute();

  await db.schema
    .createTable('breach_annotations')
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('breach_id', 'text', (c) => c.notNull())
    .addColumn('annotation_id', 'bigint', (c) => c.notNull())
    .addColumn('synced_version', 'integer', (c) => c.notNull())
    .addColumn('synced_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('breach_annotations_pkey', ['org_id', 'breach_id'])
    .addForeignKeyConstraint(
      'breach_annotations_breach_fkey',
      ['org_id', 'breach_id'],
      'breaches',
      ['org_id', 'id'],
      (fk) => fk.onDelete('cascade')
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('breach_annotations').execute();
  await db.schema.dropTable('grafana_connections').execute();
}
