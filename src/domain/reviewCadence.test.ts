/** @jest-environment node */
import { parseAgreement, validateAgreement } from './parseAgreement';
import { agreement } from './testHelpers';

const YAML_WITHOUT_REVIEW = `apiVersion: slm/v1
kind: Agreement
metadata: { id: SLA-1, title: Mail }
spec:
  type: SLA
  service: mail
  provider: it-operations
  counterparty: finance
  timezone: Asia/Shanghai
  window: { calendar: month }
  targets:
    - id: availability
      objective: 99.9
      slice: 5m
      sli:
        ratio:
          good: { datasource: prometheus, expr: good }
          total: { datasource: prometheus, expr: total }
`;

describe('spec.review (review cadence)', () => {
  it('is optional: YAML written before it existed still parses, without a review', () => {
    const r = parseAgreement(YAML_WITHOUT_REVIEW);
    expect(r.ok).toBe(true);
    expect(r.ok && r.agreement.spec.review).toBeUndefined();
  });

  it('reads a monthly or quarterly cadence with optional participants from YAML', () => {
    const yaml = YAML_WITHOUT_REVIEW.replace(
      '  targets:',
      '  review: { cadence: quarter, participants: [alice, 李伟] }\n  targets:'
    );
    const r = parseAgreement(yaml);
    expect(r.ok).toBe(true);
    expect(r.ok && r.agreement.spec.review).toEqual({ cadence: 'quarter', participants: ['alice', '李伟'] });
  });

  it.each([
    [{ cadence: 'week' }, 'spec.review.cadence'],
    [{}, 'spec.review.cadence'],
    [{ cadence: 'month', every: 2 }, 'spec.review.every'],
    [{ cadence: 'month', participants: [''] }, 'spec.review.participants[0]'],
  ])('refuses review %j (at %s)', (review, path) => {
    const base = agreement();
    const r = validateAgreement({ ...base, spec: { ...base.spec, review } });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.map((e) => e.path)).toContain(path);
  });
});
