import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { GrafanaStandIn } from '../../tests/support/grafanaStandIn';
import { installAnnotationsApi, type StandInAnnotation } from '../../tests/support/grafanaStandIn/annotations';
import { seedOrg, validBodies } from '../testing/fixtures';
import { createTestApi, STORE_KINDS, storeSuiteOptions, type TestApi } from '../testing/stores';
import type { AfterOrgCycle } from '../monitor/scheduler';
import { annotateBreaches, syncBreachAnnotations } from './annotations';
import { GrafanaClient } from './client';

const TOKEN = 'glsa_annotations';
/** The scheduler takes it as is (server/serve.ts wiring). */
export const schedulerHook: AfterOrgCycle = annotateBreaches;

const silent = { info: () => undefined, warn: () => undefined, debug: () => undefined };

describe('annotations stand-in holds requests to the documented shape', () => {
  let grafana: GrafanaStandIn;
  before(async () => {
    grafana = await new GrafanaStandIn({ tokens: [TOKEN] }).start();
    installAnnotationsApi(grafana);
  });
  after(() => grafana?.stop());

  it('refuses a missing time or text, unknown fields, wrong types and a region ending before it starts', async () => {
    const client = new GrafanaClient({ url: grafana.url, token: TOKEN, orgId: 1 });
    for (const body of [
      { text: 'x', tags: [] },
      { time: 1, tags: [] },
      { time: 1, text: 'x', severity: 'high' },
      { time: '2026-03-01', text: 'x' },
      { time: 10, timeEnd: 5, text: 'x' },
      { time: 1, text: 'x', tags: 'a b' },
    ]) {
      const res = await client.post('/api/annotations', body, { acceptStatuses: [400] });
      assert.equal(res.status, 400, JSON.stringify(body));
    }
    const ok = await client.post<{ id: number }>('/api/annotations', { time: 1, timeEnd: 2, text: 'x', tags: ['a'] });
    assert.equal(ok.status, 200);
    assert.equal(
      (await client.put(`/api/annotations/${ok.body.id + 1}`, { time: 1, text: 'x' }, { acceptStatuses: [404] }))
        .status,
      404
    );
  });
});

