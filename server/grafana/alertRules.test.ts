import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { burnRateRules, durationMs, validateAgreement, windowLength } from '../../src/domain';
import { type AlertQuery, alertRulesFor, ruleUid } from './alertRules';

const document = {
  apiVersion: 'slm/v1',
  kind: 'Agreement',
  metadata: { id: 'SLA-2026-001', title: 'Mail for Finance' },
  spec: {
    type: 'SLA',
    service: 'mail',
    provider: 'it-operations',
    counterparty: 'finance',
    timezone: 'Asia/Shanghai',
    window: { calendar: 'month' },
    targets: [
      {
        id: 'availability',
        objective: 99.9,
        slice: '5m',
        sli: {
          ratio: {
            good: { datasource: 'prom-a', expr: 'sum(increase(ok[5m]))' },
            total: { datasource: 'prom-a', expr: 'sum(increase(all[5m]))' },
          },
        },
      },
      {
        id: 'latency',
        objective: 99,
        slice: '1m',
        sli: {
          threshold: { query: { datasource: 'prom-b', expr: 'histogram_quantile(0.95, x)' }, op: 'lte', value: 0.3 },
        },
      },
    ],
  },
};

const parsed = validateAgreement(document);
if (!parsed.ok) {
  throw new Error(JSON.stringify(parsed.errors));
}
const agreement = parsed.agreement;
const at = Date.parse('2026-03-15T00:00:00Z');
const ctx = { orgId: 3, agreement, contactPoint: 'it-ops-pager', metricsDatasource: 'engine-metrics', at };
const byRef = (data: AlertQuery[], refId: string) => data.find((q) => q.refId === refId)!;

describe('alert rules of an agreement', () => {
  const rules = alertRulesFor(ctx);

  it('three burn-rate rules per target and one breach rule, in folder slm, one group per agreement, with stable short uids', () => {
    assert.equal(rules.length, 7);
    assert.deepEqual(
      alertRulesFor(ctx).map((r) => r.uid),
      rules.map((r) => r.uid),
      'same uids every time'
    );
    assert.equal(new Set(rules.map((r) => r.uid)).size, 7);
    assert.equal(new Set(rules.map((r) => r.title)).size, 7, 'titles unique in the folder');
    assert.ok(rules.every((r) => /^[A-Za-z0-9_-]{1,40}$/.test(r.uid)));
    assert.notEqual(
      ruleUid(3, 'SLA-2026-001', 'availability', 'x'),
      ruleUid(4, 'SLA-2026-001', 'availability', 'x'),
      'org in the uid'
    );
    assert.ok(rules.every((r) => r.folderUID === 'slm' && r.ruleGroup === 'SLA-2026-001' && r.orgID === 3));
  });

  it('burn-rate windows come from the SRE Workbook rules scaled to the agreement window, on the target’s own queries', () => {
    const expected = burnRateRules(windowLength(agreement.spec.window, agreement.spec.timezone, at), durationMs('5m'));
    const availability = rules.filter((r) => r.labels.slm_target === 'availability');
    assert.deepEqual(
      availability.map((r) => r.labels.severity),
      expected.map((e) => e.severity)
    );
    availability.forEach((rule, i) => {
      const good = byRef(rule.data, 'long_good');
      assert.deepEqual(good.relativeTimeRange, { from: expected[i].longWindowMs / 1000, to: 0 });
      assert.equal(good.datasourceUid, 'prom-a');
      assert.equal(good.model.expr, 'sum(increase(ok[5m]))');
      assert.equal(good.model.intervalMs, 300_000, 'one point per slice');
      assert.deepEqual(byRef(rule.data, 'short_total').relativeTimeRange, {
        from: expected[i].shortWindowMs / 1000,
        to: 0,
      });
      assert.equal(byRef(rule.data, 'short_total').model.expr, 'sum(increase(all[5m]))');
      assert.deepEqual(
        [byRef(rule.data, 'long_good_sum').model.type, byRef(rule.data, 'long_good_sum').model.reducer],
        ['reduce', 'sum']
      );
      assert.equal(
        byRef(rule.data, 'long_burn').model.expression,
        '(1 - ${long_good_sum} / ${long_total_sum}) / 0.001'
      );
      assert.equal(rule.condition, 'firing');
      assert.equal(
        byRef(rule.data, 'firing').model.expression,
        `\${long_burn} > ${expected[i].burnRate} && \${short_burn} > ${expected[i].burnRate}`
      );
      for (const q of rule.data.filter((d) => d.datasourceUid === '__expr__')) {
        assert.deepEqual(q.relativeTimeRange, { from: 0, to: 0 });
      }
    });
  });

  it('a threshold SLI burns by the share of slices whose value misses the threshold', () => {
    const latency = rules.find((r) => r.labels.slm_target === 'latency' && r.labels.severity === 'page')!;
    assert.equal(byRef(latency.data, 'long_value').model.expr, 'histogram_quantile(0.95, x)');
    assert.equal(byRef(latency.data, 'long_value').datasourceUid, 'prom-b');
    assert.equal(byRef(latency.data, 'long_slice_ok').model.expression, '${long_value} <= 0.3');
    assert.deepEqual(
      [byRef(latency.data, 'long_good_share').model.reducer, byRef(latency.data, 'long_good_share').model.expression],
      ['mean', 'long_slice_ok']
    );
    assert.equal(byRef(latency.data, 'short_burn').model.expression, '(1 - ${short_good_share}) / 0.01');
  });

  it('the breach rule reads the engine metric of this agreement from the metrics datasource', () => {
    const breach = rules.at(-1)!;
    assert.equal(breach.labels.severity, 'breach');
    assert.equal(breach.data[0].datasourceUid, 'engine-metrics');
    assert.equal(breach.data[0].model.expr, 'max(slm_agreement_breached{org="3",agreement="SLA-2026-001"})');
    assert.equal(breach.condition, 'breached');
    assert.deepEqual(byRef(breach.data, 'breached').model.conditions, [{ evaluator: { type: 'gt', params: [0] } }]);
  });

  it('labels route notifications to the provider’s contact point', () => {
    for (const rule of rules) {
      assert.equal(rule.labels.slm_agreement, 'SLA-2026-001');
      assert.equal(rule.labels.slm_type, 'SLA');
      assert.equal(rule.labels.slm_service, 'mail');
      assert.equal(rule.labels.slm_party, 'it-operations');
      assert.equal(rule.labels.slm_contact_point, 'it-ops-pager');
    }
    assert.ok(
      !('slm_contact_point' in alertRulesFor({ ...ctx, contactPoint: null })[0].labels),
      'no contact point, no label'
    );
  });
});
