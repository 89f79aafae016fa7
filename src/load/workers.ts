/** Starts the app-instance worker threads, talks to them, and always ends them. */
import { Worker } from 'node:worker_threads';
import { connectionError } from '../db/connect.ts';
import { workerEntry } from '../util/modules.ts';
import type { MainToWorker, WorkerInit, WorkerToMain } from './messages.ts';

const ENTRY = workerEntry(import.meta.url);

export class WorkerGroup {
  private readonly workers: Worker[];
  private listener: ((message: WorkerToMain, instance: number) => void) | undefined;
  private failure: ((error: Error) => void) | undefined;
  private closing = false;
  private readonly exited: boolean[];

  private constructor(inits: WorkerInit[]) {
    this.workers = inits.map((workerData) => new Worker(ENTRY, { workerData }));
    this.exited = this.workers.map(() => false);
    this.workers.forEach((worker, instance) => {
      worker.on('message', (message: WorkerToMain) => {
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
        this.exited[instance] = true;
        if (!this.closing)
          this.failure?.(new Error(`app instance ${instance} exited unexpectedly (code ${code})`));
      });
    });
  }

  /** Starts one worker per init and waits until each holds a working connection. */
  static async start(inits: WorkerInit[]): Promise<WorkerGroup> {
    const group = new WorkerGroup(inits);
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

  get size(): number {
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
      this.workers.map(async (worker, instance) => {
        if (this.exited[instance]) return;
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
