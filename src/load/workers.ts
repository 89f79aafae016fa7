/**
 * Starts the worker threads that host the app instances, talks to them, and always ends them.
 * Threads never outnumber the cores: on two cores, four threads (one per instance) spent 2.5× the
 * CPU per query of one or two (context switches, fewer responses handled per wake-up), and the
 * load generator's own CPU is what competes with the database on a shared machine. Instances are
 * dealt round-robin, so each thread carries the same share of the load.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { connectionError } from '../db/connect.ts';
import { workerEntry } from '../util/modules.ts';
import type { MainToWorker, WorkerInit, WorkerThreadInit, WorkerToMain } from './messages.ts';

const ENTRY = workerEntry(import.meta.url);

export class WorkerGroup {
  private readonly workers: Worker[];
  private readonly instances: number;
  private listener: ((message: WorkerToMain, instance: number) => void) | undefined;
  private failure: ((error: Error) => void) | undefined;
  private closing = false;
  private readonly exited: boolean[];

  private constructor(inits: WorkerInit[], threads: number) {
    this.instances = inits.length;
    const hosted = Array.from(
      { length: Math.max(1, Math.min(threads, inits.length)) },
      () => [] as WorkerInit[],
    );
    for (const [i, init] of inits.entries()) hosted[i % hosted.length]!.push(init);
    this.workers = hosted.map(
      (instances) => new Worker(ENTRY, { workerData: { instances } satisfies WorkerThreadInit }),
    );
    this.exited = this.workers.map(() => false);
    this.workers.forEach((worker, thread) => {
      worker.on('message', (message: WorkerToMain) => {
        const instance = message.instance ?? hosted[thread]![0]!.instanceIndex;
        if (message.type === 'error') {
          this.failure?.(
            message.code
              ? connectionError(
                  inits[instance]!.url,
                  Object.assign(new Error(message.message), { code: message.code }),
                )
              : new Error(`app instance ${instance}: ${message.message}`),
          );
        } else this.listener?.(message, instance);
      });
      worker.on('error', (error) => this.failure?.(error));
      worker.on('exit', (code) => {
        this.exited[thread] = true;
        if (!this.closing)
          this.failure?.(
            new Error(
              `app instance ${hosted[thread]!.map((i) => i.instanceIndex).join(', ')} exited unexpectedly (code ${code})`,
            ),
          );
      });
    });
  }

  /**
   * Starts the instances on at most `threads` worker threads (default: the cores) and waits until
   * each instance holds a working connection.
   */
  static async start(inits: WorkerInit[], threads = os.availableParallelism()): Promise<WorkerGroup> {
    const group = new WorkerGroup(inits, threads);
    try {
      await group.until((message, _instance, ready) => {
        if (message.type === 'ready') ready.add(_instance);
        return ready.size === inits.length;
      });
    } catch (error) {
      await group.close();
      throw error;
    }
    return group;
  }

  /** App instances (not threads): each reports its own intervals and its own end of segment. */
  get size(): number {
    return this.instances;
  }

  get threads(): number {
    return this.workers.length;
  }

  send(message: MainToWorker): void {
    for (const worker of this.workers) worker.postMessage(message);
  }

  /**
   * Feeds every message to `handle` until it returns true; rejects when a worker fails.
   * `seen` is a scratch set the handler may use to count instances.
   */
  until(handle: (message: WorkerToMain, instance: number, seen: Set<number>) => boolean): Promise<void> {
    const seen = new Set<number>();
    return new Promise<void>((resolve, reject) => {
      this.failure = (error) => {
        this.listener = undefined;
        this.failure = undefined;
        reject(error);
      };
      this.listener = (message, instance) => {
        let done = false;
        try {
          done = handle(message, instance, seen);
        } catch (error) {
          this.failure?.(error as Error);
          return;
        }
        if (done) {
          this.listener = undefined;
          this.failure = undefined;
          resolve();
        }
      };
    });
  }

  /** Asks every worker to end its pool and exit; terminates the ones that do not within `timeoutMs`. */
  async close(timeoutMs = 5_000): Promise<void> {
    this.closing = true;
    this.listener = undefined;
    this.failure = undefined;
    await Promise.all(
      this.workers.map(async (worker, thread) => {
        if (this.exited[thread]) return;
        const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
        try {
          worker.postMessage({ type: 'close' } satisfies MainToWorker);
        } catch {}
        const timer = setTimeout(() => void worker.terminate(), timeoutMs);
        await exited;
        clearTimeout(timer);
      }),
    );
  }
}
