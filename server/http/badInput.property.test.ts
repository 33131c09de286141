/**
 * Property-based bad input against every write endpoint the app serves (discovered from the
 * route tree, so endpoints added later are covered too): random JSON, wrong types, unknown
 * fields, malformed JSON text, wrong content types and huge strings always get a 4xx in the
 * error shape, and the organisation's data (every row, the audit log, idempotency keys) is
 * byte-for-byte unchanged.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_BODY_LIMIT } from '../config';
import { dumpOrg, paramsFor, type Seeded, seedOrg, servesAgreements, validBodies } from '../testing/fixtures';
import { concretePath, isWriteMethod, registeredRoutes, type RouteInfo } from '../testing/routes';
import { createTestApi, errorOf, STORE_KINDS, storeSuiteOptions, TEST_SECRET, type TestApi } from '../testing/stores';

const NUM_RUNS = 60;
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A valid body per endpoint, where one is known: the starting point of the targeted mutations. */
function validBodyFor(route: RouteInfo): Json | undefined {
  const b = validBodies('o1') as unknown as Record<string, Json>;
  const table: Record<string, Json> = {
    'POST /api/v1/services': b.service,
    'PUT /api/v1/services/:key': b.service,
    'POST /api/v1/parties': b.party,
    'PUT /api/v1/parties/:key': b.party,
    'POST /api/v1/contracts': b.contract,
    'PUT /api/v1/contracts/:ref': b.contract,
    'POST /api/v1/contracts/:ref/requirements': b.requirement,
    'PUT /api/v1/contracts/:ref/requirements/:id': b.requirement,
    'PUT /api/v1/contracts/:ref/requirements/:id/gap-analysis': b.gapAnalysis,
    'POST /api/v1/breaches': b.breach,
    'PATCH /api/v1/breaches/:id': b.breachPatch,
    'POST /api/v1/breaches/:id/acknowledge': {},
    'POST /api/v1/breaches/:id/resolve': {},
    'POST /api/v1/reviews': b.review,
    'PUT /api/v1/reviews/:id': b.review,
    'POST /api/v1/plans': b.plan,
    'PUT /api/v1/plans/:id': b.plan,
    'POST /api/v1/agreements': b.agreement,
    'PUT /api/v1/agreements/:id': b.agreement,
  };
  return table[`${route.method} ${route.path}`];
}

/** Fields whose content is free-form JSON by design (unknown keys and any types are valid there). */
const OPEN_FIELDS = new Set(['report', 'verification']);

type Path = Array<string | number>;
const isOpen = (path: Path) => path.length === 1 && OPEN_FIELDS.has(String(path[0]));

/** Paths to every non-null value inside a body (not inside free-form fields). */
function paths(value: Json, prefix: Path = [], out: Array<{ path: Path; value: Json }> = []) {
  if (prefix.length && value !== null) {out.push({ path: prefix, value });}
  if (isOpen(prefix)) {return out;}
  if (Array.isArray(value)) {value.forEach((v, i) => paths(v, [...prefix, i], out));}
  else if (value && typeof value === 'object') {for (const [k, v] of Object.entries(value)) {paths(v, [...prefix, k], out);}}
  return out;
}

function setAt(body: Json, path: Path, replacement: Json): Json {
  const copy = structuredClone(body) as Record<string | number, Json>;
  let node = copy;
  for (const key of path.slice(0, -1)) {node = node[key] as Record<string | number, Json>;}
  node[path[path.length - 1]] = replacement;
  return copy as Json;
}

const typeOf = (v: Json) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);

/** A value of a JSON type other than `like`'s (never null: null is a legitimate value of nullable fields). */
const otherType = (like: Json): fc.Arbitrary<Json> =>
  fc
    .oneof(
      fc.string({ maxLength: 20 }) as fc.Arbitrary<Json>,
      fc.integer() as fc.Arbitrary<Json>,
      fc.double({ noNaN: true, noDefaultInfinity: true }) as fc.Arbitrary<Json>,
      fc.boolean() as fc.Arbitrary<Json>,
      fc.array(fc.integer(), { minLength: 1, maxLength: 3 }) as fc.Arbitrary<Json>,
      fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.integer(), { minKeys: 1, maxKeys: 3 }) as fc.Arbitrary<Json>
    )
    .filter((v) => typeOf(v) !== typeOf(like));

interface BadRequest {
  kind: string;
  payload: string;
  contentType: string;
}

const asJson = (kind: string, body: Json): BadRequest => ({ kind, payload: JSON.stringify(body), contentType: 'application/json' });

