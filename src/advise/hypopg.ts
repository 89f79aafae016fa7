/**
 * Pruning with HypoPG: each candidate as a hypothetical index (session memory only, nothing built,
 * nothing written), the scenario's plan with it, its cost and whether the planner would use it at
 * all — so only candidates the planner takes are built and measured. `hypopg_reset()` runs after
 * every candidate, before the connection goes back. On a database pgready owns the extension may
 * be created when the server has it (and is dropped again after); on any other database HypoPG is
 * used only when `pg_extension` already lists it.
 */
import type pg from 'pg';
import { dropCreatedExtension, journalCreatedExtension } from '../indexes/created.ts';
import { explainScenario } from '../inspect/explain.ts';
import type { HypotheticalPlan } from '../results/advise.ts';
import type { ScenarioDefinition } from '../scenarios/define.ts';
import { toError } from '../util/errors.ts';

/** HypoPG in this session: usable (and whether advise created it), or why there is no pruning. */
export type HypopgState = { usable: true; created: boolean } | { usable: false; reason: string };

export async function openHypopg(client: pg.ClientBase, owned: boolean): Promise<HypopgState> {
  const installed = await client.query("SELECT 1 FROM pg_extension WHERE extname = 'hypopg'");
  if (installed.rowCount) return { usable: true, created: false };
  const available = await client.query("SELECT 1 FROM pg_available_extensions WHERE name = 'hypopg'");
  if (!owned)
    return {
      usable: false,
      reason: available.rowCount
        ? 'no pruning: HypoPG is not installed in this database, and pgready never creates an extension on a database it does not own (CREATE EXTENSION hypopg there, or run advise on a seed or a twin)'
        : 'no pruning: the server has no HypoPG extension',
    };
  if (!available.rowCount)
    return { usable: false, reason: 'no pruning: the server has no HypoPG extension (postgresql-NN-hypopg)' };
  try {
    // Journaled first: a killed advise's extension is dropped by the next command's recovery.
    await journalCreatedExtension(client, 'hypopg');
    await client.query('CREATE EXTENSION IF NOT EXISTS hypopg');
    return { usable: true, created: true };
  } catch (error) {
    return {
      usable: false,
      reason: `no pruning: CREATE EXTENSION hypopg failed (${toError(error).message})`,
    };
  }
}

/** Drops the extension if advise created it (owned databases only). */
export async function closeHypopg(client: pg.ClientBase, state: HypopgState): Promise<void> {
  await client.query('SELECT hypopg_reset()').catch(() => {});
  if (state.usable && state.created) await dropCreatedExtension(client, 'hypopg');
}

/** The plan with each hypothetical index (`ddls`: plain CREATE INDEX, no CONCURRENTLY). */
export async function hypotheticalPlans(
  client: pg.ClientBase,
  scenario: Pick<ScenarioDefinition, 'sql' | 'expectedIndexes'>,
  params: readonly unknown[],
  ddls: readonly string[],
): Promise<HypotheticalPlan[]> {
  await client.query('SELECT hypopg_reset()');
  const base = await explainScenario(client, scenario, params);
  const out: HypotheticalPlan[] = [];
  for (const ddl of ddls) {
    try {
      const made = await client.query<{ indexrelid: number; indexname: string }>(
        'SELECT indexrelid, indexname FROM hypopg_create_index($1)',
        [ddl],
      );
      const { indexrelid, indexname } = made.rows[0]!;
      const plan = await explainScenario(client, scenario, params);
      out.push({
        cost: plan.totalCost,
        costWithout: base.totalCost,
        usesCandidate: plan.indexesUsed.some((n) => n === indexname || n.includes(`<${indexrelid}>`)),
      });
    } catch (error) {
      out.push({
        cost: base.totalCost,
        costWithout: base.totalCost,
        usesCandidate: false,
        error: toError(error).message,
      });
    } finally {
      await client.query('SELECT hypopg_reset()');
    }
  }
  return out;
}
