import { type Kysely, sql } from 'kysely';

/**
 * Agreements (SLA / OLA / UC) with their lifecycle, the immutable versions frozen for signature,
 * the signatures on them and the negotiation comments. The agreement's content is the canonical
 * agreement document (DESIGN §4) in `document`; the columns beside it are derived from it for
 * filtering and for the references the database enforces (service, provider, counterparty).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('agreements')
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('SLA', 'OLA', 'UC')`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('counterparty', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('draft', 'negotiating', 'pending_signature', 'active', 'expired', 'terminated')`)
    )
    .addColumn('amendment_state', 'text', (c) => c.check(sql`amendment_state in ('draft', 'negotiating', 'pending_signature')`))
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1).check(sql`revision >= 1`))
    .addColumn('active_revision', 'integer')
    .addColumn('document', 'jsonb', (c) => c.notNull())
    .addColumn('target_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('underpinned_by', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('required_signers', 'jsonb', (c) => c.notNull())
    .addColumn('effective_from', 'text')
    .addColumn('effective_to', 'text')
    .addColumn('expires_at', 'timestamptz')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1).check(sql`version >= 1`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('agreements_pkey', ['org_id', 'id'])
    .addForeignKeyConstraint('agreements_service_fkey', ['org_id', 'service'], 'services', ['org_id', 'key'])
    .addForeignKeyConstraint('agreements_provider_fkey', ['org_id', 'provider'], 'parties', ['org_id', 'key'])
    .addForeignKeyConstraint('agreements_counterparty_fkey', ['org_id', 'counterparty'], 'parties', ['org_id', 'key'])
    // An amendment exists only beside an active revision.
    .addCheckConstraint('agreements_amendment_check', sql`amendment_state is null or state = 'active'`)
    .addCheckConstraint('agreements_active_revision_check', sql`active_revision is null or active_revision <= revision`)
    .execute();
  for (const column of ['state', 'type', 'service', 'provider', 'counterparty']) {
    await db.schema.createIndex(`agreements_org_${column}_idx`).on('agreements').columns(['org_id', column, 'id']).execute();
  }
  await db.schema
    .createIndex('agreements_due_idx')
    .on('agreements')
    .columns(['expires_at'])
    .where(sql.ref('state'), '=', 'active')
    .execute();

  await db.schema
    .createTable('agreement_versions')
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('agreement_id', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('document', 'jsonb', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('frozen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('frozen_by', 'text', (c) => c.notNull())
    .addColumn('activated_at', 'timestamptz')
    .addPrimaryKeyConstraint('agreement_versions_pkey', ['org_id', 'agreement_id', 'revision'])
    .addForeignKeyConstraint('agreement_versions_agreement_fkey', ['org_id', 'agreement_id'], 'agreements', ['org_id', 'id'])
    .execute();

  await db.schema
    .createTable('agreement_signatures')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('agreement_id', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('party', 'text', (c) => c.notNull())
    .addColumn('user_login', 'text', (c) => c.notNull())
    .addColumn('signed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('agreement_signatures_once', ['org_id', 'agreement_id', 'revision', 'party'])
    .addForeignKeyConstraint(
      'agreement_signatures_version_fkey',
      ['org_id', 'agreement_id', 'revision'],
      'agreement_versions',
      ['org_id', 'agreement_id', 'revision']
    )
    .execute();

  await db.schema
    .createTable('agreement_comments')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('agreement_id', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('target_id', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('user_login', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addForeignKeyConstraint('agreement_comments_agreement_fkey', ['org_id', 'agreement_id'], 'agreements', ['org_id', 'id'])
    .execute();
  await db.schema
    .createIndex('agreement_comments_org_agreement_idx')
    .on('agreement_comments')
    .columns(['org_id', 'agreement_id', 'id'])
    .execute();

  // Signed content must never change, and signatures and comments are a record of what was
  // said: enforce both in the database, not only in the engine.
  await sql`
    create function slm_append_only() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only (% refused)', tg_table_name, tg_op using errcode = 'insufficient_privilege';
    end
    $$`.execute(db);
  for (const table of ['agreement_signatures', 'agreement_comments']) {
    await sql`create trigger ${sql.id(`${table}_append_only`)} before update or delete on ${sql.table(table)}
      for each row execute function slm_append_only()`.execute(db);
  }
  await sql`
    create function slm_agreement_version_immutable() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        raise exception 'agreement versions are immutable (delete refused)' using errcode = 'insufficient_privilege';
      end if;
      if new.document is distinct from old.document or new.hash is distinct from old.hash
         or new.revision is distinct from old.revision or new.agreement_id is distinct from old.agreement_id
         or new.org_id is distinct from old.org_id or new.frozen_at is distinct from old.frozen_at
         or new.frozen_by is distinct from old.frozen_by
         or (old.activated_at is not null and new.activated_at is distinct from old.activated_at) then
        raise exception 'agreement versions are immutable (only the activation time may be set, once)'
          using errcode = 'insufficient_privilege';
      end if;
      return new;
    end
    $$`.execute(db);
  await sql`create trigger agreement_versions_immutable before update or delete on agreement_versions
    for each row execute function slm_agreement_version_immutable()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('agreement_comments').execute();
  await db.schema.dropTable('agreement_signatures').execute();
  await db.schema.dropTable('agreement_versions').execute();
  await db.schema.dropTable('agreements').execute();
  await sql`drop function slm_agreement_version_immutable()`.execute(db);
  await sql`drop function slm_append_only()`.execute(db);
}
