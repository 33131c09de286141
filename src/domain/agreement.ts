/** Agreement types, inferred from the schemas so the two can never drift apart. */
import type { z } from 'zod';
import type {
  AgreementSchema,
  MaintenanceSchema,
  QuerySchema,
  ServiceHoursSchema,
  SliSchema,
  SpecSchema,
  TargetSchema,
  WindowSchema,
} from './schema';

/** A validated agreement, with defaults applied (noData, minCoverage). */
export type Agreement = z.output<typeof AgreementSchema>;
/** An agreement as written in YAML, before defaults. */
export type AgreementInput = z.input<typeof AgreementSchema>;
export type AgreementSpec = z.output<typeof SpecSchema>;
export type Target = z.output<typeof TargetSchema>;
export type Sli = z.output<typeof SliSchema>;
export type Query = z.output<typeof QuerySchema>;
export type Window = z.output<typeof WindowSchema>;
export type ServiceHours = z.output<typeof ServiceHoursSchema>;
export type Maintenance = z.output<typeof MaintenanceSchema>;

export type AgreementType = Agreement['spec']['type'];
export type Budgeting = 'occurrences' | 'timeslices';
export type NoDataMode = 'ignore' | 'bad' | 'good';
export type ThresholdOp = 'lt' | 'lte' | 'gt' | 'gte';
export type TargetState = 'met' | 'at_risk' | 'breached' | 'no_data';
export type AgreementState = TargetState;

export const AGREEMENT_TYPES: readonly AgreementType[] = ['SLA', 'OLA', 'UC'];

/** Budgeting when the YAML leaves it out: events for ratios, time slices for thresholds. */
export function budgetingOf(target: Target): Budgeting {
  return target.budgeting ?? (target.sli.ratio ? 'occurrences' : 'timeslices');
}

/** The refIds a target's queries use in a `/api/ds/query` request and response. */
export function refIdsOf(target: Target): string[] {
  return target.sli.ratio ? [`${target.id}/good`, `${target.id}/total`] : [`${target.id}/value`];
}
