/**
 * `pgready warmup` as a library: bring the demo database to the state the demo will meet and
 * prove it. Reads catalogue indexes (verify's inspection), the cold first request of every
 * scenario, warms each one until its p95 is stable, measures buffer hits during the warmup and
 * (with pg_buffercache) the buffered share before and after, checks autoprewarm and statistics
 * freshness, and judges READY FOR DEMO. Read-only unless `prewarm` (and `createExtension`) say so.
 */

import type pg from 'pg';
import type { ResolvedPoolOptions } from '../config/pool.ts';
import { connect } from '../db/connect.ts';
import { serverInfo } from '../inspect/server-info.ts';
import type { Protocol } from '../load/load-options.ts';
import { EMPTY_SUMMARY, initHistograms } from '../results/histogram.ts';
import type { RelationCache, WarmupResult, WarmupScenario, WarmupWindow } from '../results/warmup.ts';
import { WARMUP_RESULT_VERSION } from '../results/warmup.ts';
import { judgeWarmup } from '../results/warmup-verdict.ts';
import type { LoadedScenario } from '../scenarios/load.ts';
import { UserError } from '../util/errors.ts';
import { type BlockCounters, bufferCacheProblem, bufferedShares, readBlockCounters } from './cache.ts';
import { readFreshness } from './freshness.ts';
import { catalogueIndexes } from './indexes.ts';
import { coldFirstRequest, type PreparedScenario, prepareScenario } from './prepare.ts';
import { autoprewarmState, extensionAvailable, hasExtension, prewarmRelations } from './server.ts';
import type { StopRule } from './stable.ts';
import { warmScenario } from './warm-scenario.ts';

export interface WarmupOptions {
  url: string;
  target: WarmupResult['target'];
  scenarios: LoadedScenario[];
  pool: ResolvedPoolOptions;
  ratePerSec: number;
  maxTimeMs: number;
  /** Bound of the whole warmup (--max-total); the scenarios it cuts short are named. */
  maxTotalMs: number;
  rule: StopRule;
  staleFraction: number;
  minHitRatio: number;
  protocol: Protocol;
  seed: number;
  statementTimeoutMs: number;
  /** Load the relations with pg_prewarm first; `createExtension` allows CREATE EXTENSION pg_prewarm. */
  prewarm?: { createExtension: boolean };
  pgreadyVersion: string;
  signal?: AbortSignal;
  onWindow?: (scenario: string, window: WarmupWindow) => void;
  onStep?: (message: string) => void;
}

export const RING_BUFFER_NOTE =
  'a sequential scan of a table larger than a quarter of shared_buffers warms only a small ring of buffers, so pg_prewarm or running the scenarios (what warmup does) is the reliable warm';

