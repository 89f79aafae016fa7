/**
 * The Universal Scalability Law, X(N) = λN / (1 + σ(N−1) + κN(N−1)), fitted by least squares
 * (ml-levenberg-marquardt) to measured (concurrency, throughput) points. Pure arithmetic: the sweep
 * measures, this only fits and derives N* = √((1−σ)/κ) and X(N*).
 */
import { levenbergMarquardt } from 'ml-levenberg-marquardt';
import type { UslFit } from '../results/capacity.ts';

export type { UslFit } from '../results/capacity.ts';

export interface UslPoint {
  /** Concurrency: virtual users, or measured L = X·W for a rate step. */
  n: number;
  /** Throughput, requests per second. */
  x: number;
}

/** Below this R² the fit is called poor and no N* is derived from it. */
export const POOR_FIT_R2 = 0.8;
/** A κ this small puts N* far beyond anything measured: no retrograde region. */
const KAPPA_FLOOR = 1e-9;

export function uslThroughput(p: { lambda: number; sigma: number; kappa: number }, n: number): number {
  return (p.lambda * n) / (1 + p.sigma * (n - 1) + p.kappa * n * (n - 1));
}

/** Fits λ, σ, κ (σ in [0, 1], κ ≥ 0); undefined with fewer than 3 distinct points. */
export function fitUsl(points: UslPoint[]): UslFit | undefined {
  const data = points.filter((p) => p.n > 0 && Number.isFinite(p.x) && p.x >= 0);
  if (new Set(data.map((p) => p.n)).size < 3) return undefined;
  const nMax = Math.max(...data.map((p) => p.n));
  const start = gridStart(data);
  // κ is scaled by nMax² so the three parameters have comparable sizes for the solver.
  const scale = nMax * nMax;
  const model =
    ([lambda, sigma, k]: number[]) =>
    (n: number) =>
      uslThroughput({ lambda: lambda!, sigma: sigma!, kappa: k! / scale }, n);
  const jacobian =
    ([lambda, sigma, k]: number[]) =>
    (n: number) => {
      const d = 1 + sigma! * (n - 1) + (k! / scale) * n * (n - 1);
      const x = (lambda! * n) / d;
      return [n / d, (-x * (n - 1)) / d, (-x * n * (n - 1)) / (d * scale)];
    };
  const fitted = levenbergMarquardt({ x: data.map((p) => p.n), y: data.map((p) => p.x) }, model, {
    initialValues: [start.lambda, start.sigma, start.kappa * scale],
    jacobianFunction: jacobian,
    minValues: [0, 0, 0],
    maxValues: [Number.MAX_VALUE, 1, Number.MAX_VALUE],
    maxIterations: 500,
    errorTolerance: 1e-12,
    damping: 1e-2,
  });
  const [lambda, sigma, k] = fitted.parameterValues;
  const params = { lambda: lambda!, sigma: sigma!, kappa: k! / scale };
  // Keep the grid start when the solver wandered off to something worse.
  const best = sse(data, params) <= sse(data, start) ? params : start;
  return withPeak({ ...best, r2: rSquared(data, best), points: data.length });
}

function withPeak(fit: Omit<UslFit, 'nStar' | 'xAtNStar' | 'noPeakReason'>): UslFit {
  if (fit.kappa <= KAPPA_FLOOR)
    return { ...fit, noPeakReason: 'no retrograde region measured (κ ≈ 0: throughput never fell)' };
  if (fit.r2 < POOR_FIT_R2)
    return {
      ...fit,
      noPeakReason: `no retrograde region measured (the fit is poor: R² ${fit.r2.toFixed(3)} < ${POOR_FIT_R2})`,
    };
  const nStar = Math.sqrt((1 - fit.sigma) / fit.kappa);
  return { ...fit, nStar, xAtNStar: uslThroughput(fit, nStar) };
}

function sse(data: UslPoint[], p: { lambda: number; sigma: number; kappa: number }): number {
  return data.reduce((t, d) => t + (d.x - uslThroughput(p, d.n)) ** 2, 0);
}

function rSquared(data: UslPoint[], p: { lambda: number; sigma: number; kappa: number }): number {
  const mean = data.reduce((t, d) => t + d.x, 0) / data.length;
  const total = data.reduce((t, d) => t + (d.x - mean) ** 2, 0);
  return total > 0 ? 1 - sse(data, p) / total : 1;
}

/**
 * A coarse grid over σ and κ with λ solved exactly (the model is linear in λ): a start the
 * solver cannot miss by orders of magnitude, whatever the scale of the data.
 */
function gridStart(data: UslPoint[]): { lambda: number; sigma: number; kappa: number } {
  let best = { lambda: 0, sigma: 0, kappa: 0, error: Number.POSITIVE_INFINITY };
  const sigmas = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9];
  const kappas = [0, ...Array.from({ length: 25 }, (_, i) => 10 ** (-8 + i * 0.333))];
  for (const sigma of sigmas) {
    for (const kappa of kappas) {
      const f = data.map((d) => uslThroughput({ lambda: 1, sigma, kappa }, d.n));
      const ff = f.reduce((t, v) => t + v * v, 0);
      const lambda = ff > 0 ? data.reduce((t, d, i) => t + d.x * f[i]!, 0) / ff : 0;
      const error = sse(data, { lambda, sigma, kappa });
      if (error < best.error) best = { lambda, sigma, kappa, error };
    }
  }
  return { lambda: best.lambda, sigma: best.sigma, kappa: best.kappa };
}
