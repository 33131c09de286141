/**
 * What a breach report says, gathered once and rendered as Markdown or PDF: the breach, its
 * agreement and target, the monitor's report (impact, root cause, actions), the improvement
 * plans it links, and the breaches of the agreements underpinning it that overlap it in time.
 */
import type { Kysely } from 'kysely';
import { notFound } from '../../http/errors';
import type { Database } from '../../store/schema';
import { breaches } from '../breaches/repository';
import type { Breach } from '../breaches/schema';

/** A breach as this module reads it: the fields issue 7 adds may be absent on older records. */
export type ReportBreach = Breach &
  Partial<{
    severity: string;
    agreementType: string | null;
    service: string | null;
    provider: string | null;
    counterparty: string | null;
    assignee: string | null;
    coverage: number | null;
  }>;

export interface AgreementFacts {
  id: string;
  type: string;
  title: string;
  service: string;
  provider: string;
  counterparty: string;
  underpinnedBy: string[];
  targets: Array<{ id: string; name?: string; objective: number }>;
}

export interface RelatedBreach extends ReportBreach {
  /** The time both breaches were bad (bad intervals overlapping), or null when only their periods overlap. */
  overlap: Array<{ from: string; to: string }> | null;
}

export interface BreachReportModel {
  breach: ReportBreach;
  agreement: AgreementFacts | null;
  plans: Array<{ id: string; title: string; status: string; owner: string; dueDate: string | null }>;
  related: RelatedBreach[];
}

export interface PeriodReportModel {
  from: string;
  to: string;
  breaches: Array<{ breach: ReportBreach; agreement: AgreementFacts | null }>;
}

const any = (db: Kysely<Database>) => db as unknown as Kysely<any>;
const MAX_UNDERPINNING_DEPTH = 5;
const MAX_PERIOD_BREACHES = 2_000;

export async function agreementFacts(
  db: Kysely<Database>,
  orgId: number,
  ids: string[]
): Promise<Map<string, AgreementFacts>> {
  if (!ids.length) {
    return new Map();
  }
  const rows = await any(db)
    .selectFrom('agreements')
    .select(['id', 'type', 'title', 'service', 'provider', 'counterparty', 'underpinned_by', 'document'])
    .where('org_id', '=', orgId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        type: r.type,
        title: r.title,
        service: r.service,
        provider: r.provider,
        counterparty: r.counterparty,
        underpinnedBy: (r.underpinned_by as string[]) ?? [],
        targets: ((r.document as { spec?: { targets?: AgreementFacts['targets'] } })?.spec?.targets ?? []).map((t) => ({
          id: t.id,
          name: t.name,
          objective: t.objective,
        })),
      },
    ])
  );
}

export async function findBreach(db: Kysely<Database>, orgId: number, id: string): Promise<ReportBreach> {
  const row = await any(db)
    .selectFrom('breaches')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) {
    throw notFound(breaches.describe(id), { id });
  }
  return breaches.toApi(row);
}

/** Every agreement under `root` in the underpinning tree (OLAs, UCs, and theirs), without `root`. */
async function underpinningOf(db: Kysely<Database>, orgId: number, root: string): Promise<string[]> {
  const seen = new Set([root]);
  let frontier = [root];
  for (let depth = 0; depth < MAX_UNDERPINNING_DEPTH && frontier.length; depth++) {
    const facts = await agreementFacts(db, orgId, frontier);
    frontier = [...facts.values()].flatMap((a) => a.underpinnedBy).filter((id) => !seen.has(id));
    frontier.forEach((id) => seen.add(id));
  }
  seen.delete(root);
  return [...seen];
}

const ms = (iso: string) => Date.parse(iso);

function overlaps(a: Array<{ from: string; to: string }>, b: Array<{ from: string; to: string }>) {
  const out: Array<{ from: string; to: string }> = [];
  for (const x of a) {
    for (const y of b) {
      const from = Math.max(ms(x.from), ms(y.from));
      const to = Math.min(ms(x.to), ms(y.to));
      if (from < to) {
        out.push({ from: new Date(from).toISOString(), to: new Date(to).toISOString() });
      }
    }
  }
  return out.sort((p, q) => ms(p.from) - ms(q.from));
}

/**
 * Breaches of the agreements underpinning the breach's agreement that overlap it in time: their
 * bad intervals overlap when both have some, else their periods overlap.
 */
export async function relatedBreaches(
  db: Kysely<Database>,
  orgId: number,
  breach: ReportBreach
): Promise<RelatedBreach[]> {
  const underpinning = await underpinningOf(db, orgId, breach.agreementId);
  if (!underpinning.length) {
    return [];
  }
  const rows = await any(db)
    .selectFrom('breaches')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('agreement_id', 'in', underpinning)
    .where('period_from', '<', breach.period.to)
    .where('period_to', '>', breach.period.from)
    .orderBy('period_from')
    .orderBy('agreement_id')
    .orderBy('target_id')
    .execute();
  const related: RelatedBreach[] = [];
  for (const candidate of rows.map((r) => breaches.toApi(r) as ReportBreach)) {
    if (breach.badIntervals.length && candidate.badIntervals.length) {
      const overlap = overlaps(breach.badIntervals, candidate.badIntervals);
      if (overlap.length) {
        related.push({ ...candidate, overlap });
      }
    } else {
      related.push({ ...candidate, overlap: null });
    }
  }
  return related;
}

export async function breachReportModel(db: Kysely<Database>, orgId: number, id: string): Promise<BreachReportModel> {
  const breach = await findBreach(db, orgId, id);
  const [facts, related, plans] = await Promise.all([
    agreementFacts(db, orgId, [breach.agreementId]),
    relatedBreaches(db, orgId, breach),
    breach.improvementPlanIds.length
      ? any(db)
          .selectFrom('plans')
          .select(['id', 'title', 'status', 'owner', 'due_date'])
          .where('org_id', '=', orgId)
          .where('id', 'in', breach.improvementPlanIds)
          .orderBy('id')
          .execute()
      : Promise.resolve([]),
  ]);
  return {
    breach,
    agreement: facts.get(breach.agreementId) ?? null,
    plans: plans.map((p) => ({ id: p.id, title: p.title, status: p.status, owner: p.owner, dueDate: p.due_date })),
    related,
  };
}

/** Breaches whose period overlaps the days from..to (UTC, both included), oldest first. */
export async function periodReportModel(
  db: Kysely<Database>,
  orgId: number,
  from: string,
  to: string
): Promise<PeriodReportModel> {
  const start = new Date(`${from}T00:00:00Z`);
  const end = new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000);
  const rows = await any(db)
    .selectFrom('breaches')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('period_from', '<', end.toISOString())
    .where('period_to', '>', start.toISOString())
    .orderBy('period_from')
    .orderBy('agreement_id')
    .orderBy('target_id')
    .limit(MAX_PERIOD_BREACHES)
    .execute();
  const list = rows.map((r) => breaches.toApi(r) as ReportBreach);
  const facts = await agreementFacts(
    db,
    orgId,
    list.map((b) => b.agreementId)
  );
  return { from, to, breaches: list.map((breach) => ({ breach, agreement: facts.get(breach.agreementId) ?? null })) };
}
