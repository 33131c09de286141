import type { ColumnType } from 'kysely';

/** Row types of the agreement tables (migration 0003), merged into the engine's Database type. */

type JsonColumn = ColumnType<unknown, string, string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** bigint identity: pg returns it as a string, PGlite as a number. */
type BigId = ColumnType<string | number, never, never>;

export const AGREEMENT_STATES = [
  'draft',
  'negotiating',
  'pending_signature',
  'active',
  'expired',
  'terminated',
] as const;
export type AgreementLifecycleState = (typeof AGREEMENT_STATES)[number];
export const AMENDMENT_STATES = ['draft', 'negotiating', 'pending_signature'] as const;
export type AmendmentState = (typeof AMENDMENT_STATES)[number];

export interface AgreementsTable {
  org_id: number;
  id: string;
  type: 'SLA' | 'OLA' | 'UC';
  title: string;
  service: string;
  provider: string;
  counterparty: string;
  state: AgreementLifecycleState;
  amendment_state: AmendmentState | null;
  revision: ColumnType<number, number | undefined, number>;
  active_revision: ColumnType<number | null, number | null | undefined, number | null>;
  document: JsonColumn;
  target_count: ColumnType<number, number | undefined, number>;
  underpinned_by: JsonColumn;
  required_signers: JsonColumn;
  effective_from: string | null;
  effective_to: string | null;
  expires_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  version: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
  created_by: string;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_by: string;
}

export interface AgreementVersionsTable {
  org_id: number;
  agreement_id: string;
  revision: number;
  document: ColumnType<unknown, string, never>;
  hash: ColumnType<string, string, never>;
  frozen_at: CreatedAt;
  frozen_by: ColumnType<string, string, never>;
  activated_at: ColumnType<Date | null, Date | string | null | undefined, Date | string>;
}

export interface AgreementSignaturesTable {
  id: BigId;
  org_id: number;
  agreement_id: string;
  revision: number;
  hash: string;
  party: string;
  user_login: string;
  signed_at: CreatedAt;
}

export interface AgreementCommentsTable {
  id: BigId;
  org_id: number;
  agreement_id: string;
  revision: number;
  target_id: string | null;
  body: string;
  user_login: string;
  created_at: CreatedAt;
}

declare module '../../store/schema' {
  interface Database {
    agreements: AgreementsTable;
    agreement_versions: AgreementVersionsTable;
    agreement_signatures: AgreementSignaturesTable;
    agreement_comments: AgreementCommentsTable;
  }
}
