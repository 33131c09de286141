/**
 * The evaluator on 100 targets × 30 days of 1-minute slices (4.32 M slices), against two
 * baselines over the same Float64Arrays: a bare single pass (the floor) and @grafana/data's
 * reduceField mean over the same frames. Goal: within 3× the floor, faster than reduceField.
 */
import { FieldType, reduceField, ReducerID, type Field } from '@grafana/data';
import { evaluateAgreement, validateAgreement, type Agreement } from '../src/domain';
import type { Bench } from './run';
import { mb, measureAll, type Measurement } from './measure';

const TARGETS = 100;
const PER_AGREEMENT = 10; // the engine evaluates agreement by agreement
const SLICE_MS = 60_000;
const SLICES = 30 * 1440;
const TOTAL_SLICES = TARGETS * SLICES;
const END = Date.UTC(2026, 3, 1);
const START = END - SLICES * SLICE_MS;

interface TargetData {
  good: Float64Array;
  total: Float64Array;
}

function makeData(): { times: Float64Array; targets: TargetData[] } {
  // One point per slice stamped at its end, as Grafana returns a range query with step = slice.
  const times = new Float64Array(SLICES);
  for (let i = 0; i < SLICES; i++) {
    times[i] = START + (i + 1) * SLICE_MS;
  }
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const targets = Array.from({ length: TARGETS }, () => {
    const good = new Float64Array(SLICES);
    const total = new Float64Array(SLICES);
    for (let i = 0; i < SLICES; i++) {
      const t = Math.floor(50 + rand() * 100);
      total[i] = rand() < 0.001 ? 0 : t; // a few zero-traffic slices
      good[i] = rand() < 0.01 ? Math.floor(t * 0.9) : t;
    }
    return { good, total };
  });
  return { times, targets };
}

function makeAgreements(): Agreement[] {
  const sli = { ratio: { good: { datasource: 'p', expr: 'g' }, total: { datasource: 'p', expr: 't' } } };
  return Array.from({ length: TARGETS / PER_AGREEMENT }, (_, a) => {
    const r = validateAgreement({
      apiVersion: 'slm/v1',
      kind: 'Agreement',
      metadata: { id: `SLA-${a}`, title: 'bench' },
      spec: {
        type: 'SLA',
        service: 's',
        provider: 'p',
        counterparty: 'c',
        timezone: 'Europe/Berlin',
        window: { rolling: '30d' },
        maintenance: [{ from: '2026-03-15T02:00:00+01:00', to: '2026-03-15T04:00:00+01:00' }],
        targets: Array.from({ length: PER_AGREEMENT }, (_, t) => ({
          id: `t${t}`,
          objective: 99.5,
          slice: '1m',
          budgeting: 'occurrences',
          sli,
        })),
      },
    });
    if (!r.ok) {
      throw new Error(JSON.stringify(r.errors));
    }
    return r.agreement;
  });
}

/** The floor: one pass per target summing good and total over slices with traffic. */
function floor(targets: TargetData[], sample: () => void): number {
  let acc = 0;
  for (const { good, total } of targets) {
    let g = 0;
    let t = 0;
    for (let i = 0; i < SLICES; i++) {
      const ti = total[i];
      if (ti > 0) {
        g += good[i];
        t += ti;
      }
    }
    acc += g / t;
    sample();
  }
  return acc;
}

/**
 * The floor for series with their own time columns: the same single pass, also reading both time
 * arrays (the least any evaluator must do to know which slice a point belongs to).
 */
function floorWithTimes(targets: TargetData[], ownTimes: Float64Array[][], sample: () => void): number {
  let acc = 0;
  targets.forEach(({ good, total }, k) => {
    const [tg, tt] = ownTimes[k];
    let g = 0;
    let t = 0;
    let last = 0;
    for (let i = 0; i < SLICES; i++) {
      const ti = total[i];
      last += tg[i] - tt[i];
      if (ti > 0) {
        g += good[i];
        t += ti;
      }
    }
    acc += g / t + last;
    sample();
  });
  return acc;
}

/** @grafana/data reduceField mean over each target's good and total fields. */
function grafanaReduce(targets: TargetData[], sample: () => void): number {
  let acc = 0;
  for (const { good, total } of targets) {
    // Fresh fields each run: reduceField caches its result in field.state.
    const fields = [good, total].map((values, i): Field => ({
      name: i ? 'total' : 'good',
      type: FieldType.number,
      config: {},
      values: values as unknown as number[],
    }));
    const g = reduceField({ field: fields[0], reducers: [ReducerID.mean] })[ReducerID.mean];
    const t = reduceField({ field: fields[1], reducers: [ReducerID.mean] })[ReducerID.mean];
    acc += g / t;
    sample();
  }
  return acc;
}

