/**
 * The process outputs as documents: the service catalog (every service with its agreements) and
 * the agreements (each agreement's text in force: parties, hours, targets, credits), as blocks
 * for the breach reports' Markdown and PDF writers.
 */
import type { Kysely } from 'kysely';
import type { Agreement, Target } from '../../../src/domain';
import type { Database } from '../../store/schema';
import type { Block } from '../breachReports/render';
import { loadAgreements } from '../reviews/history';

/** More than this many agreements in one document set is cut, and the document says so. */
export const MAX_AGREEMENTS = 2_000;

const any = (db: Kysely<Database>) => db as unknown as Kysely<any>;
const pct = (v: number) => `${Number(v.toFixed(4))} %`;
const orNone = (list: string[]) => (list.length ? list.join(', ') : '—');
const hoursOf = (hours: Array<{ days: string[]; from: string; to: string }> | undefined) =>
  hours?.length ? hours.map((h) => `${h.days.join(' ')} ${h.from}–${h.to}`).join('; ') : '24x7';

interface AgreementRow {
  id: string;
  type: string;
  title: string;
  service: string;
  provider: string;
  counterparty: string;
  state: string;
  active_revision: number | null;
  revision: number;
}

async function agreementRows(db: Kysely<Database>, orgId: number): Promise<AgreementRow[]> {
  return any(db)
    .selectFrom('agreements')
    .select(['id', 'type', 'title', 'service', 'provider', 'counterparty', 'state', 'active_revision', 'revision'])
    .where('org_id', '=', orgId)
    .orderBy('type')
    .orderBy('id')
    .limit(MAX_AGREEMENTS + 1)
    .execute();
}

async function partyNames(db: Kysely<Database>, orgId: number): Promise<Map<string, string>> {
  const rows = await any(db).selectFrom('parties').select(['key', 'name']).where('org_id', '=', orgId).execute();
  return new Map(rows.map((r: { key: string; name: string }) => [r.key, r.name]));
}

const partyLabel = (names: Map<string, string>, key: string) => (names.has(key) && names.get(key) !== key ? `${names.get(key)} (${key})` : key);

export async function catalogBlocks(db: Kysely<Database>, orgId: number, now: Date): Promise<Block[]> {
  const [services, agreements, names] = await Promise.all([
    any(db).selectFrom('services').selectAll().where('org_id', '=', orgId).orderBy('key').execute(),
    agreementRows(db, orgId),
    partyNames(db, orgId),
  ]);
  const blocks: Block[] = [
    { kind: 'title', text: 'Service catalog' },
    { kind: 'paragraph', text: `${services.length} service${services.length === 1 ? '' : 's'}; generated ${now.toISOString().slice(0, 10)}.` },
  ];
  if (!services.length) {
    blocks.push({ kind: 'paragraph', text: 'The catalog is empty.' });
  }
  for (const s of services) {
    blocks.push(
      { kind: 'heading', text: `${s.name} (${s.key})` },
      {
        kind: 'fields',
        rows: [
          ['Lifecycle', s.lifecycle],
          ['Category', s.category || '—'],
          ['Owner team', s.owner_team ? partyLabel(names, s.owner_team) : '—'],
          ['Service hours', hoursOf(s.service_hours)],
          ['Depends on', orNone(s.dependencies)],
        ],
      }
    );
    if (s.description) {
      blocks.push({ kind: 'paragraph', text: s.description });
    }
    if (s.features.length) {
      blocks.push({ kind: 'paragraph', text: 'Features:' }, { kind: 'list', items: s.features });
    }
    if (s.usage_scenarios.length) {
      blocks.push({ kind: 'paragraph', text: 'Usage scenarios:' }, { kind: 'list', items: s.usage_scenarios });
    }
    const mine = agreements.filter((a) => a.service === s.key);
    blocks.push(
      mine.length
        ? {
            kind: 'table',
            header: ['Agreement', 'Title', 'Provider → counterparty', 'State'],
            rows: mine.map((a) => [`${a.type} ${a.id}`, a.title, `${partyLabel(names, a.provider)} → ${partyLabel(names, a.counterparty)}`, a.state]),
          }
        : { kind: 'paragraph', text: 'No agreement for this service.' }
    );
  }
  return blocks;
}

