/**
 * One scenario in one phase on one warm connection: a tinybench task per protocol, time-bounded,
 * with tinybench's warm-up. tinybench 6 keeps no samples by default, so each iteration is timed
 * here (the query only, parameters made outside the timed part), recorded into an HDR histogram,
 * and handed to tinybench as its `overriddenDuration`: both see the same numbers.
 */
import { Bench } from 'tinybench';
import { connect } from '../db/connect.ts';
import { errorCode, sessionOptions } from '../load/pool.ts';
import { buildQuery, statementNameFor } from '../load/protocol.ts';
import { type LoadScenario, loadScenarioModule } from '../load/scenario-module.ts';
import { createHistogram, recordUs, toEncoded } from '../results/histogram.ts';
import type { MicroMeasurement, MicroProtocol } from '../results/micro.ts';
import { seededRandom } from '../util/prng.ts';

export interface MicroBenchOptions {
  protocols: MicroProtocol[];
  durationMs: number;
  warmupMs: number;
  seed: number;
  sessionSettings?: Record<string, string>;
  statementTimeoutMs: number;
  signal?: AbortSignal;
  /** The same parameters every iteration (benchmarks against pgbench), instead of the generator. */
  fixedParams?: unknown[];
}

export async function benchScenario(
  url: string,
  scenario: LoadScenario,
  o: MicroBenchOptions,
): Promise<MicroMeasurement[]> {
  const definition = await loadScenarioModule(scenario.file);
  const settings = sessionOptions(o.sessionSettings);
  const client = await connect(url, {
    ...(settings ? { options: settings } : {}),
    statement_timeout: o.statementTimeoutMs,
  });
  const bench = new Bench({
    time: o.durationMs,
    warmupTime: o.warmupMs,
    warmup: o.warmupMs > 0,
    // Time-bounded: a slow unindexed query still gives a few samples instead of 64 of them.
    iterations: 2,
    warmupIterations: 1,
    ...(o.signal ? { signal: o.signal } : {}),
  });
  const state = o.protocols.map((protocol) => ({
    protocol,
    latency: createHistogram(),
    recording: false,
    errors: 0,
    errorsByCode: {} as Record<string, number>,
    // The same parameter sequence for every protocol and phase.
    random: seededRandom(o.seed, definition.name, 'micro', protocol),
  }));
  try {
    for (const s of state) {
      bench.add(
        s.protocol,
        async () => {
          const query = buildQuery(
            s.protocol,
            statementNameFor(definition.name),
            definition.sql,
            o.fixedParams ?? definition.params(scenario.sample, s.random),
          );
          const start = performance.now();
          let code: string | undefined;
          try {
            await client.query(query);
          } catch (error) {
            code = errorCode(error);
          }
          const ms = performance.now() - start;
          if (s.recording) {
            recordUs(s.latency, ms * 1000);
            if (code) {
              s.errors++;
              s.errorsByCode[code] = (s.errorsByCode[code] ?? 0) + 1;
            }
          }
          return { overriddenDuration: ms };
        },
        {
          beforeAll(mode) {
            s.recording = mode === 'run';
          },
        },
      );
    }
    await bench.run();
    return state.map((s, i) => {
      const result = bench.tasks[i]?.result;
      const stats = result && 'latency' in result ? result : undefined;
      const encoded = toEncoded(s.latency);
      return {
        protocol: s.protocol,
        samples: encoded.summary.count,
        errors: s.errors,
        errorsByCode: s.errorsByCode,
        meanUs: stats ? stats.latency.mean * 1000 : encoded.summary.meanUs,
        rmePercent: stats ? stats.latency.rme : 0,
        opsPerSec: stats && stats.latency.mean > 0 ? 1000 / stats.latency.mean : 0,
        latency: encoded,
      };
    });
  } finally {
    for (const s of state) s.latency.destroy();
    await client.end().catch(() => {});
  }
}
