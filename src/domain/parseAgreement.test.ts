/** @jest-environment node */
import { formatValidationError, parseAgreement, validateAgreement } from './parseAgreement';
import { agreement, RATIO_SLI, thresholdSli } from './testHelpers';

// The example of DESIGN §4, verbatim.
const DESIGN_EXAMPLE = `apiVersion: slm/v1
kind: Agreement
metadata:
  id: SLA-2026-001
  title: Mail service for Finance
spec:
  type: SLA                      # SLA | OLA | UC
  service: mail                  # catalog key
  provider: it-operations        # party keys
  counterparty: finance          # customer (SLA), internal team (OLA), supplier (UC)
  timezone: Asia/Shanghai        # IANA name; all calendar logic happens in this zone
  window: { calendar: month }    # calendar: week | month | quarter, or { rolling: 28d }
  serviceHours:                  # optional, default 24x7
    - { days: [mon, tue, wed, thu, fri], from: "08:00", to: "18:00" }
  holidays: ["2026-10-01"]       # optional whole days excluded
  maintenance:                   # optional planned windows, excluded
    - { from: "2026-03-07T22:00:00+08:00", to: "2026-03-08T02:00:00+08:00" }
  noData: ignore                 # ignore (default) | bad | good
  minCoverage: 90                # % of counted slices that need data to be "monitored"
  underpinnedBy: [OLA-2026-004, UC-2026-002]
  targets:
    - id: availability
      objective: 99.9            # percent
      warning: 99.95             # optional
      slice: 5m                  # evaluation step
      budgeting: occurrences     # occurrences | timeslices
      sli:
        ratio:                   # each query returns the event COUNT of each slice
          good:  { datasource: prometheus, expr: 'sum(increase(http_requests_total{job="mail",code!~"5.."}[5m]))' }
          total: { datasource: prometheus, expr: 'sum(increase(http_requests_total{job="mail"}[5m]))' }
    - id: latency-p95
      objective: 99
      slice: 5m
      budgeting: timeslices
      sli:
        threshold:               # a slice is good when value <op> threshold
          query: { datasource: prometheus, expr: 'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{job="mail"}[5m])))' }
          op: lte                # lt | lte | gt | gte
          value: 0.3
`;

/** Replaces the first occurrence of `from` in the example (keeps line numbers stable). */
const edit = (from: string, to: string) => {
  expect(DESIGN_EXAMPLE).toContain(from);
  return DESIGN_EXAMPLE.replace(from, to);
};

describe('parseAgreement', () => {
  it('accepts the DESIGN example and applies defaults', () => {
    const r = parseAgreement(DESIGN_EXAMPLE);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.agreement.spec.targets.map((t) => t.id)).toEqual(['availability', 'latency-p95']);
      expect(r.agreement.spec.minCoverage).toBe(90);
    }
    const minimal = agreement();
    expect(minimal.spec.noData).toBe('ignore');
    expect(minimal.spec.minCoverage).toBe(0);
  });

  it.each([
    [
      'objective above 100',
      edit('objective: 99.9 ', 'objective: 100  '),
      'spec.targets[0].objective',
      'must be between 0 and 100',
      23,
      18,
    ],
    [
      'objective 0',
      edit('objective: 99\n', 'objective: 0\n'),
      'spec.targets[1].objective',
      'must be between 0 and 100',
      32,
      18,
    ],
    [
      'warning below objective',
      edit('warning: 99.95', 'warning: 99.85'),
      'spec.targets[0].warning',
      'must not be below the objective (99.9)',
      24,
      16,
    ],
    ['unknown key', edit('noData: ignore ', 'noDat: ignore  '), 'spec.noDat', 'unknown key', 18, 3],
    [
      'invalid time zone',
      edit('Asia/Shanghai ', 'Asia/Shangai  '),
      'spec.timezone',
      "'Asia/Shangai' is not an IANA time zone",
      11,
      13,
    ],
    [
      'threshold SLI with occurrences',
      edit('budgeting: timeslices', 'budgeting: occurrences'),
      'spec.targets[1].budgeting',
      'occurrences budgeting needs a ratio SLI (a threshold SLI has no events to count): use timeslices',
      34,
      18,
    ],
    [
      'duplicate target ids',
      edit('id: latency-p95', 'id: availability'),
      'spec.targets[1].id',
      "duplicates targets[0].id 'availability'",
      31,
      11,
    ],
    [
      'slice that does not divide a day',
      edit('slice: 5m ', 'slice: 7m '),
      'spec.targets[0].slice',
      "'7m' must divide one day evenly",
      25,
      14,
    ],
    [
      'slice that is no duration',
      edit('slice: 5m ', 'slice: 5x '),
      'spec.targets[0].slice',
      "'5x' is not a duration",
      25,
      14,
    ],
    [
      'inverted maintenance',
      edit('to: "2026-03-08T02:00:00+08:00"', 'to: "2026-03-07T21:00:00+08:00"'),
      'spec.maintenance[0].to',
      'must be after from',
      17,
      48,
    ],
    [
      'inverted service hours',
      edit('from: "08:00", to: "18:00"', 'from: "18:00", to: "08:00"'),
      'spec.serviceHours[0].to',
      'from must be before to',
      14,
      61,
    ],
    [
      'bad noData mode',
      edit('noData: ignore ', 'noData: maybe  '),
      'spec.noData',
      'must be one of "ignore", "bad", "good", got "maybe"',
      18,
      11,
    ],
    [
      'wrong type',
      edit('objective: 99.9 ', 'objective: "99"  '),
      'spec.targets[0].objective',
      'must be a number, got string "99"',
      23,
      18,
    ],
    ['missing key', edit('  provider: it-operations        # party keys\n', ''), 'spec.provider', 'is required', 7, 3],
  ])('rejects %s', (_name, text, path, message, line, col) => {
    const r = parseAgreement(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const e = r.errors.find((x) => x.path === path);
      expect(e).toBeDefined();
      expect(e!.message).toContain(message);
      expect([e!.line, e!.col]).toEqual([line, col]);
    }
  });

  it('formats errors as path: message (line, col)', () => {
    const r = parseAgreement(edit('objective: 99.9 ', 'objective: 100  '));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.map(formatValidationError)).toEqual([
        'spec.targets[0].objective: must be between 0 and 100 (line 23, col 18)',
      ]);
    }
  });

  it('reports YAML syntax errors with their position', () => {
    const r = parseAgreement('apiVersion: slm/v1\nkind: [Agreement\n');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[0].message).toMatch(/^YAML: /);
      expect(r.errors[0].line).toBeGreaterThanOrEqual(2);
    }
  });

  it('reports duplicate YAML keys', () => {
    const r = parseAgreement(DESIGN_EXAMPLE.replace('  noData: ignore', '  noData: ignore\n  noData: bad'));
    expect(r.ok).toBe(false);
  });
});

