/**
 * A server that goes away mid-run (its backend terminated, a restart, a failover) is a fault to
 * survive, not a reason to lose what was measured. `isConnectionLoss` tells those errors apart from
 * query errors; `retryOnConnectionLoss` runs a step again on a fresh connection with backoff, for
 * what must still happen (restoring dropped indexes above all).
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** SQLSTATE classes and driver errors that mean the connection, not the query, failed. */
const LOSS_CODES = new Set(['57P01', '57P02', '57P03', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

export function isConnectionLoss(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | undefined;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (LOSS_CODES.has(code) || code.startsWith('08')) return true;
  const message = typeof e?.message === 'string' ? e.message : '';
  return /Connection terminated|connection error and is not queryable|cannot connect to .*(refused|timed out|the database system is (starting up|shutting down))|server closed the connection|Client was closed/i.test(
    message,
  );
}

export interface RetryOptions {
  /** Give up after this long in all (the last error is thrown). */
  maxWaitMs: number;
  /** Told before each retry. */
  onRetry?: (message: string) => void;
}

export const DEFAULT_RETRY: RetryOptions = { maxWaitMs: 60_000 };

/** Runs `fn`; on a connection loss waits (0.25 s doubling to 4 s) and runs it again, up to `maxWaitMs`. */
export async function retryOnConnectionLoss<T>(
  what: string,
  fn: () => Promise<T>,
  options: RetryOptions = DEFAULT_RETRY,
): Promise<T> {
  const started = performance.now();
  let delayMs = 250;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!isConnectionLoss(error) || performance.now() - started + delayMs > options.maxWaitMs) throw error;
      options.onRetry?.(
        `${what}: lost the connection (${(error as Error).message}); reconnecting in ${delayMs} ms (attempt ${attempt + 1})`,
      );
      await sleep(delayMs);
      delayMs = Math.min(4_000, delayMs * 2);
    }
  }
}
