/**
 * The passive watch: sends no query of the scenarios; once a second it reads pg_stat_statements
 * for the statements whose normalised text matches a scenario's SQL and feeds the deltas (calls,
 * total execution time) into the monitor. Says clearly when the extension is missing or unreadable.
 */
import type pg from 'pg';
import { UserError } from '../util/errors.ts';
import type { Monitor } from './monitor.ts';

/** Lower case, literals and `$n` as `?`, one space: how a scenario's SQL and pg_stat_statements' text compare. */
export function normaliseSql(sql: string): string {
  return sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/'(?:[^']|'')*'/g, '?')
    .replace(/\$\d+/g, '?')
    .replace(/\b\d+(?:\.\d+)?\b/g, '?')
    .replace(/\s+/g, ' ')
    .replace(/\s*([(),=<>])\s*/g, '$1')
    .replace(/;\s*$/, '')
    .trim()
    .toLowerCase();
}

/** Throws a UserError saying what to do when pg_stat_statements cannot be read here. */
export async function checkStatStatements(client: pg.ClientBase): Promise<void> {
  const ext = await client.query(`SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'`);
  if (ext.rowCount === 0) {
    throw new UserError(
      '--passive reads pg_stat_statements, which is not installed in this database: add pg_stat_statements to shared_preload_libraries (restart), then CREATE EXTENSION pg_stat_statements; or watch without --passive (a low probe)',
    );
  }
  try {
    await client.query('SELECT calls FROM pg_stat_statements LIMIT 1');
  } catch (error) {
    throw new UserError(
      `--passive cannot read pg_stat_statements (${(error as Error).message}): it must be in shared_preload_libraries, and this role needs pg_read_all_stats to see other sessions' statements`,
    );
  }
}

interface Counters {
  calls: number;
  totalMs: number;
}

async function readCounters(
  client: pg.ClientBase,
  scenarios: readonly { name: string; sql: string }[],
): Promise<Map<string, Counters>> {
  const { rows } = await client.query<{ query: string | null; calls: string; total: number }>(
    `SELECT query, calls, total_exec_time AS total FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  const wanted = new Map(scenarios.map((s) => [normaliseSql(s.sql), s.name]));
  const out = new Map<string, Counters>(scenarios.map((s) => [s.name, { calls: 0, totalMs: 0 }]));
  for (const row of rows) {
    const name = row.query ? wanted.get(normaliseSql(row.query)) : undefined;
    if (!name) continue;
    const c = out.get(name)!;
    c.calls += Number(row.calls);
    c.totalMs += Number(row.total);
  }
  return out;
}

/** Polls once a second until the duration passes or the signal aborts. */
export async function runPassive(
  client: pg.ClientBase,
  monitor: Monitor,
  options: {
    scenarios: readonly { name: string; sql: string }[];
    durationMs: number;
    signal: AbortSignal;
    onStarted?: () => void;
  },
): Promise<{ requests: number; errors: number }> {
  let previous = await readCounters(client, options.scenarios);
  options.onStarted?.();
  const started = Date.now();
  let requests = 0;
  for (let second = 1; Date.now() - started < options.durationMs && !options.signal.aborted; second++) {
    await new Promise((r) => setTimeout(r, Math.max(0, started + second * 1000 - Date.now())));
    const now = await readCounters(client, options.scenarios);
    for (const s of options.scenarios) {
      const a = previous.get(s.name)!;
      const b = now.get(s.name)!;
      // A reset of the statistics makes the counters go back: count from zero again.
      const calls = b.calls >= a.calls ? b.calls - a.calls : b.calls;
      const totalMs = b.calls >= a.calls ? b.totalMs - a.totalMs : b.totalMs;
      requests += calls;
      monitor.second(s.name, second, { requests: calls, errors: 0, totalMs, busy: 0 });
    }
    previous = now;
  }
  return { requests, errors: 0 };
}