describe('validateAgreement (cross-field rules)', () => {
  const base = agreement();
  const withSpec = (spec: object) => validateAgreement({ ...base, spec: { ...base.spec, ...spec } });
  const errorsOf = (r: ReturnType<typeof validateAgreement>) => (r.ok ? [] : r.errors.map(formatValidationError));

  it.each([
    [
      'overlapping maintenance windows',
      {
        maintenance: [
          { from: '2026-03-01T00:00:00Z', to: '2026-03-01T02:00:00Z' },
          { from: '2026-03-01T01:00:00Z', to: '2026-03-01T03:00:00Z' },
        ],
      },
      'spec.maintenance[1]: overlaps maintenance[0]',
    ],
    [
      'service hours overlapping on a shared day',
      {
        serviceHours: [
          { days: ['mon', 'tue'], from: '08:00', to: '12:00' },
          { days: ['tue'], from: '11:00', to: '14:00' },
        ],
      },
      'spec.serviceHours[1]: overlaps serviceHours[0] on tue',
    ],
    ['window with both kinds', { window: { calendar: 'month', rolling: '28d' } }, 'spec.window: needs exactly one of'],
    ['bad rolling duration', { window: { rolling: '4 weeks' } }, 'spec.window.rolling: must be a duration'],
    ['holiday that is no date', { holidays: ['2026-02-30'] }, 'spec.holidays[0]: must be a date YYYY-MM-DD'],
    ['minCoverage over 100', { minCoverage: 101 }, 'spec.minCoverage: must be between 0 and 100'],
    ['unknown key in a target', { targets: [{ ...base.spec.targets[0], sla: 1 }] }, 'spec.targets[0].sla: unknown key'],
    ['slice longer than a day', { targets: [{ ...base.spec.targets[0], slice: '2d' }] }, 'spec.targets[0].slice:'],
    [
      'slice longer than the rolling window',
      { window: { rolling: '30m' }, targets: [{ ...base.spec.targets[0], slice: '1h' }] },
      'spec.targets[0].slice: must not be longer than the rolling window (30m)',
    ],
    ['no targets', { targets: [] }, 'spec.targets: needs at least one target'],
    [
      'SLI with both kinds',
      { targets: [{ ...base.spec.targets[0], sli: { ...RATIO_SLI, ...thresholdSli('lt', 1) } }] },
      'spec.targets[0].sli: needs exactly one of ratio or threshold',
    ],
    [
      'target id with a slash',
      { targets: [{ ...base.spec.targets[0], id: 'a/b' }] },
      'spec.targets[0].id: must start with',
    ],
  ])('rejects %s', (_name, spec, expected) => {
    const errors = errorsOf(withSpec(spec));
    expect(errors.some((e) => e.startsWith(expected))).toBe(true);
  });

  it('accepts touching maintenance windows and same-hour ranges on different days', () => {
    const r = withSpec({
      maintenance: [
        { from: '2026-03-01T00:00:00Z', to: '2026-03-01T02:00:00Z' },
        { from: '2026-03-01T02:00:00Z', to: '2026-03-01T03:00:00Z' },
      ],
      serviceHours: [
        { days: ['mon'], from: '08:00', to: '12:00' },
        { days: ['tue'], from: '08:00', to: '12:00' },
        { days: ['mon'], from: '12:00', to: '24:00' },
      ],
    });
    expect(errorsOf(r)).toEqual([]);
  });
});
