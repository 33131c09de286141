import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { StoreOptions } from './store/db';

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_DATA_DIR = '.slm-data';
export const DEFAULT_BODY_LIMIT = 1024 * 1024;
const MIN_SECRET_LENGTH = 16;

export class ConfigError extends Error {}

/** Settings common to every command that opens the database. */
export interface StoreConfig {
  /** Absolute data directory (PGlite files, generated secret). */
  dataDir: string;
  /** Set when SLM_DATABASE_URL selects PostgreSQL. */
  databaseUrl?: string;
}

export interface ServeConfig extends StoreConfig {
  port: number;
  host: string;
  logLevel: string;
  bodyLimit: number;
  /** Folder of seed YAML imported on first start (empty organisation only); `--seed` or SLM_SEED_DIR. */
  seedDir?: string;
  monitor: MonitorConfig;
  /** SLM_REVIEW_SCHEDULE_INTERVAL: time between two runs of the review scheduling (default 1h); 0 when off. */
  reviewScheduleIntervalMs: number;
}

/** Continuous monitoring (server/monitor): SLM_MONITOR=off disables it. */
export interface MonitorConfig {
  enabled: boolean;
  /** SLM_MONITOR_INTERVAL: time between cycles (default 60s). */
  intervalMs: number;
  /** SLM_MONITOR_CONCURRENCY: batches evaluated at once (default 4). */
  concurrency: number;
  /** SLM_MONITOR_BATCH: most agreements claimed, queried (one ds/query request) and committed together (default 50). */
  batchSize: number;
  /** SLM_MONITOR_SETTLE: slices younger than this stay provisional (default 2m, the scrape lag). */
  settleMs: number;
  /** SLM_MONITOR_LEASE: how long a claimed agreement stays with this engine (default 2m, renewed on every write). */
  leaseMs: number;
  /** SLM_MONITOR_BACKOFF_MAX: cap of the retry delay after datasource errors (default 10m). */
  backoffMaxMs: number;
  /** SLM_METRICS_TOKEN: when set, /metrics needs `Authorization: Bearer <token>`. */
  metricsToken?: string;
}

export function monitorConfig(env: Env = process.env): MonitorConfig {
  const off = ['off', 'false', '0', 'no'].includes((env.SLM_MONITOR ?? '').trim().toLowerCase());
  return {
    enabled: !off,
    intervalMs: durationSetting(env, 'SLM_MONITOR_INTERVAL', 60_000),
    concurrency: integerSetting(env, 'SLM_MONITOR_CONCURRENCY', 4, 1, 64),
    batchSize: integerSetting(env, 'SLM_MONITOR_BATCH', 50, 1, 500),
    settleMs: durationSetting(env, 'SLM_MONITOR_SETTLE', 120_000, true),
    leaseMs: durationSetting(env, 'SLM_MONITOR_LEASE', 120_000),
    backoffMaxMs: durationSetting(env, 'SLM_MONITOR_BACKOFF_MAX', 600_000),
    metricsToken: nonEmpty(env.SLM_METRICS_TOKEN),
  };
}

/** SLM_REVIEW_SCHEDULE_INTERVAL: a duration (default 1h); `0` or `off` stops the automatic review scheduling. */
export function reviewScheduleInterval(env: Env = process.env): number {
  const raw = (env.SLM_REVIEW_SCHEDULE_INTERVAL ?? '').trim().toLowerCase();
  return ['off', 'false', 'no'].includes(raw) ? 0 : durationSetting(env, 'SLM_REVIEW_SCHEDULE_INTERVAL', 3_600_000, true);
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `60s`, `1m`, `500ms` or plain milliseconds. */
function durationSetting(env: Env, name: string, fallback: number, zeroAllowed = false): number {
  const raw = nonEmpty(env[name]);
  if (raw === undefined) {
    return fallback;
  }
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(raw);
  const ms = m ? Math.round(Number(m[1]) * DURATION_UNITS[m[2] ?? 'ms']) : NaN;
  if (!Number.isFinite(ms) || ms < (zeroAllowed ? 0 : 1)) {
    throw new ConfigError(`invalid ${name} "${raw}": expected a duration such as 60s, 2m or 500ms`);
  }
  return ms;
}

function integerSetting(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = nonEmpty(env[name]);
  if (raw === undefined) {
    return fallback;
  }
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < min || n > max) {
    throw new ConfigError(`invalid ${name} "${raw}": expected a whole number from ${min} to ${max}`);
  }
  return n;
}

type Env = Record<string, string | undefined>;

export function storeConfig(opts: { data?: string }, env: Env = process.env): StoreConfig {
  const dataDir = path.resolve(opts.data ?? nonEmpty(env.SLM_DATA_DIR) ?? DEFAULT_DATA_DIR);
  const databaseUrl = nonEmpty(env.SLM_DATABASE_URL);
  return { dataDir, databaseUrl };
}

export function serveConfig(
  opts: { data?: string; port?: string; host?: string; seed?: string },
  env: Env = process.env
): ServeConfig {
  return {
    ...storeConfig(opts, env),
    port: parsePort(opts.port ?? nonEmpty(env.SLM_PORT) ?? String(DEFAULT_PORT)),
    host: opts.host ?? nonEmpty(env.SLM_HOST) ?? DEFAULT_HOST,
    logLevel: nonEmpty(env.SLM_LOG_LEVEL) ?? 'info',
    bodyLimit: DEFAULT_BODY_LIMIT,
    seedDir: opts.seed ?? nonEmpty(env.SLM_SEED_DIR),
    monitor: monitorConfig(env),
    reviewScheduleIntervalMs: reviewScheduleInterval(env),
  };
}

export function storeOptions(config: StoreConfig): StoreOptions {
  return config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir };
}

export interface ResolvedSecret {
  value: string;
  /** Where it came from, for the start-up log line (never the value itself). */
  source: string;
  warning?: string;
}

/**
 * The shared secret Grafana injects: SLM_SECRET when set; otherwise, with the embedded
 * database only, one generated on first start and kept in `<data dir>/secret` (mode 0600).
 * A shared PostgreSQL deployment has several engines, which must agree on one secret.
 */
export function resolveSecret(config: StoreConfig, env: Env = process.env): ResolvedSecret {
  const fromEnv = nonEmpty(env.SLM_SECRET);
  if (fromEnv) {
    const warning =
      fromEnv.length < MIN_SECRET_LENGTH
        ? `SLM_SECRET is shorter than ${MIN_SECRET_LENGTH} characters; use a long random value`
        : undefined;
    return { value: fromEnv, source: 'SLM_SECRET', warning };
  }
  if (config.databaseUrl) {
    throw new ConfigError(
      'SLM_SECRET must be set when SLM_DATABASE_URL selects PostgreSQL ' +
        '(every engine sharing the database needs the same secret); ' +
        'set it to a long random value and put the same value in the app configuration in Grafana'
    );
  }
  const file = path.join(config.dataDir, 'secret');
  const existing = readSecretFile(file);
  if (existing) {
    return { value: existing, source: file };
  }
  mkdirSync(config.dataDir, { recursive: true });
  const generated = randomBytes(32).toString('base64url');
  writeFileSync(file, generated + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600); // the umask must not widen it
  return { value: generated, source: `${file} (generated now)` };
}

function readSecretFile(file: string): string | undefined {
  try {
    return nonEmpty(readFileSync(file, 'utf8').trim());
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw new ConfigError(`cannot read the secret file ${file}: ${(err as Error).message}`);
  }
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 0 || port > 65535) {
    throw new ConfigError(`invalid port "${value}": expected a number from 0 to 65535`);
  }
  return port;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
