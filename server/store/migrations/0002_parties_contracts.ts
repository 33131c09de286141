import { type Kysely, sql } from 'kysely';

/**
 * Parties (customers, internal teams, suppliers), customer contracts (the process input) and
 * their service level requirements. References between them are foreign keys, so a party or
 * service still in use cannot disappear underneath a contract or requirement.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('parties')
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('customer', 'internal', 'supplier')`))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('contacts', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1).check(sql`version >= 1`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('parties_org_key_unique', ['org_id', 'key'])
    .execute();
  await db.schema.createIndex('parties_org_kind_idx').on('parties').columns(['org_id', 'kind']).execute();

  await db.schema
    .createTable('contracts')
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('customer', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('signed_date', 'text', (c) => c.check(sql`signed_date ~ '^\\d{4}-\\d{2}-\\d{2}$'`))
    .addColumn('term_from', 'text', (c) => c.check(sql`term_from ~ '^\\d{4}-\\d{2}-\\d{2}$'`).notNull())
    .addColumn('term_to', 'text', (c) => c.check(sql`term_to ~ '^\\d{4}-\\d{2}-\\d{2}$'`))
    .addColumn('document_url', 'text')
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1).check(sql`version >= 1`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('contracts_pkey', ['org_id', 'ref'])
    .addForeignKeyConstraint('contracts_customer_fkey', ['org_id', 'customer'], 'parties', ['org_id', 'key'])
    .addCheckConstraint('contracts_term_check', sql`term_to is null or term_to >= term_from`)
    .execute();
  await db.schema.createIndex('contracts_org_customer_idx').on('contracts').columns(['org_id', 'customer']).execute();

  await db.schema
    .createTable('requirements')
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('contract_ref', 'text', (c) => c.notNull())
    .addColumn('service_key', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) =>
      c.notNull().check(sql`metric in ('availability', 'latency', 'response_time', 'error_rate', 'throughput', 'other')`)
    )
    .addColumn('objective', 'double precision', (c) => c.notNull().check(sql`objective > 0 and objective < 100`))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sli', 'jsonb')
    .addColumn('slice', 'text')
    .addColumn('window', 'jsonb', (c) => c.notNull())
    .addColumn('gap_analysis', 'jsonb')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1).check(sql`version >= 1`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('requirements_pkey', ['org_id', 'id'])
    .addForeignKeyConstraint('requirements_contract_fkey', ['org_id', 'contract_ref'], 'contracts', ['org_id', 'ref'])
    .addForeignKeyConstraint('requirements_service_fkey', ['org_id', 'service_key'], 'services', ['org_id', 'key'])
    .execute();
  await db.schema
    .createIndex('requirements_org_contract_idx')
    .on('requirements')
    .columns(['org_id', 'contract_ref', 'id'])
    .execute();
  await db.schema.createIndex('requirements_org_service_idx').on('requirements').columns(['org_id', 'service_key']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('requirements').execute();
  await db.schema.dropTable('contracts').execute();
  await db.schema.dropTable('parties').execute();
}
