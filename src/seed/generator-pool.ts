import { CopyWriter } from '../../seed/generators/binary.ts';
import { type EncodedPools, encodePools } from '../../seed/generators/encoded-pools.ts';
import { generateChunk, type SeedTable } from '../../seed/generators/index.ts';
import { buildPools } from '../../seed/generators/pools.ts';
import type { GenerationParams } from '../../seed/generators/shape.ts';
import { workerEntry } from '../util/modules.ts';
import type { SeedTask } from './plan.ts';
import { type PoolReply, type PoolRequest, TableBuffers, WorkerPool } from './worker-pool.ts';

/**
 * Turns tasks into COPY binary rows, in worker threads or (workers = 0) on the calling thread. The
 * bytes come in a buffer of the pool's: once they are sent, `release` gives it back for another
 * task of the same table (its chunks have similar sizes), so memory stays at the chunks in flight.
 */
export interface GeneratorPool {
  generate(task: SeedTask): Promise<Uint8Array>;
  release(bytes: Uint8Array): void;
  close(): Promise<void>;
}

/** Messages between the pool and a worker (see worker.ts). */
export type WorkerRequest = PoolRequest<SeedTask>;
export type WorkerReply = PoolReply;

export function createGeneratorPool(params: GenerationParams, workers: number): GeneratorPool {
  if (workers === 0) return new InlinePool(params);
  const pool = new WorkerPool<SeedTable, SeedTask>(
    workerEntry(import.meta.url),
    { params },
    workers,
    'seed generator',
  );
  // Built here while the workers start up (they never load faker themselves).
  pool.broadcast({ pools: buildPools(params.seed) });
  return pool;
}

class InlinePool implements GeneratorPool {
  private pools: EncodedPools | undefined;
  private readonly out = new CopyWriter(0);
  private readonly buffers = new TableBuffers<SeedTable>();
  constructor(private readonly params: GenerationParams) {}

  async generate(task: SeedTask): Promise<Uint8Array> {
    // Yield first so COPY streams and progress get their turn between chunks.
    await new Promise((resolve) => setImmediate(resolve));
    this.pools ??= encodePools(buildPools(this.params.seed));
    const buffer = this.buffers.take(task.table);
    if (buffer) this.out.adopt(buffer);
    try {
      generateChunk(task.table, this.params, task.chunk, task.firstId, this.pools, this.out);
    } catch (error) {
      this.out.reset();
      throw error;
    }
    return this.buffers.lend(this.out.detach(), task.table);
  }

  release(bytes: Uint8Array): void {
    this.buffers.giveBack(bytes);
  }

  async close(): Promise<void> {}
}
