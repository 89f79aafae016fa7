/**
 * `pgready capacity` as a library call: connect, take the run lock, draw each scenario's sample,
 * sweep the load steps on one node, fit the model, plan replicas for a stated peak, and return one
 * CapacityResult. It emits events and never writes to the terminal.
 */
import os from 'node:os';
import type { ResolvedPoolOptions } from '../config/pool.ts';
import { markChangedSinceSeed } from '../db/changes.ts';
import { connect } from '../db/connect.ts';
import { acquireWriterLock, type HeldLock } from '../db/lock.ts';
import { checkOwnership, readSeedMeta } from '../db/ownership.ts';
import { checkReplicaUrls } from '../db/replica/check.ts';
import type { DatabaseTarget } from '../db/target.ts';
import { maskUrl } from '../db/url.ts';
import { isLocalUrl, ReplicationLagSampler } from '../inspect/replication-lag.ts';
import { serverInfo } from '../inspect/server-info.ts';
import { checkConnectionBudget } from '../load/budget.ts';
import type { RunnerEventSink } from '../load/events.ts';
import type { ResolvedLoadOptions } from '../load/load-options.ts';
import { CAPACITY_RESULT_VERSION, type CapacityResult, type CapacityStep } from '../results/capacity.ts';
import type { LoadedScenario } from '../scenarios/load.ts';
import { checkParams, drawSample } from '../scenarios/sample.ts';
import { UserError } from '../util/errors.ts';
import { seededRandom } from '../util/prng.ts';
import { PGREADY_VERSION } from '../util/version.ts';
import { emitCapacityEvent } from './events.ts';
import { fitSteps, poolAdvice, withinTarget } from './model.ts';
import { planReplicas } from './replicas.ts';
import { runSweep, stepLoads } from './sweep.ts';

/** pgready's own connections besides the pools: control (lock + sampling). */
const OWN_CONNECTIONS = 2;

export interface PeakInput {
  peakUsers: number;
  requestsPerUserPerMin: number;
  readShare: number;
  headroom: number;
}

export interface CapacityOptions {
  scenarios: LoadedScenario[];
  pool: ResolvedPoolOptions;
  /** Model, instances, protocol, seed, think time. */
  base: ResolvedLoadOptions;
  levels: number[];
  stepDurationMs: number;
  warmupMs: number;
  maxTimeMs: number;
  maxErrorRate: number;
  /** Overrides every scenario's p95 target, ms. */
  targetP95Ms?: number;
  peak?: PeakInput;
  /** Read replicas: read scenarios round-robin to them (checked: reachable, in recovery). */
  readUrls?: string[];
  events?: RunnerEventSink;
  signal?: AbortSignal;
}