/** `timesOf(target, role)`: the time array of a series (shared, as in wide frames, or its own). */
function evaluator(
  agreements: Agreement[],
  timesOf: (target: number, role: number) => Float64Array,
  targets: TargetData[],
  sample: () => void
): number {
  let acc = 0;
  agreements.forEach((agreement, a) => {
    const data = new Map<string, { times: Float64Array; values: Float64Array }>();
    for (let t = 0; t < PER_AGREEMENT; t++) {
      const d = targets[a * PER_AGREEMENT + t];
      data.set(`t${t}/good`, { times: timesOf(a * PER_AGREEMENT + t, 0), values: d.good });
      data.set(`t${t}/total`, { times: timesOf(a * PER_AGREEMENT + t, 1), values: d.total });
    }
    const e = evaluateAgreement(agreement, data, { at: END });
    for (const t of e.targets) {
      acc += t.compliance ?? 0;
    }
    sample();
  });
  return acc;
}

function row(name: string, m: Measurement, floorM: Measurement, reduceM: Measurement): string {
  const ns = (m.ms * 1e6) / TOTAL_SLICES;
  const ratio = (x: number, y: number) => (y > 0 ? `${(x / y).toFixed(2)}×` : 'n/a');
  return [
    name.padEnd(22),
    `${ns.toFixed(2).padStart(6)} ns/slice [${((m.medianMs * 1e6) / TOTAL_SLICES).toFixed(2)}]`,
    `${ratio(m.ms, floorM.ms).padStart(7)} floor`,
    `${ratio(m.ms, reduceM.ms).padStart(7)} reduceField`,
    `peak ${mb(m.peakBytes).padStart(9)} (${ratio(m.peakBytes, floorM.peakBytes)} floor, ${ratio(m.peakBytes, reduceM.peakBytes)} reduceField)`,
    `+${mb(m.extraBytes)} over inputs`,
  ].join('  ');
}

export const evaluatorBench: Bench = {
  name: 'evaluator',
  description: `${TARGETS} targets × 30 days of 1-minute slices (${(TOTAL_SLICES / 1e6).toFixed(2)} M slices), occurrences`,
  run() {
    const { times, targets } = makeData();
    const agreements = makeAgreements();
    // Grafana's multi-frame layout gives every series its own time column: the evaluator then
    // checks each one (2 × 100 arrays); in the wide layout series share one.
    const ownTimes = targets.map(() => [times.slice(), times.slice()]);
    const [floorM, reduceM, evalM, evalOwnM, floorTimesM] = measureAll(15, 3, [
      (s) => floor(targets, s),
      (s) => grafanaReduce(targets, s),
      (s) => evaluator(agreements, () => times, targets, s),
      (s) => evaluator(agreements, (t, role) => ownTimes[t][role], targets, s),
      (s) => floorWithTimes(targets, ownTimes, s),
    ]);
    console.log('best of 15 interleaved rounds (median in brackets); peak = heapUsed + arrayBuffers, inputs included');
    console.log(row('floor (single pass)', floorM, floorM, reduceM));
    console.log(row('reduceField mean', reduceM, floorM, reduceM));
    console.log(row('evaluator (shared time)', evalM, floorM, reduceM));
    console.log(row('evaluator (own times)', evalOwnM, floorM, reduceM));
    console.log(row('floor (own times read)', floorTimesM, floorM, reduceM));
    for (const [name, m] of [
      ['shared time', evalM],
      ['own times', evalOwnM],
    ] as const) {
      const vsFloor = m.ms / floorM.ms;
      const vsReduce = m.ms / reduceM.ms;
      console.log(
        `goal (${name}): within 3× the floor: ${vsFloor <= 3 ? 'yes' : 'NO'} (${vsFloor.toFixed(2)}×); faster than reduceField: ${vsReduce < 1 ? 'yes' : 'NO'} (${vsReduce.toFixed(2)}×)`
      );
    }
    console.log(
      `(own times against the floor that also reads the time arrays: ${(evalOwnM.ms / floorTimesM.ms).toFixed(2)}×)`
    );
  },
};
