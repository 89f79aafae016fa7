/** The watch's words: a status line per scenario (with a sparkline), breach and recovery lines. */
import { msNumber } from '../util/format.ts';
import type { AlertDetails } from './alert.ts';
import type { ScenarioStatus } from './monitor.ts';

const BARS = '▁▂▃▄▅▆▇█';

/** Values as bars scaled to the target (a full bar = at or over it). */
export function sparkline(values: readonly number[], target: number): string {
  return values
    .map((v) => BARS[Math.min(BARS.length - 1, Math.floor((v / Math.max(1, target)) * (BARS.length - 1)))])
    .join('');
}

export function statusLine(s: ScenarioStatus, windowSec: number): string {
  const w = s.window;
  const level =
    w.meanMs !== undefined
      ? `mean ${w.meanMs.toFixed(2)} ms`
      : w.latency.count > 0
        ? `p50 ${msNumber(w.latency.p50Us)} p95 ${msNumber(w.latency.p95Us)} ms`
        : 'no response yet';
  return `${s.breached ? 'BREACH ' : ''}${s.scenario} [${windowSec} s]: ${level} (target p95 ${s.targetsMs.p95} ms), ${w.requests} req, ${w.errors} err, ${s.busy} busy ${sparkline(s.series, s.targetsMs.p95 * 1000)}`;
}

export function alertLine(d: AlertDetails): string {
  return d.event === 'breach'
    ? `BREACH ${d.scenario} since ${d.since}: ${d.reason} (window p95 ${d.p95Ms.toFixed(1)} ms, target ${d.targetP95Ms} ms, ${d.errors} errors)`
    : `RECOVERED ${d.scenario} at ${d.since}: ${d.reason}`;
}
