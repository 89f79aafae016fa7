/**
 * The single-connection baseline: the uncontended latency of one scenario, one request after
 * another on one connection, so "500 ms → 35 ms" can be shown alone as well as under load.
 */
import { connect } from '../db/connect.ts';
import { createHistogram, initHistograms, recordUs, toEncoded } from '../results/histogram.ts';
import type { EncodedHistogram } from '../results/types.ts';
import { seededRandom } from '../util/prng.ts';
import type { Protocol } from './load-options.ts';
import { runMeasured } from './measured-query.ts';
import { errorCode, sessionOptions } from './pool.ts';
import { statementNameFor } from './protocol.ts';
import type { LoadScenario } from './scenario-module.ts';
import { loadScenarioModule } from './scenario-module.ts';

export interface BaselineOptions {
  iterations: number;
  protocol: Protocol;
  seed: number;
  sessionSettings?: Record<string, string>;
  /** Unrecorded executions first (plan cache, first-touch), default 1. */
  warmupIterations?: number;
  statementTimeoutMs?: number;
  /** Stop once this much time has gone into measured executions (at least one runs). */
  budgetMs?: number;
}

/** Runs the scenario `iterations` times on one connection; failures are recorded too (and counted). */
export async function measureBaseline(
  url: string,
  scenario: LoadScenario,
  options: BaselineOptions,
): Promise<{
  requests: number;
  errors: number;
  errorsByCode: Record<string, number>;
  latency: EncodedHistogram;
}> {
  await initHistograms();
  const definition = await loadScenarioModule(scenario.file);
  // Read-only like the load's connections, unless the scenario is a declared writer.
  const settings = sessionOptions({
    ...options.sessionSettings,
    ...(definition.access === 'write' ? {} : { default_transaction_read_only: 'on' }),
  });
  const client = await connect(url, {
    ...(settings ? { options: settings } : {}),
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
  });
  const latency = createHistogram();
  const random = seededRandom(options.seed, definition.name, 'baseline');
  const name = statementNameFor(definition.name);
  let errors = 0;
  const errorsByCode: Record<string, number> = {};
  try {
    const run = async (record: boolean) => {
      const params = definition.params(scenario.sample, random);
      const start = performance.now();
      try {
        await runMeasured(client, options.protocol, name, definition.sql, params);
      } catch (error) {
        if (record) {
          errors++;
          const code = errorCode(error);
          errorsByCode[code] = (errorsByCode[code] ?? 0) + 1;
        }
      }
      if (record) recordUs(latency, (performance.now() - start) * 1000);
    };
    for (let i = 0; i < (options.warmupIterations ?? 1); i++) await run(false);
    // Without its index a demo query can take seconds: past the budget, stop after one execution.
    const started = performance.now();
    let requests = 0;
    while (requests < options.iterations) {
      if (requests > 0 && options.budgetMs !== undefined && performance.now() - started >= options.budgetMs)
        break;
      await run(true);
      requests++;
    }
    return { requests, errors, errorsByCode, latency: toEncoded(latency) };
  } finally {
    latency.destroy();
    await client.end().catch(() => {});
  }
}
