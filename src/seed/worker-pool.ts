/**
 * The thread side of a generator pool, one for every seeder (the built-in seed and the twin of
 * `seed --like`): tasks queued to idle worker threads, a free buffer of the same table sent along
 * at dispatch, replies resolved in order of arrival, the first failure failing every pending task.
 * Each seeder gives its worker entry and the data its workers start with; the tasks are its own.
 */
import { Worker } from 'node:worker_threads';

/** Messages between a pool and its workers. */
export interface PoolRequest<Task> {
  id: number;
  task: Task;
  /** A buffer to write into (transferred), when the pool has a free one. */
  buffer?: ArrayBuffer;
}
export type PoolReply = { id: number; bytes: Uint8Array } | { id: number; error: string };

/**
 * The pool's buffers: handed out with a chunk's bytes, given back once sent, free per table (a few
 * at most: more come back only when fewer chunks are in flight; the rest go to the collector).
 */
export class TableBuffers<Table> {
  private static readonly MAX_FREE_PER_TABLE = 8;
  private readonly free = new Map<Table, ArrayBuffer[]>();
  private readonly lent = new WeakMap<ArrayBuffer, { table: Table }>();

  take(table: Table): ArrayBuffer | undefined {
    return this.free.get(table)?.pop();
  }

  lend(bytes: Uint8Array, table: Table): Uint8Array {
    this.lent.set(bytes.buffer as ArrayBuffer, { table });
    return bytes;
  }

  giveBack(bytes: Uint8Array): void {
    const buffer = bytes.buffer as ArrayBuffer;
    const entry = this.lent.get(buffer);
    if (!entry) return;
    this.lent.delete(buffer);
    const list = this.free.get(entry.table) ?? [];
    this.free.set(entry.table, list);
    if (list.length < TableBuffers.MAX_FREE_PER_TABLE) list.push(buffer);
  }
}

interface Pending<Table> {
  table: Table;
  resolve: (bytes: Uint8Array) => void;
  reject: (error: Error) => void;
}

/** Worker threads that turn tasks into COPY bytes. */
export class WorkerPool<Table, Task extends { table: Table }> {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: PoolRequest<Task>[] = [];
  private readonly pending = new Map<number, Pending<Table>>();
  private readonly buffers = new TableBuffers<Table>();
  private nextId = 1;
  private failure: Error | undefined;

  /** `entry`: the worker module (`workerEntry(import.meta.url)` of the seeder); `label` names it in errors. */
  constructor(
    entry: URL,
    workerData: unknown,
    count: number,
    private readonly label: string,
  ) {
    for (let i = 0; i < count; i++) {
      const worker = new Worker(entry, { workerData });
      worker.on('message', (reply: PoolReply) => this.onReply(worker, reply));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`${label} worker exited with code ${code}`));
      });
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  /** Sends every worker one message before any task (data built while they start). */
  broadcast(message: unknown): void {
    for (const worker of this.workers) worker.postMessage(message);
  }

  generate(task: Task): Promise<Uint8Array> {
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

  private onReply(worker: Worker, reply: PoolReply): void {
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
    this.failure ??= new Error(`${this.label} pool closed`);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
