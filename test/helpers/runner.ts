/** Small helpers for the runner tests: fixture scenario paths and a runLoad with tiny defaults. */
import { fileURLToPath } from 'node:url';
import type { ResolvedPoolOptions } from '../../src/config/pool.ts';
import { resolvePool } from '../../src/config/pool.ts';
import { type LoadOptions, resolveLoad } from '../../src/load/load-options.ts';
import { type LoadOutcome, type LoadScenario, runLoad } from '../../src/load/run-load.ts';
import type { RunnerEvent } from '../../src/phases/events.ts';
import type { SampleRow } from '../../src/scenarios/define.ts';

export function fixtureScenario(name: string, sample: SampleRow[] = [{}]): LoadScenario {
  return { name, file: fileURLToPath(new URL(`../fixtures/scenarios/${name}.ts`, import.meta.url)), sample };
}

/** A production-shaped pool scaled down for tests (the system PostgreSQL has 100 connections). */
export function smallPool(overrides: Partial<ResolvedPoolOptions> = {}): ResolvedPoolOptions {
  return { ...resolvePool({ pool_size: 2, max_overflow: 3 }), ...overrides };
}

export async function quickRun(
  url: string,
  scenarios: LoadScenario[],
  load: LoadOptions,
  extra: {
    pool?: ResolvedPoolOptions;
    mixed?: boolean;
    events?: RunnerEvent[];
    onEvent?: (event: RunnerEvent) => void;
    signal?: AbortSignal;
  } = {},
): Promise<LoadOutcome[]> {
  return runLoad({
    url,
    scenarios,
    mixed: extra.mixed ?? false,
    pool: extra.pool ?? smallPool(),
    load: resolveLoad({ durationMs: 2_000, warmupMs: 500, instances: 2, ...load }),
    phase: 'with',
    ...(extra.signal ? { signal: extra.signal } : {}),
    events: {
      emit: (_name: string | symbol, event: RunnerEvent) => {
        extra.events?.push(event);
        extra.onEvent?.(event);
        return true;
      },
    },
  });
}
