/**
 * Builds the twin in pgready's own database: refuses a database pgready does not own (or one that
 * holds another dataset, without --reset), records pgready_meta as `loading` with the source's
 * fingerprint, creates the types and tables, loads every table through the binary COPY pipeline
 * (generation in worker threads), adds keys, the source's indexes, sequences, VACUUM ANALYZE, and
 * only then marks it `complete` with the row counts the claim check reads.
 */
import type pg from 'pg';
import { connect, withClient } from '../db/connect.ts';
import { acquireWriterLock } from '../db/lock.ts';
import { checkOwnership, databaseIdentity, META_DDL, META_TABLE, readSeedMeta } from '../db/ownership.ts';
import { databaseName } from '../db/url.ts';
import { quoteIdent } from '../inspect/indexes.ts';
import { userRelations } from '../inspect/relations.ts';
import { loadTable } from '../seed/load-table.ts';
import { dropSeedTables } from '../seed/ops.ts';
import { SEED_LOCK_KEY } from '../seed/seed.ts';
import type { SeedProgressEvent } from '../seed/types.ts';
import { UserError } from '../util/errors.ts';
import { PGREADY_VERSION } from '../util/version.ts';
import { createTableSql, keySql, preludeSql, sequenceSql } from './ddl.ts';
import { type BuiltPlan, buildTwinPlan, TWIN_GENERATOR_VERSION, type TwinPlanOptions } from './plan.ts';
import { createTwinPool } from './pool.ts';
import type { SourceModel } from './types.ts';

export interface TwinLoadOptions extends Omit<TwinPlanOptions, 'elementOids'> {
  reset: boolean;
  /** The target is a production environment: never written. */
  production: boolean;
  workers: number;
  sourceIndexes: boolean;
  onProgress?: (event: SeedProgressEvent) => void;
}

/** What the load did. */
export interface TwinLoadReport {
  rowCounts: Record<string, number>;
  tableBytes: Record<string, number>;
  timingsMs: { load: number; keys: number; indexes: number; vacuum: number; total: number };
  built: BuiltPlan;
  indexes: string[];
}

const PROGRESS_INTERVAL_MS = 250;

/** Checks the twin may be written; nothing is written when it may not. */
async function prepare(client: pg.Client, url: string, options: TwinLoadOptions): Promise<void> {
  const db = databaseName(url);
  if (options.production)
    throw new UserError('refusing to write a twin: the target environment is marked production');
  const meta = await readSeedMeta(client);
  if (meta) {
    const check = await checkOwnership(client, { production: false, allowLoading: true });
    if (!check.owned) throw new UserError(`refusing to write a twin into database ${db}: ${check.reason}`);
    if (!options.reset)
      throw new UserError(
        `database ${db} already holds a dataset (${meta.scale === 'twin' ? 'a twin' : `scale ${meta.scale}`}, seed ${meta.seed}); one dataset per database: add --reset to replace it with the twin`,
      );
    await acquireWriterLock(client, 'seed --like --reset');
    await dropSeedTables(client, meta);
    return;
  }
  const relations = await userRelations(client);
  if (relations.length > 0)
    throw new UserError(
      `refusing to write a twin into database ${db}: it is not empty (${relations.slice(0, 5).join(', ')}) and pgready did not seed it; point pgready at an empty database`,
    );
}

/** Element type oids on the twin for the source's array columns. */
async function elementOids(client: pg.ClientBase, model: SourceModel): Promise<Record<string, number>> {
  const names = [
    ...new Set(model.tables.flatMap((t) => t.columns.flatMap((c) => (c.elementType ? [c.elementType] : [])))),
  ];
  if (names.length === 0) return {};
  const r = await client.query<{ typname: string; oid: number }>(
    `SELECT t.typname, t.oid::int AS oid FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE t.typname = ANY($1) AND n.nspname IN ('pg_catalog', $2, 'public') ORDER BY n.nspname = 'pg_catalog' DESC`,
    [names, model.schema],
  );
  const out: Record<string, number> = {};
  for (const row of r.rows) out[row.typname] ??= row.oid;
  return out;
}

