/**
 * The pg driver's transport: one app instance's production pool (and the write and replica pools
 * it needs), each request a pool connection and one measured execution (measured-query.ts).
 */
import pg from 'pg';
import type { PoolSample } from '../results/types.ts';
import type { ScenarioDefinition } from '../scenarios/define.ts';
import { HeldClients } from './held-clients.ts';
import type { Protocol } from './load-options.ts';
import { MeasuredQuery } from './measured-query.ts';
import type { WorkerInit } from './messages.ts';
import { appPoolConfig, createAppPool, errorCode, raisePoolPeak, samplePool } from './pool.ts';
import { statementNameFor } from './protocol.ts';
import type { Attempt, Transport } from './transport.ts';

interface ConnectionStream {
  connection?: { stream?: { destroy?: () => void } };
}

const unsettled = () => {};

/**
 * One request's execution on a pool connection. Its end hands the connection back and settles the
 * request, from the client's own reply handling: no async function, no closure and no second
 * promise per request (each cost a paced request several hundred bytes of garbage).
 */
class PooledExecution extends MeasuredQuery {
  /** The request's promise, settled with its error code (undefined: it succeeded). */
  settle: (code: string | undefined) => void = unsettled;

  constructor(
    private readonly held: HeldClients,
    private readonly client: pg.PoolClient,
    private readonly attempt: Attempt,
    protocol: Protocol,
    statementName: string,
    sql: string,
    values: readonly unknown[],
    now: () => number,
  ) {
    super(protocol, statementName, sql, values, attempt, now);
  }

  protected finish(error: Error | undefined): void {
    this.attempt.abort = undefined;
    // Errors without a SQLSTATE mean the connection itself is in doubt: do not reuse it.
    const broken = error && typeof (error as { code?: unknown }).code !== 'string' ? error : undefined;
    this.held.give(this.client, broken);
    this.settle(error ? errorCode(error) : undefined);
  }
}

/** A promise's resolve function, taken by an executor made once (not a closure per request). */
let captured: ((code: string | undefined) => void) | undefined;
const capture = (resolve: (code: string | undefined) => void) => {
  captured = resolve;
};

export class PgTransport implements Transport {
  /** The primary's read pool (the one sampled), and every pool with its held connections. */
  private readonly main: HeldClients;
  private readonly pools: HeldClients[];
  private readonly poolFor: (index: number) => HeldClients;
  private readonly statementNames: string[];
  private readonly aborts = new WeakMap<pg.PoolClient, () => void>();

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

  send(index: number, params: readonly unknown[], attempt: Attempt): Promise<string | undefined> {
    const held = this.poolFor(index);
    const client = held.take();
    return client
      ? this.execute(held, client, index, params, attempt)
      : this.connectAndExecute(held, index, params, attempt);
  }

  /** No held connection: wait for the pool's (pool_timeout), then run. */
  private async connectAndExecute(
    held: HeldClients,
    index: number,
    params: readonly unknown[],
    attempt: Attempt,
  ): Promise<string | undefined> {
    let client: pg.PoolClient;
    try {
      client = await held.pool.connect();
    } catch (error) {
      return errorCode(error);
    }
    return this.execute(held, client, index, params, attempt);
  }

  private execute(
    held: HeldClients,
    client: pg.PoolClient,
    index: number,
    params: readonly unknown[],
    attempt: Attempt,
  ): Promise<string | undefined> {
    attempt.acquiredMs = this.now();
    // The engine's client timeout ends a request whose connection never answers: drop the socket.
    attempt.abort = this.abortOf(client);
    let execution: PooledExecution;
    try {
      execution = new PooledExecution(
        held,
        client,
        attempt,
        this.init.load.protocol,
        this.statementNames[index]!,
        this.definitions[index]!.sql,
        params,
        this.now,
      );
    } catch (error) {
      // Parameters the simple protocol cannot inline: nothing was sent, the connection is fine.
      attempt.abort = undefined;
      held.give(client);
      return Promise.resolve(errorCode(error));
    }
    const settled = new Promise<string | undefined>(capture);
    execution.settle = captured!;
    client.query(execution as unknown as pg.QueryConfig);
    return settled;
  }

  /** The connection's abort, made once per connection. */
  private abortOf(client: pg.PoolClient): () => void {
    let abort = this.aborts.get(client);
    if (!abort) {
      abort = () => (client as unknown as ConnectionStream).connection?.stream?.destroy?.();
      this.aborts.set(client, abort);
    }
    return abort;
  }

  notePeak(peak: PoolSample): void {
    raisePoolPeak(peak, this.main.pool, this.main.idle);
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
