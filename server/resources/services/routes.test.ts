import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestApi, errorOf, STORE_KINDS, storeSuiteOptions, type TestApi } from '../../testing/stores';

const mail = {
  key: 'mail',
  name: 'Mail',
  description: 'Corporate e-mail: sending, receiving, webmail',
  category: 'communication',
  features: ['send', 'receive', 'webmail'],
  usageScenarios: ['Finance sends invoices'],
  ownerTeam: 'it-operations',
  lifecycle: 'live',
  serviceHours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '18:00' }],
  dependencies: ['dns'],
  dashboards: [{ uid: 'mail-overview', title: 'Mail overview' }],
};

for (const kind of STORE_KINDS) {
  describe(`services resource [${kind}]`, storeSuiteOptions(kind), () => {
    let api: TestApi;
    before(async () => {
      api = await createTestApi(kind);
    });
    after(() => api?.dispose());

    const create = (body: unknown, extra: { org?: number; headers?: Record<string, string>; user?: string } = {}) =>
      api.request({ method: 'POST', url: '/api/v1/services', body, ...extra });
    const auditCount = async () => Number((await sql<{ n: string }>`select count(*) as n from audit_log`.execute(api.store.db)).rows[0].n);

    it('creates a service (201, ETag, Location) and reads it back identically', async () => {
      const res = await create(mail);
      assert.equal(res.statusCode, 201);
      assert.equal(res.headers.etag, '"1"');
      assert.equal(res.headers.location, '/api/v1/services/mail');
      const created = res.json();
      assert.equal(created.version, 1);
      assert.equal(created.createdBy, 'alice');
      assert.equal(created.updatedBy, 'alice');
      for (const [field, value] of Object.entries(mail)) {
        assert.deepEqual(created[field], value, field);
      }
      const got = await api.request({ url: '/api/v1/services/mail' });
      assert.equal(got.statusCode, 200);
      assert.equal(got.headers.etag, '"1"');
      assert.deepEqual(got.json(), created);
    });

    it('fills defaults for optional fields', async () => {
      const res = await create({ key: 'dns', name: 'DNS' });
      assert.equal(res.statusCode, 201);
      const dns = res.json();
      assert.equal(dns.lifecycle, 'planned');
      assert.deepEqual([dns.features, dns.serviceHours, dns.dependencies, dns.ownerTeam], [[], [], [], null]);
    });

    it('409 conflict for a duplicate key, and nothing changes', async () => {
      const before = await auditCount();
      const res = await create({ ...mail, name: 'Another mail' });
      assert.equal(res.statusCode, 409);
      assert.equal(errorOf(res).code, 'conflict');
      assert.equal((await api.request({ url: '/api/v1/services/mail' })).json().name, 'Mail');
      assert.equal(await auditCount(), before);
    });

    it('400 listing unknown fields; 400 naming invalid ones; nothing written', async () => {
      const before = await auditCount();
      const unknown = await create({ key: 'x1', name: 'X', colour: 'red', owner: 'bob' });
      assert.equal(unknown.statusCode, 400);
      const error = errorOf(unknown);
      assert.equal(error.code, 'validation_failed');
      assert.deepEqual(error.details.unknownFields, ['colour', 'owner']);
      assert.match(error.message, /colour, owner/);
      const nestedUnknown = await create({ key: 'x2', name: 'X', dashboards: [{ uid: 'a', href: 'b' }] });
      assert.equal(nestedUnknown.statusCode, 400);
      assert.deepEqual(errorOf(nestedUnknown).details.unknownFields, ['dashboards.0.href']);
      const cases: Array<[unknown, string]> = [
        [{ key: 'Bad Key', name: 'X' }, 'key'],
        [{ key: 'x3' }, 'name'],
        [{ key: 'x3', name: 'X', lifecycle: 'zombie' }, 'lifecycle'],
        [{ key: 'x3', name: 'X', features: 'send' }, 'features'],
        [{ key: 'x3', name: 'X', serviceHours: [{ days: ['mon'], from: '18:00', to: '08:00' }] }, 'serviceHours.0.to'],
        [{ key: 'x3', name: 'X', dependencies: ['x3'] }, 'dependencies'],
        [{ key: 'x3', name: 'X', dependencies: ['a', 'a'] }, 'dependencies'],
        [[mail], ''],
        ['mail', ''],
      ];
      for (const [body, path] of cases) {
        const res = await create(body);
        assert.equal(res.statusCode, 400, JSON.stringify(body));
        const issues = errorOf(res).details.issues as Array<{ path: string }>;
        assert.ok(issues.some((i) => i.path === path), `${JSON.stringify(body)} → ${JSON.stringify(issues)}`);
      }
      assert.equal(await auditCount(), before);
      assert.equal((await api.request({ url: '/api/v1/services/x3' })).statusCode, 404);
    });

    it('lists with search, filters and pagination', async () => {
      for (const [key, name, lifecycle, ownerTeam] of [
        ['crm', 'Customer relations', 'live', 'sales-it'],
        ['erp', 'ERP 50% off', 'retired', 'it-operations'],
        ['wiki', 'Wiki', 'planned', 'it-operations'],
      ]) {
        assert.equal((await create({ key, name, lifecycle, ownerTeam })).statusCode, 201);
      }
      const list = (qs: string) => api.request({ url: `/api/v1/services${qs}` }).then((r) => {
        assert.equal(r.statusCode, 200, qs);
        return r.json() as { items: Array<{ key: string }>; total: number; limit: number; offset: number };
      });
      const keys = (page: { items: Array<{ key: string }> }) => page.items.map((s) => s.key);

      const all = await list('');
      assert.deepEqual(keys(all), ['crm', 'dns', 'erp', 'mail', 'wiki'], 'sorted by key');
      assert.equal(all.total, 5);
      assert.deepEqual(keys(await list('?q=MAIL')), ['mail'], 'case-insensitive on key/name');
      assert.deepEqual(keys(await list('?q=webmail')), ['mail'], 'searches the description');
      assert.deepEqual(keys(await list('?q=50%25')), ['erp'], '% is literal');
      assert.deepEqual(keys(await list('?q=%25')), ['erp']);
      assert.deepEqual(keys(await list('?lifecycle=live')), ['crm', 'mail']);
      assert.deepEqual(keys(await list('?owner=it-operations')), ['erp', 'mail', 'wiki']);
      assert.deepEqual(keys(await list('?owner=it-operations&lifecycle=planned')), ['wiki']);

      const page1 = await list('?limit=2');
      const page2 = await list('?limit=2&offset=2');
      const page3 = await list('?limit=2&offset=4');
      assert.deepEqual([keys(page1), keys(page2), keys(page3)], [['crm', 'dns'], ['erp', 'mail'], ['wiki']]);
      assert.equal(page3.total, 5);

      for (const qs of ['?limit=0', '?limit=abc', '?limit=501', '?offset=-1', '?lifecycle=zombie', '?sort=name']) {
        const res = await api.request({ url: `/api/v1/services${qs}` });
        assert.equal(res.statusCode, 400, qs);
        assert.equal(errorOf(res).code, 'validation_failed');
      }
    });

    it('PUT needs If-Match: 428 without, 409 with a stale version (current version in details), 200 with the right one', async () => {
      const replacement = { ...mail, name: 'Mail (Exchange)', lifecycle: 'live' };
      const missing = await api.request({ method: 'PUT', url: '/api/v1/services/mail', body: replacement });
      assert.equal(missing.statusCode, 428);
      assert.equal(errorOf(missing).code, 'precondition_required');

      const ok = await api.request({ method: 'PUT', url: '/api/v1/services/mail', body: replacement, headers: { 'if-match': '"1"' }, user: 'bob' });
      assert.equal(ok.statusCode, 200);
      assert.equal(ok.headers.etag, '"2"');
      assert.equal(ok.json().version, 2);
      assert.equal(ok.json().name, 'Mail (Exchange)');
      assert.equal(ok.json().updatedBy, 'bob');
      assert.equal(ok.json().createdBy, 'alice');

      const stale = await api.request({ method: 'PUT', url: '/api/v1/services/mail', body: { ...replacement, name: 'Lost update' }, headers: { 'if-match': '"1"' } });
      assert.equal(stale.statusCode, 409);
      const error = errorOf(stale);
      assert.equal(error.code, 'version_conflict');
      assert.equal(error.details.currentVersion, 2);
      assert.equal((await api.request({ url: '/api/v1/services/mail' })).json().name, 'Mail (Exchange)');

      const badIfMatch = await api.request({ method: 'PUT', url: '/api/v1/services/mail', body: replacement, headers: { 'if-match': 'yesterday' } });
      assert.equal(badIfMatch.statusCode, 400);
      const renamed = await api.request({ method: 'PUT', url: '/api/v1/services/mail', body: { ...replacement, key: 'post' }, headers: { 'if-match': '2' } });
      assert.equal(renamed.statusCode, 400);
      const absent = await api.request({ method: 'PUT', url: '/api/v1/services/nothing', body: { ...replacement, key: undefined }, headers: { 'if-match': '1' } });
      assert.equal(absent.statusCode, 404);
    });

    it('writes an audit row with before and after for every change, newest first', async () => {
      const res = await api.request({ url: '/api/v1/audit?resource=service&resourceId=mail' });
      assert.equal(res.statusCode, 200);
      const entries = res.json().items;
      assert.deepEqual(entries.map((e: { action: string }) => e.action), ['update', 'create']);
      const [update, creation] = entries;
      assert.equal(update.user, 'bob');
      assert.equal(update.before.name, 'Mail');
      assert.equal(update.before.version, 1);
      assert.equal(update.after.name, 'Mail (Exchange)');
      assert.equal(update.after.version, 2);
      assert.equal(creation.before, null);
      assert.equal(creation.after.name, 'Mail');
      assert.equal(creation.user, 'alice');
      assert.ok(update.id > creation.id);
      assert.ok(!Number.isNaN(Date.parse(update.at)));

      const page = await api.request({ url: '/api/v1/audit?limit=2' });
      const { items, nextCursor } = page.json();
      assert.equal(items.length, 2);
      assert.ok(nextCursor);
      const next = (await api.request({ url: `/api/v1/audit?limit=2&before=${nextCursor}` })).json();
      assert.ok(next.items.every((e: { id: number }) => e.id < items[1].id));

      await assert.rejects(sql`update audit_log set user_login = 'mallory'`.execute(api.store.db), /append-only/);
      await assert.rejects(sql`delete from audit_log where resource_id = 'mail'`.execute(api.store.db), /append-only/);
      assert.equal((await api.request({ url: '/api/v1/audit?resourceId=mail' })).json().items.length, 2);
    });

    it('POST with the same Idempotency-Key and body answers the same and writes once; a different body is refused', async () => {
      const before = await auditCount();
      const headers = { 'idempotency-key': 'create-ldap-1' };
      const first = await create({ key: 'ldap', name: 'LDAP' }, { headers });
      const second = await create({ key: 'ldap', name: 'LDAP' }, { headers });
      assert.equal(first.statusCode, 201);
      assert.equal(second.statusCode, 201, 'the repeat gets the first answer, not a 409');
      assert.deepEqual(second.json(), first.json());
      assert.equal(second.headers.etag, '"1"');
      assert.equal(await auditCount(), before + 1);

      const reused = await create({ key: 'ldap2', name: 'LDAP 2' }, { headers });
      assert.equal(reused.statusCode, 422);
      assert.equal(errorOf(reused).code, 'idempotency_key_reused');
      assert.equal((await api.request({ url: '/api/v1/services/ldap2' })).statusCode, 404);

      const concurrent = await Promise.all(
        [1, 2, 3, 4].map(() => create({ key: 'sso', name: 'SSO' }, { headers: { 'idempotency-key': 'create-sso' } }))
      );
      assert.deepEqual(concurrent.map((r) => r.statusCode), [201, 201, 201, 201]);
      assert.equal(await auditCount(), before + 2);
    });

    it('keeps organisations apart: org 2 neither sees nor changes org 1 rows', async () => {
      const other = { org: 2 };
      assert.equal((await api.request({ url: '/api/v1/services', ...other })).json().total, 0);
      assert.equal((await api.request({ url: '/api/v1/services/mail', ...other })).statusCode, 404);
      const put = await api.request({ method: 'PUT', url: '/api/v1/services/mail', body: { ...mail, name: 'Hijacked' }, headers: { 'if-match': '2' }, ...other });
      assert.equal(put.statusCode, 404);
      const del = await api.request({ method: 'DELETE', url: '/api/v1/services/mail', headers: { 'if-match': '2' }, ...other });
      assert.equal(del.statusCode, 404);
      assert.equal((await api.request({ url: '/api/v1/audit', ...other })).json().items.length, 0);
      // The same key is free in another organisation, and the idempotency keys are per organisation too.
      const own = await create({ key: 'mail', name: 'Org 2 mail' }, { ...other, headers: { 'idempotency-key': 'create-ldap-1' } });
      assert.equal(own.statusCode, 201);
      assert.equal(own.json().name, 'Org 2 mail');
      assert.equal((await api.request({ url: '/api/v1/services/mail' })).json().name, 'Mail (Exchange)');
    });

    it('DELETE needs If-Match, records the deletion and removes the row', async () => {
      assert.equal((await api.request({ method: 'DELETE', url: '/api/v1/services/dns' })).statusCode, 428);
      const stale = await api.request({ method: 'DELETE', url: '/api/v1/services/dns', headers: { 'if-match': '"7"' } });
      assert.equal(stale.statusCode, 409);
      assert.equal(errorOf(stale).details.currentVersion, 1);
      const readOnly = await api.request({ method: 'DELETE', url: '/api/v1/services/dns', permission: 'read', headers: { 'if-match': '"1"' } });
      assert.equal(readOnly.statusCode, 403);
      const ok = await api.request({ method: 'DELETE', url: '/api/v1/services/dns', headers: { 'if-match': '"1"' } });
      assert.equal(ok.statusCode, 204);
      assert.equal((await api.request({ url: '/api/v1/services/dns' })).statusCode, 404);
      const [entry] = (await api.request({ url: '/api/v1/audit?resourceId=dns&limit=1' })).json().items;
      assert.equal(entry.action, 'delete');
      assert.equal(entry.before.key, 'dns');
      assert.equal(entry.after, null);
    });

    it('two concurrent updates on one version: exactly one wins, the other gets 409', async () => {
      const current = (await api.request({ url: '/api/v1/services/wiki' })).json();
      const body = (name: string) => ({ key: 'wiki', name, lifecycle: 'planned', ownerTeam: 'it-operations' });
      const results = await Promise.all(
        ['A', 'B'].map((name) =>
          api.request({ method: 'PUT', url: '/api/v1/services/wiki', body: body(name), headers: { 'if-match': `"${current.version}"` } })
        )
      );
      assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 409]);
      const winner = results.find((r) => r.statusCode === 200)!.json();
      assert.equal((await api.request({ url: '/api/v1/services/wiki' })).json().name, winner.name);
    });
  });
}
