/**
 * `pgready run` / `prove` as a library call: connect, take the run lock, prepare (nothing changed),
 * execute the phases, inspect the catalogue indexes, judge, and return one RunResult.
 * It emits events and never writes to the terminal.
 */

import { DEFAULTS } from '../config/defaults.ts';
import { markChangedSinceSeed } from '../db/changes.ts';
import { readSeedMeta } from '../db/ownership.ts';
import { isConnectionLoss } from '../db/reconnect.ts';
import { checkReplicaUrls } from '../db/replica/check.ts';
import type { DatabaseTarget } from '../db/target.ts';
import { maskUrl } from '../db/url.ts';
import { inspectCatalog } from '../indexes/inspect.ts';
import { isLocalUrl, ReplicationLagSampler } from '../inspect/replication-lag.ts';
import { cacheHitRatio, serverInfo } from '../inspect/server-info.ts';
import { loadSummary } from '../load/load-options.ts';
import type { LoadDriver } from '../load/run-load.ts';
import { WHOLE_PLAN } from '../load/shard-instances.ts';
import { carriersOf, checkClaims } from '../results/claims.ts';
import { planRecord } from '../results/plan-fingerprint.ts';
import { type IndexStatus, RESULT_VERSION, type RunResult } from '../results/types.ts';
import { judge, runCoverage } from '../results/verdict.ts';
import { ClockTimetable } from '../shard/clock-timetable.ts';
import { planIdentity } from '../shard/identity.ts';
import type { PhaseTimetable } from '../shard/phase-timetable.ts';
import type { ShardSpec } from '../shard/spec.ts';
import { ShardTimetable } from '../shard/timetable.ts';
import { UserError } from '../util/errors.ts';
import { PGREADY_VERSION } from '../util/version.ts';
import { claimRows } from './claim-rows.ts';
import { ControlConnection } from './control.ts';
import { emitEvent, type RunnerEventSink } from './events.ts';
import { executeRun } from './execute.ts';
import type { RunPlan } from './plan.ts';
import { type PrepareOptions, prepareRun } from './prepare.ts';

export interface RunOptions extends Omit<PrepareOptions, 'production'> {
  events?: RunnerEventSink;
  signal?: AbortSignal;
  /** Stop after preparing: return the plan, change nothing. */
  dryRun?: boolean;
  /** Runs each phase's load; default the pg driver. */
  loadDriver?: LoadDriver;
  /** Read replicas (checked: reachable, in recovery); read scenarios go round-robin to them. */
  readUrls?: string[];
  /** `run --shard I/N`: this process runs part I of N, on a timetable shared through the database. */
  shard?: { spec: ShardSpec; meetTimeoutMs?: number };
  /** `--start-at`: the first phase starts at this instant (epoch ms), on trusted clocks, not the database's. */
  startAtMs?: number;
}

export type RunOutcome =
  | { kind: 'dry-run'; plan: RunPlan }
  | { kind: 'result'; result: RunResult; plan: RunPlan };

