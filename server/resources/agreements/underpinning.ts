/**
 * Underpinning: an SLA relies on OLAs and UCs, an OLA on OLAs and UCs, a UC on nothing. The
 * links must point at existing agreements of the right type and never form a cycle; the
 * consistency check reports where an underpinning target is weaker than the target it supports.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import { parseDuration, type Agreement, type Target, type Window } from '../../../src/domain';
import { ApiError } from '../../http/errors';
import type { Database } from '../../store/schema';

export const MAY_UNDERPIN: Record<Agreement['spec']['type'], ReadonlyArray<Agreement['spec']['type']>> = {
  SLA: ['OLA', 'UC'],
  OLA: ['OLA', 'UC'],
  UC: [],
};

export interface Issue {
  path: string;
  code: string;
  message: string;
}

export function referenceError(issues: Issue[]): ApiError {
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return new ApiError(400, 'validation_failed', `invalid agreement: ${summary}`, { issues });
}

/**
 * Checks the underpinnedBy list of agreement `id` (of `type`). Serialised per organisation with an
 * advisory lock, so two concurrent writes cannot each add half of a cycle.
 */
export async function checkUnderpinning(
  trx: Transaction<Database>,
  orgId: number,
  id: string,
  type: Agreement['spec']['type'],
  links: string[]
): Promise<void> {
  if (links.length === 0) {
    return;
  }
  const issues: Issue[] = [];
  const at = (i: number) => `spec.underpinnedBy[${i}]`;
  if (MAY_UNDERPIN[type].length === 0) {
    throw referenceError([
      {
        path: 'spec.underpinnedBy',
        code: 'wrong_type',
        message: `a ${type} cannot be underpinned by other agreements`,
      },
    ]);
  }
  await sql`select pg_advisory_xact_lock(${orgId}::int, 7031)`.execute(trx);
  const rows = await trx
    .selectFrom('agreements')
    .select(['id', 'type'])
    .where('org_id', '=', orgId)
    .where('id', 'in', links)
    .execute();
  const types = new Map(rows.map((r) => [r.id, r.type]));
  links.forEach((link, i) => {
    if (links.indexOf(link) !== i) {
      issues.push({ path: at(i), code: 'duplicate', message: `lists "${link}" twice` });
    } else if (link === id) {
      issues.push({ path: at(i), code: 'cycle', message: `an agreement cannot underpin itself (${id} → ${id})` });
    } else if (!types.has(link)) {
      issues.push({ path: at(i), code: 'invalid_reference', message: `no agreement "${link}" in this organisation` });
    } else if (!MAY_UNDERPIN[type].includes(types.get(link)!)) {
      issues.push({
        path: at(i),
        code: 'wrong_type',
        message: `"${link}" is a ${types.get(link)}; a ${type} may only be underpinned by ${MAY_UNDERPIN[type].join(' or ')}s`,
      });
    }
  });
  if (issues.length === 0) {
    issues.push(...(await findCycles(trx, orgId, id, links)));
  }
  if (issues.length) {
    throw referenceError(issues);
  }
}

/** Follows underpinnedBy from each link; a walk that comes back to `id` is a cycle. */
async function findCycles(db: Kysely<Database>, orgId: number, id: string, links: string[]): Promise<Issue[]> {
  const issues: Issue[] = [];
  for (const [i, start] of links.entries()) {
    const parent = new Map<string, string>([[start, id]]);
    let frontier = [start];
    while (frontier.length && issues.length === 0) {
      const rows = await db
        .selectFrom('agreements')
        .select(['id', 'underpinned_by'])
        .where('org_id', '=', orgId)
        .where('id', 'in', frontier)
        .execute();
      const next: string[] = [];
      for (const row of rows) {
        for (const child of row.underpinned_by as string[]) {
          if (child === id) {
            const chain = [id];
            for (let n: string | undefined = row.id; n !== undefined && n !== id; n = parent.get(n)) {
              chain.splice(1, 0, n);
            }
            issues.push({
              path: `spec.underpinnedBy[${i}]`,
              code: 'cycle',
              message: `would make a cycle: ${[...chain, id].join(' → ')}`,
            });
          } else if (!parent.has(child)) {
            parent.set(child, row.id);
            next.push(child);
          }
        }
      }
      frontier = next;
    }
  }
  return issues;
}

