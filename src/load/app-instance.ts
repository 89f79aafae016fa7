/**
 * One app instance: its own production pool (and the write and replica pools it needs), its
 * scenarios, and the segment it is running. Several may share one worker thread (workers.ts keeps
 * the threads at or below the cores): an instance is a pool and a schedule, not a thread.
 */
import pg from 'pg';
import type { PreciseClock } from './clock.ts';
import type { IntervalMessage, RunSegmentMessage, SegmentDoneMessage, WorkerInit } from './messages.ts';
import { appPoolConfig, createAppPool } from './pool.ts';
import { statementNameFor } from './protocol.ts';
import { loadScenarioModule } from './scenario-module.ts';
import { Segment, type SegmentHost } from './segment.ts';

export class AppInstance {
  private current: Segment | undefined;
  private readonly pools: pg.Pool[];

  private constructor(
    private readonly init: WorkerInit,
    private readonly host: SegmentHost,
    extraPools: pg.Pool[],
  ) {
    this.pools = [host.pool, ...extraPools];
  }

  /** Loads the scenarios and opens the pools (no connection yet: `probe` makes the first). */
  static async create(
    init: WorkerInit,
    send: (message: IntervalMessage | SegmentDoneMessage) => void,
    now: () => number,
    clock: PreciseClock | undefined,
  ): Promise<AppInstance> {
    const definitions = await Promise.all(init.scenarios.map((s) => loadScenarioModule(s.file)));
    const statementNames = definitions.map((d) => statementNameFor(d.name));
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
    const poolFor = (index: number) => {
      const d = definitions[index]!;
      if (d.access === 'write') return writePool ?? pool;
      if (readPools.length === 0 || d.consistency === 'primary') return pool;
      nextRead = (nextRead + 1) % readPools.length;
      return readPools[nextRead]!;
    };
    const extraPools = [...(writePool ? [writePool] : []), ...readPools];
    const host: SegmentHost = { init, pool, definitions, statementNames, send, now, poolFor };
    if (clock) host.clock = clock;
    return new AppInstance(init, host, extraPools);
  }

  /**
   * One connection up front: a wrong URL fails here, once, instead of as a stream of errors. Its
   * own connect timeout: `pool_timeout` is how long a request waits for a connection under load,
   * not how long a busy machine may take to open the first one.
   */
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

  /** Runs one segment; failures reach `onError` (the worker posts them). */
  run(message: RunSegmentMessage, onError: (error: unknown) => void): void {
    const segment = new Segment(this.host, message);
    this.current = segment;
    segment
      .run()
      .catch(onError)
      .finally(() => {
        if (this.current === segment) this.current = undefined;
      });
  }

  stop(segment?: number): void {
    if (segment === undefined || this.current?.id === segment) this.current?.sleeper.stop();
  }

  async close(): Promise<void> {
    this.stop();
    await Promise.all(this.pools.map((p) => p.end()));
  }
}
