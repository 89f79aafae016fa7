/**
 * Live lines of a capacity sweep, as a listener: one line when it starts, one per finished step
 * (throughput, latency against the target, errors, pool, server CPU and backends), one when it
 * stops. The per-second interval events of each step are not printed here: a step is the unit.
 */
import type { EventEmitter } from 'node:events';
import type { CapacityEvent } from '../capacity/events.ts';
import { msNumber as ms } from '../util/format.ts';

export function capacityLine(e: CapacityEvent): string {
  if (e.type === 'capacity-start')
    return `capacity: ${e.scenarios.join(' + ')} on ${e.displayUrl}; ${e.model === 'open' ? 'rates' : 'users'} ${e.levels.join(', ')}; ${e.stepDurationMs / 1000} s per step after ${e.warmupMs / 1000} s warm-up`;
  if (e.type === 'capacity-stop') return `capacity: stopped: ${e.stopped.detail}`;
  const s = e.step;
  const l = s.latency.summary;
  const server = s.server.cpuPercent !== undefined ? `${s.server.cpuPercent.toFixed(0)} %` : 'n/a';
  const cpu = `CPU server ${server} / client ${s.clientCpuPercent.toFixed(0)} %`;
  return (
    `step ${s.step}/${e.of} ${e.model === 'open' ? `${s.level}/s` : `${s.level} users`}: ${s.throughputPerSec.toFixed(1)} req/s, ` +
    `p50 ${ms(l.p50Us)} p95 ${ms(l.p95Us)} p99 ${ms(l.p99Us)} ms (target p95 ${e.targetP95Ms}), ${s.errors} err, ` +
    `pool busy ${s.connectionsBusy.peak} (wait p95 ${ms(s.poolWait.p95Us)} ms), ${cpu}, active ${s.server.activeBackends.mean}` +
    `${s.saturated ? ' [client saturated]' : ''}`
  );
}

/** Prints capacity events to `stream` (standard error by default); returns a detach function. */
export function attachCapacityProgress(
  emitter: Pick<EventEmitter, 'on' | 'off'>,
  stream: NodeJS.WritableStream = process.stderr,
): () => void {
  const onEvent = (e: { type: string }) => {
    if (e.type === 'capacity-start' || e.type === 'capacity-step' || e.type === 'capacity-stop')
      stream.write(`${capacityLine(e as CapacityEvent)}\n`);
  };
  emitter.on('event', onEvent);
  return () => emitter.off('event', onEvent);
}