export interface ConsistencyWarning {
  kind: 'objective' | 'window' | 'threshold' | 'state';
  target: string;
  underpinning: { agreement: string; type: string; target: string | null };
  message: string;
  supported: unknown;
  underpinningValue: unknown;
}

const APPROX_DAYS = { week: 7, month: 30, quarter: 91 } as const;

/** Compliance window length in days (calendar months and quarters approximated). */
export function windowDays(w: Window): number {
  if (w.calendar) {
    return APPROX_DAYS[w.calendar];
  }
  return (parseDuration(w.rolling ?? '') ?? 0) / 86_400_000;
}

const windowText = (w: Window) => (w.calendar ? `calendar ${w.calendar}` : `rolling ${w.rolling}`);

type SliKind = 'ratio' | 'threshold-upper' | 'threshold-lower';
function sliKind(t: Target): SliKind {
  if (t.sli.ratio) {
    return 'ratio';
  }
  return t.sli.threshold!.op.startsWith('l') ? 'threshold-upper' : 'threshold-lower';
}

/** The targets of `under` that support target `t`: the same id, else the same SLI kind. */
function supporting(t: Target, under: Agreement): Target[] {
  const same = under.spec.targets.filter((u) => u.id === t.id);
  return same.length ? same : under.spec.targets.filter((u) => sliKind(u) === sliKind(t));
}

/** Where an underpinning agreement promises less than the agreement it underpins. */
export function consistencyWarnings(agreement: Agreement, underpinning: Agreement[]): ConsistencyWarning[] {
  const warnings: ConsistencyWarning[] = [];
  for (const under of underpinning) {
    const ref = (target: string | null) => ({ agreement: under.metadata.id, type: under.spec.type, target });
    if (windowDays(under.spec.window) > windowDays(agreement.spec.window)) {
      warnings.push({
        kind: 'window',
        target: '*',
        underpinning: ref(null),
        message:
          `${under.metadata.id} measures over a ${windowText(under.spec.window)} window, longer than the ` +
          `${windowText(agreement.spec.window)} window of ${agreement.metadata.id}: an outage it tolerates can breach ${agreement.metadata.id}`,
        supported: agreement.spec.window,
        underpinningValue: under.spec.window,
      });
    }
    for (const t of agreement.spec.targets) {
      for (const u of supporting(t, under)) {
        if (u.objective < t.objective) {
          warnings.push({
            kind: 'objective',
            target: t.id,
            underpinning: ref(u.id),
            message: `${under.metadata.id} target "${u.id}" promises ${u.objective} %, less than the ${t.objective} % of ${agreement.metadata.id} target "${t.id}" it supports`,
            supported: t.objective,
            underpinningValue: u.objective,
          });
        }
        const [a, b] = [t.sli.threshold, u.sli.threshold];
        if (a && b && sliKind(t) === sliKind(u)) {
          const looser = sliKind(t) === 'threshold-upper' ? b.value > a.value : b.value < a.value;
          if (looser) {
            warnings.push({
              kind: 'threshold',
              target: t.id,
              underpinning: ref(u.id),
              message: `${under.metadata.id} target "${u.id}" allows ${b.op} ${b.value}, looser than ${a.op} ${a.value} of ${agreement.metadata.id} target "${t.id}"`,
              supported: a,
              underpinningValue: b,
            });
          }
        }
      }
    }
  }
  return warnings;
}

/**
 * Where an agreement that is in force, or about to be (awaiting signatures), relies on an
 * OLA/UC that is not in force: its promises are then backed by nothing (a draft can still change).
 */
export function stateWarnings(
  agreement: Agreement,
  binding: boolean,
  underpinning: Array<{ document: Agreement; state: string }>
): ConsistencyWarning[] {
  if (!binding) {
    return [];
  }
  return underpinning
    .filter((u) => u.state !== 'active')
    .map(({ document: under, state }) => ({
      kind: 'state' as const,
      target: '*',
      underpinning: { agreement: under.metadata.id, type: under.spec.type, target: null },
      message: `underpinning agreement ${under.metadata.id} is not active (${state.replace(/_/g, ' ')}): ${agreement.metadata.id} relies on promises that are not in force`,
      supported: 'active',
      underpinningValue: state,
    }));
}
