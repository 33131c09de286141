import { engineFetch, writeWithVersion } from './engineClient';
import type { Party } from './agreements';

/** A customer contract, as the engine stores it (server/resources/contracts/schema.ts). */
export interface Contract {
  ref: string;
  customer: string;
  title: string;
  signedDate: string | null;
  term: { from: string; to: string | null };
  documentUrl: string | null;
  notes: string;
  version: number;
  createdAt?: string;
  updatedAt?: string;
  updatedBy?: string;
}

export type ContractInput = Omit<Contract, 'version' | 'createdAt' | 'updatedAt' | 'updatedBy'>;

export const METRIC_KINDS = ['availability', 'latency', 'response_time', 'error_rate', 'throughput', 'other'] as const;
export type MetricKind = (typeof METRIC_KINDS)[number];

export interface SliQuery {
  datasource: string;
  expr: string;
}

/** Same shape as an agreement target's sli (DESIGN §4). */
export interface RequirementSli {
  ratio?: { good: SliQuery; total: SliQuery };
  threshold?: { query: SliQuery; op: 'lt' | 'lte' | 'gt' | 'gte'; value: number };
}

/** Result of a gap analysis, computed here with the shared evaluator and stored by the engine. */
export interface GapAnalysis {
  evaluatedAt: string;
  days: number;
  compliance: number | null;
  met: boolean | null;
  coverage: number;
  badIntervals: Array<{ from: string; to: string }>;
}

export interface Requirement {
  id: string;
  contractRef: string;
  serviceKey: string;
  metric: MetricKind;
  objective: number;
  description: string;
  sli: RequirementSli | null;
  slice: string | null;
  window: { calendar?: 'week' | 'month' | 'quarter'; rolling?: string };
  gapAnalysis: GapAnalysis | null;
  version: number;
  createdAt?: string;
  updatedAt?: string;
  updatedBy?: string;
}

export interface RequirementInput {
  id?: string;
  serviceKey: string;
  metric: MetricKind;
  objective: number;
  description?: string;
  sli?: RequirementSli | null;
  slice?: string | null;
  /** Sent on replace so a full replacement keeps the stored window (the form does not edit it). */
  window?: Requirement['window'];
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

const enc = encodeURIComponent;

export function listContracts(query: { q?: string; limit?: number; offset?: number } = {}): Promise<Page<Contract>> {
  const params: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') {
      params[key] = value;
    }
  }
  return engineFetch<Page<Contract>>({ path: '/contracts', params });
}

export const getContract = (ref: string) => engineFetch<Contract>({ path: `/contracts/${enc(ref)}` });

export const createContract = (input: ContractInput) =>
  engineFetch<Contract>({ method: 'POST', path: '/contracts', body: input });

/** How many requirements a contract has: the total of a one-item page. */
export async function countRequirements(ref: string): Promise<number> {
  const page = await engineFetch<Page<Requirement>>({ path: '/requirements', params: { contract: ref, limit: 1 } });
  return page.total;
}

export const listContractRequirements = (ref: string) =>
  engineFetch<Page<Requirement>>({ path: `/contracts/${enc(ref)}/requirements`, params: { limit: 500 } });

export const createRequirement = (ref: string, input: RequirementInput) =>
  engineFetch<Requirement>({ method: 'POST', path: `/contracts/${enc(ref)}/requirements`, body: input });

const contractPath = (ref: string) => `/contracts/${enc(ref)}`;
const requirementPath = (ref: string, id: string) => `${contractPath(ref)}/requirements/${enc(id)}`;

/** PUT /contracts/:ref with If-Match; stale → StaleVersionError<Contract> with the contract as it is now. */
export function replaceContract(ref: string, input: Omit<ContractInput, 'ref'>, version: number): Promise<Contract> {
  return writeWithVersion(
    () => engineFetch<Contract>({ method: 'PUT', path: contractPath(ref), body: { ...input, ref }, ifMatch: version }),
    () => getContract(ref)
  );
}

/** DELETE /contracts/:ref with If-Match (its requirements go with it); stale → StaleVersionError<Contract>. */
export function deleteContract(ref: string, version: number): Promise<void> {
  return writeWithVersion(
    () => engineFetch<void>({ method: 'DELETE', path: contractPath(ref), ifMatch: version }),
    () => getContract(ref)
  );
}

export const getRequirement = (ref: string, id: string) => engineFetch<Requirement>({ path: requirementPath(ref, id) });

/** PUT /contracts/:ref/requirements/:id with If-Match; stale → StaleVersionError<Requirement>. */
export function replaceRequirement(
  ref: string,
  id: string,
  input: RequirementInput,
  version: number
): Promise<Requirement> {
  return writeWithVersion(
    () =>
      engineFetch<Requirement>({
        method: 'PUT',
        path: requirementPath(ref, id),
        body: { ...input, id },
        ifMatch: version,
      }),
    () => getRequirement(ref, id)
  );
}

/** DELETE /contracts/:ref/requirements/:id with If-Match; stale → StaleVersionError<Requirement>. */
export function deleteRequirement(ref: string, id: string, version: number): Promise<void> {
  return writeWithVersion(
    () => engineFetch<void>({ method: 'DELETE', path: requirementPath(ref, id), ifMatch: version }),
    () => getRequirement(ref, id)
  );
}

export const saveGapAnalysis = (
  requirement: Pick<Requirement, 'contractRef' | 'id' | 'version'>,
  analysis: GapAnalysis
) =>
  engineFetch<Requirement>({
    method: 'PUT',
    path: `/contracts/${enc(requirement.contractRef)}/requirements/${enc(requirement.id)}/gap-analysis`,
    body: analysis,
    ifMatch: requirement.version,
  });

export async function listCustomers(): Promise<Party[]> {
  const data = await engineFetch<Page<Party>>({ path: '/parties', params: { kind: 'customer', limit: 500 } });
  return data?.items ?? [];
}