function badRequests(valid: Json | undefined, method: string): fc.Arbitrary<BadRequest> {
  const base: Json = valid ?? { name: 'x' };
  const known = paths(base);
  const malformed = fc.oneof(
    fc.nat({ max: JSON.stringify(base).length - 1 }).map((n) => JSON.stringify(base).slice(0, n)),
    fc.constantFrom('{"a":1,}', "{'a': 1}", 'NaN', '[1, 2', '{"key": undefined}', '\u0000', '{"__proto__": {"polluted": true}}', '{"constructor": {"prototype": {"x": 1}}}'),
    fc.string({ maxLength: 40 }).filter((s) => {
      try {
        JSON.parse(s);
        return false;
      } catch {
        return true;
      }
    })
  );
  const wrongContentType = fc
    .constantFrom('text/plain', 'text/html', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x', 'application/octet-stream', 'image/png')
    .map((contentType) => ({ kind: 'content-type', payload: JSON.stringify(base), contentType }));
  const generators: Array<fc.Arbitrary<BadRequest>> = [
    malformed.map((payload) => ({ kind: 'malformed', payload, contentType: 'application/json' })),
    wrongContentType,
  ];
  if (method !== 'DELETE') {
    // A DELETE ignores its body: only the body's syntax and type can be wrong there.
    generators.push(
      (fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>)
        .filter((v) => !(v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0))
        .map((v) => asJson('random-json', v))
    );
    const objects = [{ path: [] as Path, value: base }, ...known].filter((p) => p.value && typeof p.value === 'object' && !Array.isArray(p.value) && !isOpen(p.path));
    generators.push(
      fc
        .tuple(fc.constantFrom(...objects), fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<Json>)
        .filter(([at, key]) => !(key in (at.value as object)) && key !== '__proto__')
        .map(([at, key, v]) => asJson('unknown-field', at.path.length ? setAt(base, [...at.path, key], v) : { ...(base as object), [key]: v }))
    );
    if (known.length) {
      generators.push(
        fc
          .constantFrom(...known)
          .chain((p) => otherType(p.value).map((v) => asJson(`wrong-type ${p.path.join('.')}`, setAt(base, p.path, v))))
      );
    }
  }
  return fc.oneof(...generators);
}

for (const kind of STORE_KINDS) {
  describe(`bad input on every write endpoint [${kind}]`, storeSuiteOptions(kind), () => {
    let api: TestApi;
    let seeded: Seeded;
    let routes: RouteInfo[];
    before(async () => {
      api = await createTestApi(kind);
      routes = registeredRoutes(api.app).filter((r) => r.path.startsWith('/api/v1/') && isWriteMethod(r.method));
      seeded = await seedOrg(api, 1, 'o1', { agreements: servesAgreements(routes) });
    });
    after(() => api?.dispose());

    const send = (route: RouteInfo, url: string, version: string | undefined, bad: BadRequest) =>
      api.app.inject({
        method: route.method as 'POST',
        url,
        payload: bad.payload,
        headers: {
          'x-slm-secret': TEST_SECRET,
          'x-slm-permission': 'own',
          'x-grafana-user': 'fuzzer',
          'content-type': bad.contentType,
          ...(version ? { 'if-match': version } : {}),
        },
      });

    /** The ETag of the record a write targets: the longest prefix of its URL that reads as a record. */
    const currentVersion = async (url: string): Promise<string | undefined> => {
      for (let u = url; u.split('/').length > 3; u = u.slice(0, u.lastIndexOf('/'))) {
        const res = await api.request({ url: u });
        if (res.statusCode === 200 && res.headers.etag) {return String(res.headers.etag);}
      }
      return undefined;
    };

    it('covers the write endpoints of every resource', () => {
      const covered = new Set(routes.map((r) => `${r.method} ${r.path}`));
      for (const expected of [
        'POST /api/v1/services',
        'DELETE /api/v1/parties/:key',
        'PUT /api/v1/contracts/:ref/requirements/:id/gap-analysis',
        'PATCH /api/v1/breaches/:id',
        'POST /api/v1/breaches/:id/resolve',
        'PUT /api/v1/reviews/:id',
        'DELETE /api/v1/plans/:id',
      ]) {
        assert.ok(covered.has(expected), expected);
      }
    });

    it('answers every bad request with a 4xx in the error shape and changes nothing', async (t) => {
      for (const route of routes) {
        await t.test(`${route.method} ${route.path}`, async () => {
          const url = concretePath(route.path, paramsFor(route.path, seeded));
          const version = await currentVersion(url);
          const before = await dumpOrg(api, 1);
          const valid = validBodyFor(route);
          await fc.assert(
            fc.asyncProperty(badRequests(valid, route.method), async (bad) => {
              const res = await send(route, url, version, bad);
              assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${bad.kind}: ${res.statusCode} ${res.body.slice(0, 300)}`);
              errorOf(res);
            }),
            { numRuns: NUM_RUNS }
          );
          // Huge strings: over the body limit (413), and within it but over any field's limit (400).
          const firstString = valid === undefined ? undefined : paths(valid).find((p) => typeof p.value === 'string');
          const large = (size: number): Json =>
            valid !== undefined && firstString ? setAt(valid, firstString.path, 'x'.repeat(size)) : { name: 'x'.repeat(size) };
          const tooLarge = await send(route, url, version, asJson('huge', large(DEFAULT_BODY_LIMIT + 10)));
          assert.equal(tooLarge.statusCode, 413);
          assert.equal(errorOf(tooLarge).code, 'payload_too_large');
          if (route.method !== 'DELETE') {
            const allowed = await send(route, url, version, asJson('large', large(300_000)));
            assert.ok(allowed.statusCode >= 400 && allowed.statusCode < 500, `large: ${allowed.statusCode} ${allowed.body.slice(0, 300)}`);
            errorOf(allowed);
          }
          assert.equal(await dumpOrg(api, 1), before, 'the database changed');
        });
      }
    });
  });
}
