import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestApi, errorOf, STORE_KINDS, storeSuiteOptions, type TestApi } from '../../testing/stores';

const finance = {
  key: 'finance',
  name: 'Finance department',
  kind: 'customer',
  description: '财务部 — internal customer of the mail service',
  contacts: [
    { name: 'Li Wei', email: 'li.wei@example.com', phone: '+86 10 1234 5678', role: 'signer', grafanaContactPoint: 'finance-oncall' },
    { name: 'Ops desk' },
  ],
};

for (const kind of STORE_KINDS) {
  describe(`parties resource [${kind}]`, storeSuiteOptions(kind), () => {
    let api: TestApi;
    before(async () => {
      api = await createTestApi(kind);
    });
    after(() => api?.dispose());

    const create = (body: unknown, extra: Record<string, unknown> = {}) => api.request({ method: 'POST', url: '/api/v1/parties', body, ...extra });
    const auditCount = async () => Number((await sql<{ n: string }>`select count(*) as n from audit_log`.execute(api.store.db)).rows[0].n);

    it('creates a party with contacts and reads it back identically', async () => {
      const res = await create(finance);
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.headers.etag, '"1"');
      assert.equal(res.headers.location, '/api/v1/parties/finance');
      const created = res.json();
      for (const [field, value] of Object.entries(finance)) {
        assert.deepEqual(created[field], value, field);
      }
      assert.equal(created.createdBy, 'alice');
      const got = await api.request({ url: '/api/v1/parties/finance' });
      assert.equal(got.statusCode, 200);
      assert.deepEqual(got.json(), created);
    });

    it('rejects bad parties with the field named, and writes nothing', async () => {
      const before = await auditCount();
      const cases: Array<[unknown, string]> = [
        [{ key: 'x', name: 'X' }, 'kind'],
        [{ key: 'x', name: 'X', kind: 'partner' }, 'kind'],
        [{ key: 'X Y', name: 'X', kind: 'customer' }, 'key'],
        [{ key: 'x', name: ' ', kind: 'customer' }, 'name'],
        [{ key: 'x', name: 'X', kind: 'customer', contacts: [{ email: 'a@b.c' }] }, 'contacts.0.name'],
        [{ key: 'x', name: 'X', kind: 'customer', contacts: [{ name: 'A', email: 'not-an-email' }] }, 'contacts.0.email'],
        [{ key: 'x', name: 'X', kind: 'customer', contacts: [{ name: 'A', phone: 'call me' }] }, 'contacts.0.phone'],
      ];
      for (const [body, path] of cases) {
        const res = await create(body);
        assert.equal(res.statusCode, 400, JSON.stringify(body));
        const issues = errorOf(res).details.issues as Array<{ path: string }>;
        assert.ok(issues.some((i) => i.path === path), `${JSON.stringify(body)} → ${JSON.stringify(issues)}`);
      }
      const unknown = await create({ ...finance, key: 'y', contacts: [{ name: 'A', pager: '1' }], colour: 'red' });
      assert.deepEqual(errorOf(unknown).details.unknownFields, ['contacts.0.pager', 'colour']);
      assert.equal(await auditCount(), before);
      const dup = await create({ ...finance, name: 'Other' });
      assert.equal(dup.statusCode, 409);
      assert.equal(errorOf(dup).code, 'conflict');
    });

    it('lists with kind filter, search and pagination', async () => {
      for (const [key, name, k] of [
        ['it-operations', 'IT Operations', 'internal'],
        ['network-team', 'Network team', 'internal'],
        ['cloudco', 'CloudCo Ltd', 'supplier'],
      ]) {
        assert.equal((await create({ key, name, kind: k })).statusCode, 201);
      }
      const list = async (qs: string) => {
        const res = await api.request({ url: `/api/v1/parties${qs}` });
        assert.equal(res.statusCode, 200, qs);
        return res.json() as { items: Array<{ key: string }>; total: number };
      };
      const keys = (p: { items: Array<{ key: string }> }) => p.items.map((i) => i.key);
      assert.deepEqual(keys(await list('')), ['cloudco', 'finance', 'it-operations', 'network-team']);
      assert.deepEqual(keys(await list('?kind=internal')), ['it-operations', 'network-team']);
      assert.deepEqual(keys(await list('?q=财务')), ['finance'], 'searches the description, in Chinese too');
      assert.deepEqual(keys(await list('?q=LTD')), ['cloudco']);
      const page = await list('?limit=1&offset=1');
      assert.deepEqual([keys(page), page.total], [['finance'], 4]);
      for (const qs of ['?kind=partner', '?limit=0', '?sort=key']) {
        assert.equal((await api.request({ url: `/api/v1/parties${qs}` })).statusCode, 400, qs);
      }
    });

    it('PUT replaces with If-Match (428 / 409 / 200) and records before and after', async () => {
      const body = { ...finance, name: 'Finance (HQ)' };
      assert.equal((await api.request({ method: 'PUT', url: '/api/v1/parties/finance', body })).statusCode, 428);
      const ok = await api.request({ method: 'PUT', url: '/api/v1/parties/finance', body, headers: { 'if-match': '"1"' }, user: 'bob' });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.headers.etag, '"2"');
      assert.equal(ok.json().updatedBy, 'bob');
      const stale = await api.request({ method: 'PUT', url: '/api/v1/parties/finance', body, headers: { 'if-match': '"1"' } });
      assert.equal(stale.statusCode, 409);
      assert.equal(errorOf(stale).details.currentVersion, 2);
      const rename = await api.request({ method: 'PUT', url: '/api/v1/parties/finance', body: { ...body, key: 'fin' }, headers: { 'if-match': '"2"' } });
      assert.equal(rename.statusCode, 400);
      const [entry] = (await api.request({ url: '/api/v1/audit?resource=party&resourceId=finance&limit=1' })).json().items;
      assert.equal(entry.action, 'update');
      assert.equal(entry.before.name, 'Finance department');
      assert.equal(entry.after.name, 'Finance (HQ)');
    });

    it('refuses to delete a party in use (contract customer, service owner), with 409 in_use', async () => {
      assert.equal((await api.request({ method: 'POST', url: '/api/v1/services', body: { key: 'mail', name: 'Mail', ownerTeam: 'it-operations' } })).statusCode, 201);
      const contract = await api.request({
        method: 'POST',
        url: '/api/v1/contracts',
        body: { ref: 'CT-1', customer: 'finance', title: 'Mail for Finance', term: { from: '2026-01-01' } },
      });
      assert.equal(contract.statusCode, 201, contract.body);
      const before = await auditCount();
      for (const [key, version, mention] of [['finance', '2', /CT-1/], ['it-operations', '1', /mail/]] as const) {
        const res = await api.request({ method: 'DELETE', url: `/api/v1/parties/${key}`, headers: { 'if-match': version } });
        assert.equal(res.statusCode, 409, key);
        assert.equal(errorOf(res).code, 'in_use');
        assert.match(errorOf(res).message, mention);
      }
      const kindChange = await api.request({ method: 'PUT', url: '/api/v1/parties/finance', body: { ...finance, kind: 'supplier' }, headers: { 'if-match': '2' } });
      assert.equal(kindChange.statusCode, 409);
      assert.equal(errorOf(kindChange).code, 'in_use');
      assert.equal(await auditCount(), before);
      // The database refuses it too, whatever the engine's own checks say.
      await assert.rejects(sql`delete from parties where key = 'finance'`.execute(api.store.db), /foreign key/);
    });

    it('deletes an unused party with If-Match and audits it; 404 afterwards', async () => {
      const res = await api.request({ method: 'DELETE', url: '/api/v1/parties/cloudco', headers: { 'if-match': '1' } });
      assert.equal(res.statusCode, 204);
      assert.equal((await api.request({ url: '/api/v1/parties/cloudco' })).statusCode, 404);
      const [entry] = (await api.request({ url: '/api/v1/audit?resourceId=cloudco&limit=1' })).json().items;
      assert.equal(entry.action, 'delete');
      assert.equal(entry.after, null);
    });

    it('keeps parties per organisation', async () => {
      assert.equal((await api.request({ url: '/api/v1/parties', org: 2 })).json().total, 0);
      assert.equal((await api.request({ url: '/api/v1/parties/finance', org: 2 })).statusCode, 404);
      assert.equal((await create({ ...finance, name: 'Org 2 finance' }, { org: 2 })).statusCode, 201);
      assert.equal((await api.request({ url: '/api/v1/parties/finance' })).json().name, 'Finance (HQ)');
    });
  });
}
