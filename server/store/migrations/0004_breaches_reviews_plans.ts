import { type Kysely, sql } from 'kysely';

/**
 * Breaches, service level reviews and improvement plans. A breach is unique per agreement,
 * target and period start, which makes recording one idempotent.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('breaches')
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('agreement_id', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('period_from', 'timestamptz', (c) => c.notNull())
    .addColumn('period_to', 'timestamptz', (c) => c.notNull())
    .addColumn('measured', 'double precision')
    .addColumn('objective', 'double precision', (c) => c.notNull())
    .addColumn('bad_intervals', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open', 'acknowledged', 'resolved')`))
    .addColumn('report', 'jsonb')
    .addColumn('notified', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('improvement_plan_ids', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('acknowledged_at', 'timestamptz')
    .addColumn('acknowledged_by', 'text')
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('resolved_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1).check(sql`version >= 1`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('breaches_pkey', ['org_id', 'id'])
    .addUniqueConstraint('breaches_period_unique', ['org_id', 'agreement_id', 'target_id', 'period_from'])
    .addCheckConstraint('breaches_period_check', sql`period_to > period_from`)
    .execute();
  await db.schema.createIndex('breaches_org_status_idx').on('breaches').columns(['org_id', 'status']).execute();

  await db.schema
    .createTable('reviews')
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('scope', 'jsonb', (c) => c.notNull())
    .addColumn('period_from', 'text', (c) => c.check(sql`period_from ~ '^\\d{4}-\\d{2}-\\d{2}$'`).notNull())
    .addColumn('period_to', 'text', (c) => c.check(sql`period_to ~ '^\\d{4}-\\d{2}-\\d{2}$'`).notNull())
    .addColumn('meeting_date', 'timestamptz')
    .addColumn('participants', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('minutes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('decisions', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('action_items', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('scheduled').check(sql`status in ('scheduled', 'held', 'closed')`))
    .addColumn('report', 'jsonb')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1).check(sql`version >= 1`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('reviews_pkey', ['org_id', 'id'])
    .addCheckConstraint('reviews_period_check', sql`period_to >= period_from`)
    .execute();

  await db.schema
    .createTable('plans')
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('goal', 'jsonb', (c) => c.notNull())
    .addColumn('measures', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.check(sql`due_date ~ '^\\d{4}-\\d{2}-\\d{2}$'`))
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('planned').check(sql`status in ('planned', 'in_progress', 'done', 'cancelled')`)
    )
    .addColumn('links', 'jsonb', (c) => c.notNull())
    .addColumn('verification', 'jsonb')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1).check(sql`version >= 1`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('plans_pkey', ['org_id', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('plans').execute();
  await db.schema.dropTable('reviews').execute();
  await db.schema.dropTable('breaches').execute();
}
