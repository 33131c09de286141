/**
 * PGlite is PostgreSQL without its autovacuum: the monitor's tables, rewritten every busy cycle
 * (leases, live status, folded segments), would keep every dead row version, and no table ever
 * gets planner statistics, so the monitor's statements slow down cycle after cycle and the
 * planner picks plans meant for empty tables (e.g. an anti-join rescanning every active agreement
 * per monitored one). After a cycle the engine
 * does for them what autovacuum does on PostgreSQL, with autovacuum's default thresholds.
 * PostgreSQL is left to its own autovacuum.
 */
import { sql } from 'kysely';
import type { Store } from '../store/db';

/** The monitor's own tables, and those its every cycle joins (the agreements in force, their breaches). */
const TABLES = ['monitor_agreements', 'monitor_periods', 'agreements', 'agreement_versions', 'breaches'] as const;

/** autovacuum_vacuum_threshold and _scale_factor defaults: vacuum once dead rows exceed 50 + 20 % of the live ones. */
const VACUUM_BASE = 50;
const VACUUM_SCALE = 0.2;
/**
 * Statistics are refreshed when the row count moved by 50 + 50 % from the one the planner knows:
 * autovacuum counts every update instead, which here would re-analyze after every busy cycle for
 * nothing (the monitor rewrites its rows in place; their distribution hardly changes, and an
 * ANALYZE of the segments costs more than a cycle's writes).
 */
const ANALYZE_BASE = 50;
const ANALYZE_SCALE = 0.5;

interface TableStats {
  relname: string;
  n_live_tup: number | string;
  n_dead_tup: number | string;
  /** Rows the planner believes the table has (−1: never vacuumed nor analyzed). */
  reltuples: number | string;
  analyzed: boolean;
}

export type Upkeep = 'vacuum' | 'analyze' | 'vacuum analyze' | null;

/** What a table with these counters needs. */
export function upkeepOf(t: { live: number; dead: number; planned: number; analyzed: boolean }): Upkeep {
  const vacuum = t.dead > VACUUM_BASE + VACUUM_SCALE * t.live;
  const analyze = (!t.analyzed && t.live > 0) || Math.abs(t.live - t.planned) > ANALYZE_BASE + ANALYZE_SCALE * Math.max(0, t.planned);
  return vacuum && analyze ? 'vacuum analyze' : vacuum ? 'vacuum' : analyze ? 'analyze' : null;
}

/** Vacuums and analyzes the monitor's tables that need it (PGlite only); returns what it did per table. */
export async function tidyMonitorTables(store: Store): Promise<Map<string, Upkeep>> {
  const done = new Map<string, Upkeep>();
  if (store.kind !== 'pglite') {
    return done;
  }
  const stats = await sql<TableStats>`
    select s.relname, s.n_live_tup, s.n_dead_tup, c.reltuples, (s.last_analyze is not null or s.last_autoanalyze is not null) as analyzed
    from pg_stat_user_tables s join pg_class c on c.oid = s.relid
    where s.relname in (${sql.join([...TABLES])})`.execute(store.db);
  for (const t of stats.rows) {
    const upkeep = upkeepOf({ live: Number(t.n_live_tup), dead: Number(t.n_dead_tup), planned: Number(t.reltuples), analyzed: t.analyzed });
    if (upkeep && (TABLES as readonly string[]).includes(t.relname)) {
      await sql`${sql.raw(upkeep)} ${sql.table(t.relname)}`.execute(store.db);
      done.set(t.relname, upkeep);
    }
  }
  return done;
}
