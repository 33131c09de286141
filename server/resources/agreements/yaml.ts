/**
 * Agreement as code: DESIGN §4 YAML out and in (lossless: export → import gives the same
 * canonical document), and OpenSLO v1 `SLO` objects for interoperability.
 */
import { isDocument, isMap, isScalar, LineCounter, parseAllDocuments, parseDocument, stringify } from 'yaml';
import { budgetingOf, parseAgreement, type ValidationError, type Agreement, type Target } from '../../../src/domain';

const YAML_OPTIONS = { lineWidth: 0, minContentWidth: 0 } as const;

/** The agreement document as YAML (keys in the order of DESIGN §4). */
export function agreementToYaml(document: Agreement): string {
  return stringify(document, YAML_OPTIONS);
}

export interface YamlProblem extends ValidationError {}

export type YamlParse = { ok: true; agreement: Agreement } | { ok: false; errors: YamlProblem[] };

/** Parses one agreement document; several documents in one text are refused. */
export function agreementFromYaml(text: string): YamlParse {
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [];
  if (list.length > 1) {
    const counter = new LineCounter();
    parseAllDocuments(text, { lineCounter: counter });
    const pos = counter.linePos(list[1].range[0]);
    return {
      ok: false,
      errors: [
        {
          path: '',
          message: 'expected one agreement document, found several (--- separators)',
          line: pos.line,
          col: pos.col,
        },
      ],
    };
  }
  return parseAgreement(text);
}

/** Line and column of a document path (`spec.targets[1].objective`) in YAML text, when it has a node there. */
export function locatePath(text: string, path: string, atKey = false): { line: number; col: number } | undefined {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  if (!isDocument(doc)) {
    return undefined;
  }
  const keys = path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean)
    .map((k) => (/^\d+$/.test(k) ? Number(k) : k));
  if (atKey && keys.length) {
    // An unknown key: point at the key itself, not at its value.
    const parent = keys.length > 1 ? doc.getIn(keys.slice(0, -1), true) : doc.contents;
    const pair = isMap(parent)
      ? parent.items.find((p) => isScalar(p.key) && p.key.value === keys[keys.length - 1])
      : undefined;
    const range = pair && isScalar(pair.key) ? pair.key.range : undefined;
    if (range) {
      return counter.linePos(range[0]);
    }
  }
  for (let n = keys.length; n > 0; n--) {
    const node = doc.getIn(keys.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) {
      return counter.linePos(node.range[0]);
    }
  }
  return undefined;
}

/** OpenSLO names are DNS labels. */
function dnsName(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}

const OPENSLO_WINDOW = { week: '1w', month: '1M', quarter: '1Q' } as const;

function metricSource(query: { datasource: string; expr: string }) {
  return { metricSource: { type: 'Prometheus', metricSourceRef: query.datasource, spec: { query: query.expr } } };
}

function calendarStart(document: Agreement): string {
  const from = document.spec.effective?.from ?? '2026-01-01';
  return `${from} 00:00:00`;
}

/** One OpenSLO v1 `SLO` object per target. */
export function toOpenSlo(document: Agreement): object[] {
  const { spec, metadata } = document;
  const timeWindow = spec.window.calendar
    ? [
        {
          duration: OPENSLO_WINDOW[spec.window.calendar],
          isRolling: false,
          calendar: { startTime: calendarStart(document), timeZone: spec.timezone },
        },
      ]
    : [{ duration: spec.window.rolling, isRolling: true }];
  return spec.targets.map((t: Target) => {
    const budgeting = budgetingOf(t);
    const indicatorSpec = t.sli.ratio
      ? { ratioMetric: { counter: true, good: metricSource(t.sli.ratio.good), total: metricSource(t.sli.ratio.total) } }
      : { thresholdMetric: metricSource(t.sli.threshold!.query) };
    const objective: Record<string, unknown> = { displayName: t.name ?? t.id, target: round(t.objective / 100) };
    if (t.sli.threshold) {
      objective.op = t.sli.threshold.op;
      objective.value = t.sli.threshold.value;
    }
    if (budgeting === 'timeslices') {
      objective.timeSliceWindow = t.slice;
      // A ratio slice is good when its own ratio meets the objective (DESIGN §5.4).
      objective.timeSliceTarget = t.sli.ratio ? round(t.objective / 100) : 1;
    }
    return {
      apiVersion: 'openslo/v1',
      kind: 'SLO',
      metadata: {
        name: dnsName(`${metadata.id}-${t.id}`),
        displayName: `${metadata.title} — ${t.name ?? t.id}`,
        annotations: {
          'slm/agreement': metadata.id,
          'slm/type': spec.type,
          'slm/target': t.id,
          'slm/provider': spec.provider,
          'slm/counterparty': spec.counterparty,
        },
      },
      spec: {
        description: `${spec.type} ${metadata.id} (${spec.provider} → ${spec.counterparty}), target ${t.id}`,
        service: spec.service,
        indicator: { metadata: { name: dnsName(`${metadata.id}-${t.id}-sli`) }, spec: indicatorSpec },
        timeWindow,
        budgetingMethod: budgeting === 'occurrences' ? 'Occurrences' : 'Timeslices',
        objectives: [objective],
      },
    };
  });
}

const round = (x: number) => Math.round(x * 1e9) / 1e9;

export function openSloYaml(document: Agreement): string {
  return toOpenSlo(document)
    .map((o) => stringify(o, YAML_OPTIONS))
    .join('---\n');
}
