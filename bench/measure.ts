/** Timing and memory helpers shared by bench modules. */

export interface Measurement {
  /** Best wall time of the measured repetitions, ms (the least disturbed by other load). */
  ms: number;
  /** Median wall time, ms. */
  medianMs: number;
  /** Peak of heapUsed + arrayBuffers during a run, bytes (inputs included). */
  peakBytes: number;
  /** Peak growth over the heap before the run (memory the approach itself needs), bytes. */
  extraBytes: number;
}

const used = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

type Body = (sample: () => void) => unknown;

/**
 * Runs each body (which calls `sample()` between units of work, so peaks inside a run are
 * seen) `warmup` times unmeasured, then `reps` rounds in which every body runs once in turn, so
 * that load from other processes hits all contenders alike.
 */
export function measureAll(reps: number, warmup: number, bodies: Body[]): Measurement[] {
  const noop = () => undefined;
  for (let i = 0; i < warmup; i++) {
    bodies.forEach((b) => b(noop));
  }
  const results = bodies.map(() => ({ times: [] as number[], peak: 0, extra: 0 }));
  for (let i = 0; i < reps; i++) {
    bodies.forEach((body, k) => {
      globalThis.gc!();
      const base = used();
      let runPeak = base;
      const sample = () => {
        const u = used();
        if (u > runPeak) {
          runPeak = u;
        }
      };
      const t0 = process.hrtime.bigint();
      body(sample);
      const t1 = process.hrtime.bigint();
      sample();
      const r = results[k];
      r.times.push(Number(t1 - t0) / 1e6);
      r.peak = Math.max(r.peak, runPeak);
      r.extra = Math.max(r.extra, runPeak - base);
    });
  }
  return results.map((r) => {
    const sorted = [...r.times].sort((a, b) => a - b);
    return { ms: sorted[0], medianMs: sorted[Math.floor(sorted.length / 2)], peakBytes: r.peak, extraBytes: r.extra };
  });
}

export const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;
