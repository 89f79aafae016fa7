/**
 * Per application scenario (those in `scenarioDirs`), the plan on the twin next to the plan on the
 * source: EXPLAIN without ANALYZE (never executed) in a read-only session on each side, with
 * parameters drawn by the scenario's own `sampleSql` on that side and held in memory only. The
 * only module of src/twin that reads scenarios.
 */
import path from 'node:path';
import { connect } from '../db/connect.ts';
import { explainScenario } from '../inspect/explain.ts';
import type { PlanComparison } from '../results/twin.ts';
import { BUILTIN_SCENARIO_DIR, type LoadedScenario } from '../scenarios/load.ts';
import { checkParams, drawSample } from '../scenarios/sample.ts';
import { toError } from '../util/errors.ts';
import { seededRandom } from '../util/prng.ts';

/** The application's own scenarios among those loaded (not pgready's built-ins). */
export function userScenarios(scenarios: readonly LoadedScenario[]): LoadedScenario[] {
  const builtin = path.resolve(BUILTIN_SCENARIO_DIR);
  return scenarios.filter((s) => !path.resolve(s.file).startsWith(builtin));
}

interface Side {
  nodes: string[];
  indexes: string[];
}

async function planOn(
  url: string,
  scenario: LoadedScenario,
  seed: number,
  statementTimeoutMs: number,
): Promise<Side> {
  const client = await connect(url);
  try {
    await client.query('SET default_transaction_read_only = on');
    await client.query(`SET statement_timeout = ${Math.round(statementTimeoutMs)}`);
    const sample = await drawSample(client, scenario, seed);
    const params = checkParams(scenario, sample, seededRandom(seed, 'twin-plan', scenario.definition.name));
    const plan = await explainScenario(client, scenario.definition, params);
    return { nodes: plan.nodes, indexes: plan.indexesUsed };
  } finally {
    await client.end().catch(() => {});
  }
}

/** The scan nodes of a plan: what "the same access path" compares. */
function accessPath(side: Side): string {
  return side.nodes.filter((n) => /Scan/.test(n)).join(' | ');
}

export async function comparePlans(
  sourceUrl: string,
  twinUrl: string,
  scenarios: readonly LoadedScenario[],
  seed: number,
  statementTimeoutMs: number,
): Promise<PlanComparison[]> {
  const out: PlanComparison[] = [];
  for (const scenario of scenarios) {
    const name = scenario.definition.name;
    let source: Side | null = null;
    let twin: Side | null = null;
    const problems: string[] = [];
    try {
      source = await planOn(sourceUrl, scenario, seed, statementTimeoutMs);
    } catch (error) {
      problems.push(`on the source: ${toError(error).message}`);
    }
    try {
      twin = await planOn(twinUrl, scenario, seed, statementTimeoutMs);
    } catch (error) {
      problems.push(`on the twin: ${toError(error).message}`);
    }
    const same = source && twin ? accessPath(source) === accessPath(twin) : null;
    out.push({
      scenario: name,
      source,
      twin,
      same,
      ...(problems.length > 0
        ? { note: problems.join('; ') }
        : same === false
          ? {
              note: 'the planner chose another path on the twin: its row counts or value spread differ from the source’s (see the table figures)',
            }
          : {}),
    });
  }
  return out;
}
