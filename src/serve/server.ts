/**
 * Starts and stops the demo API: one app pool (the production pool of one app instance, from the
 * same pool config as `run`), one `http` server on a loopback address by default, and a graceful
 * close: stop accepting, let in-flight requests finish (bounded), close idle keep-alive sockets,
 * end the pool.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ResolvedPoolOptions } from '../config/pool.ts';
import { connectionError } from '../db/connect.ts';
import type { Protocol } from '../load/load-options.ts';
import { createAppPool, samplePool } from '../load/pool.ts';
import type { PoolSample } from '../results/types.ts';
import { UserError } from '../util/errors.ts';
import { createApp, type ServedScenario } from './app.ts';

export interface ServeOptions {
  databaseUrl: string;
  pool: ResolvedPoolOptions;
  /** SET on every pool connection (e.g. the planner settings of `--without planner`). */
  sessionSettings?: Record<string, string>;
  scenarios: ServedScenario[];
  protocol: Protocol;
  seed: number;
  host: string;
  /** 0 picks a free port. */
  port: number;
}

export interface ServeHandle {
  /** `http://host:port`, as a client reaches it. */
  url: string;
  port: number;
  pool: () => PoolSample;
  /** Stops accepting, waits for in-flight requests (up to `graceMs`), ends the pool. */
  close(graceMs?: number): Promise<void>;
}

export async function startServe(options: ServeOptions): Promise<ServeHandle> {
  const pool = createAppPool(options.databaseUrl, options.pool, options.sessionSettings);
  try {
    (await pool.connect()).release();
  } catch (error) {
    await pool.end().catch(() => {});
    throw connectionError(options.databaseUrl, error);
  }
  const app = createApp({
    pool,
    scenarios: options.scenarios,
    protocol: options.protocol,
    seed: options.seed,
  });
  const server = http.createServer({ keepAlive: true }, app.handle);
  server.keepAliveTimeout = 30_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await pool.end().catch(() => {});
    const e = error as NodeJS.ErrnoException;
    throw new UserError(
      `cannot listen on ${options.host}:${options.port}: ${e.code === 'EADDRINUSE' ? 'the port is in use' : e.message}`,
    );
  }
  const port = (server.address() as AddressInfo).port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    pool: () => samplePool(pool),
    close(graceMs = 10_000) {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const until = Date.now() + graceMs;
        while (app.inFlight() > 0 && Date.now() < until) {
          await new Promise((r) => setTimeout(r, 10));
          server.closeIdleConnections();
        }
        server.closeAllConnections();
        await closed;
        await pool.end().catch(() => {});
      })();
      return closing;
    },
  };
}

/** Parses `--listen HOST:PORT` (or just a port); loopback by default. */
export function parseListen(value: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$|^(\d+)$/.exec(value.trim());
  const port = Number(match?.[3] ?? match?.[4]);
  if (!match || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new UserError(`--listen "${value}" is not HOST:PORT; use e.g. 127.0.0.1:8080`);
  }
  return { host: match[1] ?? (match[2] || '127.0.0.1'), port };
}
