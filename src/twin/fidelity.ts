/**
 * Fidelity, measured on the ANALYZEd twin against what was aimed at: per column the null fraction,
 * the exact count(DISTINCT) against the aimed distinct count, MCV overlap and the largest frequency
 * error, the histogram's quantile error; per foreign key children-per-parent p50/p90/p99 of source
 * and twin (the same aggregate the source was read with, exact on the twin).
 */
import type pg from 'pg';
import { quoteIdent } from '../inspect/indexes.ts';
import type { ColumnFidelity, FanOutFigures, ForeignKeyFidelity } from '../results/twin.ts';
import type { ColumnAim } from './model.ts';
import type { FanOutBucket, SourceModel } from './types.ts';
import { parseNumber } from './values.ts';

interface TwinStats {
  tablename: string;
  attname: string;
  null_frac: number;
  mcv: string[] | null;
  mcf: number[] | null;
  hist: string[] | null;
}

/** Percentiles of a children-per-parent distribution. */
export function fanOutFigures(buckets: readonly FanOutBucket[]): FanOutFigures | null {
  const total = buckets.reduce((s, b) => s + b.count, 0);
  if (total === 0) return null;
  const sorted = [...buckets].sort((a, b) => a.n - b.n);
  const at = (q: number) => {
    let acc = 0;
    for (const b of sorted) {
      acc += b.count;
      if (acc >= q * total) return b.n;
    }
    return sorted.at(-1)!.n;
  };
  return {
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    childless: (sorted.find((b) => b.n === 0)?.count ?? 0) / total,
    mean: sorted.reduce((s, b) => s + b.n * b.count, 0) / total,
  };
}

/** Within 30 % or 2 (whichever is looser) of the source's figure. */
export function near(source: number, twin: number): boolean {
  return Math.abs(twin - source) <= Math.max(2, 0.3 * Math.abs(source));
}

export async function measureFidelity(
  client: pg.ClientBase,
  model: SourceModel,
  aims: readonly ColumnAim[],
  driving: Record<string, string>,
): Promise<{ columns: ColumnFidelity[]; foreignKeys: ForeignKeyFidelity[] }> {
  const q = quoteIdent;
  const schema = model.schema;
  const stats = await client.query<TwinStats>(
    `SELECT tablename, attname, null_frac::float8 AS null_frac, most_common_vals::text::text[] AS mcv,
            most_common_freqs::float8[] AS mcf, histogram_bounds::text::text[] AS hist
       FROM pg_stats WHERE schemaname = $1 AND tablename = ANY($2)`,
    [schema, model.tables.map((t) => t.name)],
  );
  const columns: ColumnFidelity[] = [];
  for (const table of model.tables) {
    const mine = aims.filter((a) => a.table === table.name);
    // json has no equality: its distinct count is not measured.
    const countable = mine.filter((a) => a.codec !== 'json' && a.source !== 'not generated');
    const distinct = new Map<string, number>();
    if (countable.length > 0) {
      const r = await client.query(
        `SELECT ${countable.map((a, i) => `count(DISTINCT ${q(a.column)})::bigint AS c${i}`).join(', ')} FROM ${q(schema)}.${q(table.name)}`,
      );
      countable.forEach((a, i) => {
        distinct.set(a.column, Number(r.rows[0][`c${i}`]));
      });
    }
    for (const aim of mine) {
      const s = stats.rows.find((x) => x.tablename === table.name && x.attname === aim.column);
      const twinDistinct = distinct.get(aim.column) ?? null;
      columns.push({
        table: table.name,
        column: aim.column,
        source: aim.source,
        ...(aim.replaced ? { replaced: aim.replaced } : {}),
        sorted: aim.sorted,
        nullFrac: { aim: aim.nullFrac, twin: s ? s.null_frac : null },
        nDistinct: {
          aim: aim.distinctAim,
          twin: twinDistinct,
          sourceEstimate: aim.sourceNDistinct,
          errorPercent:
            aim.distinctAim && twinDistinct !== null
              ? (100 * Math.abs(twinDistinct - aim.distinctAim)) / aim.distinctAim
              : null,
        },
        mcv: mcvFidelity(aim, s),
        histogram: histogramError(aim, s),
        ...(aim.note ? { note: aim.note } : {}),
      });
    }
  }
  const foreignKeys: ForeignKeyFidelity[] = [];
  for (const table of model.tables) {
    for (const fk of table.foreignKeys) {
      if (!model.tables.some((t) => t.name === fk.parentTable)) continue;
      const r = await client.query<{ n: string; c: string }>(
        `SELECT n::bigint AS n, count(*)::bigint AS c FROM (
           SELECT count(ch.${q(fk.column)}) AS n FROM ${q(schema)}.${q(fk.parentTable)} p
             LEFT JOIN ${q(schema)}.${q(table.name)} ch ON ch.${q(fk.column)} = p.${q(fk.parentColumn)}
            GROUP BY p.${q(fk.parentColumn)}) s GROUP BY n`,
      );
      const twin = fanOutFigures(r.rows.map((x) => ({ n: Number(x.n), count: Number(x.c) })))!;
      const source = fanOutFigures(table.fanOut[fk.name]?.buckets ?? []);
      foreignKeys.push({
        table: table.name,
        column: fk.column,
        parent: fk.parentTable,
        source,
        twin,
        within:
          source && driving[table.name] === fk.name
            ? near(source.p50, twin.p50) && near(source.p90, twin.p90) && near(source.p99, twin.p99)
            : null,
      });
    }
  }
  return { columns, foreignKeys };
}

