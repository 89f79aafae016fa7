/**
 * The active watch: a low, bounded open-model probe through the runner (the weighted mix of the
 * watched scenarios at one constant total rate, read-only sessions, no per-second list kept), fed
 * second by second into the monitor.
 */
import { EventEmitter } from 'node:events';
import type { ResolvedPoolOptions } from '../config/pool.ts';
import type { LoadEvent } from '../load/events.ts';
import { type Protocol, resolveLoad } from '../load/load-options.ts';
import { runLoad } from '../load/run-load.ts';
import type { LoadScenario } from '../load/scenario-module.ts';
import type { Monitor } from './monitor.ts';

export interface ProbeOptions {
  url: string;
  pool: ResolvedPoolOptions;
  scenarios: LoadScenario[];
  ratePerSec: number;
  durationMs: number;
  protocol: Protocol;
  seed: number;
  signal: AbortSignal;
  /** The first second arrived (`elapsedMs` after the probe's start): the probe is running. */
  onStarted?: (elapsedMs: number) => void;
}

/** Runs until the duration passes or the signal aborts; returns requests and errors seen. */
export async function runProbe(
  monitor: Monitor,
  options: ProbeOptions,
): Promise<{ requests: number; errors: number }> {
  const events = new EventEmitter();
  let started = false;
  let requests = 0;
  let errors = 0;
  events.on('event', (event: LoadEvent) => {
    if (event.type !== 'interval') return;
    if (!started) {
      started = true;
      options.onStarted?.(event.elapsedSec * 1000);
    }
    requests += event.requests;
    errors += event.errors;
    monitor.second(event.scenario, Math.round(event.elapsedSec), {
      requests: event.requests,
      errors: event.errors,
      ...(event.encoded ? { encoded: event.encoded } : {}),
      busy: Math.max(0, event.pool.total - event.pool.idle),
      ...(event.oldestOutstandingMs !== undefined ? { oldestOutstandingMs: event.oldestOutstandingMs } : {}),
    });
  });
  await runLoad({
    url: options.url,
    scenarios: options.scenarios,
    mixed: true,
    pool: options.pool,
    load: resolveLoad({
      model: 'open',
      ratePerSec: options.ratePerSec,
      arrival: 'constant',
      durationMs: options.durationMs,
      warmupMs: 0,
      instances: 1,
      protocol: options.protocol,
      seed: options.seed,
    }),
    sessionSettings: { default_transaction_read_only: 'on' },
    phase: 'with',
    events,
    signal: options.signal,
    keepIntervals: false,
  });
  return { requests, errors };
}
