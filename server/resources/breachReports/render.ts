/**
 * Breach reports as a short list of blocks (title, headings, fields, paragraphs, lists, tables),
 * rendered to Markdown here and to PDF in pdf.ts, so that both formats say the same thing.
 */
import type { AgreementFacts, BreachReportModel, PeriodReportModel, ReportBreach } from './model';

export type Block =
  | { kind: 'title'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'fields'; rows: Array<[string, string]> }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[]; ordered?: boolean }
  | { kind: 'table'; header: string[]; rows: string[][] };

const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? 'not measured' : `${Number(v.toFixed(3))} %`;
const utc = (iso: string) => iso.replace('T', ' ').replace(/:\d{2}(\.\d+)?Z$/, ' UTC');
const day = (iso: string) => iso.slice(0, 10);

function duration(from: string, to: string): string {
  const minutes = Math.round((Date.parse(to) - Date.parse(from)) / 60_000);
  const [d, h, m] = [Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60), minutes % 60];
  return [d ? `${d} d` : '', h ? `${h} h` : '', m || (!d && !h) ? `${m} min` : ''].filter(Boolean).join(' ');
}

const interval = (i: { from: string; to: string }) => `${utc(i.from)} – ${utc(i.to)} (${duration(i.from, i.to)})`;

function statusLine(b: ReportBreach): string {
  const parts: string[] = [b.status];
  if (b.acknowledgedAt) {
    parts.push(`acknowledged by ${b.acknowledgedBy ?? '?'} at ${utc(b.acknowledgedAt)}`);
  }
  if (b.resolvedAt) {
    parts.push(`resolved by ${b.resolvedBy ?? '?'} at ${utc(b.resolvedAt)}`);
  }
  return parts.join('; ');
}

function targetName(agreement: AgreementFacts | null, targetId: string): string {
  const name = agreement?.targets.find((t) => t.id === targetId)?.name;
  return name ? `${targetId} (${name})` : targetId;
}

export function breachReportBlocks(model: BreachReportModel): Block[] {
  const { breach: b, agreement: a } = model;
  const type = a?.type ?? b.agreementType ?? '';
  const blocks: Block[] = [
    { kind: 'title', text: `Breach report: ${b.agreementId} / ${b.targetId}` },
    {
      kind: 'fields',
      rows: [
        ['Agreement', `${type} ${b.agreementId}${a ? ` — ${a.title}` : ''}`.trim()],
        ['Service', a?.service ?? b.service ?? 'unknown'],
        [
          'Provider → counterparty',
          `${a?.provider ?? b.provider ?? '?'} → ${a?.counterparty ?? b.counterparty ?? '?'}`,
        ],
        ['Target', targetName(a, b.targetId)],
        ['Period', `${utc(b.period.from)} – ${utc(b.period.to)}`],
        ['Measured', `${pct(b.measured)} (objective ${pct(b.objective)})`],
        ['Severity', b.severity ?? 'breached'],
        ['Status', statusLine(b)],
        ['Assignee', b.assignee ?? 'nobody'],
        ['Breach id', b.id],
      ],
    },
    { kind: 'heading', text: 'Bad intervals' },
    b.badIntervals.length
      ? { kind: 'list', items: b.badIntervals.map(interval) }
      : { kind: 'paragraph', text: 'No bad interval recorded: the period as a whole missed the objective.' },
  ];
  const report = b.report;
  blocks.push(
    { kind: 'heading', text: 'Summary' },
    { kind: 'paragraph', text: report?.summary || 'No report written yet.' }
  );
  if (report) {
    blocks.push(
      { kind: 'heading', text: 'Impact' },
      { kind: 'paragraph', text: report.impact || '—' },
      { kind: 'heading', text: 'Root cause' },
      { kind: 'paragraph', text: report.rootCause || '—' },
      { kind: 'heading', text: 'Actions' },
      report.actions.length ? { kind: 'list', items: report.actions, ordered: true } : { kind: 'paragraph', text: '—' }
    );
  }
  blocks.push({ kind: 'heading', text: 'Improvement plans' });
  blocks.push(
    model.plans.length
      ? {
          kind: 'list',
          items: model.plans.map(
            (p) => `${p.id} — ${p.title} (${p.status}, owner ${p.owner}${p.dueDate ? `, due ${p.dueDate}` : ''})`
          ),
        }
      : { kind: 'paragraph', text: 'None linked.' }
  );
  blocks.push({ kind: 'heading', text: 'Underpinning breaches overlapping this one' });
  blocks.push(
    model.related.length
      ? {
          kind: 'table',
          header: ['Agreement', 'Target', 'Measured / objective', 'Status', 'Overlap'],
          rows: model.related.map((r) => [
            `${r.agreementType ?? ''} ${r.agreementId}`.trim(),
            r.targetId,
            `${pct(r.measured)} / ${pct(r.objective)}`,
            r.status,
            r.overlap ? r.overlap.map(interval).join('; ') : 'same period',
          ]),
        }
      : { kind: 'paragraph', text: 'None.' }
  );
  return blocks;
}

