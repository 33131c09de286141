/**
 * Review scheduling from the agreements' review cadence (spec.review.cadence): for every active
 * agreement with one, the cadence period that ended last (in the agreement's time zone) is due
 * for review. Agreements of one service with the same cadence share a review; its id is derived
 * from the service and the period, so scheduling twice creates nothing new — also when two
 * engines schedule at the same moment: the insert is ON CONFLICT DO NOTHING on the primary key,
 * so the second waits for the first to commit and then reports the review as existing.
 */
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { DateTime } from 'luxon';
import { calendarPeriod } from '../../../src/domain';
import { ApiError } from '../../http/errors';
import type { Database } from '../../store/schema';
import { findRecord } from '../shared';
import { loadAgreements } from './history';
import { createReview, reviews } from './repository';

type Cadence = 'month' | 'quarter';

interface DueReview {
  id: string;
  title: string;
  period: { from: string; to: string };
  agreements: string[];
  participants: string[];
}

const CADENCE_TITLE: Record<Cadence, string> = { month: 'Monthly', quarter: 'Quarterly' };

function labelOf(cadence: Cadence, start: DateTime): string {
  return cadence === 'month' ? start.toFormat('yyyy-MM') : `${start.year}-Q${start.quarter}`;
}

/** A review id from its service and period; hashed when the service key would make it too long for an id. */
function reviewIdOf(service: string, label: string): string {
  const id = `REV-${service}-${label}`;
  return id.length <= 100 ? id : `REV-${createHash('sha256').update(service).digest('hex').slice(0, 16)}-${label}`;
}

/** The reviews due as of `asOf`, one per service, cadence and period. */
export async function dueReviews(db: Kysely<Database>, orgId: number, asOf: number): Promise<DueReview[]> {
  const active = await (db as unknown as Kysely<any>)
    .selectFrom('agreements')
    .select('id')
    .where('org_id', '=', orgId)
    .where('state', '=', 'active')
    .orderBy('id')
    .execute();
  const infos = await loadAgreements(db, orgId, active.map((r: { id: string }) => r.id));
  const due = new Map<string, DueReview>();
  for (const info of [...infos.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const review = info.document.spec.review;
    if (!review) {
      continue;
    }
    const zone = info.document.spec.timezone;
    const current = calendarPeriod(review.cadence, zone, asOf);
    const last = calendarPeriod(review.cadence, zone, current.from - 1);
    const start = DateTime.fromMillis(last.from, { zone });
    const label = labelOf(review.cadence, start);
    const id = reviewIdOf(info.service, label);
    const entry = due.get(id) ?? {
      id,
      title: `${CADENCE_TITLE[review.cadence]} service level review — ${info.service} — ${label}`,
      period: { from: start.toISODate()!, to: DateTime.fromMillis(last.to, { zone }).minus({ days: 1 }).toISODate()! },
      agreements: [],
      participants: [],
    };
    entry.agreements.push(info.id);
    for (const p of review.participants ?? []) {
      if (!entry.participants.includes(p)) {
        entry.participants.push(p);
      }
    }
    due.set(id, entry);
  }
  return [...due.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Another transaction (engine) created the same review since we looked: nothing was written, no SQL error raised. */
function createdMeanwhile(err: unknown): null {
  if (err instanceof ApiError && err.status === 409 && err.code === 'conflict') {
    return null;
  }
  throw err;
}

export async function scheduleReviews(
  trx: Transaction<Database>,
  writer: { orgId: number; user: string },
  asOf: number
): Promise<{ created: string[]; existing: string[] }> {
  const created: string[] = [];
  const existing: string[] = [];
  for (const d of await dueReviews(trx, writer.orgId, asOf)) {
    if (await findRecord(trx, reviews, writer.orgId, d.id)) {
      existing.push(d.id);
      continue;
    }
    const made = await createReview(trx, writer, {
      id: d.id,
      title: d.title,
      scope: { services: [], parties: [], agreements: d.agreements },
      period: d.period,
      meetingDate: null,
      participants: d.participants,
      minutes: '',
      decisions: [],
      actionItems: [],
      status: 'scheduled',
      report: null,
    }).catch(createdMeanwhile);
    (made ? created : existing).push(d.id);
  }
  return { created, existing };
}
