import type { ConsistencyWarning } from '../../api/agreements';
import { consistencyText } from './consistencyText';

const base = {
  target: 'availability',
  underpinning: { agreement: 'OLA-1', type: 'OLA', target: 'uptime' },
  message: 'engine text',
};

describe('consistencyText', () => {
  test('reads each kind from its structured fields', () => {
    expect(consistencyText({ ...base, kind: 'objective', supported: 99.9, underpinningValue: 99.5 }, 'SLA-1')).toBe(
      'OLA-1 target "uptime" promises 99.5 %, less than the 99.9 % of SLA-1 target "availability" it supports'
    );
    expect(
      consistencyText(
        {
          ...base,
          kind: 'window',
          target: '*',
          supported: { calendar: 'week' },
          underpinningValue: { rolling: '28d' },
        },
        'SLA-1'
      )
    ).toBe(
      'OLA-1 measures over a rolling 28d window, longer than the calendar week window of SLA-1: an outage it tolerates can breach SLA-1'
    );
    expect(
      consistencyText(
        {
          ...base,
          kind: 'threshold',
          supported: { op: 'lt', value: 300 },
          underpinningValue: { op: 'lt', value: 500 },
        },
        'SLA-1'
      )
    ).toBe('OLA-1 target "uptime" allows lt 500, looser than lt 300 of SLA-1 target "availability"');
    expect(
      consistencyText({ ...base, kind: 'state', target: '*', supported: 'active', underpinningValue: 'draft' }, 'SLA-1')
    ).toBe('underpinning agreement OLA-1 is not active (Draft): SLA-1 relies on promises that are not in force');
  });

  test("falls back to the engine's message without the fields or for a kind it does not know", () => {
    expect(consistencyText({ ...base, kind: 'objective' }, 'SLA-1')).toBe('engine text');
    expect(consistencyText({ ...base, kind: 'new-kind' } as unknown as ConsistencyWarning, 'SLA-1')).toBe(
      'engine text'
    );
  });
});
