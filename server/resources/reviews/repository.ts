import type { Kysely, Transaction } from 'kysely';
import { ApiError, notFound } from '../../http/errors';
import type { Database } from '../../store/schema';
import {
  deleteRecord,
  getRecord,
  insertRecord,
  json,
  likePattern,
  lockRecord,
  metaOf,
  newId,
  type Page,
  pageOf,
  type RecordTable,
  scoped,
  updateRecord,
} from '../shared';
import { buildReviewReport, generatedReport, meetingOf } from './report';
import type { Review, ReviewDashboardRef, ReviewInput, ReviewListQuery } from './schema';

export const reviews: RecordTable<Review> = {
  table: 'reviews',
  idColumn: 'id',
  resource: 'review',
  describe: (id) => `review "${id}"`,
  toApi: (row): Review => ({
    id: row.id,
    title: row.title,
    scope: row.scope,
    period: { from: row.period_from, to: row.period_to },
    meetingDate: row.meeting_date === null ? null : row.meeting_date.toISOString(),
    participants: row.participants,
    minutes: row.minutes,
    decisions: row.decisions,
    actionItems: row.action_items,
    status: row.status,
    report: row.report,
    dashboard: row.dashboard ?? null,
    ...metaOf(row),
  }),
};

type Writer = { orgId: number; user: string };
type Content = Omit<ReviewInput, 'id'>;

const columns = (input: Content) => ({
  title: input.title,
  scope: json(input.scope),
  period_from: input.period.from,
  period_to: input.period.to,
  meeting_date: input.meetingDate === null ? null : new Date(input.meetingDate).toISOString(),
  participants: json(input.participants),
  minutes: input.minutes,
  decisions: json(input.decisions),
  action_items: json(input.actionItems),
  status: input.status,
  report: input.report === null ? null : json(input.report),
});

export async function listReviews(db: Kysely<Database>, orgId: number, query: ReviewListQuery): Promise<Page<Review>> {
  let base = scoped(db, 'reviews', orgId);
  if (query.q) {
    const pattern = likePattern(query.q);
    base = base.where((eb) => eb.or([eb('id', 'ilike', pattern), eb('title', 'ilike', pattern), eb('minutes', 'ilike', pattern)]));
  }
  if (query.status) {
    base = base.where('status', '=', query.status);
  }
  return pageOf(base, reviews, query, [['period_from', 'desc'], 'id']);
}

export const getReview = (db: Kysely<Database>, orgId: number, id: string) => getRecord(db, reviews, orgId, id);

export function createReview(trx: Transaction<Database>, writer: Writer, input: ReviewInput): Promise<Review> {
  const { id = newId(), ...content } = input;
  return insertRecord(trx, reviews, writer, id, columns(content));
}

/** A closed review is the record of what was decided: it never changes again. */
function refuseClosed(review: Review, what: string): void {
  if (review.status === 'closed') {
    throw new ApiError(409, 'conflict', `review "${review.id}" is closed and cannot be ${what}`, { reason: 'closed', id: review.id });
  }
}

/**
 * The report is the engine's: a replace without one keeps the stored report. Closing freezes it:
 * generated now when there is none, else its meeting part (minutes, decisions, action items)
 * takes the final text while its figures stay those the meeting discussed.
 */
export async function replaceReview(trx: Transaction<Database>, writer: Writer, id: string, version: number, input: Content): Promise<Review> {
  const before = await lockRecord(trx, reviews, writer.orgId, id, version);
  refuseClosed(before, 'changed');
  const closing = input.status === 'closed';
  let report = input.report ?? before.report;
  if (closing) {
    const merged: Review = { ...before, ...input, id, meetingDate: input.meetingDate === null ? null : new Date(input.meetingDate).toISOString(), report };
    const generated = generatedReport(report);
    report = generated
      ? { ...generated, meeting: meetingOf(merged) }
      : (report ?? (await buildReviewReport(trx, merged, { orgId: writer.orgId, user: writer.user, now: new Date() })));
  }
  return updateRecord(trx, reviews, writer, id, before, columns({ ...input, report }), closing ? 'close' : 'update');
}

/** Generates the period report from the monitoring history now and stores it; refused once the review is closed. */
export async function generateReport(trx: Transaction<Database>, writer: Writer, id: string, version: number): Promise<Review> {
  const before = await lockRecord(trx, reviews, writer.orgId, id, version);
  refuseClosed(before, 'regenerated: its report is frozen');
  const report = await buildReviewReport(trx, before, { orgId: writer.orgId, user: writer.user, now: new Date() });
  return updateRecord(trx, reviews, writer, id, before, { report: json(report) }, 'report');
}

/**
 * Remembers where the review's dashboard was published. Allowed on a closed review too: only the
 * dashboard field changes (and the version, as for every write), never its report.
 */
export async function recordDashboard(trx: Transaction<Database>, writer: Writer, id: string, dashboard: ReviewDashboardRef): Promise<Review> {
  const row = await (trx as unknown as Kysely<any>)
    .selectFrom('reviews')
    .selectAll()
    .where('org_id', '=', writer.orgId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) {
    throw notFound(reviews.describe(id), { id });
  }
  return updateRecord(trx, reviews, writer, id, reviews.toApi(row), { dashboard: json(dashboard) }, 'dashboard');
}

export async function deleteReview(trx: Transaction<Database>, writer: Writer, id: string, version: number): Promise<void> {
  const before = await lockRecord(trx, reviews, writer.orgId, id, version);
  refuseClosed(before, 'deleted');
  await deleteRecord(trx, reviews, writer, id, before);
}