export async function performCapacity(
  target: DatabaseTarget,
  options: CapacityOptions,
): Promise<CapacityResult> {
  checkLevels(options.levels, options.base.model);
  stepLoads(options.base, options.levels, options);
  if (options.readUrls?.length) await checkReplicaUrls(options.readUrls);
  const client = await connect(target.url);
  let lock: HeldLock | undefined;
  try {
    // Exclusive: a sweep measures one node's capacity; another writer or sweep would skew it.
    lock = await acquireWriterLock(client, 'capacity');
    const ownership = await checkOwnership(client, { production: target.production });
    const writes = options.scenarios
      .filter((s) => s.definition.access === 'write')
      .map((s) => s.definition.name);
    if (writes.length > 0) {
      if (!ownership.owned)
        throw new UserError(
          `refusing to run the write scenario(s) ${writes.join(', ')}: ${ownership.reason}; writes run only on a database pgready seeded`,
        );
      await markChangedSinceSeed(client, writes.join(', '));
    }
    const scenarios = [];
    for (const loaded of options.scenarios) {
      const sample = await drawSample(client, loaded, options.base.seed);
      checkParams(loaded, sample, seededRandom(options.base.seed, loaded.definition.name, 'check'));
      scenarios.push({
        name: loaded.definition.name,
        file: loaded.file,
        sample,
        targetP95Ms: options.targetP95Ms ?? loaded.targetsMs.p95,
      });
    }
    await checkConnectionBudget(client, {
      instances: options.base.instances,
      // A closed-model user holds at most one connection: the largest step bounds the pool's use.
      poolMaxSize:
        options.base.model === 'closed'
          ? Math.min(options.pool.maxSize, Math.ceil(Math.max(...options.levels) / options.base.instances))
          : options.pool.maxSize,
      ownConnections: OWN_CONNECTIONS,
    });
    const startedAt = new Date().toISOString();
    const server = await serverInfo(client);
    const meta = await readSeedMeta(client).catch(() => undefined);
    emitCapacityEvent(options.events, {
      type: 'capacity-start',
      model: options.base.model,
      levels: options.levels,
      scenarios: scenarios.map((s) => s.name),
      displayUrl: target.displayUrl,
      stepDurationMs: options.stepDurationMs,
      warmupMs: options.warmupMs,
    });
    const lag = options.readUrls?.length
      ? new ReplicationLagSampler(target.url, options.readUrls)
      : undefined;
    await lag?.start();
    const sweep = await runSweep({
      url: target.url,
      client,
      scenarios,
      pool: options.pool,
      base: options.base,
      levels: options.levels,
      stepDurationMs: options.stepDurationMs,
      warmupMs: options.warmupMs,
      maxTimeMs: options.maxTimeMs,
      maxErrorRate: options.maxErrorRate,
      ...(options.readUrls?.length ? { readUrls: options.readUrls } : {}),
      ...(options.events ? { events: options.events } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    }).catch(async (error: unknown) => {
      await lag?.stop(false);
      throw error;
    });
    const replication = lag ? await lag.stop(isLocalUrl(target.url)) : undefined;
    const fit = fitSteps(sweep.steps);
    const best = withinTarget(sweep.steps, options.maxErrorRate);
    const pool = {
      baseSize: options.pool.baseSize,
      maxOverflow: options.pool.maxOverflow,
      maxSize: options.pool.maxSize,
    };
    const replicas = options.peak && best ? replicaPlan(options, sweep.steps, best) : undefined;
    const notes: string[] = [];
    if (options.readUrls?.length)
      notes.push(
        `reads were routed round-robin to ${options.readUrls.length} replica(s), writes to the primary: the throughput per step is the combined throughput of ${options.readUrls.length + 1} node(s); per-node capacity is the figure to extrapolate from (sweep without --replica-url to measure it); server CPU, backends and pool figures are the primary's`,
      );
    const excluded = sweep.steps.filter((s) => s.saturated);
    if (excluded.length)
      notes.push(
        `step(s) ${excluded.map((s) => s.step).join(', ')} excluded from the fit: the load generator itself was saturated (${excluded[0]!.saturationReason})`,
      );
    if (!ownership.owned) notes.push(`not owned by pgready: ${ownership.reason}`);
    return {
      kind: 'capacity',
      version: CAPACITY_RESULT_VERSION,
      pgreadyVersion: PGREADY_VERSION,
      startedAt,
      endedAt: new Date().toISOString(),
      interrupted: sweep.stopped.reason === 'interrupted',
      target: {
        displayUrl: target.displayUrl,
        kind: target.kind,
        ...(target.environment ? { environment: target.environment } : {}),
        owned: ownership.owned,
      },
      server,
      ...(meta ? { scale: { name: meta.scale, seed: meta.seed } } : {}),
      config: {
        scenarios: scenarios.map((s) => s.name),
        mixed: scenarios.length > 1,
        model: options.base.model,
        levels: options.levels,
        stepDurationMs: options.stepDurationMs,
        warmupMs: options.warmupMs,
        thinkTimeMs: options.base.thinkTimeMs,
        instances: options.base.instances,
        protocol: options.base.protocol,
        seed: options.base.seed,
        maxTimeMs: options.maxTimeMs,
        targetP95Ms: Math.min(...scenarios.map((s) => s.targetP95Ms)),
        maxErrorRate: options.maxErrorRate,
        pool,
        replicas: (options.readUrls ?? []).map(maskUrl),
      },
      steps: sweep.steps,
      stopped: sweep.stopped,
      ...(fit ? { fit } : {}),
      ...(best ? { withinTarget: best } : {}),
      pool: poolAdvice(sweep.steps, best, fit, pool, options.base.instances),
      ...(replicas ? { replicas } : {}),
      hosts: hostsNote(target.url),
      verdict: verdict(options.peak, best, replicas),
      notes,
      ...(replication ? { replication } : {}),
    };
  } finally {
    await lock?.release().catch(() => {});
    await client.end().catch(() => {});
  }
}

/** Steps must be increasing levels > 0 (whole users in the closed model). */
export function checkLevels(levels: number[], model: 'open' | 'closed'): void {
  const flag = model === 'open' ? '--rate-steps' : '--vus-steps';
  if (levels.length === 0) throw new UserError(`${flag} needs at least one step`);
  const bad = levels.find(
    (l) => !Number.isFinite(l) || l <= 0 || (model === 'closed' && !Number.isInteger(l)),
  );
  if (bad !== undefined)
    throw new UserError(
      `${flag}: ${bad} is not ${model === 'open' ? 'a rate > 0' : 'a whole number of users ≥ 1'}`,
    );
  const i = levels.findIndex((l, k) => k > 0 && l <= levels[k - 1]!);
  if (i > 0)
    throw new UserError(
      `${flag} must increase step by step: ${levels[i]} after ${levels[i - 1]} (e.g. ${model === 'open' ? '50,100,200,400' : '1,2,4,8,16'})`,
    );
}

function replicaPlan(
  options: CapacityOptions,
  steps: CapacityStep[],
  best: NonNullable<CapacityResult['withinTarget']>,
) {
  // Server time per request from the lowest-load step: service time, not queueing at the knee.
  const step = steps.find((s) => !s.saturated && s.requests > 0) ?? steps.find((s) => s.step === best.step)!;
  const access = new Map(options.scenarios.map((s) => [s.definition.name, s.definition.access ?? 'read']));
  const meanOf = (kind: 'read' | 'write') => {
    const rows = step.perScenario.filter((s) => access.get(s.scenario) === kind && s.requests > 0);
    const n = rows.reduce((t, s) => t + s.requests, 0);
    return n > 0 ? rows.reduce((t, s) => t + s.meanExecutionUs * s.requests, 0) / n / 1000 : undefined;
  };
  const readServerMs = meanOf('read') ?? step.perScenario[0]!.meanExecutionUs / 1000;
  const writeServerMs = meanOf('write');
  return planReplicas({
    ...options.peak!,
    perNodeReadCapacity: best.throughputPerSec,
    readServerMs,
    ...(writeServerMs !== undefined ? { writeServerMs } : {}),
  });
}

function verdict(
  peak: PeakInput | undefined,
  best: CapacityResult['withinTarget'],
  replicas: CapacityResult['replicas'],
): CapacityResult['verdict'] {
  if (!peak)
    return { fits: true, summary: 'no peak given (--peak-users): capacity measured, nothing to judge' };
  if (!best)
    return {
      fits: false,
      summary: 'no step met the p95 target, so this node has no capacity within target to plan with',
    };
  const r = replicas!;
  return r.fits
    ? {
        fits: true,
        summary: `the peak fits: ${r.replicasNeeded} read replica(s) for ${r.peakReadsPerSec.toFixed(1)} reads/s, the primary keeps the writes at ${(100 * r.primaryUtilisation).toFixed(0)} % of one node`,
      }
    : {
        fits: false,
        summary: `the peak does NOT fit: the primary's writes alone need ${(100 * r.primaryUtilisation).toFixed(0)} % of one node (with headroom); replicas cannot take writes`,
      };
}

/** Whether the load generator and the server share this machine (a URL on localhost). */
function hostsNote(url: string): CapacityResult['hosts'] {
  const host = new URL(url).hostname;
  const local = ['localhost', '127.0.0.1', '::1', '[::1]'].includes(host);
  return local
    ? {
        shared: true,
        note: `the load generator and PostgreSQL share this host (${os.availableParallelism()} cores): nodes on one machine do not add capacity; the per-node capacity is the figure to extrapolate from`,
      }
    : { shared: false, note: `PostgreSQL runs on ${host}, the load generator here` };
}
