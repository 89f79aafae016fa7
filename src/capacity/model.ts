/**
 * What the steps say, as arithmetic: the USL fit (closed-model steps, or measured concurrency for a
 * rate sweep; saturated-client steps excluded), the highest throughput within target, and the pool
 * Little's law implies per app instance next to the configured one.
 */
import type { CapacityResult, CapacityStep, UslFit } from '../results/capacity.ts';
import { fitUsl } from './usl.ts';

export function fitSteps(steps: CapacityStep[]): UslFit | undefined {
  return fitUsl(
    steps
      .filter((s) => !s.saturated && s.requests > 0)
      .map((s) => ({ n: s.concurrency, x: s.throughputPerSec })),
  );
}

/** The highest measured throughput whose p95 met every scenario's target, errors within the limit. */
export function withinTarget(steps: CapacityStep[], maxErrorRate: number): CapacityResult['withinTarget'] {
  const ok = steps.filter(
    (s) => !s.saturated && s.requests > 0 && s.p95OverTarget <= 1 && s.errorRate <= maxErrorRate,
  );
  const best = ok.reduce<CapacityStep | undefined>(
    (a, b) => (!a || b.throughputPerSec > a.throughputPerSec ? b : a),
    undefined,
  );
  return best
    ? {
        step: best.step,
        level: best.level,
        throughputPerSec: best.throughputPerSec,
        p95Us: best.latency.summary.p95Us,
      }
    : undefined;
}

/** A configured pool more than this many times N* is "far above" it. */
const FAR_ABOVE = 2;

/**
 * Little's law at the best step within target: queries inside PostgreSQL at once (X × mean execution
 * time) per app instance is the pool that step needed; compared with the configured base + overflow.
 */
export function poolAdvice(
  steps: CapacityStep[],
  best: CapacityResult['withinTarget'],
  fit: UslFit | undefined,
  pool: { baseSize: number; maxOverflow: number; maxSize: number },
  instances: number,
): CapacityResult['pool'] {
  const configured = pool.maxSize;
  const step = best ? steps.find((s) => s.step === best.step) : undefined;
  const implied = step ? Math.max(1, Math.ceil(step.serverL / instances)) : undefined;
  const notes: string[] = [];
  if (step && implied !== undefined)
    notes.push(
      `at ${best!.throughputPerSec.toFixed(1)} req/s within target, ${step.serverL.toFixed(1)} queries ran in PostgreSQL at once (X × mean execution time): about ${implied} connection(s) per app instance, against the configured ${pool.baseSize} + ${pool.maxOverflow} = ${configured}`,
    );
  if (fit?.nStar !== undefined && configured / instances > FAR_ABOVE * fit.nStar)
    notes.push(
      `the configured pool (${configured} per instance) is far above N* ≈ ${fit.nStar.toFixed(0)}: beyond about ${fit.nStar.toFixed(0)} queries at once this node serves fewer requests per second, not more, so extra connections only queue inside PostgreSQL; a pool near ${Math.ceil(fit.nStar / instances)} per instance (or a pooler in front) keeps it at its peak`,
    );
  return {
    configuredPerInstance: configured,
    ...(implied !== undefined ? { impliedPerInstance: implied } : {}),
    ...(notes.length ? { note: notes.join('; ') } : {}),
  };
}
