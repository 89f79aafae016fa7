import { Worker } from 'node:worker_threads';
import { CopyWriter } from '../../seed/generators/binary.ts';
import { generateChunk } from '../../seed/generators/index.ts';
import { buildPools, type EncodedPools, encodePools } from '../../seed/generators/pools.ts';
import type { GenerationParams } from '../../seed/generators/shape.ts';
import type { SeedTask } from './plan.ts';

/** Turns tasks into COPY binary rows, in worker threads or (workers = 0) on the calling thread. */
export interface GeneratorPool {
  generate(task: SeedTask): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** Messages between the pool and a worker (see worker.ts). */
export interface WorkerRequest {
  id: number;
  task: SeedTask;
}
export type WorkerReply = { id: number; bytes: Uint8Array } | { id: number; error: string };

export function createGeneratorPool(params: GenerationParams, workers: number): GeneratorPool {
  return workers > 0 ? new ThreadPool(params, workers) : new InlinePool(params);
}

class InlinePool implements GeneratorPool {
  private pools: EncodedPools | undefined;
  private readonly out = new CopyWriter();
  constructor(private readonly params: GenerationParams) {}

  async generate(task: SeedTask): Promise<Uint8Array> {
    // Yield first so COPY streams and progress get their turn between chunks.
    await new Promise((resolve) => setImmediate(resolve));
    this.pools ??= encodePools(buildPools(this.params.seed));
    this.out.reset();
    generateChunk(task.table, this.params, task.chunk, task.firstId, this.pools, this.out);
    return this.out.takeCopy();
  }

  async close(): Promise<void> {}
}

interface Pending {
  resolve: (bytes: Uint8Array) => void;
  reject: (error: Error) => void;
}

class ThreadPool implements GeneratorPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: WorkerRequest[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure: Error | undefined;

  constructor(params: GenerationParams, count: number) {
    for (let i = 0; i < count; i++) {
      const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), {
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
      this.pending.set(id, { resolve, reject });
      this.queue.push({ id, task });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) this.idle.pop()!.postMessage(this.queue.shift()!);
  }

  private onReply(worker: Worker, reply: WorkerReply): void {
    const entry = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    this.idle.push(worker);
    this.dispatch();
    if (!entry) return;
    if ('error' in reply) entry.reject(new Error(reply.error));
    else entry.resolve(reply.bytes);
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
