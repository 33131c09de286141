/**
 * `slm evaluate AGREEMENT.yaml --data RESPONSE.json [--at ISO] [--period YYYY-MM|YYYY-Qn|YYYY-Www]`:
 * evaluates an agreement offline on a saved `/api/ds/query` response, through the same domain
 * code as the panel and the engine. Exit 0 with the report on stdout; 2 for bad input.
 */
import { readFile } from 'node:fs/promises';
import { DateTime } from 'luxon';
import {
  evaluateResponse,
  FrameError,
  formatValidationError,
  parseAgreement,
  PeriodError,
  toReport,
} from '../../src/domain';

export interface EvaluateCommandOptions {
  data: string;
  at?: string;
  period?: string;
}

class InputError extends Error {}

/** Where the command writes; process streams for the CLI, buffers in tests. */
export interface CommandIO {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export async function evaluateCommand(agreementPath: string, opts: EvaluateCommandOptions): Promise<number> {
  return runEvaluate(agreementPath, opts, process);
}

export async function runEvaluate(agreementPath: string, opts: EvaluateCommandOptions, io: CommandIO): Promise<number> {
  try {
    const parsed = parseAgreement(await readText(agreementPath, 'agreement'));
    if (!parsed.ok) {
      io.stderr.write(`${agreementPath}: invalid agreement\n`);
      for (const e of parsed.errors) {
        io.stderr.write(`${formatValidationError(e)}\n`);
      }
      return 2;
    }
    const response = parseJson(await readText(opts.data, 'data'), opts.data);
    const at = parseAt(opts.at);
    const evaluation = evaluateResponse(parsed.agreement, response, { at, period: opts.period });
    io.stdout.write(`${JSON.stringify(toReport(evaluation), null, 2)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof FrameError) {
      io.stderr.write(`${opts.data}: unusable query response\n${err.message}\n`);
      return 2;
    }
    if (err instanceof InputError || err instanceof PeriodError) {
      io.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new InputError(`cannot read ${what} file '${path}': ${reason}`);
  }
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InputError(`${path}: not valid JSON: ${(err as Error).message}`);
  }
}

/** --at must carry an offset or Z, so the same command gives the same report anywhere. */
function parseAt(text: string | undefined): number {
  if (text === undefined) {
    return Date.now();
  }
  const t = DateTime.fromISO(text, { setZone: true });
  if (!t.isValid || !/(Z|[+-]\d{2}:?\d{2})$/i.test(text)) {
    throw new InputError(`--at '${text}' must be an ISO-8601 time with an offset, e.g. 2026-03-31T16:00:00Z`);
  }
  return t.toMillis();
}
