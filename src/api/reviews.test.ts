import { installBackendSrv } from '../test/backendSrv';
import { reportFixture, review } from '../pages/Reviews/testFixtures';
import {
  createReview,
  deleteReview,
  generateReport,
  generatedReport,
  getReviewReport,
  isOverdue,
  listReviewPlans,
  listReviews,
  publishReviewDashboard,
  replaceReview,
  reviewInputOf,
  reviewReportUrl,
  scheduleReviews,
} from './reviews';

const BASE = '/api/plugin-proxy/slm-servicelevel-app/api/v1';

describe('review reads', () => {
  test('the list sends only the filters set and rejects a body without items', async () => {
    const requests = installBackendSrv(() => ({
      status: 200,
      data: { items: [review('r-1')], total: 1, limit: 50, offset: 0 },
    }));
    const page = await listReviews({ q: ' mail ', status: 'held', limit: 50, offset: 0 });
    expect(page.items[0].id).toBe('r-1');
    expect([requests[0].method, requests[0].url]).toEqual(['GET', `${BASE}/reviews`]);
    expect(requests[0].params).toEqual({ q: 'mail', status: 'held', limit: 50, offset: 0 });
    await listReviews({ q: '', status: undefined });
    expect(requests[1].params).toEqual({});
    installBackendSrv(() => ({ status: 200, data: {} }));
    await expect(listReviews()).rejects.toMatchObject({ kind: 'invalid' });
  });

  test('report, plans of the review and the download links', async () => {
    const requests = installBackendSrv((r) =>
      r.url.endsWith('/report')
        ? {
            status: 200,
            data: { reviewId: 'r 1', status: 'held', source: 'preview', frozen: false, report: reportFixture() },
          }
        : { status: 200, data: { items: [], total: 0, limit: 500, offset: 0 } }
    );
    expect((await getReviewReport('r 1')).source).toBe('preview');
    expect(await listReviewPlans('r 1')).toEqual([]);
    expect(requests.map((r) => [r.method, r.url, r.params])).toEqual([
      ['GET', `${BASE}/reviews/r%201/report`, undefined],
      ['GET', `${BASE}/plans`, { review: 'r 1', limit: 500 }],
    ]);
    expect(reviewReportUrl('r 1', 'pdf')).toBe(`${BASE}/reviews/r%201/report.pdf`);
    expect(reviewReportUrl('r 1', 'md')).toBe(`${BASE}/reviews/r%201/report.md`);
  });
});

describe('review writes', () => {
  test('replace, delete and generate send If-Match with the version seen; create and schedule do not', async () => {
    const requests = installBackendSrv(() => ({ status: 200, data: review('r 1') }));
    const input = reviewInputOf(review('r 1', { version: 4 }));
    await createReview(input);
    await replaceReview('r 1', { ...input, id: 'r 1', status: 'held' }, 4);
    await generateReport('r 1', 5);
    await deleteReview('r 1', 6);
    await scheduleReviews();
    await publishReviewDashboard('r 1');
    expect(requests.map((r) => [r.method, r.url, r.headers])).toEqual([
      ['POST', `${BASE}/reviews`, {}],
      ['PUT', `${BASE}/reviews/r%201`, { 'If-Match': '4' }],
      ['POST', `${BASE}/reviews/r%201/report`, { 'If-Match': '5' }],
      ['DELETE', `${BASE}/reviews/r%201`, { 'If-Match': '6' }],
      ['POST', `${BASE}/reviews/schedule`, {}],
      ['POST', `${BASE}/reviews/r%201/dashboard`, {}],
    ]);
    // the engine's strict body: no id, no report, no record metadata on a replace
    expect(Object.keys(requests[1].data as object).sort()).toEqual(
      [
        'actionItems',
        'decisions',
        'meetingDate',
        'minutes',
        'participants',
        'period',
        'scope',
        'status',
        'title',
      ].sort()
    );
    expect((requests[1].data as { status: string }).status).toBe('held');
  });

  test('a stale version and a closed review come back as conflicts with the engine code and reason', async () => {
    installBackendSrv(() => ({
      status: 409,
      data: { error: { code: 'conflict', message: 'closed', details: { reason: 'closed' } } },
    }));
    await expect(generateReport('r-1', 3)).rejects.toMatchObject({ kind: 'conflict', details: { reason: 'closed' } });
  });
});

describe('report and plan helpers', () => {
  test('only a report the engine generated is read as one', () => {
    expect(generatedReport(reportFixture())?.reviewId).toBe('SLR-2026-02');
    expect(generatedReport({ agreements: [{ id: 'SLA-1' }] })).toBeNull();
    expect(generatedReport(null)).toBeNull();
  });

  test('a plan is overdue past its due date unless done or cancelled', () => {
    const today = '2026-03-10';
    expect(isOverdue({ dueDate: '2026-03-09', status: 'in_progress' }, today)).toBe(true);
    expect(isOverdue({ dueDate: '2026-03-10', status: 'planned' }, today)).toBe(false);
    expect(isOverdue({ dueDate: '2026-03-01', status: 'done' }, today)).toBe(false);
    expect(isOverdue({ dueDate: null, status: 'planned' }, today)).toBe(false);
  });
});
