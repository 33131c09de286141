import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestApi, errorOf, STORE_KINDS, storeSuiteOptions, type TestApi } from '../../testing/stores';

const contract = {
  ref: 'CT-2026-001',
  customer: 'finance',
  title: '财务部邮件服务合同',
  signedDate: '2026-01-15',
  term: { from: '2026-02-01', to: '2027-01-31' },
  documentUrl: 'https://docs.example.com/contracts/CT-2026-001.pdf',
  notes: 'Mail availability and latency requirements',
};

const availability = {
  id: 'CT-2026-001-avail',
  serviceKey: 'mail',
  metric: 'availability',
  objective: 99.9,
  description: 'Mail must be available 99.9 % of business hours',
  sli: {
    ratio: {
      good: { datasource: 'prometheus', expr: 'sum(increase(http_requests_total{job="mail",code!~"5.."}[5m]))' },
      total: { datasource: 'prometheus', expr: 'sum(increase(http_requests_total{job="mail"}[5m]))' },
    },
  },
  slice: '5m',
  window: { calendar: 'month' },
};

const gap = {
  evaluatedAt: '2026-03-01T00:00:00Z',
  days: 30,
  compliance: 99.95,
  met: true,
  coverage: 98.5,
  badIntervals: [{ from: '2026-02-10T03:00:00Z', to: '2026-02-10T03:15:00Z' }],
};

