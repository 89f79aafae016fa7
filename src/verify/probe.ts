/**
 * The latency probe: a few hundred executions of one scenario at modest concurrency, through the
 * runner's baseline machinery (one measureBaseline per connection, run side by side, histograms
 * merged exactly). Read-only: every probe connection runs with default_transaction_read_only.
 */
import { encodeHistogram, initHistograms, mergeEncoded, summarize } from '../results/histogram.ts';
import type { ProbeResult } from '../results/verify.ts';
import type { Protocol } from '../runner/load-options.ts';
import { measureBaseline } from '../runner/run-load.ts';
import type { SampleRow } from '../scenarios/define.ts';
import type { LoadedScenario } from '../scenarios/load.ts';

export interface ProbeOptions {
  /** Executions asked for; fewer when the scenario is so slow they would not fit in `budgetMs`. */
  iterations: number;
  budgetMs: number;
  concurrency: number;
  protocol: Protocol;
  seed: number;
  statementTimeoutMs: number;
}

export async function probeScenario(
  url: string,
  scenario: LoadedScenario,
  sample: SampleRow[],
  options: ProbeOptions,
): Promise<ProbeResult> {
  await initHistograms();
  const load = { name: scenario.definition.name, file: scenario.file, sample };
  const settings = { default_transaction_read_only: 'on' };
  // A short pilot (also the warm-up): without its index a demo query may take seconds, and a few
  // hundred of them would take hours. The probe then runs as many as fit in the budget.
  const pilot = await measureBaseline(url, load, {
    iterations: 2,
    warmupIterations: 0,
    protocol: options.protocol,
    seed: options.seed,
    sessionSettings: settings,
    statementTimeoutMs: options.statementTimeoutMs,
  });
  const pilotMs = Math.max(0.001, pilot.latency.summary.p50Us / 1000);
  const concurrency = Math.max(1, options.concurrency);
  const fits = Math.floor((options.budgetMs * concurrency) / pilotMs);
  const iterations = Math.max(Math.min(concurrency, options.iterations), Math.min(options.iterations, fits));
  const connections = Math.min(concurrency, iterations);
  const share = (i: number) => Math.floor(iterations / connections) + (i < iterations % connections ? 1 : 0);
  const parts = await Promise.all(
    Array.from({ length: connections }, (_, i) =>
      measureBaseline(url, load, {
        iterations: share(i),
        protocol: options.protocol,
        // A different parameter stream per connection, all from the run's seed.
        seed: options.seed * 1_000 + i,
        sessionSettings: settings,
        statementTimeoutMs: options.statementTimeoutMs,
      }),
    ),
  );
  const merged = mergeEncoded(parts.map((p) => p.latency.encoded));
  try {
    const errors = parts.reduce((n, p) => n + p.errors, 0);
    return {
      requests: parts.reduce((n, p) => n + p.requests, 0),
      errors,
      errorsByCode: sumCodes(parts.map((p) => p.errorsByCode)),
      concurrency: connections,
      latency: { encoded: encodeHistogram(merged), summary: summarize(merged) },
    };
  } finally {
    merged.destroy();
  }
}

function sumCodes(parts: readonly Record<string, number>[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const part of parts)
    for (const [code, n] of Object.entries(part)) total[code] = (total[code] ?? 0) + n;
  return total;
}
