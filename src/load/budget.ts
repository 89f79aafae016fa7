/**
 * Before any load: does the server have the connections the run will open? A run that hits
 * `max_connections` half-way measures connection errors, not the database, so it is refused up front.
 */
import type pg from 'pg';
import { UserError } from '../util/errors.ts';

/** What a run will open: `instances` production pools of `poolMaxSize`, plus pgready's own. */
export interface ConnectionNeed {
  instances: number;
  poolMaxSize: number;
  /** pgready's own connections besides the pools (the control connection, a baseline, a lock test…). */
  ownConnections: number;
}

/** What the server offers, as read from it. */
export interface ConnectionBudget {
  needed: number;
  available: number;
  maxConnections: number;
  reserved: number;
  /** Client connections open now, other than the one asking. */
  inUse: number;
}

export function connectionsNeeded(need: ConnectionNeed): number {
  return need.instances * need.poolMaxSize + need.ownConnections;
}

/**
 * Compares the run's need with `max_connections` − `superuser_reserved_connections` −
 * `reserved_connections` (PostgreSQL ≥ 16) − connections already open. The asking connection is
 * not counted as in use: it is part of `ownConnections`. Throws UserError (exit 2) when short.
 */
export async function checkConnectionBudget(
  client: pg.ClientBase,
  need: ConnectionNeed,
): Promise<ConnectionBudget> {
  const { rows } = await client.query<{ max: number; su: number; reserved: number | null; in_use: number }>(
    `SELECT current_setting('max_connections')::int AS max,
            current_setting('superuser_reserved_connections')::int AS su,
            current_setting('reserved_connections', true)::int AS reserved,
            (SELECT count(*)::int FROM pg_stat_activity
              WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()) AS in_use`,
  );
  const row = rows[0]!;
  const reserved = row.su + (row.reserved ?? 0);
  const needed = connectionsNeeded(need);
  const available = row.max - reserved - row.in_use;
  const budget = { needed, available, maxConnections: row.max, reserved, inUse: row.in_use };
  if (needed > available) {
    const perRun = Math.floor((available - need.ownConnections) / need.instances);
    throw new UserError(
      `the run needs ${needed} connections (${need.instances} instance${need.instances === 1 ? '' : 's'} × pool ${need.poolMaxSize} + ${need.ownConnections} of pgready's own) but the server has ${Math.max(0, available)} free (max_connections ${row.max} − ${reserved} reserved − ${row.in_use} in use); lower --instances or pool_size + max_overflow (at most ${Math.max(0, perRun)} per instance), or raise max_connections`,
    );
  }
  return budget;
}
