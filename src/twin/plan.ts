/**
 * The twin's plan: the tables in load order (parents first), each table's row count from `--rows`
 * / `--factor` (tables not named keep their ratio to the named ones), the driving foreign key of
 * each child (its rows laid out per parent with the source's fan-out), and the tasks. The shape
 * pass draws only children per parent, so every task's first row is known before generating.
 */

import { quoteIdent } from '../inspect/indexes.ts';
import { UserError } from '../util/errors.ts';
import { fanCounts } from './generate.ts';
import { type ColumnAim, tableColumns } from './model.ts';
import type { TablePlan, TwinPlan, TwinTask } from './plan-types.ts';
import type { SourceModel, SourceTable } from './types.ts';

/** Rows (or parents, for a child) per generation chunk: part of the data's definition. */
export const TWIN_ROWS_PER_CHUNK = 5_000;
/** Bump when a change alters the rows made for a given source model and seed. */
export const TWIN_GENERATOR_VERSION = 1;

export interface TwinPlanOptions {
  seed: number;
  /** Rows per named table. */
  rows: Record<string, number>;
  /** Multiplies every table not named in `rows` (default 1 when nothing is named). */
  factor?: number;
  keepValues: boolean;
  elementOids: Record<string, number>;
}

export interface BuiltPlan {
  plan: TwinPlan;
  tasks: TwinTask[][];
  aims: ColumnAim[];
  notes: string[];
  /** Driving foreign key per table name. */
  driving: Record<string, string>;
}

export function buildTwinPlan(model: SourceModel, options: TwinPlanOptions): BuiltPlan {
  const notes: string[] = [];
  const byName = new Map(model.tables.map((t) => [t.name, t]));
  for (const name of Object.keys(options.rows))
    if (!byName.has(name))
      throw new UserError(
        `--rows names ${name}, which is not one of the twin's tables (${model.tables.map((t) => t.name).join(', ')})`,
      );
  const driving: Record<string, string> = {};
  for (const t of model.tables) {
    const candidates = t.foreignKeys.filter((f) => f.parentTable !== t.name && byName.has(f.parentTable));
    const notNull = candidates.find((f) => t.columns.find((c) => c.name === f.column)?.notNull);
    const pick = notNull ?? candidates[0];
    if (pick) driving[t.name] = pick.name;
  }
  const order = loadOrder(model.tables, driving, notes);
  const ratio = ratios(model.tables, options, driving);
  const aimRows: Record<string, number> = {};
  for (const t of model.tables) aimRows[t.name] = Math.max(0, Math.round(t.rows * ratio[t.name]!));

  const tables: TablePlan[] = [];
  const aims: ColumnAim[] = [];
  for (const name of order) {
    const t = byName.get(name)!;
    const { columns, aims: a } = tableColumns(
      {
        tables: model.tables,
        aimRows,
        keepValues: options.keepValues,
        elementOids: options.elementOids,
        order,
      },
      t,
      driving[name],
    );
    aims.push(...a);
    const fk = t.foreignKeys.find((f) => f.name === driving[name]);
    const fan = fk ? fanOf(t, fk.name, fk.parentTable, ratio, order, aimRows) : undefined;
    tables.push({
      name,
      qualified: `${quoteIdent(model.schema)}.${quoteIdent(name)}`,
      copyColumns: t.columns.filter((c) => !c.generated).map((c) => quoteIdent(c.name)),
      columns,
      rows: aimRows[name]!,
      aimRows: aimRows[name]!,
      ...(fan ? { fan } : {}),
      rowsPerChunk: TWIN_ROWS_PER_CHUNK,
    });
  }
  const plan: TwinPlan = { seed: options.seed, tables };
  const tasks = plan.tables.map((t, i) => layOut(plan, i, t));
  // A parent that is itself a child has its exact count only now: its children pick among those.
  for (const t of plan.tables)
    for (const c of t.columns) if (c.kind === 'fk') c.parentRows = plan.tables[c.parent]!.rows;
  return { plan, tasks, aims, notes, driving };
}

