/**
 * KPI mode computes the process KPIs (DESIGN §5.8) itself, with the shared evaluator: for each
 * active agreement, its document from the registry, its targets' SLI queries run through
 * Grafana's query API over the agreement's current period, `evaluateResponse`, then
 * `computeKpis` over the results. A few agreements are evaluated at a time, yielding to the
 * browser between them; an agreement whose document or queries fail counts as not monitored,
 * with the reason kept for the tooltip.
 */
import { getAgreementDocument, type AgreementListItem } from '../../api/agreements';
import { toEngineError } from '../../api/engineClient';
import { DsQueryError, queryRange, type RangeQuery } from '../../api/dsQuery';
import {
  computeKpis,
  currentPeriod,
  durationMs,
  evaluateResponse,
  FrameError,
  type Agreement,
  type AgreementState,
  type AgreementType,
  type Kpis,
  type TargetState,
} from '../../domain';
import { yieldToBrowser } from './useModel';

/** Why an agreement is not monitored. */
export type NotMonitoredReason =
  | { kind: 'no_data'; targets: Array<{ id: string; coverage: number | null; minCoverage: number }> }
  | { kind: 'query'; detail: string }
  | { kind: 'registry'; detail: string };

export interface AgreementKpi {
  id: string;
  type: AgreementType;
  title: string;
  state: AgreementState;
  targets: Array<{ id: string; state: TargetState }>;
  /** Set when the agreement is not monitored. */
  reason?: NotMonitoredReason;
}

/** The SLI queries of every target, refIds `<target>/good|total|value`, at the target's slice. */
export function sliQueries(agreement: Agreement): RangeQuery[] {
  return agreement.spec.targets.flatMap((t) => {
    const intervalMs = durationMs(t.slice);
    const q = (role: string, query: { datasource: string; expr: string }) => ({
      refId: `${t.id}/${role}`,
      datasource: query.datasource,
      expr: query.expr,
      intervalMs,
    });
    return t.sli.ratio ? [q('good', t.sli.ratio.good), q('total', t.sli.ratio.total)] : [q('value', t.sli.threshold!.query)];
  });
}

function notMonitored(item: AgreementListItem, reason: NotMonitoredReason): AgreementKpi {
  return { id: item.id, type: item.type, title: item.title, state: 'no_data', targets: [{ id: '', state: 'no_data' }], reason };
}

/** One agreement evaluated at `at` over its current period. Never throws: failures become reasons. */
export async function evaluateForKpi(item: AgreementListItem, at: number): Promise<AgreementKpi> {
  let agreement: Agreement;
  try {
    agreement = (await getAgreementDocument(item.id)).agreement;
  } catch (e) {
    return notMonitored(item, { kind: 'registry', detail: toEngineError(e).message });
  }
  try {
    const period = currentPeriod(agreement.spec.window, agreement.spec.timezone, at);
    const response = await queryRange(sliQueries(agreement), { from: period.from, to: at });
    // A query without any series is no data (the target is then not monitored), not an error.
    const evaluation = evaluateResponse(agreement, response, { at, period, allowEmpty: true });
    const targets = evaluation.targets.map((t) => ({ id: t.id, state: t.state }));
    const noData = evaluation.targets.filter((t) => t.state === 'no_data');
    const result: AgreementKpi = { id: item.id, type: agreement.spec.type, title: agreement.metadata.title, state: evaluation.state, targets };
    if (noData.length > 0) {
      result.reason = {
        kind: 'no_data',
        targets: noData.map((t) => ({ id: t.id, coverage: t.coverage, minCoverage: agreement.spec.minCoverage ?? 0 })),
      };
    }
    return result;
  } catch (e) {
    const detail = e instanceof FrameError || e instanceof DsQueryError || e instanceof Error ? e.message : String(e);
    return notMonitored(item, { kind: 'query', detail });
  }
}

export interface KpiProgress {
  /** Agreements evaluated so far, in list order of completion. */
  done: AgreementKpi[];
  count: number;
  kpis: Kpis;
}

/**
 * Evaluates the agreements `concurrency` at a time; `onProgress` after each one. Stops early
 * (resolving with what is done) when `cancelled()` turns true.
 */
export async function evaluateAll(
  items: AgreementListItem[],
  at: number,
  opts: { concurrency?: number; onProgress?: (p: KpiProgress) => void; cancelled?: () => boolean } = {}
): Promise<KpiProgress> {
  const done: AgreementKpi[] = [];
  const progress = (): KpiProgress => ({ done: [...done], count: items.length, kpis: computeKpis(done) });
  let next = 0;
  const worker = async () => {
    while (next < items.length && !opts.cancelled?.()) {
      const item = items[next++];
      const result = await evaluateForKpi(item, at);
      // The evaluation ran synchronously; hand the main thread back before the next one.
      await yieldToBrowser();
      if (opts.cancelled?.()) {
        return;
      }
      done.push(result);
      opts.onProgress?.(progress());
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 4, items.length)) }, worker));
  return progress();
}