export async function runWarmup(options: WarmupOptions): Promise<WarmupResult> {
  const startedAt = new Date().toISOString();
  const deadline = Date.now() + options.maxTotalMs;
  await initHistograms();
  const client = await connect(options.url, { statement_timeout: options.statementTimeoutMs });
  const notes: string[] = [];
  try {
    const server = await serverInfo(client);
    if (server.versionNum < 130_000)
      throw new UserError(`PostgreSQL ${server.version} is too old: warmup needs 13 or later`);
    const indexes = await catalogueIndexes(client, server.versionNum);
    // Counters of every user relation before anything below touches a block.
    const countersBefore = await readBlockCounters(client, await userTables(client));
    const cacheProblem = await bufferCacheProblem(client);
    if (cacheProblem) notes.push(cacheProblem);
    const sharesBefore = cacheProblem
      ? undefined
      : await bufferedShares(
          client,
          countersBefore.map((c) => c.relid),
        );
    const autoprewarm = await autoprewarmState(client);
    const prepared: PreparedScenario[] = [];
    for (const loaded of options.scenarios)
      prepared.push(await prepareScenario(client, loaded, options.seed));
    const tables = [...new Set(prepared.flatMap((p) => p.tables))].sort();
    const touched = countersBefore.filter((c) => tables.includes(c.table));
    const prewarm = options.prewarm ? await applyPrewarm(options, client, touched) : undefined;
    if (options.prewarm) notes.push(RING_BUFFER_NOTE);

    const cold = new Map<string, number | null>();
    for (const p of prepared) {
      options.onStep?.(`cold first request of ${p.loaded.definition.name}`);
      cold.set(p.loaded.definition.name, await coldFirstRequest(options.url, p, options).catch(() => null));
    }
    const scenarios: WarmupScenario[] = [];
    for (const p of prepared) {
      if (options.signal?.aborted) break;
      if (p.error || !p.sample) {
        scenarios.push(failed(p));
        continue;
      }
      const leftMs = deadline - Date.now();
      if (leftMs < 1_000) {
        scenarios.push({
          ...failed(p, `not warmed: --max-total ${fmtSeconds(options.maxTotalMs)} passed before its turn`),
          cutShort: true,
        });
        continue;
      }
      options.onStep?.(`warming ${p.loaded.definition.name} at ${options.ratePerSec}/s`);
      scenarios.push(
        await warmScenario(p, cold.get(p.loaded.definition.name) ?? null, {
          ...options,
          leftMs,
          statsClient: client,
        }),
      );
    }
    const cut = scenarios.filter((s) => s.cutShort).map((s) => s.scenario);
    if (cut.length > 0)
      notes.push(
        `--max-total ${fmtSeconds(options.maxTotalMs)} cut short ${cut.join(', ')}: warm them alone (pgready warmup ${cut.join(' ')}) or give a longer --max-total`,
      );
    const countersAfter = await readBlockCounters(client, tables);
    const sharesAfter = cacheProblem
      ? undefined
      : await bufferedShares(
          client,
          touched.map((c) => c.relid),
        );
    const relations = relationDeltas(touched, countersAfter, sharesBefore, sharesAfter);
    const freshness = await readFreshness(client, tables, options.staleFraction);
    const interrupted = options.signal?.aborted === true;
    if (interrupted) notes.push('interrupted: the scenarios not warmed are missing from the verdict');
    return {
      kind: 'warmup',
      version: WARMUP_RESULT_VERSION,
      pgreadyVersion: options.pgreadyVersion,
      startedAt,
      endedAt: new Date().toISOString(),
      interrupted,
      target: options.target,
      server: { version: server.version, versionNum: server.versionNum },
      config: {
        ratePerSecPerScenario: options.ratePerSec,
        windowMs: options.rule.windowMs,
        stableWindows: options.rule.stableWindows,
        stableTolerance: options.rule.stableTolerance,
        stableFloorMs: options.rule.stableFloorMs,
        minWindowRequests: options.rule.minWindowRequests,
        underTargetShare: options.rule.underTargetShare,
        underTargetWindows: options.rule.underTargetWindows,
        maxTimeMs: options.maxTimeMs,
        maxTotalMs: options.maxTotalMs,
        staleFraction: options.staleFraction,
        minHitRatio: options.minHitRatio,
      },
      scenarios,
      relations,
      bufferCache: !cacheProblem,
      autoprewarm,
      ...(prewarm ? { prewarm } : {}),
      freshness,
      indexes,
      verdict: judgeWarmup({
        indexes,
        scenarios,
        freshness,
        maxTimeMs: options.maxTimeMs,
        maxTotalMs: options.maxTotalMs,
        minHitRatio: options.minHitRatio,
      }),
      notes,
    };
  } finally {
    await client.end().catch(() => {});
  }
}

async function userTables(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ oid: string }>(
    'SELECT relid::regclass::text AS oid FROM pg_stat_user_tables',
  );
  return rows.map((r) => r.oid);
}

function fmtSeconds(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 1000)} s`;
}

function failed(p: PreparedScenario, error?: string): WarmupScenario {
  return {
    scenario: p.loaded.definition.name,
    category: p.loaded.definition.category,
    targetsMs: p.loaded.targetsMs,
    coldFirstUs: null,
    warmed: { encoded: '', summary: { ...EMPTY_SUMMARY } },
    requests: 0,
    errors: 0,
    stable: false,
    settleMs: 0,
    windows: [],
    tables: [],
    error: error ?? p.error ?? 'no parameter sample',
  };
}

async function applyPrewarm(
  options: WarmupOptions,
  client: pg.ClientBase,
  relations: BlockCounters[],
): Promise<NonNullable<WarmupResult['prewarm']>> {
  if (!(await hasExtension(client, 'pg_prewarm'))) {
    if (!options.prewarm?.createExtension) {
      return {
        loaded: [],
        note: (await extensionAvailable(client, 'pg_prewarm'))
          ? 'pg_prewarm is not installed in this database: add --create-extension to create it (CREATE EXTENSION pg_prewarm, a write), or have the owner run it; nothing was prewarmed'
          : 'pg_prewarm is not available on this server (the contrib package is not installed); nothing was prewarmed',
      };
    }
    options.onStep?.('CREATE EXTENSION pg_prewarm');
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_prewarm');
  }
  options.onStep?.(`pg_prewarm of ${relations.length} relations`);
  return { loaded: await prewarmRelations(client, relations) };
}

function relationDeltas(
  before: BlockCounters[],
  after: BlockCounters[],
  sharesBefore: Map<number, number> | undefined,
  sharesAfter: Map<number, number> | undefined,
): RelationCache[] {
  const start = new Map(before.map((c) => [c.relid, c]));
  return after.map((c) => {
    const hits = c.hits - (start.get(c.relid)?.hits ?? 0);
    const reads = c.reads - (start.get(c.relid)?.reads ?? 0);
    return {
      relation: c.relation,
      kind: c.kind,
      table: c.table,
      hits,
      reads,
      hitRatio: hits + reads > 0 ? hits / (hits + reads) : null,
      ...(sharesBefore ? { bufferedBefore: sharesBefore.get(c.relid) ?? 0 } : {}),
      ...(sharesAfter ? { bufferedAfter: sharesAfter.get(c.relid) ?? 0 } : {}),
      sizeBytes: c.sizeBytes,
    };
  });
}
