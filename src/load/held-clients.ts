/**
 * The idle base connections of one pg-pool, kept checked out between requests (as pgbench holds
 * its connections): a request takes the last one handed back at once — no promise, no nextTick, no
 * pool bookkeeping, which cost a paced request ≈ 40 µs of a cold thread on this kind of VM. pg-pool
 * still opens, counts, times out and recycles every connection: one goes back to it whenever a
 * request waits there (that request gets it at once), when more than the base size would be held
 * (overflow connections still close after their idle time), when it has reached its lifetime
 * (`pool_recycle`: pg-pool then replaces it), and when it is broken.
 */
import type pg from 'pg';

/** node-postgres' own liveness flags, as pg-pool reads them on release. */
interface ClientState {
  _queryable?: boolean;
  _ending?: boolean;
}

export class HeldClients {
  private readonly held: pg.PoolClient[] = [];
  /** When each connection was opened (ms): pg-pool starts its lifetime timer then. */
  private readonly openedMs = new WeakMap<pg.PoolClient, number>();

  constructor(
    readonly pool: pg.Pool,
    private readonly baseSize: number,
    private readonly lifetimeMs: number,
  ) {
    pool.on('connect', (client) => this.openedMs.set(client as pg.PoolClient, performance.now()));
  }

  /** Idle connections held here (idle in the pool's terms). */
  get idle(): number {
    return this.held.length;
  }

  /** A held connection that is still alive, or undefined (then ask the pool). */
  take(): pg.PoolClient | undefined {
    for (let client = this.held.pop(); client; client = this.held.pop()) {
      const state = client as unknown as ClientState;
      if (state._queryable !== false && state._ending !== true) return client;
      client.release(new Error('connection closed while idle'));
    }
    return undefined;
  }

  /** Hands a connection back: held for the next request, or returned to the pool. */
  give(client: pg.PoolClient, broken?: Error): void {
    if (
      broken ||
      this.pool.waitingCount > 0 ||
      this.held.length >= this.baseSize ||
      this.pool.ending ||
      this.expired(client)
    ) {
      client.release(broken);
      return;
    }
    this.held.push(client);
  }

  /** Every held connection back to the pool (before it ends). */
  releaseAll(): void {
    for (const client of this.held.splice(0)) client.release();
  }

  /** Past its lifetime, or of unknown age: pg-pool decides (it removes an expired one on release). */
  private expired(client: pg.PoolClient): boolean {
    if (this.lifetimeMs <= 0) return false;
    const opened = this.openedMs.get(client);
    return opened === undefined || performance.now() - opened >= this.lifetimeMs;
  }
}
