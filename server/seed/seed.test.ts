import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { serveConfig } from '../config';
import { getAgreementDetail, listAgreements } from '../resources/agreements/repository';
import { createTestStore, STORE_KINDS, storeSuiteOptions, type TestStore } from '../testing/stores';
import { seedIfEmpty } from './seed';

const SEED = fileURLToPath(new URL('../../provisioning/seed', import.meta.url));

describe('seed configuration', () => {
  it('takes the folder from --seed, else SLM_SEED_DIR', () => {
    assert.equal(serveConfig({ seed: '/a' }, { SLM_SEED_DIR: '/b' }).seedDir, '/a');
    assert.equal(serveConfig({}, { SLM_SEED_DIR: '/b' }).seedDir, '/b');
    assert.equal(serveConfig({}, {}).seedDir, undefined);
  });
});

for (const kind of STORE_KINDS) {
  describe(`demo seed [${kind}]`, storeSuiteOptions(kind), () => {
    let t: TestStore;
    before(async () => {
      t = await createTestStore(kind);
    });
    after(() => t?.dispose());
    const audits = async () => Number((await sql<{ n: string }>`select count(*) as n from audit_log`.execute(t.store.db)).rows[0].n);

    it('imports the demo on first start only, even when two engines start at once', async () => {
      const results = await Promise.all([seedIfEmpty(t.store, SEED), seedIfEmpty(t.store, SEED)]);
      assert.deepEqual(results.map((r) => r.seeded).sort(), [false, true]);
      const written = await audits();
      const again = await seedIfEmpty(t.store, SEED);
      assert.equal(again.seeded, false);
      assert.equal(await audits(), written, 'a restart writes nothing');
      const all = await listAgreements(t.store.db, 1, { limit: 100, offset: 0 });
      assert.equal(all.total, 8);
      const state = Object.fromEntries(all.items.map((a) => [a.id, a.state]));
      assert.deepEqual(state, {
        'OLA-2026-001': 'active',
        'OLA-2026-002': 'active',
        'SLA-2026-001': 'active',
        'SLA-2026-002': 'active',
        'SLA-2026-003': 'negotiating',
        'SLA-2026-004': 'draft',
        'UC-2026-001': 'active',
        'UC-2026-002': 'pending_signature',
      });
      assert.ok(all.items.some((a) => /[\u4e00-\u9fff]/.test(a.title)), 'some titles are in Chinese');
    });

    it('has exactly one consistency warning, on purpose: the 99.5 % UC under the 99.9 % mail SLA', async () => {
      const warnings = [];
      for (const a of (await listAgreements(t.store.db, 1, { limit: 100, offset: 0 })).items) {
        const detail = await getAgreementDetail(t.store.db, 1, a.id);
        warnings.push(...detail.consistency.map((w) => ({ on: a.id, ...w })));
      }
      assert.equal(warnings.length, 1, JSON.stringify(warnings));
      assert.equal(warnings[0].on, 'SLA-2026-001');
      assert.equal(warnings[0].underpinning.agreement, 'UC-2026-001');
      const sla = await getAgreementDetail(t.store.db, 1, 'SLA-2026-001');
      assert.equal(sla.activeRevision, 1);
      assert.match(JSON.stringify(sla.document), /http_requests_total\{job=\\"mail\\"/);
      assert.equal(sla.document.spec.targets[0].sli.ratio!.good.datasource, 'prometheus');
    });
  });
}
