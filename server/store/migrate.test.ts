import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestStore, STORE_KINDS, storeSuiteOptions, type TestStore } from '../testing/stores';
import { migrateToLatest, migrations, pendingMigrations } from './migrate';

for (const kind of STORE_KINDS) {
  describe(`migrations and the audit log [${kind}]`, storeSuiteOptions(kind), () => {
    let t: TestStore;
    before(async () => {
      t = await createTestStore(kind, { migrate: false });
    });
    after(() => t?.dispose());

    it('applies every migration once, in order, and reports nothing pending afterwards', async () => {
      assert.deepEqual(await pendingMigrations(t.store.db), Object.keys(migrations));
      assert.deepEqual(await migrateToLatest(t.store.db), Object.keys(migrations));
      assert.deepEqual(await pendingMigrations(t.store.db), []);
      assert.deepEqual(await migrateToLatest(t.store.db), [], 'a second run applies nothing');
    });

    it('refuses UPDATE, DELETE and TRUNCATE on audit_log at the database level', async () => {
      await sql`insert into audit_log (org_id, user_login, action, resource, resource_id, after)
                values (1, 'alice', 'create', 'service', 'mail', '{"k":1}'::jsonb)`.execute(t.store.db);
      await assert.rejects(sql`update audit_log set user_login = 'mallory'`.execute(t.store.db), /append-only/);
      await assert.rejects(sql`delete from audit_log`.execute(t.store.db), /append-only/);
      await assert.rejects(sql`truncate audit_log`.execute(t.store.db), /append-only/);
      const rows = await t.store.db.selectFrom('audit_log').selectAll().execute();
      assert.equal(rows.length, 1);
      assert.equal(rows[0].user_login, 'alice');
    });

    it('keeps service keys unique per organisation only', async () => {
      const row = (org: number) => ({
        org_id: org,
        key: 'mail',
        name: 'Mail',
        lifecycle: 'live' as const,
        features: '[]',
        usage_scenarios: '[]',
        service_hours: '[]',
        dependencies: '[]',
        dashboards: '[]',
        created_by: 'alice',
        updated_by: 'alice',
      });
      await t.store.db.insertInto('services').values(row(1)).execute();
      await t.store.db.insertInto('services').values(row(2)).execute();
      await assert.rejects(t.store.db.insertInto('services').values(row(1)).execute(), /duplicate key/);
      await assert.rejects(
        t.store.db.insertInto('services').values({ ...row(3), lifecycle: 'zombie' as never }).execute(),
        /check constraint/
      );
    });
  });
}
