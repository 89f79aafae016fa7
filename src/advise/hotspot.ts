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
  const total = (n: AnalyzedNode) => (n['Actual Total Time'] ?? 0) * (n['Actual Loops'] ?? 1);
  let best: { node: AnalyzedNode; ms: number } | undefined;
  const walk = (node: AnalyzedNode) => {
    const own = total(node) - (node.Plans ?? []).reduce((sum, child) => sum + total(child), 0);
    if (!best || own > best.ms) best = { node, ms: own };
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(root.Plan);
  const execution = root['Execution Time'] ?? total(root.Plan);
  return `${describeNode(best!.node)}: ${Math.max(0, best!.ms).toFixed(1)} of ${execution.toFixed(1)} ms`;
}
