import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateCommand, runEvaluate } from './evaluate';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = (name: string) => join(here, 'fixtures', name);
const AGREEMENT = fixture('mail.agreement.yaml');
const RESPONSE = fixture('mail.response.json');
const SLM_BIN = resolve(here, '../bin/slm.mjs');

/** Runs the command with in-memory stdout/stderr. */
async function capture(agreement: string, opts: Parameters<typeof evaluateCommand>[1]) {
  let stdout = '';
  let stderr = '';
  const code = await runEvaluate(agreement, opts, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
  });
  return { code, stdout, stderr };
}

/** Runs evaluateCommand itself in a child process: real stdout, stderr and exit code. */
function spawnEvaluateCommand(agreement: string, opts: Parameters<typeof evaluateCommand>[1]) {
  const script = `import { evaluateCommand } from ${JSON.stringify(join(here, 'evaluate.ts'))};
    process.exitCode = await evaluateCommand(${JSON.stringify(agreement)}, ${JSON.stringify(opts)});`;
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    cwd: resolve(here, '../..'),
  });
}

// Hand-computed for the fixtures at 2026-02-28T22:00Z, i.e. 06:00 on 1 March in Shanghai:
// six March slices (16:00Z–22:00Z) have ended; the point stamped 16:00Z is February's last slice.
const availability = (100 * 595) / 600; // one slice at 95 of 100, five at 100 of 100
const EXPECTED = {
  agreement: 'SLA-2026-001',
  period: { from: '2026-02-28T16:00:00.000Z', to: '2026-03-31T16:00:00.000Z' },
  state: 'breached',
  targets: [
    {
      id: 'availability',
      state: 'at_risk', // 99 ≤ 99.1667 < 99.5
      compliance: availability,
      objective: 99,
      coverage: 100,
      errorBudgetRemaining: 100 * (1 - (100 - availability) / (100 - 99)),
      badIntervals: [{ from: '2026-02-28T18:00:00.000Z', to: '2026-02-28T19:00:00.000Z' }],
    },
    {
      id: 'latency-p95',
      state: 'breached', // 3 of 5 slices with data at or under 0.3 s: 60 % < 80 %
      compliance: 60,
      objective: 80,
      coverage: (100 * 5) / 6,
      errorBudgetRemaining: -100, // 100 × (1 − 40/20)
      badIntervals: [{ from: '2026-02-28T18:00:00.000Z', to: '2026-02-28T20:00:00.000Z' }],
    },
  ],
};

function assertExpected(report: any) {
  assert.equal(report.agreement, EXPECTED.agreement);
  assert.deepEqual(report.period, EXPECTED.period);
  assert.equal(report.state, EXPECTED.state);
  assert.equal(report.targets.length, 2);
  EXPECTED.targets.forEach((want, i) => {
    const got = report.targets[i];
    for (const key of ['id', 'state', 'objective', 'coverage', 'badIntervals'] as const) {
      assert.deepEqual(got[key], want[key], `${want.id}.${key}`);
    }
    assert.ok(Math.abs(got.compliance - want.compliance) < 1e-9, `${want.id}.compliance ${got.compliance}`);
    assert.ok(Math.abs(got.errorBudgetRemaining - want.errorBudgetRemaining) < 1e-9, `${want.id}.errorBudgetRemaining`);
  });
}

