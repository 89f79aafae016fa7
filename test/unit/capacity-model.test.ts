import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planReplicas } from '../../src/capacity/replicas.ts';
import { checkLevels } from '../../src/capacity/run-capacity.ts';
import { kneeReason } from '../../src/capacity/sweep.ts';
import { fitUsl, uslThroughput } from '../../src/capacity/usl.ts';
import type { CapacityStep } from '../../src/results/capacity.ts';

/**
 * The SPEC SDM91 benchmark data of the `usl` R package (Stefan Möding, CRAN, dataset `specsdm91`;
 * from Neil J. Gunther, "Guerrilla Capacity Planning", Springer 2007, ch. 5). The package's
 * vignette fits it as alpha (σ) = 0.0277, beta (κ) = 0.000104, gamma (λ) = 89.99, with the peak
 * at about 96 users.
 */
const SPECSDM91 = {
  load: [1, 18, 36, 72, 108, 144, 216],
  throughput: [64.9, 995.9, 1652.4, 1853.2, 1828.9, 1775.0, 1702.2],
};

test('the USL fit reproduces the usl package’s published coefficients for specsdm91', () => {
  const fit = fitUsl(SPECSDM91.load.map((n, i) => ({ n, x: SPECSDM91.throughput[i]! })));
  assert.ok(fit);
  assert.ok(Math.abs(fit.sigma - 0.0277) < 0.0005, `σ ${fit.sigma}`);
  assert.ok(Math.abs(fit.kappa - 0.000104) < 0.000002, `κ ${fit.kappa}`);
  assert.ok(Math.abs(fit.lambda - 89.99) < 0.5, `λ ${fit.lambda}`);
  assert.ok(fit.nStar !== undefined && Math.abs(fit.nStar - 96.5) < 1, `N* ${fit.nStar}`);
  assert.ok(fit.r2 > 0.98);
});

test('the USL fit recovers the parameters of constructed data exactly', () => {
  const truth = { lambda: 250, sigma: 0.08, kappa: 0.002 };
  const points = [1, 2, 4, 8, 16, 32, 64].map((n) => ({ n, x: uslThroughput(truth, n) }));
  const fit = fitUsl(points)!;
  assert.ok(Math.abs(fit.lambda - 250) < 0.5, `λ ${fit.lambda}`);
  assert.ok(Math.abs(fit.sigma - 0.08) < 0.001, `σ ${fit.sigma}`);
  assert.ok(Math.abs(fit.kappa - 0.002) < 0.00002, `κ ${fit.kappa}`);
  assert.ok(Math.abs(fit.nStar! - Math.sqrt(0.92 / 0.002)) < 0.2);
  assert.ok(fit.r2 > 0.9999);
});

test('no retrograde region when throughput only levels off (κ = 0): no N*', () => {
  const truth = { lambda: 100, sigma: 0.2, kappa: 0 };
  const fit = fitUsl([1, 2, 4, 8, 16].map((n) => ({ n, x: uslThroughput(truth, n) })))!;
  assert.equal(fit.nStar, undefined);
  assert.match(fit.noPeakReason!, /no retrograde region measured/);
  assert.equal(
    fitUsl([
      { n: 1, x: 10 },
      { n: 2, x: 19 },
    ]),
    undefined,
    'two points cannot fit three parameters',
  );
});

test('replicas arithmetic on stated inputs', () => {
  const plan = planReplicas({
    peakUsers: 10_000,
    requestsPerUserPerMin: 6,
    readShare: 0.8,
    headroom: 0.3,
    perNodeReadCapacity: 300,
    readServerMs: 2,
    writeServerMs: 6,
  });
  assert.equal(plan.peakRequestsPerSec, 1000);
  assert.equal(plan.peakReadsPerSec, 800);
  assert.ok(Math.abs(plan.peakWritesPerSec - 200) < 1e-9);
  // ceil(800 × 1.3 ÷ 300) = ceil(3.47) = 4
  assert.equal(plan.replicasNeeded, 4);
  // reads 800 × 2 = 1600 ms/s, writes 200 × 6 = 1200 ms/s: the replicas take 1600 ÷ 2800 = 57 %
  assert.ok(Math.abs(plan.primaryLoadReduction - 1600 / 2800) < 1e-9);
  // the primary keeps 200 writes × 3 read-equivalents × 1.3 = 780/s of 300/s: does not fit
  assert.ok(Math.abs(plan.primaryRemainingWithHeadroom - 780) < 1e-9);
  assert.equal(plan.fits, false);
  assert.match(plan.arithmetic.join('\n'), /below the requirement's 70–80 %/);
  const light = planReplicas({
    ...plan,
    perNodeReadCapacity: 300,
    readServerMs: 2,
    writeServerMs: undefined,
    peakUsers: 1000,
  });
  assert.equal(light.writeServerMsSource, 'assumed equal to reads');
  assert.equal(light.replicasNeeded, 1);
  assert.equal(light.fits, true);
});

test('steps must increase; a closed step is a whole number of users', () => {
  assert.throws(() => checkLevels([1, 4, 2], 'closed'), /--vus-steps must increase step by step: 2 after 4/);
  assert.throws(() => checkLevels([50, 50], 'open'), /--rate-steps must increase/);
  assert.throws(() => checkLevels([1.5, 3], 'closed'), /whole number/);
  checkLevels([1, 2, 4], 'closed');
});

function step(n: number, x: number, p95Ratio = 0.5, errors = 0): CapacityStep {
  return {
    step: n,
    level: n,
    requests: 100,
    errors,
    errorRate: errors / 100,
    throughputPerSec: x,
    latency: {
      encoded: '',
      summary: {
        count: 100,
        minUs: 0,
        maxUs: 0,
        meanUs: 0,
        stddevUs: 0,
        p50Us: 0,
        p90Us: 0,
        p95Us: 0,
        p99Us: 0,
        p999Us: 0,
      },
    },
    p95OverTarget: p95Ratio,
    perScenario: [
      { scenario: 's', p95Us: p95Ratio * 10_000, targetP95Ms: 10, meanExecutionUs: 1, requests: 100 },
    ],
    poolWait: {
      count: 0,
      minUs: 0,
      maxUs: 0,
      meanUs: 0,
      stddevUs: 0,
      p50Us: 0,
      p90Us: 0,
      p95Us: 0,
      p99Us: 0,
      p999Us: 0,
    },
    connectionsBusy: { peak: 1, mean: 1 },
    littleL: n,
    serverL: n,
    concurrency: n,
    server: { activeBackends: { mean: 0, max: 0 }, waitEvents: [], samples: 0 },
    clientCpuPercent: 0,
    measuredMs: 1000,
    saturated: false,
  };
}

test('knee rules: p95 over target, throughput falling while load rises, errors', () => {
  assert.equal(kneeReason([step(1, 100), step(2, 190)], 0), undefined);
  assert.match(kneeReason([step(1, 100), step(2, 190, 1.2)], 0)!, /p95 over target/);
  assert.match(kneeReason([step(1, 100), step(2, 190), step(4, 170)], 0)!, /throughput fell/);
  assert.match(kneeReason([step(1, 100), step(2, 190, 0.5, 3)], 0)!, /errors: 3 of 100/);
  assert.equal(kneeReason([step(1, 100), step(2, 190, 0.5, 3)], 0.05), undefined);
});
