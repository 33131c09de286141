import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestApi, errorOf, STORE_KINDS, storeSuiteOptions, type TestApi } from '../../testing/stores';
import { agreementDoc, seedReferences } from './fixtures';
import { expireDue } from './repository';

type Res = Awaited<ReturnType<TestApi['request']>>;

for (const kind of STORE_KINDS) {
  describe(`agreements resource [${kind}]`, storeSuiteOptions(kind), () => {
    let api: TestApi;
    before(async () => {
      api = await createTestApi(kind);
      await seedReferences(api);
    });
    after(() => api?.dispose());

    const url = (id: string, rest = '') => `/api/v1/agreements/${id}${rest}`;
    const get = async (id: string) => {
      const res = await api.request({ url: url(id) });
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    };
    const create = (document: unknown, extra: { requiredSigners?: string[]; org?: number } = {}) =>
      api.request({
        method: 'POST',
        url: '/api/v1/agreements',
        body: { document, ...(extra.requiredSigners ? { requiredSigners: extra.requiredSigners } : {}) },
        org: extra.org,
      });
    const created = async (document: unknown) => {
      const res = await create(document);
      assert.equal(res.statusCode, 201, res.body);
      return res.json();
    };
    const move = async (id: string, to: string, version?: number) =>
      api.request({
        method: 'POST',
        url: url(id, '/transitions'),
        body: { to },
        headers: { 'if-match': String(version ?? (await get(id)).version) },
      });
    const moved = async (id: string, to: string) => {
      const res = await move(id, to);
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    };
    const sign = (id: string, party: string, hash: string, user = 'alice') =>
      api.request({ method: 'POST', url: url(id, '/signatures'), body: { party, hash }, user });
    const signAll = async (id: string) => {
      const detail = await get(id);
      for (const party of detail.pendingVersion.missing) {
        const res = await sign(id, party, detail.pendingVersion.hash, `${party}-signer`);
        assert.equal(res.statusCode, 201, res.body);
      }
    };
    const approve = async (id: string, action: 'activate' | 'terminate', permission = 'own') =>
      api.request({
        method: 'POST',
        url: `/api/v1/approvals/agreements/${id}/${action}`,
        permission,
        headers: { 'if-match': String((await get(id)).version) },
      });
    const activate = async (id: string) => {
      await signAll(id);
      const res = await approve(id, 'activate');
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    };
    const count = async (table: string) =>
      Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(api.store.db)).rows[0].n);

    it('creates an agreement (201, ETag, Location), stores the canonical document and reads it back', async () => {
      const res = await create(agreementDoc('SLA-2026-001', 'SLA', { title: '邮件服务 SLA' }));
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.headers.etag, '"1"');
      assert.equal(res.headers.location, '/api/v1/agreements/SLA-2026-001');
      const body = res.json();
      assert.equal(body.state, 'draft');
      assert.equal(body.title, '邮件服务 SLA');
      assert.equal(body.revision, 1);
      assert.equal(body.activeRevision, null);
      assert.deepEqual(body.requiredSigners, ['it-operations', 'finance']);
      assert.equal(body.document.spec.noData, 'ignore', 'defaults are part of the canonical document');
      assert.equal(body.document.spec.minCoverage, 0);
      assert.match(body.hash, /^sha256:[0-9a-f]{64}$/);
      const detail = await get('SLA-2026-001');
      assert.deepEqual(detail.document, body.document);
      assert.equal(detail.hash, body.hash);
      assert.deepEqual(detail.consistency, []);
      assert.deepEqual(
        detail.allowedTransitions.map((m: { to: string }) => m.to),
        ['negotiating']
      );
    });

    it('400 naming the path for an invalid document, unknown references and wrong party kinds; nothing written', async () => {
      const audits = await count('audit_log');
      const bad = agreementDoc('SLA-BAD', 'SLA') as any;
      bad.spec.targets[0].objective = 120;
      bad.spec.colour = 'red';
      const invalid = await create(bad);
      assert.equal(invalid.statusCode, 400);
      const error = errorOf(invalid);
      assert.equal(error.code, 'validation_failed');
      const paths = (error.details.issues as Array<{ path: string }>).map((i) => i.path);
      assert.ok(paths.includes('spec.targets[0].objective'), JSON.stringify(paths));
      assert.deepEqual(error.details.unknownFields, ['spec.colour']);
      const cases: Array<[unknown, string, string]> = [
        [agreementDoc('SLA-X1', 'SLA', { service: 'nothing' }), 'spec.service', 'invalid_reference'],
        [agreementDoc('SLA-X2', 'SLA', { counterparty: 'cloudco' }), 'spec.counterparty', 'wrong_kind'],
        [agreementDoc('OLA-X3', 'OLA', { counterparty: 'finance' }), 'spec.counterparty', 'wrong_kind'],
        [agreementDoc('UC-X4', 'UC', { counterparty: 'network-team' }), 'spec.counterparty', 'wrong_kind'],
        [agreementDoc('SLA-X5', 'SLA', { counterparty: 'ghost' }), 'spec.counterparty', 'invalid_reference'],
        [
          agreementDoc('SLA-X6', 'SLA', { effective: { from: '2026-05-01', to: '2026-04-01' } }),
          'spec.effective.to',
          'custom',
        ],
      ];
      for (const [doc, path, code] of cases) {
        const res = await create(doc);
        assert.equal(res.statusCode, 400, `${path}: ${res.body}`);
        const issues = errorOf(res).details.issues as Array<{ path: string; code: string }>;
        assert.ok(
          issues.some((i) => i.path === path && i.code === code),
          `${path}/${code}: ${JSON.stringify(issues)}`
        );
      }
      const signers = await create(agreementDoc('SLA-X7', 'SLA'), { requiredSigners: ['finance', 'nobody'] });
      assert.equal(signers.statusCode, 400);
      assert.equal((errorOf(signers).details.issues as Array<{ path: string }>)[0].path, 'requiredSigners[1]');
      assert.equal((await create(agreementDoc('SLA-2026-001', 'SLA'))).statusCode, 409, 'duplicate id');
      assert.equal(await count('audit_log'), audits);
      assert.equal((await api.request({ url: '/api/v1/agreements?q=X' })).json().total, 0);
    });

    it('walks the lifecycle and refuses every illegal transition with 409 naming from, to and what is allowed', async () => {
      const id = 'SLA-WALK';
      await created(agreementDoc(id, 'SLA', { effective: { from: '2026-01-01' } }));
      type Action = { name: string; run: (version: number) => Promise<Res> };
      const transition = (to: string): Action => ({
        name: `transition:${to}`,
        run: (v) =>
          api.request({
            method: 'POST',
            url: url(id, '/transitions'),
            body: { to },
            headers: { 'if-match': String(v) },
          }),
      });
      const edit: Action = {
        name: 'edit',
        run: (v) =>
          api.request({
            method: 'PUT',
            url: url(id),
            body: { document: agreementDoc(id, 'SLA', { objective: 99.5, effective: { from: '2026-01-01' } }) },
            headers: { 'if-match': String(v) },
          }),
      };
      const approval = (action: string): Action => ({
        name: action,
        run: (v) =>
          api.request({
            method: 'POST',
            url: `/api/v1/approvals/agreements/${id}/${action}`,
            permission: 'own',
            headers: { 'if-match': String(v) },
          }),
      });
      const amend: Action = {
        name: 'amend',
        run: (v) => api.request({ method: 'POST', url: url(id, '/amendments'), headers: { 'if-match': String(v) } }),
      };
      const signAction: Action = { name: 'sign', run: async () => sign(id, 'finance', (await get(id)).hash) };
      const all: Action[] = [
        ...['draft', 'negotiating', 'pending_signature', 'active', 'expired', 'terminated'].map(transition),
        edit,
        amend,
        approval('activate'),
        approval('terminate'),
        signAction,
      ];
      let refusals = 0;
      /** Tries every action not in `legal`: each must answer 409 and change nothing. */
      const refuseAllBut = async (legal: string[]) => {
        for (const action of all.filter((a) => !legal.includes(a.name))) {
          const before = await get(id);
          const res = await action.run(before.version);
          assert.equal(res.statusCode, 409, `${before.state}/${before.amendment?.state}: ${action.name} → ${res.body}`);
          const error = errorOf(res);
          assert.ok(['illegal_transition', 'not_editable'].includes(error.code), `${action.name}: ${error.code}`);
          assert.ok(Array.isArray(error.details.allowed), 'names what is allowed');
          if (error.code === 'illegal_transition') {
            assert.equal(error.details.from, before.state);
            assert.match(error.message, /cannot go from|not awaiting signatures/);
          }
          const after = await get(id);
          assert.equal(after.version, before.version, `${action.name} changed nothing`);
          assert.equal(after.state, before.state);
          refusals++;
        }
      };

      await refuseAllBut(['transition:negotiating', 'edit']);
      await moved(id, 'negotiating');
      await refuseAllBut(['transition:draft', 'transition:pending_signature', 'edit']);
      await moved(id, 'draft');
      await moved(id, 'negotiating');
      let pending = await moved(id, 'pending_signature');
      assert.equal(pending.revision, 1);
      await refuseAllBut(['transition:draft', 'transition:negotiating', 'sign', 'activate']);
      const incomplete = await approve(id, 'activate');
      assert.equal(incomplete.statusCode, 409);
      assert.equal(errorOf(incomplete).code, 'signatures_incomplete');
      const back = await moved(id, 'negotiating');
      assert.equal(back.revision, 2, 'the frozen revision is withdrawn; edits go into a new one');
      pending = await moved(id, 'pending_signature');
      assert.equal(pending.revision, 2);
      const active = await activate(id);
      assert.equal(active.state, 'active');
      assert.equal(active.activeRevision, 2);
      await refuseAllBut(['amend', 'terminate']);
      const amended = await api.request({
        method: 'POST',
        url: url(id, '/amendments'),
        headers: { 'if-match': String(active.version) },
      });
      assert.equal(amended.statusCode, 201, amended.body);
      assert.deepEqual(amended.json().amendment, { state: 'draft', revision: 3 });
      await refuseAllBut(['transition:negotiating', 'edit', 'terminate']);
      await moved(id, 'negotiating');
      await moved(id, 'pending_signature');
      await refuseAllBut(['transition:draft', 'transition:negotiating', 'sign', 'activate', 'terminate']);
      const terminated = await approve(id, 'terminate');
      assert.equal(terminated.statusCode, 200, terminated.body);
      assert.equal(terminated.json().state, 'terminated');
      assert.equal(terminated.json().amendment, null);
      await refuseAllBut([]);
      assert.equal(refusals, 9 + 8 + 7 + 9 + 8 + 6 + 11, 'every illegal move in every state was tried');

      const manager = await api.request({
        method: 'POST',
        url: `/api/v1/approvals/agreements/${id}/terminate`,
        permission: 'manage',
        headers: { 'if-match': '1' },
      });
      assert.equal(manager.statusCode, 403, 'approvals need the own permission');
    });

    it('two concurrent updates of one agreement: exactly one wins, the other gets 409', async () => {
      const id = 'OLA-RACE';
      const { version } = await created(agreementDoc(id, 'OLA'));
      const results = await Promise.all(
        [99.1, 99.2].map((objective) =>
          api.request({
            method: 'PUT',
            url: url(id),
            body: { document: agreementDoc(id, 'OLA', { objective }) },
            headers: { 'if-match': `"${version}"` },
          })
        )
      );
      assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 409]);
      const loser = results.find((r) => r.statusCode === 409)!;
      assert.equal(errorOf(loser).code, 'version_conflict');
      assert.equal(errorOf(loser).details.currentVersion, version + 1);
      const winner = results.find((r) => r.statusCode === 200)!.json();
      assert.equal((await get(id)).document.spec.targets[0].objective, winner.document.spec.targets[0].objective);
      const transitions = await Promise.all([
        move(id, 'negotiating', version + 1),
        move(id, 'negotiating', version + 1),
      ]);
      assert.deepEqual(transitions.map((r) => r.statusCode).sort(), [200, 409]);
    });

    it('freezes an immutable signed version; signatures must carry the pending hash', async () => {
      const id = 'SLA-SIGN';
      await created(agreementDoc(id, 'SLA'));
      await moved(id, 'negotiating');
      const pending = await moved(id, 'pending_signature');
      const detail = await get(id);
      assert.equal(detail.pendingVersion.hash, pending.hash);
      assert.deepEqual(detail.pendingVersion.missing, ['it-operations', 'finance']);

      const stale = await sign(id, 'finance', 'sha256:' + '0'.repeat(64));
      assert.equal(stale.statusCode, 409);
      assert.equal(errorOf(stale).code, 'stale_hash');
      assert.equal(errorOf(stale).details.currentHash, pending.hash);
      const notSigner = await sign(id, 'hr', pending.hash);
      assert.equal(notSigner.statusCode, 400);
      const ok = await sign(id, 'finance', pending.hash, 'fiona');
      assert.equal(ok.statusCode, 201, ok.body);
      const { signedAt, ...signature } = ok.json() as Record<string, unknown>;
      assert.ok(!Number.isNaN(Date.parse(String(signedAt))));
      assert.deepEqual(signature, { party: 'finance', user: 'fiona', revision: 1, hash: pending.hash });
      assert.equal((await sign(id, 'finance', pending.hash)).statusCode, 409, 'a party signs once');

      const incomplete = await approve(id, 'activate');
      assert.equal(incomplete.statusCode, 409);
      assert.deepEqual(errorOf(incomplete).details.missing, ['it-operations']);

      // The frozen row cannot be changed or removed, not even by SQL from the engine itself.
      await assert.rejects(
        sql`update agreement_versions set document = '{}'::jsonb`.execute(api.store.db),
        /immutable/
      );
      await assert.rejects(sql`update agreement_versions set hash = 'x'`.execute(api.store.db), /immutable/);
      await assert.rejects(sql`delete from agreement_versions`.execute(api.store.db), /immutable/);
      await assert.rejects(sql`delete from agreement_signatures`.execute(api.store.db), /append-only/);
      await assert.rejects(sql`update agreement_signatures set party = 'hr'`.execute(api.store.db), /append-only/);

      // Back to negotiating, change the content: the old version and its signature stay as they were,
      // and the signature does not count for the new version.
      await moved(id, 'negotiating');
      const editedRes = await api.request({
        method: 'PUT',
        url: url(id),
        body: { document: agreementDoc(id, 'SLA', { objective: 99.95 }) },
        headers: { 'if-match': String((await get(id)).version) },
      });
      assert.equal(editedRes.statusCode, 200, editedRes.body);
      const repending = await moved(id, 'pending_signature');
      assert.notEqual(repending.hash, pending.hash);
      const v1 = (await api.request({ url: url(id, '/versions/1') })).json();
      assert.equal(v1.hash, pending.hash);
      assert.equal(v1.document.spec.targets[0].objective, 99.9);
      assert.equal(v1.status, 'withdrawn');
      assert.equal(v1.signatures.length, 1);
      assert.equal(
        (await sign(id, 'it-operations', pending.hash)).statusCode,
        409,
        'signing the withdrawn hash is refused'
      );
      const now = await get(id);
      assert.deepEqual(now.pendingVersion.missing, ['it-operations', 'finance']);
      assert.equal((await sign(id, 'it-operations', repending.hash)).statusCode, 201);
      assert.equal((await approve(id, 'activate')).statusCode, 409, 'finance has not signed the new hash');
      assert.equal((await sign(id, 'finance', repending.hash)).statusCode, 201);
      const activated = await approve(id, 'activate');
      assert.equal(activated.statusCode, 200, activated.body);
      assert.equal(activated.json().activeRevision, 2);

      const diff = (await api.request({ url: url(id, '/versions/2/diff?against=1') })).json();
      assert.deepEqual(diff.changes, [
        { path: 'spec.targets[0].objective', op: 'changed', before: 99.9, after: 99.95 },
      ]);
      assert.equal((await api.request({ url: url(id, '/versions/9/diff?against=1') })).statusCode, 404);
      assert.equal((await api.request({ url: url(id, '/versions/2/diff?against=x') })).statusCode, 400);
      const signatures = (await api.request({ url: url(id, '/signatures') })).json().items;
      assert.equal(signatures.length, 3);
    });

    it('amends an active agreement: the active revision stays in force until the amendment is activated', async () => {
      const id = 'SLA-AMEND';
      await created(agreementDoc(id, 'SLA'));
      await moved(id, 'negotiating');
      await moved(id, 'pending_signature');
      const active = await activate(id);
      const amendRes = await api.request({
        method: 'POST',
        url: url(id, '/amendments'),
        headers: { 'if-match': String(active.version) },
      });
      assert.equal(amendRes.statusCode, 201);
      const edit = await api.request({
        method: 'PUT',
        url: url(id),
        body: { document: agreementDoc(id, 'SLA', { objective: 99.99 }) },
        headers: { 'if-match': String(amendRes.json().version) },
      });
      assert.equal(edit.statusCode, 200, edit.body);
      const during = await get(id);
      assert.equal(during.state, 'active');
      assert.equal(during.activeRevision, 1);
      assert.deepEqual(during.amendment, { state: 'draft', revision: 2 });
      const versions = (await api.request({ url: url(id, '/versions') })).json().items;
      assert.deepEqual(
        versions.map((v: { revision: number; status: string }) => [v.revision, v.status]),
        [
          [1, 'in_force'],
          [2, 'working'],
        ]
      );
      assert.equal(
        (await api.request({ url: url(id, '/versions/1') })).json().document.spec.targets[0].objective,
        99.9
      );
      assert.equal((await api.request({ url: url(id, '/versions/2/diff?against=1') })).json().changes[0].after, 99.99);
      await moved(id, 'negotiating');
      await moved(id, 'pending_signature');
      const superseding = await activate(id);
      assert.equal(superseding.state, 'active');
      assert.equal(superseding.activeRevision, 2);
      assert.equal(superseding.amendment, null);
      const after = (await api.request({ url: url(id, '/versions') })).json().items;
      assert.deepEqual(
        after.map((v: { revision: number; status: string }) => [v.revision, v.status]),
        [
          [1, 'superseded'],
          [2, 'in_force'],
        ]
      );
    });

    it('refuses underpinning cycles, wrong types and unknown agreements (400 with the path)', async () => {
      await created(agreementDoc('UC-CLOUD', 'UC', { objective: 99.5 }));
      await created(agreementDoc('OLA-NET', 'OLA', { underpinnedBy: ['UC-CLOUD'] }));
      await created(agreementDoc('OLA-DB', 'OLA', { underpinnedBy: ['OLA-NET'], counterparty: 'dba-team' }));
      const refused = async (
        doc: ReturnType<typeof agreementDoc>,
        path: string,
        code: string,
        method: 'POST' | 'PUT' = 'POST'
      ) => {
        const res =
          method === 'POST'
            ? await create(doc)
            : await api.request({
                method: 'PUT',
                url: url(doc.metadata.id),
                body: { document: doc },
                headers: { 'if-match': String((await get(doc.metadata.id)).version) },
              });
        assert.equal(res.statusCode, 400, res.body);
        const issues = errorOf(res).details.issues as Array<{ path: string; code: string; message: string }>;
        const issue = issues.find((i) => i.path === path && i.code === code);
        assert.ok(issue, `${path}/${code}: ${JSON.stringify(issues)}`);
        return issue!;
      };
      const cycle = await refused(
        agreementDoc('OLA-NET', 'OLA', { underpinnedBy: ['UC-CLOUD', 'OLA-DB'] }),
        'spec.underpinnedBy[1]',
        'cycle',
        'PUT'
      );
      assert.match(cycle.message, /OLA-NET → OLA-DB → OLA-NET/);
      await refused(
        agreementDoc('OLA-NET', 'OLA', { underpinnedBy: ['OLA-NET'] }),
        'spec.underpinnedBy[0]',
        'cycle',
        'PUT'
      );
      await refused(
        agreementDoc('UC-CLOUD', 'UC', { underpinnedBy: ['OLA-NET'] }),
        'spec.underpinnedBy',
        'wrong_type',
        'PUT'
      );
      await refused(
        agreementDoc('OLA-X', 'OLA', { underpinnedBy: ['SLA-2026-001'] }),
        'spec.underpinnedBy[0]',
        'wrong_type'
      );
      await refused(
        agreementDoc('SLA-X', 'SLA', { underpinnedBy: ['SLA-2026-001'] }),
        'spec.underpinnedBy[0]',
        'wrong_type'
      );
      await refused(
        agreementDoc('SLA-X', 'SLA', { underpinnedBy: ['OLA-NET', 'OLA-GONE'] }),
        'spec.underpinnedBy[1]',
        'invalid_reference'
      );
      assert.deepEqual((await get('OLA-NET')).underpinnedBy, ['UC-CLOUD'], 'unchanged');
      assert.equal((await api.request({ url: '/api/v1/agreements/OLA-X' })).statusCode, 404);
    });

    it('warns where an underpinning target is weaker than the target it supports (99.5 % UC under 99.9 % SLA)', async () => {
      const sla = await created(
        agreementDoc('SLA-MAIL', 'SLA', { objective: 99.9, underpinnedBy: ['UC-CLOUD', 'OLA-NET'] })
      );
      assert.equal(sla.state, 'draft');
      const detail = await get('SLA-MAIL');
      assert.equal(detail.consistency.length, 1, JSON.stringify(detail.consistency));
      const [warning] = detail.consistency;
      assert.equal(warning.kind, 'objective');
      assert.deepEqual(warning.underpinning, { agreement: 'UC-CLOUD', type: 'UC', target: 'availability' });
      assert.equal(warning.supported, 99.9);
      assert.equal(warning.underpinningValue, 99.5);
      assert.match(warning.message, /99\.5 %.*99\.9 %/);
      assert.deepEqual((await api.request({ url: url('SLA-MAIL', '/consistency') })).json().items, detail.consistency);
      await created(agreementDoc('UC-Q', 'UC', { objective: 99.95, window: { calendar: 'quarter' } }));
      await created(agreementDoc('SLA-Q', 'SLA', { objective: 99.9, underpinnedBy: ['UC-Q'] }));
      const kinds = (await get('SLA-Q')).consistency.map((w: { kind: string }) => w.kind);
      assert.deepEqual(kinds, ['window'], 'a longer compliance window is weaker even with a higher objective');
    });

    it('warns on an agreement awaiting signatures or active while an OLA it relies on is not active', async () => {
      await created(agreementDoc('OLA-ST', 'OLA', { objective: 99.95 }));
      await created(agreementDoc('SLA-ST', 'SLA', { objective: 99.9, underpinnedBy: ['OLA-ST'] }));
      const stateWarnings = async (id: string) => (await get(id)).consistency.filter((w: { kind: string }) => w.kind === 'state');
      assert.deepEqual(await stateWarnings('SLA-ST'), [], 'drafts are prepared side by side: nothing to warn about yet');
      await moved('SLA-ST', 'negotiating');
      assert.deepEqual(await stateWarnings('SLA-ST'), []);
      await moved('SLA-ST', 'pending_signature');
      const [pending] = await stateWarnings('SLA-ST');
      assert.deepEqual(
        { ...pending, message: undefined },
        { kind: 'state', target: '*', underpinning: { agreement: 'OLA-ST', type: 'OLA', target: null }, message: undefined, supported: 'active', underpinningValue: 'draft' }
      );
      assert.match(pending.message, /^underpinning agreement OLA-ST is not active \(draft\)/);
      await activate('SLA-ST');
      assert.equal((await get('SLA-ST')).state, 'active', 'the warning does not block activation');
      assert.equal((await stateWarnings('SLA-ST')).length, 1, 'still warned once active');
      assert.deepEqual((await api.request({ url: url('SLA-ST', '/consistency') })).json().items, (await get('SLA-ST')).consistency);
      await moved('OLA-ST', 'negotiating');
      await moved('OLA-ST', 'pending_signature');
      assert.match((await stateWarnings('SLA-ST'))[0].message, /\(pending signature\)/);
      await activate('OLA-ST');
      assert.deepEqual((await get('SLA-ST')).consistency, [], 'the OLA is in force: no warning');
    });

    it('lists with pagination, filters and search', async () => {
      const list = async (qs: string) => {
        const res = await api.request({ url: `/api/v1/agreements${qs}` });
        assert.equal(res.statusCode, 200, `${qs}: ${res.body}`);
        return res.json() as { items: Array<{ id: string; targets: number }>; total: number };
      };
      const ids = (page: { items: Array<{ id: string }> }) => page.items.map((a) => a.id);
      const all = await list('?limit=500');
      assert.deepEqual(ids(all), [...ids(all)].sort(), 'ordered by id');
      assert.equal(all.items[0].targets, 1);
      assert.ok(!('document' in all.items[0]), 'list items are summaries');
      assert.deepEqual(ids(await list('?type=UC')), ['UC-CLOUD', 'UC-Q']);
      assert.deepEqual(ids(await list('?state=terminated')), ['SLA-WALK']);
      assert.deepEqual(ids(await list('?party=dba-team')), ['OLA-DB']);
      assert.deepEqual(ids(await list('?q=邮件')), ['SLA-2026-001']);
      assert.deepEqual(ids(await list('?q=ola-n')), ['OLA-NET']);
      const p1 = await list('?limit=2');
      const p2 = await list('?limit=2&offset=2');
      assert.deepEqual([...ids(p1), ...ids(p2)], ids(all).slice(0, 4));
      assert.equal(p1.total, all.total);
      const uc = await list('?type=UC&limit=1&offset=1');
      assert.deepEqual(
        [ids(uc), uc.total],
        [['UC-Q'], 2],
        'a filtered page is a slice of the filtered list; total counts all matches'
      );
      const beyond = await list(`?limit=5&offset=${all.total}`);
      assert.deepEqual(
        [ids(beyond), beyond.total],
        [[], all.total],
        'a page past the end is empty but still reports the total'
      );
      for (const qs of ['?state=zombie', '?type=XLA', '?limit=0', '?colour=red']) {
        assert.equal((await api.request({ url: `/api/v1/agreements${qs}` })).statusCode, 400, qs);
      }
    });

    it('expires an active agreement when its effective period ends: on read at once, persisted by expireDue', async () => {
      const id = 'UC-OLD';
      await created(agreementDoc(id, 'UC', { effective: { from: '2025-01-01', to: '2025-12-31' } }));
      await moved(id, 'negotiating');
      await moved(id, 'pending_signature');
      const activated = await activate(id);
      assert.equal(activated.state, 'expired', 'the period ended before activation');
      assert.deepEqual(
        (await api.request({ url: '/api/v1/agreements?state=expired' })).json().items.map((a: { id: string }) => a.id),
        [id]
      );
      assert.ok(
        !(await api.request({ url: '/api/v1/agreements?state=active&limit=500' }))
          .json()
          .items.some((a: { id: string }) => a.id === id)
      );
      const terminate = await approve(id, 'terminate');
      assert.equal(terminate.statusCode, 409);
      assert.equal(errorOf(terminate).details.from, 'expired');
      const raw = async () =>
        (await sql<{ state: string }>`select state from agreements where id = ${id}`.execute(api.store.db)).rows[0]
          .state;
      assert.equal(await raw(), 'active');
      // Expiry is at the start of the day after `to`, in the agreement's time zone (Asia/Shanghai, UTC+8).
      assert.deepEqual(await expireDue(api.store, new Date('2025-12-31T15:59:59Z')), []);
      assert.deepEqual(await expireDue(api.store, new Date('2025-12-31T16:00:00Z')), [{ orgId: 1, id }]);
      assert.equal(await raw(), 'expired');
      const [entry] = (await api.request({ url: `/api/v1/audit?resourceId=${id}&limit=1` })).json().items;
      assert.equal(entry.action, 'expire');
      assert.equal(entry.user, 'system');
    });

    it('keeps negotiation comments append-only, optionally anchored to a target', async () => {
      const id = 'SLA-2026-001';
      const post = (body: unknown) => api.request({ method: 'POST', url: url(id, '/comments'), body, user: 'bob' });
      assert.equal((await post({ body: 'Can we do 99.95?', targetId: 'availability' })).statusCode, 201);
      assert.equal((await post({ body: 'Agreed in principle' })).statusCode, 201);
      const unknownTarget = await post({ body: 'x', targetId: 'latency' });
      assert.equal(unknownTarget.statusCode, 400);
      assert.equal((await post({ body: '   ' })).statusCode, 400);
      const items = (await api.request({ url: url(id, '/comments') })).json().items;
      assert.deepEqual(
        items.map((c: { body: string; targetId: string | null; user: string }) => [c.body, c.targetId, c.user]),
        [
          ['Can we do 99.95?', 'availability', 'bob'],
          ['Agreed in principle', null, 'bob'],
        ]
      );
      await assert.rejects(sql`delete from agreement_comments`.execute(api.store.db), /append-only/);
    });

    it('exports YAML and imports it back losslessly; import errors carry line and column and write nothing', async () => {
      const id = 'SLA-2026-001';
      const exported = await api.request({ url: url(id, '/export') });
      assert.equal(exported.statusCode, 200);
      assert.match(String(exported.headers['content-type']), /application\/yaml/);
      assert.match(exported.body, /^apiVersion: slm\/v1\nkind: Agreement\n/);
      assert.match(exported.body, /邮件服务 SLA/);
      const before = await get(id);
      const reimport = await api.request({
        method: 'POST',
        url: '/api/v1/agreements/import',
        payload: exported.body,
        headers: { 'content-type': 'application/yaml', 'if-match': String(before.version) },
      });
      assert.equal(reimport.statusCode, 200, reimport.body);
      assert.deepEqual(reimport.json().document, before.document);
      assert.equal(reimport.json().hash, before.hash);

      const fresh = exported.body.replace(/SLA-2026-001/g, 'SLA-2026-IMP');
      const viaJson = await api.request({ method: 'POST', url: '/api/v1/agreements/import', body: { yaml: fresh } });
      assert.equal(viaJson.statusCode, 201, viaJson.body);
      assert.equal(
        (await api.request({ method: 'POST', url: '/api/v1/agreements/import', body: { yaml: fresh } })).statusCode,
        409
      );

      const audits = await count('audit_log');
      const broken = fresh.replace('SLA-2026-IMP', 'SLA-2026-BAD').replace('objective: 99.9', 'objective: 150');
      const bad = await api.request({
        method: 'POST',
        url: '/api/v1/agreements/import',
        payload: broken,
        headers: { 'content-type': 'application/yaml' },
      });
      assert.equal(bad.statusCode, 400);
      const [issue] = errorOf(bad).details.issues as Array<{ path: string; line: number; col: number }>;
      assert.equal(issue.path, 'spec.targets[0].objective');
      const line = broken.split('\n').findIndex((l) => l.includes('objective: 150')) + 1;
      assert.equal(issue.line, line);
      assert.equal(issue.col, broken.split('\n')[line - 1].indexOf('150') + 1);
      const unknownService = fresh.replace('SLA-2026-IMP', 'SLA-2026-BAD').replace('service: mail', 'service: nothing');
      const ref = await api.request({
        method: 'POST',
        url: '/api/v1/agreements/import',
        payload: unknownService,
        headers: { 'content-type': 'text/yaml' },
      });
      assert.equal(ref.statusCode, 400);
      const refIssue = (errorOf(ref).details.issues as Array<{ path: string; line: number }>)[0];
      assert.equal(refIssue.path, 'spec.service');
      assert.equal(refIssue.line, unknownService.split('\n').findIndex((l) => l.includes('service: nothing')) + 1);
      const syntax = await api.request({
        method: 'POST',
        url: '/api/v1/agreements/import',
        payload: 'apiVersion: [',
        headers: { 'content-type': 'application/yaml' },
      });
      assert.equal(syntax.statusCode, 400);
      assert.ok((errorOf(syntax).details.issues as Array<{ line: number }>)[0].line >= 1);
      const two = await api.request({
        method: 'POST',
        url: '/api/v1/agreements/import',
        payload: `${fresh}---\n${fresh}`,
        headers: { 'content-type': 'application/yaml' },
      });
      assert.equal(two.statusCode, 400);
      assert.equal(await count('audit_log'), audits);
      assert.equal((await api.request({ url: url('SLA-2026-BAD') })).statusCode, 404);
    });

    it('exports the targets as OpenSLO v1 SLO objects', async () => {
      const res = await api.request({ url: url('SLA-2026-001', '/openslo?format=json') });
      assert.equal(res.statusCode, 200);
      const [slo] = res.json().items;
      assert.equal(slo.apiVersion, 'openslo/v1');
      assert.equal(slo.kind, 'SLO');
      assert.equal(slo.metadata.name, 'sla-2026-001-availability');
      assert.equal(slo.spec.budgetingMethod, 'Occurrences');
      assert.equal(slo.spec.objectives[0].target, 0.999);
      assert.match(slo.spec.indicator.spec.ratioMetric.good.metricSource.spec.query, /code!~"5\.\."/);
      assert.deepEqual(slo.spec.timeWindow, [
        { duration: '1M', isRolling: false, calendar: { startTime: '2026-01-01 00:00:00', timeZone: 'Asia/Shanghai' } },
      ]);
      const yamlRes = await api.request({ url: url('SLA-2026-001', '/openslo') });
      assert.match(yamlRes.body, /^apiVersion: openslo\/v1\nkind: SLO\n/);
    });

    it('is described in the OpenAPI document', async () => {
      const doc = (await api.request({ url: '/api/v1/openapi.json' })).json();
      for (const p of [
        '/agreements',
        '/agreements/{id}',
        '/agreements/{id}/transitions',
        '/agreements/{id}/versions/{rev}/diff',
        '/approvals/agreements/{id}/activate',
      ]) {
        assert.ok(doc.paths[p], p);
      }
      assert.deepEqual(doc.components.schemas.AgreementDocument.properties.spec.properties.type.enum, [
        'SLA',
        'OLA',
        'UC',
      ]);
    });

    it('keeps organisations apart', async () => {
      assert.equal((await api.request({ url: '/api/v1/agreements', org: 2 })).json().total, 0);
      assert.equal((await api.request({ url: url('SLA-2026-001'), org: 2 })).statusCode, 404);
      const put = await api.request({
        method: 'PUT',
        url: url('SLA-2026-001'),
        body: { document: agreementDoc('SLA-2026-001', 'SLA') },
        headers: { 'if-match': '1' },
        org: 2,
      });
      assert.equal(put.statusCode, 404);
      const crossOrg = await create(agreementDoc('SLA-2026-001', 'SLA'), { org: 2 });
      assert.equal(crossOrg.statusCode, 400, 'org 2 has no mail service nor parties');
    });
  });
}