for (const kind of STORE_KINDS) {
  describe(`breach annotations [${kind}]`, storeSuiteOptions(kind), () => {
    let api: TestApi;
    let grafana: GrafanaStandIn;
    let annotations: Map<number, StandInAnnotation>;
    let control: ReturnType<typeof installAnnotationsApi>['control'];
    let breachId: string;
    before(async () => {
      grafana = await new GrafanaStandIn({ tokens: [TOKEN] }).start();
      ({ annotations, control } = installAnnotationsApi(grafana));
      api = await createTestApi(kind);
      breachId = (await seedOrg(api, 1, 'a', { agreements: true })).ids.breach;
    });
    after(async () => {
      await api?.dispose();
      await grafana?.stop();
    });

    const ctx = (url = grafana.url) => ({
      store: api.store,
      orgId: 1,
      grafana: new GrafanaClient({ url, token: TOKEN, orgId: 1 }),
      logger: silent,
    });
    const writes = () => grafana.requests.filter((r) => r.path.startsWith('/api/annotations') && r.method !== 'GET');
    const breach = validBodies('a').breach;

    it('writes one region annotation per breach with the documented body, tags and a link to the breach', async () => {
      const result = await syncBreachAnnotations(ctx());
      assert.deepEqual(result, { created: 1, updated: 0, failed: 0, skipped: false });
      const [post] = writes();
      assert.equal(post.method, 'POST');
      assert.equal(post.path, '/api/annotations');
      assert.equal(post.headers.authorization, `Bearer ${TOKEN}`);
      const body = post.body as Record<string, unknown>;
      assert.deepEqual(Object.keys(body).sort(), ['tags', 'text', 'time', 'timeEnd']);
      assert.equal(body.time, Date.parse(breach.badIntervals[0].from));
      assert.equal(body.timeEnd, Date.parse(breach.badIntervals[0].to));
      assert.deepEqual(body.tags, [
        'slm-breach',
        'agreement:SLA-a',
        'target:availability',
        'service:mail-a',
        'type:SLA',
        'severity:breached',
        `breach:${breachId}`,
      ]);
      assert.match(
        body.text as string,
        /^SLA SLA-a \(Mail SLA a\), target availability breached: measured 99\.5 % vs objective 99\.9 %/
      );
      assert.ok((body.text as string).includes(`href="/a/slm-servicelevel-app/breaches/${breachId}"`));
      assert.equal(annotations.size, 1);
    });

    it('writes nothing more while the breach does not change', async () => {
      const result = await syncBreachAnnotations(ctx());
      assert.deepEqual(result, { created: 0, updated: 0, failed: 0, skipped: false });
      assert.equal(writes().length, 1);
    });

    it('rewrites the same annotation (PUT) once per new breach version', async () => {
      const patched = await api.request({
        method: 'PATCH',
        url: `/api/v1/breaches/${breachId}`,
        permission: 'monitor',
        body: { report: { summary: 'Disk full' } },
        headers: { 'if-match': '1' },
      });
      assert.equal(patched.statusCode, 200, patched.body);
      assert.deepEqual(await syncBreachAnnotations(ctx()), { created: 0, updated: 1, failed: 0, skipped: false });
      assert.deepEqual(await syncBreachAnnotations(ctx()), { created: 0, updated: 0, failed: 0, skipped: false });
      const put = writes().at(-1)!;
      assert.equal(put.method, 'PUT');
      assert.equal(put.path, `/api/annotations/${[...annotations.keys()][0]}`);
      assert.deepEqual(Object.keys(put.body as object).sort(), ['tags', 'text', 'time', 'timeEnd']);
      assert.equal(annotations.size, 1);
    });

    it('after losing its bookkeeping (crash between Grafana and the database), finds its annotation by tag instead of duplicating it', async () => {
      await api.store.db.deleteFrom('breach_annotations').execute();
      assert.deepEqual(await syncBreachAnnotations(ctx()), { created: 0, updated: 1, failed: 0, skipped: false });
      assert.equal(annotations.size, 1);
      const lookup = grafana.calls('/api/annotations', 'GET').at(-1)!;
      assert.deepEqual(lookup.query.getAll('tags'), ['slm-breach', `breach:${breachId}`]);
    });

    it('Grafana down: nothing is marked as written, and the next cycle writes it once', async () => {
      const recorded = await api.request({
        method: 'POST',
        url: '/api/v1/breaches',
        permission: 'monitor',
        body: { ...breach, targetId: 'latency', badIntervals: [] },
      });
      assert.equal(recorded.statusCode, 201, recorded.body);
      const down = await syncBreachAnnotations(ctx('http://127.0.0.1:9'));
      assert.deepEqual(down, { created: 0, updated: 0, failed: 1, skipped: false });
      const rows = await api.store.db.selectFrom('breach_annotations').select('breach_id').execute();
      assert.deepEqual(
        rows.map((r) => r.breach_id),
        [breachId]
      );

      control.fail = { status: 503, message: 'database is locked' };
      assert.equal((await syncBreachAnnotations(ctx())).failed, 1, '5xx is retried later too');
      control.fail = null;
      assert.equal(annotations.size, 1);

      const before = writes().filter((r) => r.method === 'POST').length;
      const result = await syncBreachAnnotations(ctx(), Date.parse('2026-03-10T00:00:00Z'));
      assert.equal(result.created, 1);
      assert.equal((await syncBreachAnnotations(ctx())).created, 0);
      assert.equal(annotations.size, 2, 'one annotation per breach');
      const posts = writes()
        .filter((r) => r.method === 'POST')
        .slice(before);
      assert.equal(posts.filter((r) => (r.body as { tags: string[] }).tags.includes('target:latency')).length, 1);
      const latency = posts.find((r) => (r.body as { tags: string[] }).tags.includes('target:latency'))!.body as {
        time: number;
        timeEnd: number;
      };
      assert.equal(latency.time, Date.parse(breach.period.from), 'no bad interval: from the period start');
      assert.equal(latency.timeEnd, Date.parse('2026-03-10T00:00:00Z'), '… to now');
    });

    it('an annotation deleted in Grafana is written again', async () => {
      const [row] = await api.store.db
        .selectFrom('breach_annotations')
        .selectAll()
        .where('breach_id', '=', breachId)
        .execute();
      annotations.delete(Number(row.annotation_id));
      await api.store.db
        .updateTable('breach_annotations')
        .set({ synced_version: 1 })
        .where('breach_id', '=', breachId)
        .execute();
      const result = await syncBreachAnnotations(ctx());
      assert.deepEqual([result.created, result.updated], [1, 0]);
      const [after] = await api.store.db
        .selectFrom('breach_annotations')
        .selectAll()
        .where('breach_id', '=', breachId)
        .execute();
      assert.notEqual(Number(after.annotation_id), Number(row.annotation_id));
    });

    // PGlite is one engine per data directory: no replicas to keep apart.
    (kind === 'postgres' ? it : () => undefined)(
      'a replica that finds another one syncing the organisation skips it',
      async () => {
        await api.store.db.connection().execute(async (conn) => {
          await sql`select pg_advisory_lock(${0x534c4d41}::int, 1)`.execute(conn);
          try {
            assert.deepEqual(await syncBreachAnnotations(ctx()), { created: 0, updated: 0, failed: 0, skipped: true });
          } finally {
            await sql`select pg_advisory_unlock(${0x534c4d41}::int, 1)`.execute(conn);
          }
        });
        assert.equal((await syncBreachAnnotations(ctx())).skipped, false);
      }
    );
  });
}
