import { envelope, reportFixture } from './testFixtures';

// The engine's own schemas: required at run time so the plugin's type check (rooted at src/) does not follow them.
const { reportEnvelopeSchema, reviewReportSchema } = require('../../../server/resources/reviews/reportSchema');

describe('review report fixture', () => {
  test('has the shape the engine generates and serves', () => {
    const parsed = reviewReportSchema.safeParse(reportFixture());
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(reportEnvelopeSchema.safeParse(envelope()).success).toBe(true);
  });
});