function sliOf(t: Target): string {
  if (t.sli.ratio) {
    return `ratio: good ${t.sli.ratio.good.expr} (${t.sli.ratio.good.datasource}) / total ${t.sli.ratio.total.expr} (${t.sli.ratio.total.datasource})`;
  }
  const th = t.sli.threshold!;
  return `threshold: ${th.query.expr} (${th.query.datasource}) ${th.op} ${th.value}`;
}

function agreementBlocks(row: AgreementRow, doc: Agreement, names: Map<string, string>): Block[] {
  const s = doc.spec;
  const blocks: Block[] = [
    { kind: 'heading', text: `${s.type} ${doc.metadata.id} — ${doc.metadata.title}` },
    {
      kind: 'fields',
      rows: [
        ['State', `${row.state}${row.active_revision ? ` (revision ${row.active_revision} in force)` : ` (revision ${row.revision}, not in force)`}`],
        ['Service', s.service],
        ['Provider', partyLabel(names, s.provider)],
        ['Counterparty', partyLabel(names, s.counterparty)],
        ['Effective', s.effective ? `${s.effective.from} – ${s.effective.to ?? 'open-ended'}` : '—'],
        ['Window', `${s.window.calendar ?? `rolling ${s.window.rolling}`} (${s.timezone})`],
        ['Service hours', hoursOf(s.serviceHours)],
        ['Holidays', orNone(s.holidays ?? [])],
        ['Maintenance', s.maintenance?.length ? s.maintenance.map((m) => `${m.from} – ${m.to}${m.reason ? ` (${m.reason})` : ''}`).join('; ') : '—'],
        ['Missing data', `${s.noData}; minimum coverage ${pct(s.minCoverage)}`],
        ['Underpinned by', orNone(s.underpinnedBy ?? [])],
        ['Review', s.review ? `${s.review.cadence}${s.review.participants?.length ? ` with ${s.review.participants.join(', ')}` : ''}` : '—'],
      ],
    },
  ];
  if (doc.metadata.description) {
    blocks.push({ kind: 'paragraph', text: doc.metadata.description });
  }
  blocks.push({
    kind: 'table',
    header: ['Target', 'Objective', 'Warning', 'Slice', 'Budgeting', 'SLI'],
    rows: s.targets.map((t) => [t.name ? `${t.id} (${t.name})` : t.id, pct(t.objective), t.warning !== undefined ? pct(t.warning) : '—', t.slice, t.budgeting ?? (t.sli.ratio ? 'occurrences' : 'timeslices'), sliOf(t)]),
  });
  const credited = s.targets.filter((t) => t.serviceCredits?.length);
  if (credited.length) {
    blocks.push({
      kind: 'list',
      items: credited.map((t) => `Service credits, ${t.id}: ${t.serviceCredits!.map((c) => `below ${pct(c.below)} → ${pct(c.credit)}`).join('; ')}`),
    });
  }
  return blocks;
}

export async function agreementsBlocks(db: Kysely<Database>, orgId: number, now: Date): Promise<Block[]> {
  const [rows, names] = await Promise.all([agreementRows(db, orgId), partyNames(db, orgId)]);
  const cut = rows.length > MAX_AGREEMENTS;
  const listed = rows.slice(0, MAX_AGREEMENTS);
  const docs = await loadAgreements(db, orgId, listed.map((r) => r.id));
  const counts = ['SLA', 'OLA', 'UC'].map((t) => `${listed.filter((r) => r.type === t).length} ${t}`).join(', ');
  const blocks: Block[] = [
    { kind: 'title', text: 'Service level agreements' },
    { kind: 'paragraph', text: `${counts}; generated ${now.toISOString().slice(0, 10)}. Each agreement as in force (or, not yet in force, its latest revision).` },
  ];
  if (cut) {
    blocks.push({ kind: 'paragraph', text: `Only the first ${MAX_AGREEMENTS} agreements (by type and id) are in this document.` });
  }
  if (!listed.length) {
    blocks.push({ kind: 'paragraph', text: 'No agreement yet.' });
  }
  for (const row of listed) {
    blocks.push(...agreementBlocks(row, docs.get(row.id)!.document, names));
  }
  return blocks;
}
