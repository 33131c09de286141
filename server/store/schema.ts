import type { ColumnType } from 'kysely';

/** Row types of the engine's tables, as Kysely sees them (snake_case, like the SQL). */

type Json = unknown;
/** jsonb columns are written as JSON text (pg would turn JS arrays into PostgreSQL arrays). */
type JsonColumn = ColumnType<Json, string, string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface ServicesTable {
  org_id: number;
  key: string;
  name: string;
  description: ColumnType<string, string | undefined, string>;
  category: ColumnType<string, string | undefined, string>;
  features: JsonColumn;
  usage_scenarios: JsonColumn;
  owner_team: string | null;
  lifecycle: 'planned' | 'live' | 'retired';
  service_hours: JsonColumn;
  dependencies: JsonColumn;
  dashboards: JsonColumn;
  version: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
  created_by: string;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_by: string;
}

export interface AuditLogTable {
  /** bigint: pg returns it as a string, PGlite as a number. */
  id: ColumnType<string | number, never, never>;
  org_id: number;
  at: CreatedAt;
  user_login: string;
  action: string;
  resource: string;
  resource_id: string;
  before: ColumnType<Json, string | null, never>;
  after: ColumnType<Json, string | null, never>;
}

export interface IdempotencyKeysTable {
  org_id: number;
  key: string;
  user_login: string;
  request_hash: string;
  status_code: ColumnType<number | null, number | null | undefined, number>;
  response: ColumnType<Json, string | null | undefined, string>;
  created_at: CreatedAt;
}

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

/** One monitored agreement: the scheduler's unit of work, its lease, back-off and live status (migration 0005). */
export interface MonitorAgreementsTable {
  org_id: number;
  agreement_id: string;
  revision: number;
  /** Hash of the active version being monitored; a new one means backfill. */
  revision_hash: string;
  next_run_at: ColumnType<Date, Date | string | undefined, Date | string>;
  lease_owner: string | null;
  lease_until: NullableTimestamp;
  lease_token: string | null;
  failures: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  failing_since: NullableTimestamp;
  retry_at: NullableTimestamp;
  last_run_at: NullableTimestamp;
  state: string | null;
  period_from: NullableTimestamp;
  period_to: NullableTimestamp;
  settled_until: NullableTimestamp;
  evaluated_at: NullableTimestamp;
  live: ColumnType<Json, string | null | undefined, string | null>;
}

/**
 * Folded totals of one target over one calendar period (kind period: kept as history) or one
 * bucket of a rolling window (kind bucket: pruned once out of the window), settled up to
 * settled_until (exclusive, slice-aligned).
 */
export interface MonitorPeriodsTable {
  org_id: number;
  agreement_id: string;
  target_id: string;
  period_from: Timestamp;
  period_to: Timestamp;
  kind: 'period' | 'bucket';
  revision_hash: string;
  settled_until: Timestamp;
  counted: number;
  with_data: number;
  in_denominator: number;
  good: number;
  bad: number;
  sum_good: number;
  sum_total: number;
  bad_intervals: JsonColumn;
  state: string | null;
  live: ColumnType<Json, string | null | undefined, string | null>;
  evaluated_at: NullableTimestamp;
}

/** Engine instances and their last monitoring cycle. */
export interface MonitorInstancesTable {
  instance_id: string;
  started_at: CreatedAt;
  heartbeat_at: ColumnType<Date, Date | string | undefined, Date | string>;
  cycle_started_at: NullableTimestamp;
  cycle_finished_at: NullableTimestamp;
  cycle_agreements: ColumnType<number, number | undefined, number>;
  cycle_failed: ColumnType<number, number | undefined, number>;
}

export interface Database {
  services: ServicesTable;
  audit_log: AuditLogTable;
  idempotency_keys: IdempotencyKeysTable;
  monitor_agreements: MonitorAgreementsTable;
  monitor_periods: MonitorPeriodsTable;
  monitor_instances: MonitorInstancesTable;
}

