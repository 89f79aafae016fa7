import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { HeldClients } from '../../src/load/held-clients.ts';
import { createAppPool, samplePool } from '../../src/load/pool.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { smallPool } from '../helpers/runner.ts';
import { waitFor } from '../helpers/wait.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase('held_clients');
});
after(() => db.drop());

/** A held connection if there is one, else one from the pool (as the pg transport takes them). */
async function take(held: HeldClients): Promise<pg.PoolClient> {
  return held.take() ?? (await held.pool.connect());
}

/** An app pool with its held connections for `body`; `out` is what the body still has checked out. */
async function withHeld(
  overrides: Parameters<typeof smallPool>[0],
  body: (held: HeldClients, options: ReturnType<typeof smallPool>, out: pg.PoolClient[]) => Promise<void>,
): Promise<void> {
  const options = smallPool(overrides);
  const held = new HeldClients(
    createAppPool(db.url, options),
    options.baseSize,
    options.maxLifetimeSeconds * 1000,
  );
  const out: pg.PoolClient[] = [];
  try {
    await body(held, options, out);
  } finally {
    // On a failure, what is still checked out goes back, so that the pool can end.
    for (const c of out) c.release();
    held.releaseAll();
    await held.pool.end();
  }
}

test('base connections are held and taken at once; overflow ones go back to the pool and close when idle', () =>
  withHeld({ baseSize: 2, maxOverflow: 3, maxSize: 5, overflowIdleMs: 200 }, async (held, options) => {
    const { pool } = held;
    const clients = await Promise.all(Array.from({ length: options.maxSize }, () => pool.connect()));
    for (const c of clients) held.give(c);
    assert.equal(held.idle, options.baseSize, 'the base size is held');
    assert.equal(pool.idleCount, options.maxSize - options.baseSize, 'the overflow went back to the pool');
    assert.deepEqual(samplePool(pool, held.idle), { total: 5, idle: 5, waiting: 0 });
    await waitFor('the overflow connections to close', () =>
      pool.totalCount <= options.baseSize ? true : undefined,
    );
    assert.equal(pool.totalCount, options.baseSize);
    // The last one handed back comes first, synchronously, and it still works.
    const first = held.take();
    assert.equal(first, clients[1]);
    const { rows } = await first!.query('SELECT 1 AS one');
    assert.equal(rows[0].one, 1);
    held.give(first!);
    assert.equal(held.idle, options.baseSize);
  }));

test('a request waiting in the pool gets the next connection handed back, not the held stack', () =>
  withHeld(
    { baseSize: 2, maxOverflow: 0, maxSize: 2, acquireTimeoutMs: 5_000 },
    async (held, options, out) => {
      const { pool } = held;
      const [a, b] = [await pool.connect(), await pool.connect()];
      out.push(a, b);
      const waiting = pool.connect();
      await waitFor('the request to wait', () => (pool.waitingCount === 1 ? true : undefined));
      const before = Date.now();
      out.shift();
      held.give(a);
      const c = await waiting;
      out.push(c);
      assert.equal(c, a, 'the waiter got the connection handed back');
      assert.ok(Date.now() - before < options.acquireTimeoutMs, 'handed over, not left to time out');
      assert.equal(held.idle, 0);
      for (const x of out.splice(0)) held.give(x);
      assert.equal(held.idle, 2);
    },
  ));

test('pool_recycle still replaces connections that are held between requests', () =>
  withHeld({ baseSize: 1, maxOverflow: 0, maxSize: 1, maxLifetimeSeconds: 1 }, async (held) => {
    const pids = new Set<number>();
    const until = Date.now() + 2_500;
    while (Date.now() < until) {
      const c = await take(held);
      const { rows } = await c.query('SELECT pg_backend_pid() AS pid');
      pids.add(rows[0].pid);
      held.give(c);
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(pids.size >= 2, `one connection over 2.5 s with a 1 s lifetime had ${pids.size} backend(s)`);
  }));

test('a held connection whose backend was terminated is not handed out again', () =>
  withHeld({ baseSize: 1, maxOverflow: 0, maxSize: 1 }, async (held) => {
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      const c = await held.pool.connect();
      const { rows } = await c.query('SELECT pg_backend_pid() AS pid');
      held.give(c);
      await admin.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
      await waitFor('the client to see its connection end', () =>
        (c as unknown as { _queryable: boolean })._queryable === false ? true : undefined,
      );
      assert.equal(held.take(), undefined, 'the dead connection is dropped, not taken');
      assert.equal(held.idle, 0);
      const fresh = await take(held);
      const again = await fresh.query('SELECT pg_backend_pid() AS pid');
      assert.notEqual(again.rows[0].pid, rows[0].pid, 'a new backend serves the next request');
      held.give(fresh);
    } finally {
      await admin.end();
    }
  }));
