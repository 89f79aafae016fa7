/**
 * The twin's generator threads (or the calling thread, workers = 0): each receives the plan once
 * and turns tasks into COPY binary rows in a buffer that travels back and forth (transferred, never
 * copied), the way the built-in seeder's pool does, so memory stays at the chunks in flight.
 */
import { CopyWriter } from '../../seed/generators/binary.ts';
import { type PoolReply, type PoolRequest, TableBuffers, WorkerPool } from '../seed/worker-pool.ts';
import { workerEntry } from '../util/modules.ts';
import { generateTask, type PreparedTable, prepareTable } from './generate.ts';
import type { TwinPlan, TwinTask } from './plan-types.ts';

export interface TwinPool {
  generate(task: TwinTask): Promise<Uint8Array>;
  release(bytes: Uint8Array): void;
  close(): Promise<void>;
}

/** Messages to and from a twin worker. */
export type TwinRequest = PoolRequest<TwinTask>;
export type TwinReply = PoolReply;

export function createTwinPool(plan: TwinPlan, workers: number): TwinPool {
  return workers > 0
    ? new WorkerPool<number, TwinTask>(workerEntry(import.meta.url), { plan }, workers, 'twin generator')
    : new InlinePool(plan);
}

class InlinePool implements TwinPool {
  private readonly prepared: PreparedTable[];
  private readonly out = new CopyWriter(0);
  private readonly buffers = new TableBuffers<number>();
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
