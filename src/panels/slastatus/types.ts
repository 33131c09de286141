import type { AgreementType, ThresholdOp } from '../../domain';

/** What one of the panel's queries stands for in a target's SLI. */
export type QueryRole = 'good' | 'total' | 'value';

/** Maps one panel query (by refId) to a role in a target's SLI. */
export interface QueryMapping {
  refId: string;
  /** Target id: a target of the registry agreement, or the name of an ad-hoc objective. */
  target: string;
  role: QueryRole;
  /** For a value query: the slice is good when value <op> threshold. */
  op?: ThresholdOp;
  threshold?: number;
}

export type PanelMode = 'target' | 'kpi';
export type TargetSource = 'registry' | 'adhoc';
export type PeriodChoice = 'current' | 'previous' | 'custom';
export type LayoutChoice = 'auto' | 'full' | 'compact';
export type AdhocWindow = 'week' | 'month' | 'quarter' | 'rolling';

export interface SlaStatusOptions {
  mode: PanelMode;
  source: TargetSource;
  /** Registry agreement whose targets the mapped queries measure. */
  agreementId: string;
  mappings: QueryMapping[];
  /** Ad-hoc objective (percent) and optional warning level. */
  objective: number;
  warning?: number;
  window: AdhocWindow;
  /** Rolling window length, e.g. 28d (window = rolling). */
  rolling: string;
  /** IANA zone; empty = the dashboard's time zone. */
  timezone: string;
  /** Slice length, e.g. 5m; empty = derived from the query interval. */
  slice: string;
  budgeting: 'auto' | 'occurrences' | 'timeslices';
  period: PeriodChoice;
  layout: LayoutChoice;
  /** KPI mode filters; empty = all. */
  kpiType: '' | AgreementType;
  kpiService: string;
  kpiParty: string;
}

export const DEFAULT_OPTIONS: SlaStatusOptions = {
  mode: 'target',
  source: 'registry',
  agreementId: '',
  mappings: [],
  objective: 99.9,
  window: 'month',
  rolling: '28d',
  timezone: '',
  slice: '',
  budgeting: 'auto',
  period: 'current',
  layout: 'auto',
  kpiType: '',
  kpiService: '',
  kpiParty: '',
};
