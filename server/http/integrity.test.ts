/**
 * Concurrency and transactional integrity of writes: concurrent If-Match updates have exactly
 * one winner; a write that fails after its row was written (here: the audit insert, failed by a
 * trigger the test installs in its own database) leaves nothing behind — no row change, no
 * audit row, no consumed idempotency key.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { dumpOrg } from '../testing/fixtures';
import { createTestApi, errorOf, STORE_KINDS, storeSuiteOptions, type TestApi } from '../testing/stores';

const party = { key: 'finance', name: 'Finance', kind: 'customer', contacts: [{ name: 'Li Wei' }] };

for (const kind of STORE_KINDS) {
  describe(`write integrity [${kind}]`, storeSuiteOptions(kind), () => {
    let api: TestApi;
    before(async () => {
      api = await createTestApi(kind);
      assert.equal((await api.request({ method: 'POST', url: '/api/v1/parties', body: party })).statusCode, 201);
      assert.equal((await api.request({ method: 'POST', url: '/api/v1/services', body: { key: 'mail', name: 'Mail' } })).statusCode, 201);
      const contract = { ref: 'CT-1', customer: 'finance', title: 'Mail', term: { from: '2026-01-01' } };
      assert.equal((await api.request({ method: 'POST', url: '/api/v1/contracts', body: contract })).statusCode, 201);
      for (const id of ['R-1', 'R-2']) {
        const body = { id, serviceKey: 'mail', metric: 'availability', objective: 99.9 };
        assert.equal((await api.request({ method: 'POST', url: '/api/v1/contracts/CT-1/requirements', body })).statusCode, 201);
      }
    });
    after(() => api?.dispose());

    it('concurrent If-Match updates of one party: exactly one wins, every other gets 409 version_conflict', async () => {
      const attempts = Array.from({ length: 8 }, (_, i) =>
        api.request({ method: 'PUT', url: '/api/v1/parties/finance', body: { ...party, name: `Finance ${i}` }, headers: { 'if-match': '"1"' }, user: `user${i}` })
      );
      const results = await Promise.all(attempts);
      const winners = results.filter((r) => r.statusCode === 200);
      assert.equal(winners.length, 1, results.map((r) => r.statusCode).join(','));
      for (const loser of results.filter((r) => r.statusCode !== 200)) {
        assert.equal(loser.statusCode, 409);
        assert.equal(errorOf(loser).code, 'version_conflict');
        assert.equal(errorOf(loser).details.currentVersion, 2);
      }
      const current = (await api.request({ url: '/api/v1/parties/finance' })).json();
      assert.equal(current.name, winners[0].json().name);
      assert.equal(current.version, 2);
      const updates = (await api.request({ url: '/api/v1/audit?resource=party&resourceId=finance' })).json().items.filter((e: { action: string }) => e.action === 'update');
      assert.equal(updates.length, 1, 'one audit row for the one update');
    });

    describe('a failure after the row write rolls the whole write back', () => {
      before(async () => {
        // Test-only DDL in the test's own database: the audit insert fails for marked records.
        await sql`
          create function test_fail_audit() returns trigger language plpgsql as $$
          begin
            if coalesce(new.after::text, '') like '%FAIL-ME%' or (new.action = 'delete' and new.resource = 'contract') then
              raise exception 'injected audit failure';
            end if;
            return new;
          end $$`.execute(api.store.db);
        await sql`create trigger test_fail_audit before insert on audit_log for each row execute function test_fail_audit()`.execute(api.store.db);
      });

      it('update: the row keeps its content and version; no audit row', async () => {
        const before = await dumpOrg(api, 1);
        const res = await api.request({ method: 'PUT', url: '/api/v1/parties/finance', body: { ...party, name: 'FAIL-ME' }, headers: { 'if-match': '2' } });
        assert.equal(res.statusCode, 500);
        assert.equal(errorOf(res).code, 'internal');
        assert.equal(await dumpOrg(api, 1), before);
      });

      it('create with an Idempotency-Key: no row, and the key is not used up', async () => {
        const before = await dumpOrg(api, 1);
        const headers = { 'idempotency-key': 'create-hr' };
        const failed = await api.request({ method: 'POST', url: '/api/v1/parties', body: { key: 'hr', name: 'FAIL-ME', kind: 'customer' }, headers });
        assert.equal(failed.statusCode, 500);
        assert.equal(await dumpOrg(api, 1), before);
        assert.equal((await api.request({ url: '/api/v1/parties/hr' })).statusCode, 404);
        const retried = await api.request({ method: 'POST', url: '/api/v1/parties', body: { key: 'hr', name: 'HR', kind: 'customer' }, headers });
        assert.equal(retried.statusCode, 201, 'the same key works for the retry');
      });

      it('a contract delete fails at its own audit row: its requirements, already deleted in the transaction, are back', async () => {
        const before = await dumpOrg(api, 1);
        const res = await api.request({ method: 'DELETE', url: '/api/v1/contracts/CT-1', headers: { 'if-match': '1' } });
        assert.equal(res.statusCode, 500);
        assert.equal(await dumpOrg(api, 1), before);
        assert.equal((await api.request({ url: '/api/v1/contracts/CT-1/requirements' })).json().total, 2);
      });

      after(async () => {
        await sql`drop trigger test_fail_audit on audit_log`.execute(api.store.db);
      });
    });

    it('the engine stays usable after the failures', async () => {
      const res = await api.request({ method: 'DELETE', url: '/api/v1/contracts/CT-1', headers: { 'if-match': '1' } });
      assert.equal(res.statusCode, 204);
      assert.equal((await api.request({ url: '/api/v1/requirements' })).json().total, 0);
    });
  });
}