export async function writeTwin(
  url: string,
  model: SourceModel,
  options: TwinLoadOptions,
): Promise<TwinLoadReport> {
  const emit = options.onProgress ?? (() => {});
  const started = performance.now();
  // Bad --rows and refused tables fail here, before anything is written.
  buildTwinPlan(model, { ...options, elementOids: {} });
  const client = await connect(url);
  try {
    const lock = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [
      SEED_LOCK_KEY,
    ]);
    if (!lock.rows[0]!.ok)
      throw new UserError(
        `another pgready seed is running on database ${databaseName(url)}; wait for it to finish`,
      );
    await prepare(client, url, options);
    const identity = await databaseIdentity(client);
    const qualified = model.tables.map((t) => `${quoteIdent(model.schema)}.${quoteIdent(t.name)}`);
    const leads = model.tables.find((t) => t.name === 'leads');
    await client.query(META_DDL);
    await client.query(
      `INSERT INTO ${META_TABLE} (status, scale, seed, leads, comms_per_lead, generator_version, pgready_version, database_oid, system_identifier, with_indexes, extra)
       VALUES ('loading', 'twin', $1, $2, 0, $3, $4, $5, $6, false, $7)`,
      [
        options.seed,
        leads ? Math.round(leads.rows) : 0,
        TWIN_GENERATOR_VERSION,
        PGREADY_VERSION,
        identity.databaseOid,
        identity.systemIdentifier,
        JSON.stringify({
          twin: {
            source: model.fingerprint,
            tables: [...qualified].reverse(),
            types: model.types.map((t) => t.name).reverse(),
            sequences: [...new Set(Object.values(model.sequences))].map(
              (s) => `${quoteIdent(model.schema)}.${quoteIdent(s)}`,
            ),
            keepValues: options.keepValues,
            // The source's secondary index definitions (no values): advise never proposes one of them.
            sourceIndexes: model.tables.flatMap((t) => t.indexes.map((i) => i.definition)),
          },
        }),
      ],
    );
    for (const sql of preludeSql(model)) await client.query(sql);
    const built = buildTwinPlan(model, { ...options, elementOids: await elementOids(client, model) });
    const rowsTotal = Object.fromEntries(built.plan.tables.map((t) => [t.name, t.rows]));
    emit({
      type: 'plan',
      scale: 'twin',
      seed: options.seed,
      rowsTotal: rowsTotal as never,
      workers: options.workers,
    });

    const pool = createTwinPool(built.plan, options.workers);
    const loadStart = performance.now();
    const done: Record<string, number> = {};
    const lastEmit: Record<string, number> = {};
    const onRows = (table: string, rows: number) => {
      done[table] = (done[table] ?? 0) + rows;
      const now = performance.now();
      if (done[table]! < rowsTotal[table]! && now - (lastEmit[table] ?? 0) < PROGRESS_INTERVAL_MS) return;
      lastEmit[table] = now;
      const elapsedMs = now - loadStart;
      emit({
        type: 'rows',
        table: table as never,
        rowsDone: done[table]!,
        rowsTotal: rowsTotal[table]!,
        ratePerSec: elapsedMs > 0 ? (done[table]! / elapsedMs) * 1000 : 0,
        elapsedMs,
      });
    };
    let loadMs: number;
    try {
      loadMs = await step('load', emit, () =>
        Promise.all(
          built.plan.tables.map((t, i) =>
            loadTable({
              url,
              table: t.name,
              createSql: createTableSql(model.schema, model.tables.find((x) => x.name === t.name)!),
              copySql: `COPY ${t.qualified} (${t.copyColumns.join(', ')}) FROM STDIN WITH (FORMAT binary, FREEZE)`,
              tasks: built.tasks[i]!,
              pool,
              aheadChunks: Math.max(2, options.workers + 1),
              onRows,
            }),
          ),
        ),
      );
    } finally {
      await pool.close();
    }
    const keysMs = await step('keys', emit, () => buildKeys(url, model));
    const indexes = options.sourceIndexes ? model.tables.flatMap((t) => t.indexes) : [];
    const indexesMs = await step('indexes', emit, () =>
      Promise.all(
        model.tables.map((t) =>
          withClient(url, async (c) => {
            for (const index of indexes.filter((i) => t.indexes.includes(i))) await c.query(index.definition);
            for (const sql of sequenceSql(model.schema, t, model.sequences)) await c.query(sql);
          }),
        ),
      ),
    );
    const vacuumMs = await step('vacuum', emit, () =>
      Promise.all(qualified.map((q) => withClient(url, (c) => c.query(`VACUUM ANALYZE ${q}`)))),
    );
    const tableBytes: Record<string, number> = {};
    for (const t of built.plan.tables) {
      const r = await client.query<{ b: string }>('SELECT pg_table_size($1::regclass)::bigint AS b', [
        t.qualified,
      ]);
      tableBytes[t.name] = Number(r.rows[0]!.b);
    }
    const timingsMs = {
      load: loadMs,
      keys: keysMs,
      indexes: indexesMs,
      vacuum: vacuumMs,
      total: performance.now() - started,
    };
    await client.query(
      `UPDATE ${META_TABLE} SET status = 'complete', row_counts = $1, timings_ms = $2, completed_at = now(), with_indexes = $3 WHERE id = 1`,
      [
        JSON.stringify(rowsTotal),
        JSON.stringify(Object.fromEntries(Object.entries(timingsMs).map(([k, v]) => [k, Math.round(v)]))),
        options.sourceIndexes,
      ],
    );
    return { rowCounts: rowsTotal, tableBytes, timingsMs, built, indexes: indexes.map((i) => i.name) };
  } finally {
    await client.end().catch(() => {});
  }
}

/** Primary and unique keys per table in parallel, then each table's foreign keys, validated. */
async function buildKeys(url: string, model: SourceModel): Promise<void> {
  const own = model.tables.map((t) =>
    withClient(url, async (c) => {
      for (const sql of keySql(model.schema, t).own) await c.query(sql);
    }),
  );
  await Promise.all(own);
  await Promise.all(
    model.tables.map((t) =>
      withClient(url, async (c) => {
        for (const fk of keySql(model.schema, t).foreign) {
          await c.query(fk.add);
          await c.query(fk.validate);
        }
      }),
    ),
  );
}

async function step(
  name: 'load' | 'keys' | 'vacuum' | 'indexes',
  emit: (e: SeedProgressEvent) => void,
  fn: () => Promise<unknown>,
): Promise<number> {
  emit({ type: 'step', step: name, state: 'start' });
  const t = performance.now();
  await fn();
  const durationMs = performance.now() - t;
  emit({ type: 'step', step: name, state: 'done', durationMs });
  return durationMs;
}
