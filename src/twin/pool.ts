/**
 * The twin's generator threads (or the calling thread, workers = 0): each receives the plan once
 * and turns tasks into COPY binary rows in a buffer that travels back and forth (transferred, never
 * copied), the way the built-in seeder's pool does, so memory stays at the chunks in flight.
 */
import { Worker } from 'node:worker_threads';
import { CopyWriter } from '../../seed/generators/binary.ts';
import { workerEntry } from '../util/modules.ts';
import { generateTask, type PreparedTable, prepareTable } from './generate.ts';
import type { TwinPlan, TwinTask } from './plan-types.ts';

export interface TwinPool {
  generate(task: TwinTask): Promise<Uint8Array>;
  release(bytes: Uint8Array): void;
  close(): Promise<void>;
}

/** Messages to and from a twin worker. */
export interface TwinRequest {
  id: number;
  task: TwinTask;
  buffer?: ArrayBuffer;
}
export type TwinReply = { id: number; bytes: Uint8Array } | { id: number; error: string };

const MAX_FREE = 8;

export function createTwinPool(plan: TwinPlan, workers: number): TwinPool {
  return workers > 0 ? new ThreadPool(plan, workers) : new InlinePool(plan);
}

class Buffers {
  private readonly free = new Map<number, ArrayBuffer[]>();
  private readonly lent = new WeakMap<ArrayBuffer, number>();
  take(table: number): ArrayBuffer | undefined {
    return this.free.get(table)?.pop();
  }
  lend(bytes: Uint8Array, table: number): Uint8Array {
    this.lent.set(bytes.buffer as ArrayBuffer, table);
    return bytes;
  }
  giveBack(bytes: Uint8Array): void {
    const buffer = bytes.buffer as ArrayBuffer;
    const table = this.lent.get(buffer);
    if (table === undefined) return;
    this.lent.delete(buffer);
    const list = this.free.get(table) ?? [];
    this.free.set(table, list);
    if (list.length < MAX_FREE) list.push(buffer);
  }
}

class InlinePool implements TwinPool {
  private readonly prepared: PreparedTable[];
  private readonly out = new CopyWriter(0);
  private readonly buffers = new Buffers();
  constructor(private readonly plan: TwinPlan) {
    this.prepared = plan.tables.map(prepareTable);
  }
  async generate(task: TwinTask): Promise<Uint8Array> {
    await new Promise((resolve) => setImmediate(resolve));
    const buffer = this.buffers.take(task.table);
    if (buffer) this.out.adopt(buffer);
    try {
      generateTask(this.plan, this.prepared[task.table]!, task, this.out);
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

class ThreadPool implements TwinPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: TwinRequest[] = [];
  private readonly pending = new Map<
    number,
    { table: number; resolve: (b: Uint8Array) => void; reject: (e: Error) => void }
  >();
  private readonly buffers = new Buffers();
  private nextId = 1;
  private failure: Error | undefined;

  constructor(plan: TwinPlan, count: number) {
    for (let i = 0; i < count; i++) {
      const worker = new Worker(workerEntry(import.meta.url), { workerData: { plan } });
      worker.on('message', (reply: TwinReply) => this.onReply(worker, reply));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`twin generator worker exited with code ${code}`));
      });
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  generate(task: TwinTask): Promise<Uint8Array> {
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
      const buffer = this.buffers.take(request.task.table);
      if (buffer) this.idle.pop()!.postMessage({ ...request, buffer }, [buffer]);
      else this.idle.pop()!.postMessage(request);
    }
  }

  private onReply(worker: Worker, reply: TwinReply): void {
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
    this.failure ??= new Error('twin generator pool closed');
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
