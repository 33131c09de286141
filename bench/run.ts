/**
 * `npm run bench` (node --expose-gc --import tsx bench/run.ts [name …]): runs every bench
 * module in BENCHES, or only those named on the command line. To add a benchmark, write a module
 * exporting a `Bench` and list it here.
 */
import { bundleBench } from './bundle.bench';
import { engineBench } from './engine.bench';
import { evaluatorBench } from './evaluator.bench';
import { list10kBench } from './list10k.bench';
import { monitorBench } from './monitor.bench';
import { panelBench } from './panel.bench';

export interface Bench {
  name: string;
  description: string;
  run(): Promise<void> | void;
}

const BENCHES: Bench[] = [evaluatorBench, engineBench, panelBench, monitorBench, bundleBench, list10kBench];

async function main(): Promise<void> {
  if (typeof globalThis.gc !== 'function') {
    throw new Error('run with node --expose-gc (npm run bench does)');
  }
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !BENCHES.some((b) => b.name === w));
  if (unknown.length) {
    throw new Error(`unknown bench ${unknown.join(', ')}; known: ${BENCHES.map((b) => b.name).join(', ')}`);
  }
  for (const bench of BENCHES.filter((b) => wanted.length === 0 || wanted.includes(b.name))) {
    console.log(`\n== ${bench.name}: ${bench.description}`);
    await bench.run();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