export function periodReportBlocks(model: PeriodReportModel): Block[] {
  const count = (pred: (b: ReportBreach, a: AgreementFacts | null) => boolean) =>
    model.breaches.filter((x) => pred(x.breach, x.agreement)).length;
  const typeOf = (b: ReportBreach, a: AgreementFacts | null) => a?.type ?? b.agreementType ?? 'unknown';
  const types = ['SLA', 'OLA', 'UC'];
  const blocks: Block[] = [
    { kind: 'title', text: `Breach report ${model.from} – ${model.to}` },
    {
      kind: 'paragraph',
      text: `${model.breaches.length} breach${model.breaches.length === 1 ? '' : 'es'} in periods overlapping ${model.from} – ${model.to} (UTC).`,
    },
    {
      kind: 'table',
      header: ['Type', 'Breached', 'At risk', 'Open', 'Acknowledged', 'Resolved'],
      rows: types.map((type) => [
        type,
        String(count((b, a) => typeOf(b, a) === type && (b.severity ?? 'breached') === 'breached')),
        String(count((b, a) => typeOf(b, a) === type && b.severity === 'at_risk')),
        ...['open', 'acknowledged', 'resolved'].map((s) =>
          String(count((b, a) => typeOf(b, a) === type && b.status === s))
        ),
      ]),
    },
    { kind: 'heading', text: 'Breaches' },
  ];
  if (!model.breaches.length) {
    blocks.push({ kind: 'paragraph', text: 'No breach in this range.' });
    return blocks;
  }
  blocks.push({
    kind: 'table',
    header: ['Agreement', 'Target', 'Period', 'Measured / objective', 'Severity', 'Status'],
    rows: model.breaches.map(({ breach: b, agreement: a }) => [
      `${typeOf(b, a)} ${b.agreementId}`,
      b.targetId,
      `${day(b.period.from)} – ${day(b.period.to)}`,
      `${pct(b.measured)} / ${pct(b.objective)}`,
      b.severity ?? 'breached',
      b.status,
    ]),
  });
  const reported = model.breaches.filter((x) => x.breach.report);
  if (reported.length) {
    blocks.push({ kind: 'heading', text: 'Reports' });
    for (const { breach: b } of reported) {
      blocks.push({
        kind: 'paragraph',
        text: `${b.agreementId} / ${b.targetId}: ${b.report!.summary}${b.report!.rootCause ? ` Root cause: ${b.report!.rootCause}` : ''}`,
      });
    }
  }
  return blocks;
}

/** Markdown special characters that would change a cell or a line's meaning. */
const cell = (text: string) => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const line = (text: string) => text.replace(/\r?\n/g, '  \n');

export function toMarkdown(blocks: Block[]): string {
  const out: string[] = [];
  for (const block of blocks) {
    switch (block.kind) {
      case 'title':
        out.push(`# ${cell(block.text)}`);
        break;
      case 'heading':
        out.push(`## ${cell(block.text)}`);
        break;
      case 'paragraph':
        out.push(line(block.text));
        break;
      case 'list':
        out.push(block.items.map((item, i) => `${block.ordered ? `${i + 1}.` : '-'} ${line(item)}`).join('\n'));
        break;
      case 'fields':
        out.push(['| | |', '|---|---|', ...block.rows.map(([k, v]) => `| ${cell(k)} | ${cell(v)} |`)].join('\n'));
        break;
      case 'table':
        out.push(
          [
            `| ${block.header.map(cell).join(' | ')} |`,
            `|${block.header.map(() => '---').join('|')}|`,
            ...block.rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
          ].join('\n')
        );
        break;
    }
  }
  return out.join('\n\n') + '\n';
}
