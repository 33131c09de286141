import type { ColumnType } from 'kysely';

/** Row types of migration 0006 (Grafana connection, breach annotations), merged into the engine's Database type. */

export interface GrafanaConnectionsTable {
  org_id: number;
  grafana_url: string;
  /** base64 AES-256-GCM ciphertext of the service account token. */
  token_ciphertext: string;
  iv: string;
  tag: string;
  service_account_id: number | null;
  connected_by: string;
  connected_at: ColumnType<Date, Date | string | undefined, Date | string>;
  version: ColumnType<number, number | undefined, number>;
}

export interface BreachAnnotationsTable {
  org_id: number;
  breach_id: string;
  /** bigint: pg returns it as a string, PGlite as a number. */
  annotation_id: ColumnType<string | number, number, number>;
  synced_version: number;
  synced_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

declare module '../store/schema' {
  interface Database {
    grafana_connections: GrafanaConnectionsTable;
    breach_annotations: BreachAnnotationsTable;
  }
}
