/**
 * Plan capture: `EXPLAIN (FORMAT JSON)` of a scenario with representative parameters.
 *
 * The parameters travel as bind values of an unnamed extended-protocol statement, so PostgreSQL
 * plans the query for these actual values (a custom plan), exactly as it does for the first
 * executions of the application's query. That is what we want: the plan the demo really gets.
 * (A generic plan, chosen after five executions of a *named* prepared statement, could differ;
 * the literal partial-index predicates in the scenarios keep it from losing the partial index.)
 * EXPLAIN without ANALYZE never executes the query, so this is safe on a read-only session.
 */
import type pg from 'pg';
import type { PlanSummary } from '../results/types.ts';
import type { ScenarioDefinition } from '../scenarios/define.ts';

export interface ExplainOptions {
  /** Session settings for this EXPLAIN only (e.g. `enable_indexscan: 'off'`), restored after. */
  sessionSettings?: Record<string, string>;
}

/** One node of EXPLAIN's JSON output (the fields we read). */
interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Function Name'?: string;
  'CTE Name'?: string;
  'Total Cost'?: number;
  Plans?: PlanNode[];
}

/** Captures the plan of one scenario for the given parameters. Query errors propagate. */
export async function explainScenario(
  client: pg.ClientBase,
  scenario: Pick<ScenarioDefinition, 'sql' | 'expectedIndexes'>,
  params: readonly unknown[],
  options: ExplainOptions = {},
): Promise<PlanSummary> {
  const restore = await applySettings(client, options.sessionSettings ?? {});
  let json: unknown;
  try {
    const result = await client.query(`EXPLAIN (FORMAT JSON) ${scenario.sql}`, [...params]);
    json = result.rows[0]['QUERY PLAN'];
  } finally {
    await restore();
  }
  return summarizePlan(json, scenario.expectedIndexes);
}

/** Reduces EXPLAIN's JSON to the summary the results carry. */
export function summarizePlan(json: unknown, expectedIndexes: readonly string[]): PlanSummary {
  const parsed = (typeof json === 'string' ? JSON.parse(json) : json) as { Plan: PlanNode }[];
  const root = parsed[0]!.Plan;
  const nodes: string[] = [];
  const indexes: string[] = [];
  const walk = (node: PlanNode) => {
    nodes.push(describeNode(node));
    if (node['Index Name'] && !indexes.includes(node['Index Name'])) indexes.push(node['Index Name']);
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(root);
  return {
    nodes,
    indexesUsed: indexes,
    missingExpected: expectedIndexes.filter((name) => !indexes.includes(name)),
    totalCost: root['Total Cost'] ?? 0,
    json: parsed,
  };
}

/** "Index Scan using idx_x on leads", "Bitmap Index Scan on idx_x", "Seq Scan on leads", "Limit". */
export function describeNode(node: PlanNode): string {
  const type = node['Node Type'];
  const relation = node['Relation Name'];
  const index = node['Index Name'];
  if (index && relation) return `${type} using ${index} on ${relation}`;
  if (index) return `${type} on ${index}`;
  if (relation) return `${type} on ${relation}`;
  if (node['Function Name']) return `${type} on ${node['Function Name']}`;
  if (node['CTE Name']) return `${type} on ${node['CTE Name']}`;
  return type;
}

/** Sets session settings and returns a function that puts the previous values back. */
async function applySettings(
  client: pg.ClientBase,
  settings: Record<string, string>,
): Promise<() => Promise<void>> {
  const previous: [string, string][] = [];
  for (const [name, value] of Object.entries(settings)) {
    const old = await client.query('SELECT current_setting($1) AS v', [name]);
    previous.push([name, old.rows[0].v as string]);
    // set_config(…, false) is session-level: it survives the statement and is undone below.
    await client.query('SELECT set_config($1, $2, false)', [name, value]);
  }
  return async () => {
    for (const [name, value] of previous.reverse()) {
      await client.query('SELECT set_config($1, $2, false)', [name, value]);
    }
  };
}
