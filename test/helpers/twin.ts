/**
 * Shared by the twin tests: a source pgready did not make (the application-shaped database), what
 * proves it unchanged (no pgready_meta, the same indexes, no writes counted), and the checks of a
 * twin result against the bounds.
 */
import assert from 'node:assert/strict';
import pg from 'pg';
import type { TwinResult } from '../../src/results/twin.ts';
import { createAppDatabase } from './app-db.ts';

async function withPg<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function fillSource(url: string, leads: number): Promise<void> {
  await withPg(url, (c) => createAppDatabase(c, leads));
}

/** What must not change on the source: its relations, indexes and write counters. */
export async function sourceState(url: string): Promise<string> {
  return withPg(url, async (c) => {
    // Counters of the filling sessions are flushed when they end; read a fresh snapshot.
    await c.query('SELECT pg_stat_clear_snapshot()');
    const rels = await c.query(
      "SELECT relname, relkind FROM pg_class WHERE relnamespace = 'public'::regnamespace ORDER BY 1",
    );
    const idx = await c.query(
      "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1",
    );
    const tup = await c.query(
      'SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables ORDER BY relname',
    );
    return JSON.stringify({ rels: rels.rows, idx: idx.rows, tup: tup.rows });
  });
}

/** Every replaced or kept value the source holds in a personal column, as text. */
export async function sourceContacts(url: string): Promise<string[]> {
  return withPg(url, async (c) => {
    const r = await c.query<{ v: string }>(
      'SELECT email AS v FROM leads UNION SELECT phone FROM leads WHERE phone IS NOT NULL UNION SELECT owner_email FROM leads WHERE owner_email IS NOT NULL UNION SELECT full_name FROM leads',
    );
    return r.rows.map((x) => x.v);
  });
}

/** How many of `values` the twin holds in those columns. */
export async function contactsInTwin(url: string, values: string[]): Promise<number> {
  return withPg(url, async (c) => {
    const r = await c.query<{ n: string }>(
      'SELECT count(*) AS n FROM leads WHERE email = ANY($1) OR phone = ANY($1) OR owner_email = ANY($1) OR full_name = ANY($1)',
      [values],
    );
    return Number(r.rows[0]!.n);
  });
}

/** The bounds: MCV frequency within 2 pp, distinct within 20 % of aim, fan-out within 30 % or 2. */
export function assertFidelity(result: TwinResult): void {
  for (const c of result.columns) {
    const where = `${c.table}.${c.column}`;
    if (c.mcv.maxFreqErrorPp !== null)
      assert.ok(c.mcv.maxFreqErrorPp <= 2, `${where}: MCV frequency error ${c.mcv.maxFreqErrorPp} pp`);
    if (c.nDistinct.errorPercent !== null)
      assert.ok(
        c.nDistinct.errorPercent <= 20,
        `${where}: distinct ${c.nDistinct.twin} vs aim ${c.nDistinct.aim}`,
      );
    assert.ok(Math.abs((c.nullFrac.twin ?? 0) - c.nullFrac.aim) <= 0.02, `${where}: null fraction`);
  }
  const driving = result.foreignKeys.filter((f) => f.within !== null);
  assert.ok(driving.length >= 3, 'every child table laid out by its foreign key');
  for (const f of driving) assert.equal(f.within, true, `${f.table}.${f.column}: ${JSON.stringify(f)}`);
}
