import { Command } from 'commander';
import { ConfigError, serveConfig, storeConfig, storeOptions } from '../config';
import { closeOnSignals, startEngine } from '../serve';
import { openStore, StoreError } from '../store/db';
import { MigrationError, migrateToLatest, migrations } from '../store/migrate';
import { ENGINE_VERSION } from '../version';

/** Errors that are the operator's to fix: one clear line, no stack. */
function isOperatorError(err: unknown): err is Error {
  return err instanceof ConfigError || err instanceof StoreError || err instanceof MigrationError || (err as Error)?.name === 'ImportError';
}

async function guarded(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (err) {
    if (isOperatorError(err)) {
      process.stderr.write(`slm: ${err.message}\n`);
    } else if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      process.stderr.write(`slm: ${(err as Error).message}: the port is taken; choose another with --port\n`);
    } else {
      process.stderr.write(`slm: ${(err as Error).stack ?? String(err)}\n`);
    }
    process.exitCode = 1;
  }
}

const program = new Command()
  .name('slm')
  .description('Service Level Management engine for Grafana')
  .version(ENGINE_VERSION)
  .addHelpText(
    'after',
    `
Environment:
  SLM_DATABASE_URL  PostgreSQL URL (default: embedded PGlite in the data directory)
  SLM_SECRET        shared secret Grafana injects (default: generated into <data dir>/secret; required with PostgreSQL)
  SLM_DATA_DIR      data directory (default ./.slm-data)
  SLM_PORT          listen port (default 8787)
  SLM_HOST          listen address (default 127.0.0.1)
  SLM_SEED_DIR      seed folder imported on first start (see serve --seed)
  SLM_LOG_LEVEL     trace | debug | info | warn | error (default info)`
  );

program
  .command('serve')
  .description('migrate the database, then serve the HTTP API')
  .option('-p, --port <port>', 'listen port (env SLM_PORT, default 8787)')
  .option('--host <host>', 'listen address (env SLM_HOST, default 127.0.0.1)')
  .option('-d, --data <dir>', 'data directory (env SLM_DATA_DIR, default ./.slm-data)')
  .option('--seed <dir>', 'import this folder of YAML on first start, when organisation 1 has no services and no agreements (env SLM_SEED_DIR)')
  .action((opts: { port?: string; host?: string; data?: string; seed?: string }) =>
    guarded(async () => {
      const engine = await startEngine(serveConfig(opts));
      closeOnSignals(engine);
    })
  );

program
  .command('migrate')
  .description('apply pending database migrations and exit')
  .option('-d, --data <dir>', 'data directory (env SLM_DATA_DIR, default ./.slm-data)')
  .action((opts: { data?: string }) =>
    guarded(async () => {
      const store = await openStore(storeOptions(storeConfig(opts)));
      try {
        const applied = await migrateToLatest(store.db);
        process.stdout.write(`database: ${store.kind} ${store.location}\n`);
        process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'no pending migrations\n');
        process.stdout.write(`schema version: ${Object.keys(migrations).at(-1)}\n`);
      } finally {
        await store.close();
      }
    })
  );

program
  .command('evaluate')
  .description('evaluate an agreement YAML offline against a Grafana /api/ds/query response; prints the report as JSON')
  .argument('<agreement>', 'agreement YAML file')
  .requiredOption('--data <file>', 'Grafana /api/ds/query response (JSON) with refIds <targetId>/good|total|value')
  .option('--at <iso>', 'evaluation time (ISO-8601; default now)')
  .option('--period <period>', 'period to evaluate: YYYY-MM, YYYY-Qn or YYYY-Www')
  .action(async (agreement: string, opts: { data: string; at?: string; period?: string }) => {
    const { evaluateCommand } = await import('./evaluate');
    process.exitCode = await evaluateCommand(agreement, opts);
  });

const orgOption = (value: string): number => {
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1) {
    throw new ConfigError(`invalid --org "${value}": expected a positive integer`);
  }
  return Number(value);
};

program
  .command('import')
  .description('import YAML files or folders (kinds Agreement, Service, Party; multi-document files allowed) in one transaction')
  .argument('<paths...>', 'YAML files or folders (searched recursively for *.yaml, *.yml)')
  .option('-d, --data <dir>', 'data directory (env SLM_DATA_DIR, default ./.slm-data)')
  .option('--org <id>', 'Grafana organisation id', '1')
  .option('--user <login>', 'user recorded in the audit log (default $USER)')
  .action((paths: string[], opts: { data?: string; org: string; user?: string }) =>
    guarded(async () => {
      const { importPaths, ImportError } = await import('./importExport');
      const store = await openStore(storeOptions(storeConfig(opts)));
      let failure: InstanceType<typeof ImportError> | undefined;
      try {
        await migrateToLatest(store.db);
        const user = opts.user ?? process.env.USER ?? 'slm-cli';
        const summary = await importPaths(store, { orgId: orgOption(opts.org), user }, paths);
        for (const [what, list] of Object.entries(summary)) {
          process.stdout.write(`${what}: ${list.length ? list.join(', ') : '-'}\n`);
        }
      } catch (err) {
        if (!(err instanceof ImportError)) {
          throw err;
        }
        failure = err;
      } finally {
        await store.close();
      }
      if (failure) {
        // Set after closing: closing PGlite resets process.exitCode.
        process.stderr.write(`slm import: ${failure.message}\n`);
        process.exitCode = 1;
      }
    })
  );

program
  .command('export')
  .description('export parties, services and agreements as YAML: one file per object under --out, else to stdout')
  .option('-o, --out <dir>', 'folder to write parties/, services/ and agreements/ into')
  .option('-d, --data <dir>', 'data directory (env SLM_DATA_DIR, default ./.slm-data)')
  .option('--org <id>', 'Grafana organisation id', '1')
  .action((opts: { out?: string; data?: string; org: string }) =>
    guarded(async () => {
      const { exportTo } = await import('./importExport');
      const store = await openStore(storeOptions(storeConfig(opts)));
      try {
        await migrateToLatest(store.db);
        const n = await exportTo(store, orgOption(opts.org), opts.out, (text) => process.stdout.write(text));
        if (opts.out !== undefined) {
          process.stdout.write(`exported ${n} object(s) to ${opts.out}\n`);
        }
      } finally {
        await store.close();
      }
    })
  );

await program.parseAsync(process.argv);
