/**
 * One-line descriptions of progress, shared by the TTY display (redrawn in place) and the plain
 * log (CI, pipes): like pgbench -P, one line per second with throughput, latency, errors, pool and
 * schedule lag.
 */
import type { IntervalEvent } from '../load/events.ts';
import type { RunnerEvent } from '../phases/events.ts';
import { msNumber as ms } from '../util/format.ts';

/** "with lead-dashboard-ranking 5 s: 40.0 req/s, p50 9.45 p95 14.8 p99 17.2 ms, 0 err, pool 21 (0 waiting), lag p99 0.40 ms" */
export function intervalLine(e: IntervalEvent): string {
  return (
    `${e.phase} ${e.scenario} ${e.elapsedSec} s${e.warmup ? ' (warm-up)' : ''}: ` +
    `${e.throughputPerSec.toFixed(1)} req/s, p50 ${ms(e.p50Us)} p95 ${ms(e.p95Us)} p99 ${ms(e.p99Us)} ms, ` +
    `${e.errors} err, pool ${e.pool.total} (${e.pool.waiting} waiting), lag p99 ${ms(e.scheduleLagP99Us)} ms`
  );
}

/** The line for any runner event; undefined for events that print nothing by themselves. */
export function eventLine(e: RunnerEvent): string | undefined {
  switch (e.type) {
    case 'run-start':
      return `run: ${e.scenarios.length} scenario(s), phases ${e.phases.join(' → ')}, on ${e.displayUrl}`;
    case 'phase-start':
      return `phase ${e.phase} (${e.method === 'dropped' ? 'indexes dropped' : e.method === 'planner' ? 'indexes hidden from the planner' : 'indexes present'})${e.scenario ? ` ${e.scenario}` : ''}: ${e.durationMs / 1000} s + ${e.warmupMs / 1000} s warm-up`;
    case 'phase-step':
      return `phase ${e.phase}: ${e.message}`;
    case 'interval':
      return intervalLine(e);
    case 'phase-end':
      return `phase ${e.phase} done: ${e.result.scenarios
        .map((s) => `${s.scenario} p95 ${ms(s.latency.summary.p95Us)} ms`)
        .join(', ')}`;
    case 'run-end':
      return `run done: ${e.result.verdict.ready ? 'ENTERPRISE READY' : 'NOT READY'}`;
  }
}
