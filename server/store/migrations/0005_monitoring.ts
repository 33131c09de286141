import { type Kysely, sql } from 'kysely';

/**
 * Continuous monitoring (issue 7): the scheduler's unit of work (one row per monitored
 * agreement, with its lease and back-off), the folded totals per target and period (or per
 * rolling-window bucket) with their settled watermark, the engine instances' last cycles, and
 * the breach columns the monitor keeps current.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('monitor_agreements')
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('agreement_id', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('revision_hash', 'text', (c) => c.notNull())
    .addColumn('next_run_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'timestamptz')
    .addColumn('lease_token', 'text')
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('failing_since', 'timestamptz')
    .addColumn('retry_at', 'timestamptz')
    .addColumn('last_run_at', 'timestamptz')
    .addColumn('state', 'text')
    .addColumn('period_from', 'timestamptz')
    .addColumn('period_to', 'timestamptz')
    .addColumn('settled_until', 'timestamptz')
    .addColumn('evaluated_at', 'timestamptz')
    .addColumn('live', 'jsonb')
    .addPrimaryKeyConstraint('monitor_agreements_pkey', ['org_id', 'agreement_id'])
    .execute();
  await db.schema.createIndex('monitor_agreements_due_idx').on('monitor_agreements').columns(['next_run_at']).execute();

  await db.schema
    .createTable('monitor_periods')
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('agreement_id', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('period_from', 'timestamptz', (c) => c.notNull())
    .addColumn('period_to', 'timestamptz', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('period', 'bucket')`))
    .addColumn('revision_hash', 'text', (c) => c.notNull())
    .addColumn('settled_until', 'timestamptz', (c) => c.notNull())
    .addColumn('counted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('with_data', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('in_denominator', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('good', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('bad', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sum_good', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('sum_total', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('bad_intervals', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('state', 'text')
    .addColumn('live', 'jsonb')
    .addColumn('evaluated_at', 'timestamptz')
    .addPrimaryKeyConstraint('monitor_periods_pkey', ['org_id', 'agreement_id', 'target_id', 'period_from'])
    .addCheckConstraint('monitor_periods_range_check', sql`period_to > period_from`)
    .execute();
  await db.schema.createIndex('monitor_periods_org_from_idx').on('monitor_periods').columns(['org_id', 'kind', 'period_from']).execute();

  await db.schema
    .createTable('monitor_instances')
    .addColumn('instance_id', 'text', (c) => c.primaryKey())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('heartbeat_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('cycle_started_at', 'timestamptz')
    .addColumn('cycle_finished_at', 'timestamptz')
    .addColumn('cycle_agreements', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('cycle_failed', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .alterTable('breaches')
    .addColumn('severity', 'text', (c) => c.notNull().defaultTo('breached').check(sql`severity in ('at_risk', 'breached')`))
    .addColumn('agreement_type', 'text')
    .addColumn('service', 'text')
    .addColumn('provider', 'text')
    .addColumn('counterparty', 'text')
    .addColumn('assignee', 'text')
    .addColumn('current_state', 'text')
    .addColumn('coverage', 'double precision')
    .addColumn('last_evaluated_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('breaches_org_created_idx').on('breaches').columns(['org_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('breaches_org_created_idx').execute();
  for (const column of ['severity', 'agreement_type', 'service', 'provider', 'counterparty', 'assignee', 'current_state', 'coverage', 'last_evaluated_at']) {
    await db.schema.alterTable('breaches').dropColumn(column).execute();
  }
  await db.schema.dropTable('monitor_instances').execute();
  await db.schema.dropTable('monitor_periods').execute();
  await db.schema.dropTable('monitor_agreements').execute();
}