for (const kind of STORE_KINDS) {
  describe(`contracts and requirements [${kind}]`, storeSuiteOptions(kind), () => {
    let api: TestApi;
    before(async () => {
      api = await createTestApi(kind);
      const setup: Array<[string, unknown]> = [
        ['/api/v1/parties', { key: 'finance', name: 'Finance', kind: 'customer' }],
        ['/api/v1/parties', { key: 'hr', name: 'HR', kind: 'customer' }],
        ['/api/v1/parties', { key: 'cloudco', name: 'CloudCo', kind: 'supplier' }],
        ['/api/v1/services', { key: 'mail', name: 'Mail' }],
        ['/api/v1/services', { key: 'wiki', name: 'Wiki' }],
      ];
      for (const [url, body] of setup) {
        assert.equal((await api.request({ method: 'POST', url, body })).statusCode, 201);
      }
    });
    after(() => api?.dispose());

    const auditCount = async () => Number((await sql<{ n: string }>`select count(*) as n from audit_log`.execute(api.store.db)).rows[0].n);
    const post = (url: string, body: unknown) => api.request({ method: 'POST', url, body });
    const reqUrl = (ref: string, id = '') => `/api/v1/contracts/${ref}/requirements${id ? `/${id}` : ''}`;

    it('creates a contract and reads it back; defaults for the optional fields', async () => {
      const res = await post('/api/v1/contracts', contract);
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.headers.location, '/api/v1/contracts/CT-2026-001');
      const created = res.json();
      for (const [field, value] of Object.entries(contract)) {
        assert.deepEqual(created[field], value, field);
      }
      assert.deepEqual((await api.request({ url: '/api/v1/contracts/CT-2026-001' })).json(), created);
      const minimal = await post('/api/v1/contracts', { ref: 'CT-2', customer: 'hr', title: 'HR wiki', term: { from: '2026-01-01' } });
      assert.equal(minimal.statusCode, 201, minimal.body);
      assert.deepEqual([minimal.json().signedDate, minimal.json().term.to, minimal.json().documentUrl, minimal.json().notes], [null, null, null, '']);
    });

    it('the customer must be an existing party of kind customer; dates and URLs are checked', async () => {
      const before = await auditCount();
      const cases: Array<[unknown, string, RegExp?]> = [
        [{ ...contract, ref: 'X1', customer: 'nobody' }, 'customer', /no party "nobody"/],
        [{ ...contract, ref: 'X1', customer: 'cloudco' }, 'customer', /supplier party, not a customer/],
        [{ ...contract, ref: 'X1', term: { from: '2026-05-01', to: '2026-04-30' } }, 'term.to'],
        [{ ...contract, ref: 'X1', term: { from: '2026-02-30' } }, 'term.from'],
        [{ ...contract, ref: 'X1', signedDate: '15.01.2026' }, 'signedDate'],
        [{ ...contract, ref: 'X1', documentUrl: 'javascript:alert(1)' }, 'documentUrl'],
        [{ ...contract, ref: 'bad ref' }, 'ref'],
      ];
      for (const [body, path, message] of cases) {
        const res = await post('/api/v1/contracts', body);
        assert.equal(res.statusCode, 400, JSON.stringify(body));
        const error = errorOf(res);
        assert.ok((error.details.issues as Array<{ path: string }>).some((i) => i.path === path), `${path}: ${JSON.stringify(error)}`);
        if (message) {assert.match(error.message, message);}
      }
      assert.equal(await auditCount(), before);
    });

    it('lists contracts by customer and search', async () => {
      const refs = async (qs: string) => (await api.request({ url: `/api/v1/contracts${qs}` })).json().items.map((c: { ref: string }) => c.ref);
      assert.deepEqual(await refs(''), ['CT-2', 'CT-2026-001']);
      assert.deepEqual(await refs('?customer=finance'), ['CT-2026-001']);
      assert.deepEqual(await refs('?q=邮件'), ['CT-2026-001']);
    });

    it('creates requirements under a contract, validating the service and the SLI with the shared schema', async () => {
      const res = await post(reqUrl('CT-2026-001'), availability);
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.headers.location, '/api/v1/contracts/CT-2026-001/requirements/CT-2026-001-avail');
      const created = res.json();
      for (const [field, value] of Object.entries(availability)) {
        assert.deepEqual(created[field], value, field);
      }
      assert.equal(created.contractRef, 'CT-2026-001');
      assert.equal(created.gapAnalysis, null);
      const generated = await post(reqUrl('CT-2026-001'), { serviceKey: 'mail', metric: 'latency', objective: 99 });
      assert.equal(generated.statusCode, 201, generated.body);
      assert.match(generated.json().id, /^[0-9a-f-]{36}$/);
      assert.deepEqual(generated.json().window, { calendar: 'month' });
      assert.equal(generated.json().sli, null);

      const before = await auditCount();
      const cases: Array<[unknown, string]> = [
        [{ serviceKey: 'nothing', metric: 'availability', objective: 99 }, 'serviceKey'],
        [{ serviceKey: 'mail', metric: 'happiness', objective: 99 }, 'metric'],
        [{ serviceKey: 'mail', metric: 'availability', objective: 100 }, 'objective'],
        [{ serviceKey: 'mail', metric: 'availability', objective: 0 }, 'objective'],
        [{ serviceKey: 'mail', metric: 'availability', objective: 99, sli: { ratio: availability.sli.ratio, threshold: {} } }, 'sli.threshold.query'],
        [{ serviceKey: 'mail', metric: 'availability', objective: 99, sli: {} }, 'sli'],
        [{ serviceKey: 'mail', metric: 'availability', objective: 99, slice: '7m' }, 'slice'],
        [{ serviceKey: 'mail', metric: 'availability', objective: 99, window: { calendar: 'year' } }, 'window.calendar'],
        [{ serviceKey: 'mail', metric: 'availability', objective: 99, contractRef: 'CT-2' }, ''],
      ];
      for (const [body, path] of cases) {
        const r = await post(reqUrl('CT-2026-001'), body);
        assert.equal(r.statusCode, 400, JSON.stringify(body));
        const issues = errorOf(r).details.issues as Array<{ path: string }>;
        assert.ok(issues.some((i) => i.path === path), `${JSON.stringify(body)} → ${JSON.stringify(issues)}`);
      }
      assert.equal((await post(reqUrl('CT-404'), availability)).statusCode, 404);
      const dup = await post(reqUrl('CT-2'), availability);
      assert.equal(dup.statusCode, 409, 'ids are unique in the organisation');
      assert.equal(await auditCount(), before);
    });

    it('reads requirements nested and flat, with filters; a requirement of another contract is 404 under this one', async () => {
      assert.equal((await post(reqUrl('CT-2'), { id: 'CT-2-wiki', serviceKey: 'wiki', metric: 'response_time', objective: 95 })).statusCode, 201);
      const nested = await api.request({ url: reqUrl('CT-2026-001') });
      assert.equal(nested.statusCode, 200);
      assert.equal(nested.json().total, 2);
      assert.ok(nested.json().items.every((r: { contractRef: string }) => r.contractRef === 'CT-2026-001'));
      assert.equal((await api.request({ url: reqUrl('CT-404') })).statusCode, 404);
      assert.equal((await api.request({ url: reqUrl('CT-2', 'CT-2026-001-avail') })).statusCode, 404);
      assert.equal((await api.request({ url: reqUrl('CT-2026-001', 'CT-2026-001-avail') })).statusCode, 200);
      const flat = async (qs: string) => (await api.request({ url: `/api/v1/requirements${qs}` })).json().items.map((r: { id: string }) => r.id);
      assert.equal((await flat('')).length, 3);
      assert.deepEqual(await flat('?service=wiki'), ['CT-2-wiki']);
      assert.deepEqual(await flat('?customer=hr'), ['CT-2-wiki']);
      assert.deepEqual(await flat('?metric=availability'), ['CT-2026-001-avail']);
      assert.deepEqual(await flat('?contract=CT-2'), ['CT-2-wiki']);
      const one = await api.request({ url: '/api/v1/requirements/CT-2-wiki' });
      assert.equal(one.statusCode, 200);
      assert.equal(one.headers.etag, '"1"');
    });

    it('stores a gap analysis (If-Match, validated) and clears it when what it measured changes', async () => {
      const url = reqUrl('CT-2026-001', 'CT-2026-001-avail') + '/gap-analysis';
      assert.equal((await api.request({ method: 'PUT', url, body: gap })).statusCode, 428);
      for (const bad of [
        { ...gap, compliance: 101 },
        { ...gap, met: null },
        { ...gap, days: 0 },
        { ...gap, badIntervals: [{ from: '2026-02-10T04:00:00Z', to: '2026-02-10T03:00:00Z' }] },
        { ...gap, verdict: 'ok' },
      ]) {
        const res = await api.request({ method: 'PUT', url, body: bad, headers: { 'if-match': '1' } });
        assert.equal(res.statusCode, 400, JSON.stringify(bad));
      }
      const ok = await api.request({ method: 'PUT', url, body: gap, headers: { 'if-match': '1' }, user: 'carol' });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.deepEqual(ok.json().gapAnalysis, gap);
      assert.equal(ok.json().version, 2);
      const noData = await api.request({ method: 'PUT', url, body: { ...gap, compliance: null, met: null, badIntervals: [] }, headers: { 'if-match': '2' } });
      assert.equal(noData.statusCode, 200);
      assert.equal(noData.json().gapAnalysis.compliance, null);
      const [entry] = (await api.request({ url: '/api/v1/audit?resourceId=CT-2026-001-avail&limit=1' })).json().items;
      assert.equal(entry.action, 'gap-analysis');

      const put = (body: unknown, version: number) =>
        api.request({ method: 'PUT', url: reqUrl('CT-2026-001', 'CT-2026-001-avail'), body, headers: { 'if-match': String(version) } });
      const restored = await api.request({ method: 'PUT', url, body: gap, headers: { 'if-match': '3' } });
      assert.equal(restored.statusCode, 200);
      const descriptionOnly = await put({ ...availability, description: 'Reworded' }, 4);
      assert.equal(descriptionOnly.statusCode, 200, descriptionOnly.body);
      assert.deepEqual(descriptionOnly.json().gapAnalysis, gap, 'a description change keeps the analysis');
      const stricter = await put({ ...availability, objective: 99.99 }, 5);
      assert.equal(stricter.statusCode, 200);
      assert.equal(stricter.json().gapAnalysis, null, 'a new objective makes the analysis stale');
      assert.equal((await put({ ...availability, id: 'renamed' }, 6)).statusCode, 400);
      assert.equal((await put(availability, 5)).statusCode, 409);
    });

    it('a service with requirements cannot be deleted (409 in_use)', async () => {
      const res = await api.request({ method: 'DELETE', url: '/api/v1/services/wiki', headers: { 'if-match': '1' } });
      assert.equal(res.statusCode, 409);
      assert.equal(errorOf(res).code, 'in_use');
      assert.equal((await api.request({ url: '/api/v1/services/wiki' })).statusCode, 200);
    });

    it('deleting a requirement and a contract (with its requirements) is audited row by row', async () => {
      const first = await api.request({ url: reqUrl('CT-2026-001') });
      const other = first.json().items.find((r: { id: string }) => r.id !== 'CT-2026-001-avail');
      const del = await api.request({ method: 'DELETE', url: reqUrl('CT-2026-001', other.id), headers: { 'if-match': '1' } });
      assert.equal(del.statusCode, 204);
      const stale = await api.request({ method: 'DELETE', url: '/api/v1/contracts/CT-2026-001', headers: { 'if-match': '9' } });
      assert.equal(stale.statusCode, 409);
      const gone = await api.request({ method: 'DELETE', url: '/api/v1/contracts/CT-2026-001', headers: { 'if-match': '1' } });
      assert.equal(gone.statusCode, 204);
      assert.equal((await api.request({ url: '/api/v1/requirements/CT-2026-001-avail' })).statusCode, 404);
      const entries = (await api.request({ url: '/api/v1/audit?resource=requirement&resourceId=CT-2026-001-avail&limit=1' })).json().items;
      assert.equal(entries[0].action, 'delete');
      assert.equal(entries[0].before.objective, 99.99);
      assert.equal((await api.request({ url: '/api/v1/requirements' })).json().total, 1);
    });
  });
}
