import type { Kysely } from 'kysely';

// PLACEHOLDER: filled in by the helper that owns this migration.
export async function up(_db: Kysely<any>): Promise<void> {}

export async function down(_db: Kysely<any>): Promise<void> {}
