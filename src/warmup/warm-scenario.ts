/**
 * Warms one scenario: the runner's open model at a modest constant rate until the stop rule holds
 * (or --max-time, or what --max-total leaves), closing a window every few seconds, each with the buffer hit ratio of the
 * scenario's relations during that window (pg_statio deltas).
 */
import { EventEmitter } from 'node:events';
import type pg from 'pg';
import type { ResolvedPoolOptions } from '../config/pool.ts';
import type { LoadEvent } from '../load/events.ts';
import { type Protocol, resolveLoad } from '../load/load-options.ts';
import { runLoad } from '../load/run-load.ts';
import type { WarmupScenario, WarmupWindow } from '../results/warmup.ts';
import { type BlockCounters, hitRatioBetween, readBlockCounters } from './cache.ts';
import type { PreparedScenario } from './prepare.ts';
import { StabilityTracker, type StopRule, type WarmReason } from './stable.ts';

export interface WarmOptions {
  url: string;
  pool: ResolvedPoolOptions;
  ratePerSec: number;
  maxTimeMs: number;
  /** Time left under --max-total when this scenario starts: it runs for the lesser of the two. */
  leftMs?: number;
  rule: StopRule;
  protocol: Protocol;
  seed: number;
  /** A session for the pg_statio snapshots. */
  statsClient: pg.ClientBase;
  signal?: AbortSignal;
  /** Each closed window, for live progress. */
  onWindow?: (scenario: string, window: WarmupWindow) => void;
}

export async function warmScenario(
  prepared: PreparedScenario,
  coldFirstUs: number | null,
  options: WarmOptions,
): Promise<WarmupScenario> {
  const { definition, targetsMs } = prepared.loaded;
  const tracker = new StabilityTracker(options.rule, targetsMs.p95 * 1000);
  const runMs = Math.max(0, Math.min(options.maxTimeMs, options.leftMs ?? Number.POSITIVE_INFINITY));
  const windows: WarmupWindow[] = [];
  const controller = new AbortController();
  const stopOuter = () => controller.abort();
  options.signal?.addEventListener('abort', stopOuter);
  let settleMs: number | undefined;
  let reason: WarmReason | undefined;
  let snapshots = Promise.resolve(await readBlockCounters(options.statsClient, prepared.tables));
  let elapsedMs = 0;
  let requests = 0;
  let errors = 0;
  const events = new EventEmitter();
  events.on('event', (event: LoadEvent) => {
    if (event.type !== 'interval' || event.scenario !== definition.name || controller.signal.aborted) return;
    requests += event.requests;
    errors += event.errors;
    const durationMs = Math.max(1, Math.round(event.elapsedSec * 1000 - elapsedMs));
    elapsedMs = Math.round(event.elapsedSec * 1000);
    const closed = tracker.add({
      durationMs,
      requests: event.requests,
      errors: event.errors,
      scheduleLagP99Us: event.scheduleLagP99Us,
      ...(event.encoded ? { encoded: event.encoded } : {}),
    });
    if (!closed) return;
    const window: WarmupWindow = {
      endMs: closed.endMs,
      requests: closed.requests,
      errors: closed.errors,
      p95Us: closed.p95Us,
      hitRatio: null,
    };
    windows.push(window);
    snapshots = snapshots.then(async (before) => {
      const after = await readBlockCounters(options.statsClient, prepared.tables);
      window.hitRatio = hitRatioBetween(before, after);
      options.onWindow?.(definition.name, window);
      return after;
    });
    reason = tracker.warm();
    if (reason) {
      settleMs = closed.endMs;
      controller.abort();
    }
  });
  try {
    await runLoad({
      url: options.url,
      scenarios: [{ name: definition.name, file: prepared.loaded.file, sample: prepared.sample ?? [] }],
      mixed: false,
      pool: options.pool,
      load: resolveLoad({
        model: 'open',
        ratePerSec: options.ratePerSec,
        arrival: 'constant',
        durationMs: runMs,
        warmupMs: 0,
        instances: 1,
        protocol: options.protocol,
        seed: options.seed,
      }),
      sessionSettings: { default_transaction_read_only: 'on' },
      phase: 'with',
      events,
      signal: controller.signal,
      keepIntervals: false,
    });
    await snapshots;
  } finally {
    options.signal?.removeEventListener('abort', stopOuter);
  }
  const warmed = tracker.warmed();
  tracker.dispose();
  return {
    scenario: definition.name,
    category: definition.category,
    targetsMs,
    coldFirstUs,
    warmed,
    requests,
    errors,
    stable: settleMs !== undefined,
    ...(reason ? { warmReason: reason } : {}),
    ...(settleMs === undefined && runMs < options.maxTimeMs ? { cutShort: true } : {}),
    settleMs: settleMs ?? elapsedMs,
    windows,
    tables: prepared.tables,
  };
}

export type { BlockCounters };