export async function performRun(target: DatabaseTarget, options: RunOptions): Promise<RunOutcome> {
  if (options.readUrls?.length) await checkReplicaUrls(options.readUrls);
  // Every run holds the writer lock exclusively: its "with" phase on an owned database builds indexes.
  // Shards take it on their timetable: shard 0 exclusively to change indexes, all shared to load.
  const control = await ControlConnection.open(
    target.url,
    options.dryRun ? {} : options.shard ? { rejoins: false } : { command: 'run' },
  );
  const client = control.client;
  let timetable: PhaseTimetable | undefined;
  try {
    const shard = options.shard?.spec;
    const plan = await prepareRun(client, {
      ...options,
      production: target.production,
      ...(shard ? { shardSpec: shard } : {}),
    });
    if (options.dryRun) return { kind: 'dry-run', plan };
    const seeded = await readSeedMeta(client).catch(() => undefined);
    const planned = planRecord(
      await planIdentity(client, {
        scenarios: plan.scenarios.map((s) => s.loaded.definition.name),
        phases: plan.phases,
        without: plan.without,
        mixed: plan.mixed,
        load: plan.load,
        pool: plan.pool,
        ...(seeded ? { scale: { name: seeded.scale, seed: seeded.seed } } : {}),
        ...(shard ? { shard } : {}),
        ...(options.startAtMs !== undefined ? { startAtMs: options.startAtMs } : {}),
      }),
    );
    if (options.startAtMs !== undefined) {
      const changes = [...plan.wouldDrop, ...plan.wouldBuild];
      if (changes.length > 0)
        throw new UserError(
          `--start-at fits plans that change no index, and this one would drop or build ${changes.join(', ')}; leave --start-at out (shards then meet through the database), or use --phases with / --without planner`,
        );
      timetable = new ClockTimetable(
        client,
        shard ?? WHOLE_PLAN,
        {
          startAtMs: options.startAtMs,
          segments: plan.mixed ? 1 : plan.scenarios.length,
          scenarios: plan.scenarios.length,
          baseline: plan.baselineIterations > 0,
          load: plan.load,
        },
        shard !== undefined,
      );
    } else if (shard) {
      const meeting = new ShardTimetable(client, shard, planned.fingerprint, plan.load, {
        meetTimeoutMs: options.shard?.meetTimeoutMs ?? DEFAULTS.shard.meetTimeoutMs,
        leadMs: DEFAULTS.shard.leadMs,
        pollMs: DEFAULTS.shard.pollMs,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      await meeting.register();
      timetable = meeting;
    }
    const writes = plan.scenarios.filter((s) => s.loaded.definition.access === 'write');
    // Every shard refuses writes on a database pgready does not own; one of them marks the change.
    if (writes.length > 0 && !plan.owned)
      throw new UserError(
        `refusing to run the write scenario(s) ${writes.map((s) => s.loaded.definition.name).join(', ')}: ${plan.ownershipReason}; writes run only on a database pgready seeded`,
      );
    if (writes.length > 0 && (timetable?.manager ?? true))
      await markChangedSinceSeed(client, writes.map((s) => s.loaded.definition.name).join(', '));
    const startedAt = new Date().toISOString();
    const server = await serverInfo(client);
    const meta = await readSeedMeta(client).catch(() => undefined);
    const cacheStart = await cacheHitRatio(client);
    emitEvent(options.events, {
      type: 'run-start',
      phases: plan.phases,
      scenarios: plan.scenarios.map((s) => s.loaded.definition.name),
      displayUrl: target.displayUrl,
    });
    const lag = options.readUrls?.length
      ? new ReplicationLagSampler(target.url, options.readUrls)
      : undefined;
    await lag?.start();
    const executed = await executeRun(control, plan, {
      url: target.url,
      ...(options.readUrls?.length ? { readUrls: options.readUrls } : {}),
      ...(options.events ? { events: options.events } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.loadDriver ? { loadDriver: options.loadDriver } : {}),
      ...(timetable ? { timetable } : {}),
    }).catch(async (error: unknown) => {
      await lag?.stop(false);
      await timetable?.abort();
      throw error;
    });
    const replication = lag ? await lag.stop(isLocalUrl(target.url)) : undefined;
    // The control connection may have been lost and re-opened meanwhile: every use goes through it.
    const after = await control
      .use('inspecting the indexes', async (c) => ({
        inspection: await inspectCatalog(c, {
          serverVersionNum: server.versionNum,
          catalogue: plan.catalogue,
        }),
        cacheEnd: await cacheHitRatio(c),
      }))
      .catch((error: unknown) => {
        if (!isConnectionLoss(error)) throw error;
        return undefined;
      });
    const inspection = after?.inspection ?? { indexes: [] };
    const indexes: IndexStatus[] = inspection.indexes.map(
      ({
        name,
        table,
        priority,
        present,
        foundAs,
        valid,
        ready,
        definitionMatches,
        definition,
        sizeBytes,
      }) => ({
        name,
        table,
        priority,
        present,
        valid,
        ready,
        definitionMatches,
        ...(foundAs ? { foundAs } : {}),
        ...(definition ? { definition } : {}),
        ...(sizeBytes !== undefined ? { sizeBytes } : {}),
      }),
    );
    const partial =
      executed.partial ??
      (after ? undefined : 'the server went away after the load and the indexes could not be inspected');
    // The resolved catalogue (the requirement's five and a config's own), claims and all.
    const catalogue = plan.catalogue;
    const rows = await control
      .use("counting the claims' rows", (c) =>
        claimRows(c, meta, plan.owned, plan.load.seed, catalogue, plan.claimRows),
      )
      .catch(() => undefined);
    // The user's scenarios that carry a claim come before the built-in carrier.
    const carriers = carriersOf(
      catalogue,
      plan.scenarios.map(({ loaded }) => ({
        name: loaded.definition.name,
        carries: loaded.definition.carries,
        builtIn: loaded.builtIn,
      })),
    );
    const claims = checkClaims({ catalogue, phases: executed.phases, rows, carriers });
    const coverageScope = plan.scenariosNamed ? 'named' : 'all';
    const verdict = judge({
      phases: executed.phases,
      indexes,
      maxErrorRate: plan.maxErrorRate,
      ...(partial ? { partial } : {}),
      claims: claims.checks,
      coverageScope,
    });
    const result: RunResult = {
      kind: 'run',
      version: RESULT_VERSION,
      pgreadyVersion: PGREADY_VERSION,
      startedAt,
      endedAt: new Date().toISOString(),
      interrupted: executed.interrupted,
      ...(partial ? { partial: { reason: partial } } : {}),
      target: {
        displayUrl: target.displayUrl,
        kind: target.kind,
        ...(target.environment ? { environment: target.environment } : {}),
        owned: plan.owned,
      },
      server,
      ...(meta ? { scale: { name: meta.scale, seed: meta.seed, rows: meta.rowCounts } } : {}),
      ...(after ? { cacheHitRatio: { start: cacheStart, end: after.cacheEnd } } : {}),
      clientCpu: executed.clientCpu,
      config: {
        pool: withoutIdle(plan.pool),
        load: {
          ...loadSummary(plan.load),
          ...(options.loadDriver ? { driver: options.loadDriver.name } : {}),
        },
        phases: plan.phases,
        seed: plan.load.seed,
        maxErrorRate: plan.maxErrorRate,
        scenarios: plan.scenarios.map((s) => s.loaded.definition.name),
      },
      phases: executed.phases,
      indexes,
      claims,
      coverage: runCoverage(executed.phases, indexes, coverageScope),
      ...(plan.notApplicable.length ? { notApplicable: plan.notApplicable } : {}),
      verdict,
      plan: planned,
      ...(shard ? { shard: { index: shard.index, count: shard.count } } : {}),
      ...(replication ? { replication: { ...replication, replicas: options.readUrls!.map(maskUrl) } } : {}),
      notes: [
        ...(shard
          ? [
              `shard ${shard.index}/${shard.count} of plan ${planned.fingerprint}: one part of the load; merge the ${shard.count} results with pgready merge --expect-shards ${shard.count}`,
            ]
          : []),
        ...executed.notes,
        ...(plan.owned ? [] : [`not owned by pgready: ${plan.ownershipReason}`]),
      ],
    };
    emitEvent(options.events, { type: 'run-end', result });
    return { kind: 'result', result, plan };
  } finally {
    await control.close();
  }
}

function withoutIdle({ overflowIdleMs: _idle, ...pool }: RunPlan['pool']): RunResult['config']['pool'] {
  return pool;
}
