import type pg from 'pg';
import { SEED_TABLES, type SeedTable } from '../../seed/generators/index.ts';
import { GENERATOR_VERSION } from '../../seed/scales.ts';
import { connect } from '../db/connect.ts';
import { acquireWriterLock } from '../db/lock.ts';
import {
  checkOwnership,
  databaseIdentity,
  META_DDL,
  META_TABLE,
  readSeedMeta,
  type SeedMeta,
} from '../db/ownership.ts';
import { databaseName } from '../db/url.ts';
import { buildCatalogueIndexes } from '../indexes/build.ts';
import { userRelations } from '../inspect/relations.ts';
import { UserError } from '../util/errors.ts';
import { PGREADY_VERSION } from '../util/version.ts';
import { createGeneratorPool, type GeneratorPool } from './generator-pool.ts';
import { loadTable } from './load-table.ts';
import { buildKeys, dropSeedTables, tableBytes, vacuumAnalyze } from './ops.ts';
import { planSeed } from './plan.ts';
import { isLocalServer, type ResolvedSeedOptions, resolveSeedOptions } from './resolve.ts';
import { createTableSql } from './schema.ts';
import type { SeedOptions, SeedProgressEvent, SeedReport, SeedStep } from './types.ts';

/** One seed at a time per database (session advisory lock; released if the process dies). */
export const SEED_LOCK_KEY = 0x70677265; // "pgre"
const PROGRESS_INTERVAL_MS = 250;

/**
 * Seeds the database at `url`: refuses a non-empty database pgready does not own, records
 * `pgready_meta` as `loading`, loads the four tables in parallel (generation in worker threads),
 * builds keys, VACUUM ANALYZE, optionally the catalogue indexes, and only then marks it `complete`.
 */
