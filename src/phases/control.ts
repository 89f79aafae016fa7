/**
 * The run's control connection: it holds the writer lock, drops indexes, captures plans and inspects
 * the result. When its backend is terminated or the server restarts, the next use reconnects with
 * backoff and takes the lock again, so a run keeps going — or, if the server stays away, ends with
 * what it measured, marked partial — instead of losing everything to one dead socket.
 */

import type pg from 'pg';
import { connect } from '../db/connect.ts';
import { acquireWriterLock, type HeldLock } from '../db/lock.ts';
import {
  DEFAULT_RETRY,
  isConnectionLoss,
  type RetryOptions,
  retryOnConnectionLoss,
} from '../db/reconnect.ts';
import { UserError } from '../util/errors.ts';

export class ControlConnection {
  private current: pg.Client;
  private lock: HeldLock | undefined;
  private broken = false;
  /** Told about every reconnect (progress). */
  onRetry: ((message: string) => void) | undefined;

  private constructor(
    private readonly url: string,
    private readonly command: string | undefined,
    client: pg.Client,
    private readonly retry: RetryOptions,
    private readonly rejoins: boolean,
  ) {
    this.current = client;
    this.watch(client);
  }

  /** Connects; with `command`, takes the writer lock exclusively (or throws naming its holder). */
  static async open(
    url: string,
    options: {
      command?: string;
      retry?: RetryOptions;
      /**
       * False for a shard: its place on the timetable and its lock live in this session
       * (application_name, advisory lock), so a new session cannot silently take over; a lost
       * connection ends the shard's run instead (the journal restores the indexes).
       */
      rejoins?: boolean;
    } = {},
  ): Promise<ControlConnection> {
    const client = await connect(url);
    const control = new ControlConnection(
      url,
      options.command,
      client,
      options.retry ?? DEFAULT_RETRY,
      options.rejoins ?? true,
    );
    if (options.command) {
      try {
        control.lock = await acquireWriterLock(client, options.command);
      } catch (error) {
        await client.end().catch(() => {});
        throw error;
      }
    }
    return control;
  }

  /** The client as it is now (for reads that may fail without harm). */
  get client(): pg.Client {
    return this.current;
  }

  /** Runs `fn` on the control connection, reconnecting (and re-locking) after a connection loss. */
  use<T>(what: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
    return retryOnConnectionLoss(
      what,
      async () => {
        if (this.broken && !this.rejoins)
          throw new UserError(
            `${what}: the control connection was lost; a shard cannot rejoin its timetable with a new session, so this shard stops (the other shards stop too; the next pgready command restores any dropped index from the journal)`,
          );
        if (this.broken) await this.reconnect();
        try {
          return await fn(this.current);
        } catch (error) {
          if (isConnectionLoss(error)) this.broken = true;
          throw error;
        }
      },
      { ...this.retry, ...(this.onRetry ? { onRetry: this.onRetry } : {}) },
    );
  }

  async close(): Promise<void> {
    if (!this.broken) await this.lock?.release().catch(() => {});
    await this.current.end().catch(() => {});
  }

  private watch(client: pg.Client): void {
    const mark = () => {
      if (client === this.current) this.broken = true;
    };
    client.on('error', mark);
    client.on('end', mark);
  }

  private async reconnect(): Promise<void> {
    await this.current.end().catch(() => {});
    const client = await connect(this.url);
    this.current = client;
    this.watch(client);
    this.broken = false;
    if (this.command) this.lock = await acquireWriterLock(client, this.command);
  }
}
