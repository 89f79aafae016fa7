/**
 * The pg driver's transport: one app instance's production pool (and the write and replica pools
 * it needs), each request a pool connection and one measured execution (measured-query.ts).
 */
import pg from 'pg';
import type { PoolSample } from '../results/types.ts';
import type { ScenarioDefinition } from '../scenarios/define.ts';
import { HeldClients } from './held-clients.ts';
import { runMeasured } from './measured-query.ts';
import type { WorkerInit } from './messages.ts';
import { appPoolConfig, createAppPool, errorCode, samplePool } from './pool.ts';
import { statementNameFor } from './protocol.ts';
import type { Attempt, Transport } from './transport.ts';

interface ConnectionStream {
  connection?: { stream?: { destroy?: () => void } };
}

export class PgTransport implements Transport {
  private readonly pool: pg.Pool;
  private readonly pools: pg.Pool[];
  private readonly poolFor: (index: number) => pg.Pool;
  private readonly statementNames: string[];
  private readonly held = new Map<pg.Pool, HeldClients>();

  constructor(
    private readonly init: WorkerInit,
    private readonly definitions: ScenarioDefinition[],
    private readonly now: () => number,
  ) {
    this.statementNames = definitions.map((d) => statementNameFor(d.name));
    // Load connections are read-only (`default_transaction_read_only`): a scenario's SQL that tries
    // to write fails with 25006 and is counted, unless the scenario says `access: 'write'` (which runs
    // only on a database pgready owns, checked before any load) and gets a writable pool of its own.
    const readOnly = { ...init.sessionSettings, default_transaction_read_only: 'on' };
    const pool = createAppPool(init.url, init.pool, readOnly);
    const writePool = definitions.some((d) => d.access === 'write')
      ? createAppPool(init.url, init.pool, init.sessionSettings)
      : undefined;
    const readPools = (init.readUrls ?? []).map((url) => createAppPool(url, init.pool, readOnly));
    let nextRead = 0;
    /** Reads round-robin over the replicas; writes and reads that must see their own write on the primary. */
    this.poolFor = (index: number) => {
      const d = definitions[index]!;
      if (d.access === 'write') return writePool ?? pool;
      if (readPools.length === 0 || d.consistency === 'primary') return pool;
      nextRead = (nextRead + 1) % readPools.length;
      return readPools[nextRead]!;
    };
    this.pool = pool;
    this.pools = [pool, ...(writePool ? [writePool] : []), ...readPools];
    for (const p of this.pools) this.held.set(p, new HeldClients(p, init.pool.baseSize));
  }

  async send(index: number, params: readonly unknown[], attempt: Attempt): Promise<string | undefined> {
    const pool = this.poolFor(index);
    const held = this.held.get(pool)!;
    let client: pg.PoolClient;
    try {
      client = held.take() ?? (await pool.connect());
    } catch (error) {
      return errorCode(error);
    }
    attempt.acquiredMs = this.now();
    // The engine's client timeout ends a request whose connection never answers: drop the socket.
    attempt.abort = () => (client as unknown as ConnectionStream).connection?.stream?.destroy?.();
    let broken: Error | undefined;
    try {
      await runMeasured(
        client,
        this.init.load.protocol,
        this.statementNames[index]!,
        this.definitions[index]!.sql,
        params,
        attempt,
        this.now,
      );
      return undefined;
    } catch (error) {
      // Errors without a SQLSTATE mean the connection itself is in doubt: do not reuse it.
      if (typeof (error as { code?: unknown }).code !== 'string') broken = error as Error;
      return errorCode(error);
    } finally {
      attempt.abort = undefined;
      held.give(client, broken);
    }
  }

  sample(): PoolSample {
    return samplePool(this.pool, this.held.get(this.pool)!.idle);
  }

  /** Its own connect timeout: `pool_timeout` is how long a request waits under load, not how long a busy machine may take to open the first connection. */
  async probe(): Promise<void> {
    for (const url of [this.init.url, ...(this.init.readUrls ?? [])]) {
      const probe = new pg.Client({
        ...appPoolConfig(url, this.init.pool, this.init.sessionSettings),
        connectionTimeoutMillis: 10_000,
      });
      probe.on('error', () => {});
      try {
        await probe.connect();
      } finally {
        await probe.end().catch(() => {});
      }
    }
  }

  async close(): Promise<void> {
    for (const h of this.held.values()) h.releaseAll();
    await Promise.all(this.pools.map((p) => p.end()));
  }
}
