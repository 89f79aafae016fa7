/**
 * What a plan spends its time on: one EXPLAIN (ANALYZE) of the scenario (a read, executed once on
 * a database pgready owns), reduced to the node with the most time of its own — "Seq Scan on leads:
 * 48.1 of 52.3 ms". Said beside a candidate that misses its target, and beside the current plan.
 */
import type pg from 'pg';
import { describeNode } from '../inspect/explain.ts';

interface AnalyzedNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Total Time'?: number;
  'Actual Loops'?: number;
  'Workers Launched'?: number;
  Plans?: AnalyzedNode[];
}

export async function planHotspot(
  client: pg.ClientBase,
  sql: string,
  params: readonly unknown[],
): Promise<string> {
  const r = await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, [...params]);
  const json = r.rows[0]['QUERY PLAN'];
  const root = (
    (typeof json === 'string' ? JSON.parse(json) : json) as {
      Plan: AnalyzedNode;
      'Execution Time'?: number;
    }[]
  )[0]!;
  // Under a Gather the loops count the parallel workers too, which run at the same time: wall
  // time is the per-loop time times the loops of one process.
  const total = (n: AnalyzedNode, processes: number) =>
    (n['Actual Total Time'] ?? 0) * Math.max(1, (n['Actual Loops'] ?? 1) / processes);
  let best: { node: AnalyzedNode; ms: number } | undefined;
  const walk = (node: AnalyzedNode, processes: number) => {
    const inner = node['Workers Launched'] !== undefined ? node['Workers Launched'] + 1 : processes;
    const own =
      total(node, processes) - (node.Plans ?? []).reduce((sum, child) => sum + total(child, inner), 0);
    if (!best || own > best.ms) best = { node, ms: own };
    for (const child of node.Plans ?? []) walk(child, inner);
  };
  walk(root.Plan, 1);
  const execution = root['Execution Time'] ?? total(root.Plan, 1);
  return `${describeNode(best!.node)}: ${Math.max(0, best!.ms).toFixed(1)} of ${execution.toFixed(1)} ms`;
}
