import { Worker } from 'node:worker_threads';
import { CopyWriter } from '../../seed/generators/binary.ts';
import { type EncodedPools, encodePools } from '../../seed/generators/encoded-pools.ts';
import { generateChunk, type SeedTable } from '../../seed/generators/index.ts';
import { buildPools } from '../../seed/generators/pools.ts';
import type { GenerationParams } from '../../seed/generators/shape.ts';
import { workerEntry } from '../util/modules.ts';
import type { SeedTask } from './plan.ts';

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
export interface WorkerRequest {
  id: number;
  task: SeedTask;
  /** A buffer to write into (transferred), when the pool has a free one. */
  buffer?: ArrayBuffer;
}
export type WorkerReply = { id: number; bytes: Uint8Array } | { id: number; error: string };

export function createGeneratorPool(params: GenerationParams, workers: number): GeneratorPool {
  return workers > 0 ? new ThreadPool(params, workers) : new InlinePool(params);
}

/**
 * The pool's buffers: handed out with a chunk's bytes, given back once sent, free per table (a few
 * at most: more come back only when fewer chunks are in flight; the rest go to the collector).
 */
class Buffers {
  private static readonly MAX_FREE_PER_TABLE = 8;
  private readonly free = new Map<SeedTable, ArrayBuffer[]>();
  private readonly lent = new WeakMap<ArrayBuffer, SeedTable>();

  take(table: SeedTable): ArrayBuffer | undefined {
    return this.free.get(table)?.pop();
  }

  lend(bytes: Uint8Array, table: SeedTable): Uint8Array {
    this.lent.set(bytes.buffer as ArrayBuffer, table);
    return bytes;
  }

  giveBack(bytes: Uint8Array): void {
    const buffer = bytes.buffer as ArrayBuffer;
    const table = this.lent.get(buffer);
    if (!table) return;
    this.lent.delete(buffer);
    const list = this.free.get(table) ?? [];
    this.free.set(table, list);
    if (list.length < Buffers.MAX_FREE_PER_TABLE) list.push(buffer);
  }
}

class InlinePool implements GeneratorPool {
  private pools: EncodedPools | undefined;
  private readonly out = new CopyWriter(0);
  private readonly buffers = new Buffers();
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

interface Pending {
  table: SeedTable;
  resolve: (bytes: Uint8Array) => void;
  reject: (error: Error) => void;
}

class ThreadPool implements GeneratorPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: WorkerRequest[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly buffers = new Buffers();
  private nextId = 1;
  private failure: Error | undefined;

  constructor(params: GenerationParams, count: number) {
    for (let i = 0; i < count; i++) {
      const worker = new Worker(workerEntry(import.meta.url), {
        workerData: { params },
      });
      worker.on('message', (reply: WorkerReply) => this.onReply(worker, reply));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`seed generator worker exited with code ${code}`));
      });
      this.workers.push(worker);
      this.idle.push(worker);
    }
    // Built here while the workers start up (they never load faker themselves).
    const pools = buildPools(params.seed);
    for (const worker of this.workers) worker.postMessage({ pools });
  }

  generate(task: SeedTask): Promise<Uint8Array> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { table: task.table, resolve, reject });
      this.queue.push({ id, task });
      this.dispatch();
    });
  }

  release(bytes: Uint8Array): void {
    this.buffers.giveBack(bytes);
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const request = this.queue.shift()!;
      // A free buffer goes along at dispatch time, not at queueing time: the freshest one.
      const buffer = this.buffers.take(request.task.table);
      if (buffer) this.idle.pop()!.postMessage({ ...request, buffer }, [buffer]);
      else this.idle.pop()!.postMessage(request);
    }
  }

  private onReply(worker: Worker, reply: WorkerReply): void {
    const entry = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    this.idle.push(worker);
    this.dispatch();
    if (!entry) return;
    if ('error' in reply) entry.reject(new Error(reply.error));
    else entry.resolve(this.buffers.lend(reply.bytes, entry.table));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const entry of this.pending.values()) entry.reject(error);
    this.pending.clear();
  }

  async close(): Promise<void> {
    this.failure ??= new Error('generator pool closed');
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