export async function seedDatabase(url: string, options: SeedOptions = {}): Promise<SeedReport> {
  const opts = resolveSeedOptions(options, { localServer: isLocalServer(url) });
  const emit = options.onProgress ?? (() => {});
  const started = performance.now();
  const client = await connect(url);
  try {
    const lock = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [
      SEED_LOCK_KEY,
    ]);
    if (!lock.rows[0]!.ok)
      throw new UserError(
        `another pgready seed is running on database ${databaseName(url)}; wait for it to finish`,
      );
    const existing = await prepare(client, url, opts);
    if (existing) return await finishExisting(client, url, opts, existing, emit);
    return await load(client, url, opts, emit, started);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Checks the database may be seeded; returns the existing complete seed when it is the one asked for. */
async function prepare(
  client: pg.Client,
  url: string,
  opts: ResolvedSeedOptions,
): Promise<SeedMeta | undefined> {
  const db = databaseName(url);
  if (opts.production)
    throw new UserError(
      'refusing to seed: the environment is marked production, and pgready never writes seed data there',
    );
  const meta = await readSeedMeta(client);
  if (meta) {
    const check = await checkOwnership(client, { production: false, allowLoading: true });
    if (!check.owned) throw new UserError(`refusing to seed database ${db}: ${check.reason}`);
    if (opts.reset) {
      // Held until this connection closes (the end of the seed): no run drops indexes meanwhile.
      await acquireWriterLock(client, 'seed --reset');
      await dropSeedTables(client, meta);
      return undefined;
    }
    if (meta.status === 'loading')
      throw new UserError(
        `database ${db} holds an incomplete seed (scale ${meta.scale}, seed ${meta.seed}, started ${meta.startedAt}, interrupted); run pgready seed --reset to start again`,
      );
    const same =
      meta.seed === opts.seed &&
      meta.leads === opts.leads &&
      meta.commsPerLead === opts.commsPerLead &&
      meta.generatorVersion === GENERATOR_VERSION;
    if (same) return meta;
    throw new UserError(
      `database ${db} already holds scale ${meta.scale} (seed ${meta.seed}, ${meta.leads} leads, generator ${meta.generatorVersion}); add --reset to replace it with scale ${opts.scale} seed ${opts.seed}`,
    );
  }
  const relations = await userRelations(client);
  if (relations.length > 0) {
    const shown =
      relations.slice(0, 5).join(', ') + (relations.length > 5 ? `, … (${relations.length} in all)` : '');
    throw new UserError(
      `refusing to seed database ${db}: it is not empty (${shown}) and pgready did not seed it${opts.reset ? ' (--reset only drops pgready’s own tables in a database it seeded)' : ''}; point pgready at an empty database`,
    );
  }
  return undefined;
}

/** The exact seed is already there: apply the catalogue indexes if asked, load nothing. */
async function finishExisting(
  client: pg.Client,
  url: string,
  opts: ResolvedSeedOptions,
  meta: SeedMeta,
  emit: (e: SeedProgressEvent) => void,
): Promise<SeedReport> {
  let indexesMs = 0;
  if (opts.withIndexes) {
    indexesMs = await step('indexes', emit, () => buildCatalogueIndexes(url, { concurrently: false }));
    await client.query(`UPDATE ${META_TABLE} SET with_indexes = true WHERE id = 1`);
  }
  const identity = await databaseIdentity(client);
  return {
    alreadySeeded: true,
    scale: meta.scale,
    seed: meta.seed,
    leads: meta.leads,
    commsPerLead: meta.commsPerLead,
    generatorVersion: meta.generatorVersion,
    workers: 0,
    rowCounts: meta.rowCounts as Record<SeedTable, number>,
    tableBytes: await tableBytes(client),
    timingsMs: { load: 0, keys: 0, vacuum: 0, indexes: indexesMs, total: indexesMs },
    withIndexes: meta.withIndexes || opts.withIndexes,
    systemIdentifierKnown: identity.systemIdentifier !== null,
  };
}

async function load(
  client: pg.Client,
  url: string,
  opts: ResolvedSeedOptions,
  emit: (e: SeedProgressEvent) => void,
  started: number,
): Promise<SeedReport> {
  const params = { seed: opts.seed, leads: opts.leads, commsPerLead: opts.commsPerLead };
  // Workers take a while to start (thread, modules, value pools): start them before planning.
  const pool = createGeneratorPool(params, opts.workers);
  try {
    return await loadWith(client, url, opts, emit, started, pool);
  } finally {
    await pool.close();
  }
}

async function loadWith(
  client: pg.Client,
  url: string,
  opts: ResolvedSeedOptions,
  emit: (e: SeedProgressEvent) => void,
  started: number,
  pool: GeneratorPool,
): Promise<SeedReport> {
  const params = { seed: opts.seed, leads: opts.leads, commsPerLead: opts.commsPerLead };
  const plan = planSeed(params);
  const identity = await databaseIdentity(client);
  await client.query(META_DDL);
  await client.query(
    `INSERT INTO ${META_TABLE} (status, scale, seed, leads, comms_per_lead, generator_version, pgready_version, database_oid, system_identifier, with_indexes)
     VALUES ('loading', $1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      opts.scale,
      opts.seed,
      opts.leads,
      opts.commsPerLead,
      GENERATOR_VERSION,
      PGREADY_VERSION,
      identity.databaseOid,
      identity.systemIdentifier,
      opts.withIndexes,
    ],
  );
  emit({
    type: 'plan',
    scale: opts.scale,
    seed: opts.seed,
    rowsTotal: plan.rowsTotal,
    workers: opts.workers,
  });

  const done = Object.fromEntries(SEED_TABLES.map((t) => [t, 0])) as Record<SeedTable, number>;
  const lastEmit = Object.fromEntries(SEED_TABLES.map((t) => [t, 0])) as Record<SeedTable, number>;
  const loadStart = performance.now();
  const onRows = (table: SeedTable, rows: number) => {
    done[table] += rows;
    const now = performance.now();
    if (done[table] < plan.rowsTotal[table] && now - lastEmit[table] < PROGRESS_INTERVAL_MS) return;
    lastEmit[table] = now;
    const elapsedMs = now - loadStart;
    emit({
      type: 'rows',
      table,
      rowsDone: done[table],
      rowsTotal: plan.rowsTotal[table],
      ratePerSec: elapsedMs > 0 ? (done[table] / elapsedMs) * 1000 : 0,
      elapsedMs,
    });
  };

  const createSql = createTableSql();
  const loadMs = await step('load', emit, async () => {
    await Promise.all(
      SEED_TABLES.map((table) =>
        loadTable({
          url,
          table,
          createSql: createSql[table],
          tasks: plan.tasks[table],
          pool,
          aheadChunks: Math.max(2, opts.workers + 1),
          onRows,
        }),
      ),
    );
  });
  const keysMs = await step('keys', emit, () => buildKeys(url));
  const vacuumMs = await step('vacuum', emit, () => vacuumAnalyze(url));
  const indexesMs = opts.withIndexes
    ? await step('indexes', emit, () => buildCatalogueIndexes(url, { concurrently: false }))
    : 0;
  const timingsMs = {
    load: loadMs,
    keys: keysMs,
    vacuum: vacuumMs,
    indexes: indexesMs,
    total: performance.now() - started,
  };
  const rounded = Object.fromEntries(Object.entries(timingsMs).map(([k, v]) => [k, Math.round(v)]));
  await client.query(
    `UPDATE ${META_TABLE} SET status = 'complete', row_counts = $1, timings_ms = $2, completed_at = now() WHERE id = 1`,
    [JSON.stringify(plan.rowsTotal), JSON.stringify(rounded)],
  );
  return {
    alreadySeeded: false,
    scale: opts.scale,
    seed: opts.seed,
    leads: opts.leads,
    commsPerLead: opts.commsPerLead,
    generatorVersion: GENERATOR_VERSION,
    workers: opts.workers,
    rowCounts: plan.rowsTotal,
    tableBytes: await tableBytes(client),
    timingsMs,
    withIndexes: opts.withIndexes,
    systemIdentifierKnown: identity.systemIdentifier !== null,
  };
}

async function step(
  name: SeedStep,
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
