/**
 * Reads the source in one read-only session with lock and statement timeouts (as verify does):
 * definitions, then statistics. DateStyle ISO and UTC are pinned, so every value's text form is the
 * same whatever the server's settings. Nothing on the source is written, not even a temp table.
 */
import { connect } from '../db/connect.ts';
import { databaseIdentity } from '../db/ownership.ts';
import { quoteIdent } from '../inspect/indexes.ts';
import { UserError } from '../util/errors.ts';
import { readDefinitions } from './read-source.ts';
import { readStatistics } from './read-stats.ts';
import type { SourceModel } from './types.ts';

export interface ReadSourceOptions {
  schema: string;
  tables: readonly string[];
  production: boolean;
  lockTimeoutMs: number;
  statementTimeoutMs: number;
}

/** The source model, and the source's identity (to refuse twinning a database onto itself). */
export async function readSource(
  url: string,
  options: ReadSourceOptions,
): Promise<{ model: SourceModel; identity: { databaseOid: number; systemIdentifier: string | null } }> {
  const client = await connect(url);
  try {
    await client.query('SET default_transaction_read_only = on');
    await client.query(`SET lock_timeout = ${Math.round(options.lockTimeoutMs)}`);
    await client.query(`SET statement_timeout = ${Math.round(options.statementTimeoutMs)}`);
    await client.query("SET DateStyle = 'ISO, YMD'; SET TimeZone = 'UTC'; SET extra_float_digits = 3");
    const ns = await client.query('SELECT to_regnamespace($1) IS NOT NULL AS found', [
      quoteIdent(options.schema),
    ]);
    if (!ns.rows[0]?.found)
      throw new UserError(
        `the source has no schema "${options.schema}"; fix --like-schema (or "schema" in the config)`,
      );
    const notes: string[] = [];
    if (options.production)
      notes.push('the source is marked production: it is only read (read-only session), never written');
    // One snapshot for everything read (definitions, counts, statistics, fan-out).
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { tables, types, sequences } = await readDefinitions(client, options.schema, options.tables, notes);
    await readStatistics(client, options.schema, tables, notes, options.statementTimeoutMs);
    const identity = await databaseIdentity(client);
    const info = await client.query<{ v: string; db: string }>(
      "SELECT current_setting('server_version') AS v, current_database() AS db",
    );
    await client.query('COMMIT');
    for (const t of tables)
      if (t.extendedStats.length > 0)
        notes.push(
          `${t.name}: extended statistics ${t.extendedStats.join(', ')} are not reproduced: its columns are generated independently`,
        );
    return {
      model: {
        schema: options.schema,
        tables,
        types,
        sequences,
        fingerprint: {
          serverVersion: info.rows[0]!.v,
          systemIdentifier: identity.systemIdentifier,
          database: info.rows[0]!.db,
          schema: options.schema,
          tables: tables.map((t) => t.name),
          indexes: tables.flatMap((t) => t.indexes.map((i) => i.name)),
          readAt: new Date().toISOString(),
          production: options.production,
        },
        notes,
      },
      identity,
    };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === '42501')
      throw new UserError(
        `the source refused a read: ${(error as Error).message}; grant this role SELECT on the tables`,
      );
    if (code === '57014')
      throw new UserError(
        `reading the source hit its statement timeout (${(error as Error).message}); the source is busy or very large`,
      );
    throw error;
  } finally {
    await client.end().catch(() => {});
  }
}
