/**
 * Before any warmup load: each scenario's parameter sample, the tables its plan reads (EXPLAIN,
 * never executed), and its cold first request (one execution on a fresh connection).
 */
import type pg from 'pg';
import { explainScenario } from '../inspect/explain.ts';
import { measureBaseline } from '../load/baseline.ts';
import type { Protocol } from '../load/load-options.ts';
import type { SampleRow } from '../scenarios/define.ts';
import type { LoadedScenario } from '../scenarios/load.ts';
import { checkParams, drawSample } from '../scenarios/sample.ts';
import { toError } from '../util/errors.ts';
import { seededRandom } from '../util/prng.ts';

export interface PreparedScenario {
  loaded: LoadedScenario;
  sample?: SampleRow[];
  tables: string[];
  error?: string;
}

export async function prepareScenario(
  client: pg.ClientBase,
  loaded: LoadedScenario,
  seed: number,
): Promise<PreparedScenario> {
  try {
    const sample = await drawSample(client, loaded, seed);
    const params = checkParams(loaded, sample, seededRandom(seed));
    const plan = await explainScenario(client, loaded.definition, params);
    return { loaded, sample, tables: relationsIn(plan.json) };
  } catch (error) {
    return { loaded, tables: [], error: toError(error).message };
  }
}

/** Every "Relation Name" of an EXPLAIN JSON plan (index scans name their table too). */
export function relationsIn(json: unknown): string[] {
  const found = new Set<string>();
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record['Relation Name'] === 'string') found.add(record['Relation Name']);
      for (const value of Object.values(record)) if (typeof value === 'object') walk(value);
    }
  };
  walk(json);
  return [...found].sort();
}

/** The first execution on a fresh connection (plan, catalog caches and data all cold), µs. */
export async function coldFirstRequest(
  url: string,
  prepared: PreparedScenario,
  options: { protocol: Protocol; seed: number; statementTimeoutMs: number },
): Promise<number | null> {
  if (!prepared.sample) return null;
  const { latency, errors } = await measureBaseline(
    url,
    { name: prepared.loaded.definition.name, file: prepared.loaded.file, sample: prepared.sample },
    {
      iterations: 1,
      warmupIterations: 0,
      protocol: options.protocol,
      seed: options.seed,
      statementTimeoutMs: options.statementTimeoutMs,
      sessionSettings: { default_transaction_read_only: 'on' },
    },
  );
  return errors > 0 ? null : latency.summary.maxUs;
}
