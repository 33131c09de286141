/**
 * The review's period report as blocks (the breach reports' Block model), so Markdown and PDF
 * come from breachReports/render.ts toMarkdown and breachReports/pdf.ts toPdf and say the same.
 */
import type { Block } from '../breachReports/render';
import type { ReportAgreement, ReportPeriod, ReportTarget, ReviewReport } from './reportSchema';
import type { Review } from './schema';

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${Number(v.toFixed(3))} %`);
const day = (iso: string) => iso.slice(0, 10);
const utc = (iso: string) => iso.replace('T', ' ').replace(/:\d{2}(\.\d+)?Z$/, ' UTC');
const STATE: Record<string, string> = { met: 'met', at_risk: 'at risk', breached: 'BREACHED', no_data: 'no data' };
const state = (s: string | null) => (s === null ? '—' : (STATE[s] ?? s));

/** What a row of the period table is: a calendar period, a window of a rolling agreement, or a day (rolling window longer than the review). */
const PERIOD_HEADER: Record<'calendar' | 'window' | 'day', (window: string) => string> = {
  calendar: () => 'Period',
  window: (window) => `Window (${window.replace(':', ' ')})`,
  day: () => 'Day',
};

function periodRow(p: ReportPeriod): string[] {
  return [`${day(p.from)} – ${day(p.to)}`, pct(p.compliance), state(p.state), pct(p.coverage), p.complete ? 'final' : 'provisional'];
}

function targetBlocks(a: ReportAgreement, t: ReportTarget): Block[] {
  const blocks: Block[] = [
    { kind: 'heading', text: `${a.id} / ${t.id}${t.name ? ` (${t.name})` : ''}` },
    {
      kind: 'fields',
      rows: [
        ['Compliance', `${pct(t.compliance)} against objective ${pct(t.objective)}${t.warning !== undefined ? ` (warning ${pct(t.warning)})` : ''}`],
        ['State', state(t.state)],
        ['Error budget remaining', pct(t.errorBudgetRemaining)],
        ['Coverage', pct(t.coverage)],
        ['Budgeting', t.budgeting],
        ['Bad intervals', String(t.badIntervals.length)],
        ['Figures', t.complete ? 'final: every period settled' : 'provisional: some slices have not settled or are missing'],
      ],
    },
  ];
  const trend = [...t.trend, ...t.periods];
  if (trend.length) {
    blocks.push({
      kind: 'table',
      header: [PERIOD_HEADER[t.periodKind ?? 'calendar'](a.window), 'Compliance', 'State', 'Coverage', 'Figures'],
      rows: [...t.trend.map((p) => [...periodRow(p).slice(0, 4), 'earlier']), ...t.periods.map(periodRow)],
    });
  }
  if (t.serviceCredits?.length) {
    const tiers = t.serviceCredits.map((c) => `below ${pct(c.below)}: ${pct(c.credit)}`).join('; ');
    const owed = t.periods.filter((p) => (p.serviceCredit ?? 0) > 0);
    blocks.push({
      kind: 'paragraph',
      text: `Service credit tiers: ${tiers}. ${owed.length ? `Owed: ${owed.map((p) => `${day(p.from)} – ${day(p.to)} ${pct(p.serviceCredit)}`).join('; ')}.` : 'No credit owed.'}`,
    });
  }
  return blocks;
}

function agreementBlocks(a: ReportAgreement): Block[] {
  const blocks: Block[] = [
    { kind: 'heading', text: `${a.type} ${a.id} — ${a.title}` },
    {
      kind: 'fields',
      rows: [
        ['Service', a.service],
        ['Provider → counterparty', `${a.provider} → ${a.counterparty}`],
        ['State in the period', state(a.state)],
        ['Window', `${a.window} (${a.timezone})`],
        ['Measured under revisions', a.revisions.length ? a.revisions.join(', ') : 'none: no monitoring history in the period'],
      ],
    },
  ];
  if (a.underpinnedBy.length) {
    blocks.push({
      kind: 'table',
      header: ['Underpinned by', 'Type', 'State', 'Targets'],
      rows: a.underpinnedBy.map((u) => [
        `${u.id}${u.title ? ` — ${u.title}` : ''}`,
        u.type ?? '?',
        state(u.state),
        u.targets.map((t) => `${t.id} ${pct(t.compliance)} / ${pct(t.objective)}`).join('; ') || '—',
      ]),
    });
  }
  return [...blocks, ...a.targets.flatMap((t) => targetBlocks(a, t))];
}

function kpiBlock(r: ReviewReport): Block {
  return {
    kind: 'table',
    header: ['Type', 'Agreements', 'Monitored', 'Monitored ratio', 'Breached', 'Breach ratio'],
    rows: (['SLA', 'OLA', 'UC', 'all'] as const).map((type) => {
      const k = r.kpis[type];
      return [type, String(k.active), String(k.monitored), pct(k.monitoredRatio), String(k.breached), pct(k.breachRatio)];
    }),
  };
}

function meetingBlocks(r: ReviewReport): Block[] {
  const m = r.meeting;
  return [
    { kind: 'heading', text: 'Meeting' },
    { kind: 'fields', rows: [['Date', m.date ? utc(m.date) : 'not set'], ['Participants', m.participants.join(', ') || '—']] },
    { kind: 'heading', text: 'Minutes' },
    { kind: 'paragraph', text: m.minutes || '—' },
    { kind: 'heading', text: 'Decisions' },
    m.decisions.length ? { kind: 'list', items: m.decisions, ordered: true } : { kind: 'paragraph', text: '—' },
    { kind: 'heading', text: 'Action items' },
    m.actionItems.length
      ? {
          kind: 'table',
          header: ['Action', 'Owner', 'Due', 'Done'],
          rows: m.actionItems.map((i) => [i.text, i.owner ?? '—', i.due ?? '—', i.done ? 'yes' : 'no']),
        }
      : { kind: 'paragraph', text: '—' },
  ];
}

export function reviewReportBlocks(r: ReviewReport, review: Pick<Review, 'status'>): Block[] {
  const blocks: Block[] = [
    { kind: 'title', text: `Service level review: ${r.title}` },
    {
      kind: 'fields',
      rows: [
        ['Period', `${r.period.from} – ${r.period.to}`],
        ['Overall state', state(r.state)],
        ['Agreements', String(r.agreements.length)],
        ['Report', `${review.status === 'closed' ? 'final (review closed)' : 'draft'}; generated ${utc(r.generatedAt)} by ${r.generatedBy}`],
        ['Review id', r.reviewId],
      ],
    },
    { kind: 'heading', text: 'KPIs' },
    kpiBlock(r),
  ];
  if (!r.agreements.length) {
    blocks.push({ kind: 'paragraph', text: 'No agreement in force falls in the scope of this review.' });
  }
  blocks.push(...r.agreements.flatMap(agreementBlocks));
  blocks.push({ kind: 'heading', text: 'Service credits owed' });
  blocks.push(
    r.credits.length
      ? {
          kind: 'table',
          header: ['Agreement', 'Target', 'Period', 'Compliance', 'Credit'],
          rows: r.credits.map((c) => [c.agreementId, c.targetId, `${day(c.period.from)} – ${day(c.period.to)}`, pct(c.compliance), pct(c.credit)]),
        }
      : { kind: 'paragraph', text: 'None.' }
  );
  blocks.push({ kind: 'heading', text: 'Breaches' });
  if (!r.breaches.length) {
    blocks.push({ kind: 'paragraph', text: 'No breach in the period.' });
  } else {
    blocks.push({
      kind: 'table',
      header: ['Agreement', 'Target', 'Period', 'Measured / objective', 'Severity', 'Status'],
      rows: r.breaches.map((b) => [b.agreementId, b.targetId, `${day(b.period.from)} – ${day(b.period.to)}`, `${pct(b.measured)} / ${pct(b.objective)}`, b.severity, b.status]),
    });
    for (const b of r.breaches.filter((x) => x.report)) {
      const rep = b.report!;
      blocks.push({
        kind: 'paragraph',
        text: [`${b.agreementId} / ${b.targetId} (${day(b.period.from)}): ${rep.summary}`, rep.impact && `Impact: ${rep.impact}`, rep.rootCause && `Root cause: ${rep.rootCause}`]
          .filter(Boolean)
          .join(' '),
      });
      if (rep.actions.length) {
        blocks.push({ kind: 'list', items: rep.actions, ordered: true });
      }
    }
  }
  return [...blocks, ...meetingBlocks(r)];
}

/** A report stored in a format the engine does not know (written by a client): shown as it is. */
export function foreignReportBlocks(review: Review): Block[] {
  return [
    { kind: 'title', text: `Service level review: ${review.title}` },
    { kind: 'fields', rows: [['Period', `${review.period.from} – ${review.period.to}`], ['Review id', review.id], ['Status', review.status]] },
    { kind: 'paragraph', text: 'This report was not generated by the engine; its stored content follows.' },
    { kind: 'paragraph', text: JSON.stringify(review.report, null, 2) },
  ];
}