function mcvFidelity(aim: ColumnAim, s: TwinStats | undefined): ColumnFidelity['mcv'] {
  const count = aim.mcvFreqs.length;
  if (count === 0) return { count: 0, overlap: 0, maxFreqErrorPp: null };
  const twinVals = s?.mcv ?? [];
  const twinFreqs = s?.mcf ?? [];
  if (aim.replaced) {
    // Synthetic values: compare the frequencies rank by rank.
    const src = [...aim.mcvFreqs].sort((a, b) => b - a);
    const tw = [...twinFreqs].sort((a, b) => b - a);
    let worst = 0;
    src.forEach((f, i) => {
      worst = Math.max(worst, Math.abs(f - (tw[i] ?? 0)));
    });
    return { count, overlap: Math.min(count, tw.length), maxFreqErrorPp: 100 * worst };
  }
  let overlap = 0;
  let worst = 0;
  aim.mcv.forEach((v, i) => {
    const j = v === null ? -1 : twinVals.indexOf(v);
    if (j >= 0) overlap++;
    worst = Math.max(worst, Math.abs(aim.mcvFreqs[i]! - (j >= 0 ? twinFreqs[j]! : 0)));
  });
  return { count, overlap, maxFreqErrorPp: 100 * worst };
}

/** The twin's histogram read at the source's quantiles, as a share of the source's range. */
function histogramError(aim: ColumnAim, s: TwinStats | undefined): ColumnFidelity['histogram'] {
  const src = aim.histogram;
  if (!aim.codec || src.length < 2 || !s?.hist || s.hist.length < 2) return null;
  const twin = s.hist.map((v) => parseNumber(aim.codec!, v)).filter((n): n is number => n !== undefined);
  if (twin.length < 2) return null;
  const range = src.at(-1)! - src[0]! || 1;
  const at = (b: readonly number[], p: number) => {
    const x = p * (b.length - 1);
    const k = Math.min(b.length - 2, Math.floor(x));
    return b[k]! + (x - k) * (b[k + 1]! - b[k]!);
  };
  const errors = src
    .map((v, i) => Math.abs(at(twin, i / (src.length - 1)) - v) / range)
    .sort((a, b) => a - b);
  return { medianError: errors[Math.floor(errors.length / 2)]!, worstError: errors.at(-1)! };
}