describe('slm evaluate (evaluateCommand)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'slm-evaluate-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the DESIGN §6 report and returns 0', async () => {
    const r = await capture(AGREEMENT, { data: RESPONSE, at: '2026-02-28T22:00:00Z' });
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
    assertExpected(JSON.parse(r.stdout));
  });

  it('evaluates an explicit --period (February: one slice of data, below minCoverage → no_data)', async () => {
    const r = await capture(AGREEMENT, { data: RESPONSE, at: '2026-03-10T00:00:00+08:00', period: '2026-02' });
    assert.equal(r.code, 0);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(report.period, { from: '2026-01-31T16:00:00.000Z', to: '2026-02-28T16:00:00.000Z' });
    assert.equal(report.state, 'no_data');
    // The only data point of February (stamped 16:00Z) is 0 of 100 good and a 9 s latency.
    assert.deepEqual(
      report.targets.map((t: any) => [t.id, t.state, t.compliance, t.coverage]),
      [
        ['availability', 'no_data', 0, 100 / 672],
        ['latency-p95', 'no_data', 0, 100 / 672],
      ]
    );
  });

  it('returns 2 with one line per validation error, with line and column', async () => {
    const r = await capture(fixture('invalid.agreement.yaml'), { data: RESPONSE });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    const lines = r.stderr.trim().split('\n');
    assert.match(lines[0], /invalid\.agreement\.yaml: invalid agreement/);
    assert.deepEqual(lines.slice(1), [
      "spec.timezone: 'Asia/Shangai' is not an IANA time zone (line 12, col 13)",
      'spec.targets[1].objective: must be between 0 and 100 (line 27, col 18)',
    ]);
  });

  for (const [name, setup, pattern] of [
    [
      'a missing agreement file',
      () => ({ agreement: join(dir, 'nope.yaml'), data: RESPONSE }),
      /cannot read agreement file .*nope\.yaml': no such file/,
    ],
    [
      'a missing data file',
      () => ({ agreement: AGREEMENT, data: join(dir, 'nope.json') }),
      /cannot read data file .*nope\.json': no such file/,
    ],
    [
      'data that is not JSON',
      () => ({ agreement: AGREEMENT, data: write('bad.json', '{"results": ') }),
      /bad\.json: not valid JSON/,
    ],
    [
      'a query returning several series',
      () => {
        const body = JSON.parse(readFileSync(RESPONSE, 'utf8'));
        const frames = body.results['availability/total'].frames;
        frames.push(structuredClone(frames[0]));
        frames[1].schema.fields[1].labels = { job: 'mail', instance: 'b' };
        return { agreement: AGREEMENT, data: write('several.json', JSON.stringify(body)) };
      },
      /refId 'availability\/total' returned 2 series .*aggregate the query to one series/,
    ],
    [
      'an unknown refId',
      () => {
        const body = JSON.parse(readFileSync(RESPONSE, 'utf8'));
        body.results['availabilty/good'] = body.results['availability/good'];
        return { agreement: AGREEMENT, data: write('unknown.json', JSON.stringify(body)) };
      },
      /refId 'availabilty\/good' matches no query of the agreement/,
    ],
    [
      'a bad --at',
      () => ({ agreement: AGREEMENT, data: RESPONSE, at: 'yesterday' }),
      /--at 'yesterday' must be an ISO-8601 time with an offset/,
    ],
    [
      'an --at without offset',
      () => ({ agreement: AGREEMENT, data: RESPONSE, at: '2026-03-01T10:00' }),
      /--at '2026-03-01T10:00' must be/,
    ],
    [
      'a bad --period',
      () => ({ agreement: AGREEMENT, data: RESPONSE, period: '2026-14' }),
      /period '2026-14': month must be 01 to 12/,
    ],
  ] as const) {
    it(`returns 2 for ${name}`, async () => {
      const { agreement, ...opts } = (
        setup as () => { agreement: string; data: string; at?: string; period?: string }
      )();
      const r = await capture(agreement, opts);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, pattern as RegExp);
    });
  }

  function write(name: string, text: string): string {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  }
});

describe('evaluateCommand in its own process', () => {
  it('writes the report to stdout and returns 0', () => {
    const r = spawnEvaluateCommand(AGREEMENT, { data: RESPONSE, at: '2026-02-28T22:00:00Z' });
    assert.equal(r.status, 0, r.stderr);
    assertExpected(JSON.parse(r.stdout));
  });

  it('writes validation errors to stderr and returns 2', () => {
    const r = spawnEvaluateCommand(fixture('invalid.agreement.yaml'), { data: RESPONSE });
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /spec\.targets\[1\]\.objective: must be between 0 and 100 \(line 27, col 18\)/);
  });
});

describe(
  'slm evaluate (the real CLI process)',
  { skip: !existsSync(SLM_BIN) && 'server/bin/slm.mjs does not exist yet' },
  () => {
    const slm = (...args: string[]) =>
      spawnSync(process.execPath, [SLM_BIN, 'evaluate', ...args], { encoding: 'utf8', cwd: resolve(here, '../..') });

    it('exits 0 with the report on stdout', () => {
      const r = slm(AGREEMENT, '--data', RESPONSE, '--at', '2026-02-28T22:00:00Z');
      assert.equal(r.status, 0, r.stderr);
      assertExpected(JSON.parse(r.stdout));
    });

    it('exits 2 with the validation errors on stderr', () => {
      const r = slm(fixture('invalid.agreement.yaml'), '--data', RESPONSE);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /spec\.targets\[1\]\.objective: must be between 0 and 100 \(line 27, col 18\)/);
    });
  }
);
