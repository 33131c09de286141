import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parse } from 'yaml';
import { validateAgreement } from '../../../src/domain';
import { canonicalJson, contentHash, diffDocuments } from './canonical';
import { agreementFromYaml, agreementToYaml, locatePath, openSloYaml, toOpenSlo } from './yaml';

const key = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,15}$/);
/** Text as people write it: YAML-significant characters, Chinese, quotes, leading digits. */
const text = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 30 }),
    fc.constantFrom(
      '邮件服务 SLA',
      'yes',
      'null',
      '08:00',
      '2026-10-01',
      '- dash',
      'a: b',
      '#hash',
      "it's",
      '"quoted"',
      '0x1F',
      '1e3',
      'true'
    )
  )
  .filter((s) => s.trim().length > 0 && s.trim() === s);
const query = fc.record({ datasource: key, expr: text });
const percent = fc
  .double({ min: 0.001, max: 99.999, noNaN: true })
  .map((x) => Math.round(x * 1000) / 1000)
  .filter((x) => x > 0 && x < 100);
const date = fc
  .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

const target = fc
  .record({
    id: key,
    name: fc.option(text, { nil: undefined }),
    objective: percent,
    slice: fc.constantFrom('1m', '5m', '15m', '1h'),
    ratio: fc.boolean(),
    good: query,
    total: query,
    op: fc.constantFrom('lt', 'lte', 'gt', 'gte'),
    value: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    credits: fc.option(
      fc.array(fc.record({ below: percent, credit: fc.integer({ min: 0, max: 100 }) }), { maxLength: 3 }),
      { nil: undefined }
    ),
  })
  .map((t) => ({
    id: t.id,
    ...(t.name ? { name: t.name } : {}),
    objective: t.objective,
    slice: t.slice,
    budgeting: t.ratio ? 'occurrences' : 'timeslices',
    sli: t.ratio
      ? { ratio: { good: t.good, total: t.total } }
      : { threshold: { query: t.good, op: t.op, value: t.value } },
    ...(t.credits ? { serviceCredits: t.credits } : {}),
  }));

const agreement = fc
  .record({
    id: key,
    title: text,
    description: fc.option(text, { nil: undefined }),
    labels: fc.option(fc.dictionary(key, text, { maxKeys: 3 }), { nil: undefined }),
    type: fc.constantFrom('SLA', 'OLA', 'UC'),
    service: key,
    provider: key,
    counterparty: key,
    timezone: fc.constantFrom('Asia/Shanghai', 'UTC', 'Europe/Berlin', 'America/New_York'),
    window: fc.oneof(
      fc.constantFrom('week', 'month', 'quarter').map((calendar) => ({ calendar })),
      fc.constantFrom('28d', '30d', '7d').map((rolling) => ({ rolling }))
    ),
    effective: fc.option(fc.tuple(date, fc.option(date, { nil: undefined })), { nil: undefined }),
    holidays: fc.option(fc.array(date, { maxLength: 3 }), { nil: undefined }),
    noData: fc.constantFrom('ignore', 'bad', 'good'),
    minCoverage: fc.integer({ min: 0, max: 100 }),
    underpinnedBy: fc.option(fc.uniqueArray(key, { maxLength: 3 }), { nil: undefined }),
    targets: fc.uniqueArray(target, { minLength: 1, maxLength: 3, selector: (t) => t.id }),
  })
  .map((a) => ({
    apiVersion: 'slm/v1',
    kind: 'Agreement',
    metadata: {
      id: a.id,
      title: a.title,
      ...(a.description ? { description: a.description } : {}),
      ...(a.labels ? { labels: a.labels } : {}),
    },
    spec: {
      type: a.type,
      service: a.service,
      provider: a.provider,
      counterparty: a.counterparty,
      timezone: a.timezone,
      window: a.window,
      ...(a.effective
        ? { effective: { from: a.effective[0], ...(a.effective[1] ? { to: a.effective[1] } : {}) } }
        : {}),
      ...(a.holidays ? { holidays: a.holidays } : {}),
      noData: a.noData,
      minCoverage: a.minCoverage,
      ...(a.underpinnedBy ? { underpinnedBy: a.underpinnedBy } : {}),
      targets: a.targets,
    },
  }))
  .map((doc) => validateAgreement(doc))
  .filter((r) => r.ok)
  .map((r) => (r as Extract<typeof r, { ok: true }>).agreement);

