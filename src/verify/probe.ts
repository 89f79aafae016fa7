/**
 * The latency probe: a few hundred executions of one scenario at modest concurrency, through the
 * runner's baseline machinery (one measureBaseline per connection, run side by side, histograms
 * merged exactly). Read-only: every probe connection runs with default_transaction_read_only.
 */

import { measureBaseline } from '../load/baseline.ts';
import type { Protocol } from '../load/load-options.ts';
import { initHistograms, mergeEncoded, toEncoded, withHistogram } from '../results/histogram.ts';
import { sumCounts } from '../results/merge.ts';
import type { ProbeResult } from '../results/verify.ts';
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
  /** `search_path` for the probe connections (verify's `--schema`). */
  searchPath?: string;
}

export async function probeScenario(
  url: string,
  scenario: LoadedScenario,
  sample: SampleRow[],
  options: ProbeOptions,
): Promise<ProbeResult> {
  await initHistograms();
  const load = { name: scenario.definition.name, file: scenario.file, sample };
  const settings: Record<string, string> = {
    default_transaction_read_only: 'on',
    ...(options.searchPath ? { search_path: options.searchPath } : {}),
  };
  // Without its index a demo query may take seconds, and a few hundred would take hours: each
  // connection stops at the time budget (after at least one execution).
  const connections = Math.max(1, Math.min(options.concurrency, options.iterations));
  const share = (i: number) =>
    Math.floor(options.iterations / connections) + (i < options.iterations % connections ? 1 : 0);
  const parts = await Promise.all(
    Array.from({ length: connections }, (_, i) =>
      measureBaseline(url, load, {
        iterations: share(i),
        budgetMs: options.budgetMs,
        protocol: options.protocol,
        // A different parameter stream per connection, all from the run's seed.
        seed: options.seed * 1_000 + i,
        sessionSettings: settings,
        statementTimeoutMs: options.statementTimeoutMs,
      }),
    ),
  );
  return {
    requests: parts.reduce((n, p) => n + p.requests, 0),
    errors: parts.reduce((n, p) => n + p.errors, 0),
    errorsByCode: sumCounts(parts.map((p) => p.errorsByCode)),
    concurrency: connections,
    latency: withHistogram(mergeEncoded(parts.map((p) => p.latency.encoded)), toEncoded),
  };
}
