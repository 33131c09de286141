/**
 * "Save the mapping back": the mapped queries become the SLI queries of the agreement's targets.
 * The expression is the one Grafana executed (frame meta `executedQueryString`, variables
 * already interpolated, which the engine could not do) or, failing that, the query the panel
 * last ran; the datasource is the query's when known, else the target keeps its own.
 */
import type { Query } from '../../domain';
import type { TargetMapping } from '../../api/agreements';
import type { QueryMapping } from './types';

export interface KnownQuery {
  datasource?: string;
  expr?: string;
}

/** Queries by refId as the panel last ran them (published by the panel, read by the options editor). */
export const lastPanelQueries = new Map<string, KnownQuery>();

interface FrameMeta {
  refId?: string;
  meta?: { executedQueryString?: string };
}

/** `Expr: sum(rate(x[5m]))\nStep: 1m` → `sum(rate(x[5m]))`. */
export function executedExpr(frames: readonly FrameMeta[], refId: string): string | undefined {
  for (const f of frames) {
    const text = f.refId === refId ? f.meta?.executedQueryString : undefined;
    const m = text ? /^Expr:\s*(.+)$/m.exec(text) : null;
    if (m) {
      return m[1].trim();
    }
  }
  return undefined;
}

export class MappingSaveError extends Error {}

/** Target mappings to save; throws MappingSaveError naming a query whose expression is unknown. */
export function targetMappings(
  rows: QueryMapping[],
  frames: readonly FrameMeta[],
  known: Map<string, KnownQuery>,
  datasourceOf: (targetId: string, role: string) => string | undefined
): TargetMapping[] {
  const byTarget = new Map<string, TargetMapping>();
  for (const row of rows) {
    const expr = executedExpr(frames, row.refId) ?? known.get(row.refId)?.expr;
    if (!expr) {
      throw new MappingSaveError(row.refId);
    }
    const datasource = known.get(row.refId)?.datasource ?? datasourceOf(row.target, row.role) ?? 'prometheus';
    const query: Query = { datasource, expr };
    const m = byTarget.get(row.target) ?? { targetId: row.target };
    m[row.role] = query;
    if (row.role === 'value') {
      m.op = row.op;
      m.threshold = row.threshold;
    }
    byTarget.set(row.target, m);
  }
  return [...byTarget.values()];
}