describe('agreement YAML round trip', () => {
  it('export → import gives the identical canonical document (property)', () => {
    fc.assert(
      fc.property(agreement, (doc) => {
        const yaml = agreementToYaml(doc);
        const back = agreementFromYaml(yaml);
        assert.ok(back.ok, JSON.stringify(!back.ok && back.errors));
        assert.deepEqual(back.agreement, doc);
        assert.equal(contentHash(back.agreement), contentHash(doc));
        assert.equal(agreementToYaml(back.agreement), yaml, 'exporting again gives the same text');
      }),
      { numRuns: 300 }
    );
  });

  it('the hash ignores key order but not content', () => {
    fc.assert(
      fc.property(agreement, (doc) => {
        const reverse = (v: unknown): unknown =>
          Array.isArray(v)
            ? v.map(reverse)
            : v && typeof v === 'object'
              ? Object.fromEntries(
                  Object.entries(v)
                    .reverse()
                    .map(([k, x]) => [k, reverse(x)])
                )
              : v;
        const reversed = reverse(doc);
        assert.notEqual(JSON.stringify(reversed), JSON.stringify(doc));
        assert.equal(contentHash(reversed), contentHash(doc));
        const changed = { ...doc, metadata: { ...doc.metadata, title: doc.metadata.title + 'x' } };
        assert.notEqual(contentHash(changed), contentHash(doc));
      }),
      { numRuns: 100 }
    );
    assert.equal(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] }), '{"a":[{"c":2,"d":1}],"b":1}');
  });

  it('refuses several documents in one import and locates paths', () => {
    const one = 'apiVersion: slm/v1\nkind: Agreement\n';
    const res = agreementFromYaml(`${one}---\n${one}`);
    assert.equal(res.ok, false);
    assert.equal(!res.ok && res.errors[0].line, 3);
    const yaml = 'metadata:\n  id: A\nspec:\n  targets:\n    - id: x\n      objective: 5\n';
    assert.deepEqual(locatePath(yaml, 'spec.targets[0].objective'), { line: 6, col: 18 });
    assert.deepEqual(
      locatePath(yaml, 'spec.service'),
      { line: 4, col: 3 },
      'a missing key points at its parent (the spec mapping)'
    );
  });
});

describe('version diff', () => {
  it('lists added, removed and changed paths with before and after', () => {
    const a = { spec: { targets: [{ id: 'x', objective: 99 }], holidays: ['2026-10-01'] }, metadata: { title: 'A' } };
    const b = {
      spec: {
        targets: [
          { id: 'x', objective: 99.5 },
          { id: 'y', objective: 90 },
        ],
      },
      metadata: { title: 'A', description: 'new' },
    };
    assert.deepEqual(diffDocuments(a, b), [
      { path: 'metadata.description', op: 'added', after: 'new' },
      { path: 'spec.holidays', op: 'removed', before: ['2026-10-01'] },
      { path: 'spec.targets[0].objective', op: 'changed', before: 99, after: 99.5 },
      { path: 'spec.targets[1]', op: 'added', after: { id: 'y', objective: 90 } },
    ]);
    assert.deepEqual(diffDocuments(a, JSON.parse(JSON.stringify(a))), []);
  });
});

describe('OpenSLO export', () => {
  it('writes one SLO per target with ratio or threshold metrics, budgeting method and time window', () => {
    const result = validateAgreement({
      apiVersion: 'slm/v1',
      kind: 'Agreement',
      metadata: { id: 'OLA_Net.1', title: 'Network' },
      spec: {
        type: 'OLA',
        service: 'vpn',
        provider: 'network-team',
        counterparty: 'it-operations',
        timezone: 'UTC',
        window: { rolling: '28d' },
        targets: [
          {
            id: 'avail',
            objective: 99.5,
            slice: '5m',
            budgeting: 'timeslices',
            sli: {
              ratio: { good: { datasource: 'prometheus', expr: 'g' }, total: { datasource: 'prometheus', expr: 't' } },
            },
          },
          {
            id: 'latency',
            objective: 95,
            slice: '1m',
            sli: { threshold: { query: { datasource: 'prometheus', expr: 'q' }, op: 'lte', value: 0.3 } },
          },
        ],
      },
    });
    assert.ok(result.ok);
    const [ratio, threshold] = toOpenSlo(result.agreement) as any[];
    assert.equal(ratio.metadata.name, 'ola-net-1-avail');
    assert.deepEqual(ratio.spec.timeWindow, [{ duration: '28d', isRolling: true }]);
    assert.equal(ratio.spec.budgetingMethod, 'Timeslices');
    assert.deepEqual(ratio.spec.objectives, [
      { displayName: 'avail', target: 0.995, timeSliceWindow: '5m', timeSliceTarget: 0.995 },
    ]);
    assert.deepEqual(ratio.spec.indicator.spec.ratioMetric.total, {
      metricSource: { type: 'Prometheus', metricSourceRef: 'prometheus', spec: { query: 't' } },
    });
    assert.equal(threshold.spec.budgetingMethod, 'Timeslices');
    assert.deepEqual(threshold.spec.indicator.spec.thresholdMetric.metricSource.spec, { query: 'q' });
    assert.deepEqual(threshold.spec.objectives[0], {
      displayName: 'latency',
      target: 0.95,
      op: 'lte',
      value: 0.3,
      timeSliceWindow: '1m',
      timeSliceTarget: 1,
    });
    const docs = openSloYaml(result.agreement)
      .split('---\n')
      .map((d) => parse(d));
    assert.equal(docs.length, 2);
    assert.deepEqual(docs[1], threshold);
  });
});