/** The table's tasks; a child's exact row count comes out of its shape pass. */
function layOut(plan: TwinPlan, index: number, t: TablePlan): TwinTask[] {
  const tasks: TwinTask[] = [];
  let next = 0;
  if (t.fan) {
    const parents = plan.tables[t.fan.parent]!.rows;
    const chunks = Math.ceil(parents / t.fan.parentsPerChunk);
    for (let c = 0; c < chunks; c++) {
      const count = Math.min(t.fan.parentsPerChunk, parents - c * t.fan.parentsPerChunk);
      const rows = fanCounts(plan, index, c, count).reduce((a, b) => a + b, 0);
      tasks.push({ table: index, chunk: c, firstRow: next, rows });
      next += rows;
    }
    t.rows = next;
  } else {
    for (let c = 0; next < t.rows; c++) {
      const rows = Math.min(t.rowsPerChunk, t.rows - next);
      tasks.push({ table: index, chunk: c, firstRow: next, rows });
      next += rows;
    }
  }
  return tasks;
}

function fanOf(
  t: SourceTable,
  fkName: string,
  parent: string,
  ratio: Record<string, number>,
  order: string[],
  aimRows: Record<string, number>,
): TablePlan['fan'] {
  const buckets = t.fanOut[fkName]?.buckets.filter((b) => b.count > 0) ?? [];
  let fanN: number[];
  let fanCum: number[];
  if (buckets.length > 0) {
    fanN = buckets.map((b) => b.n);
    let acc = 0;
    fanCum = buckets.map((b) => (acc += b.count));
  } else {
    const mean = aimRows[parent]! > 0 ? aimRows[t.name]! / aimRows[parent]! : 0;
    fanN = [Math.floor(mean), Math.floor(mean) + 1];
    fanCum = [1 - (mean - Math.floor(mean)), 1];
  }
  const q = ratio[t.name]! / ratio[parent]!;
  return {
    parent: order.indexOf(parent),
    fanN,
    fanCum,
    scale: Math.abs(q - 1) < 1e-9 ? 1 : q,
    parentsPerChunk: TWIN_ROWS_PER_CHUNK,
  };
}

/** Parents before children along the driving keys; a cycle loads in any order (keys come after). */
function loadOrder(tables: SourceTable[], driving: Record<string, string>, notes: string[]): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string) => {
    if (state.get(name) === 'done') return;
    const t = tables.find((x) => x.name === name)!;
    if (state.get(name) === 'visiting') {
      notes.push(
        `foreign keys form a cycle through ${name}: the tables load first and the keys are added after`,
      );
      delete driving[name];
      return;
    }
    state.set(name, 'visiting');
    const fk = t.foreignKeys.find((f) => f.name === driving[name]);
    if (fk) visit(fk.parentTable);
    state.set(name, 'done');
    order.push(name);
  };
  for (const t of tables) visit(t.name);
  for (const t of tables)
    for (const f of t.foreignKeys)
      if (
        f.name !== driving[t.name] &&
        order.indexOf(f.parentTable) > order.indexOf(t.name) &&
        f.parentTable !== t.name
      )
        notes.push(
          `foreign key ${t.name}.${f.name} points at a table loaded later: the keys are added after the load`,
        );
  return order;
}

/** Each table's multiplier: named ones from --rows; the others take the nearest named table's. */
function ratios(
  tables: SourceTable[],
  options: TwinPlanOptions,
  driving: Record<string, string>,
): Record<string, number> {
  const out: Record<string, number> = {};
  const named = Object.entries(options.rows);
  for (const [name, rows] of named) {
    const t = tables.find((x) => x.name === name)!;
    out[name] = t.rows > 0 ? rows / t.rows : 0;
    if (t.rows === 0)
      throw new UserError(
        `--rows ${name}=${rows}: the source table ${name} is empty, so it has nothing to scale`,
      );
  }
  const fallback =
    named.length === 0
      ? (options.factor ?? 1)
      : (options.factor ?? Math.exp(named.reduce((s, [n]) => s + Math.log(out[n]!), 0) / named.length));
  // Breadth-first over foreign keys in both directions: the nearest named table's ratio.
  for (const t of tables) {
    if (out[t.name] !== undefined) continue;
    const seen = new Set([t.name]);
    let frontier = [t.name];
    let found: number | undefined;
    while (frontier.length > 0 && found === undefined) {
      const next: string[] = [];
      for (const n of frontier) {
        const x = tables.find((y) => y.name === n)!;
        const near = [
          ...x.foreignKeys.map((f) => f.parentTable),
          ...tables.filter((y) => y.foreignKeys.some((f) => f.parentTable === n)).map((y) => y.name),
        ];
        for (const m of near) {
          if (seen.has(m)) continue;
          seen.add(m);
          if (options.rows[m] !== undefined && found === undefined) found = out[m];
          next.push(m);
        }
      }
      frontier = next;
    }
    out[t.name] = found ?? fallback;
  }
  void driving;
  return out;
}
