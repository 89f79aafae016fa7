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
  /** The primary's read pool (the one sampled), and every pool with its held connections. */
  private readonly main: HeldClients;
  private readonly pools: HeldClients[];
  private readonly poolFor: (index: number) => HeldClients;
  private readonly statementNames: string[];

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
    const held = (url: string, settings: Record<string, string>) =>
      new HeldClients(
        createAppPool(url, init.pool, settings),
        init.pool.baseSize,
        init.pool.maxLifetimeSeconds * 1000,
      );
    const pool = held(init.url, readOnly);
    const writePool = definitions.some((d) => d.access === 'write')
      ? held(init.url, init.sessionSettings)
      : undefined;
    const readPools = (init.readUrls ?? []).map((url) => held(url, readOnly));
    let nextRead = 0;
    /** Reads round-robin over the replicas; writes and reads that must see their own write on the primary. */
    this.poolFor = (index: number) => {
      const d = definitions[index]!;
      if (d.access === 'write') return writePool ?? pool;
      if (readPools.length === 0 || d.consistency === 'primary') return pool;
      nextRead = (nextRead + 1) % readPools.length;
      return readPools[nextRead]!;
    };
    this.main = pool;
    this.pools = [pool, ...(writePool ? [writePool] : []), ...readPools];
  }

  async send(index: number, params: readonly unknown[], attempt: Attempt): Promise<string | undefined> {
    const held = this.poolFor(index);
    let client: pg.PoolClient;
    try {
      client = held.take() ?? (await held.pool.connect());
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
    return samplePool(this.main.pool, this.main.idle);
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
    for (const h of this.pools) h.releaseAll();
    await Promise.all(this.pools.map((h) => h.pool.end()));
  }
}
