// A stall made on purpose: a small table the fixture scenarios read, and a session that locks it
// for a set time once the test says when (a fault of known length, not a guess at timing).
import pg from 'pg';
import { adminQuery, createTestDatabase, type TestDatabase } from './db.ts';

/** A fresh database with `table` (id 1..100, payload): what read-locked.ts and watch-probe.ts read. */
export async function stallProbeDatabase(label: string, table = 'stall_probe'): Promise<TestDatabase> {
  const db = await createTestDatabase(label);
  await adminQuery(
    db.url,
    `CREATE TABLE ${table} (id int PRIMARY KEY, payload text); INSERT INTO ${table} SELECT g, md5(g::text) FROM generate_series(1, 100) g`,
  );
  return db;
}

/** The sample rows of the probe table, as a scenario's sampleSql would return them. */
export const PROBE_SAMPLE = Array.from({ length: 100 }, (_, i) => ({ id: i + 1 }));

export interface Locker {
  /** Starts the stall once (later calls return the same one): ACCESS EXCLUSIVE on the table for `holdMs`. */
  stall(): Promise<void>;
  /** Whether `stall()` was called. */
  readonly started: boolean;
  /** Waits for the stall to end and closes the session. */
  end(): Promise<void>;
}

export async function tableLocker(url: string, table: string, holdMs: number): Promise<Locker> {
  const client = new pg.Client({ connectionString: url, application_name: 'pgready-test-locker' });
  await client.connect();
  let running: Promise<void> | undefined;
  return {
    stall: () =>
      (running ??= (async () => {
        await client.query('BEGIN');
        await client.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
        await new Promise((r) => setTimeout(r, holdMs));
        await client.query('COMMIT');
      })()),
    get started() {
      return running !== undefined;
    },
    end: async () => {
      await running?.catch(() => {});
      await client.end();
    },
  };
}
