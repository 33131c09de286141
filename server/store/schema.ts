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

export interface Database {
  services: ServicesTable;
  audit_log: AuditLogTable;
  idempotency_keys: IdempotencyKeysTable;
}

