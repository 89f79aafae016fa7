import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { EmbeddedServer } from '../../src/db/embedded/server.ts';
import { withDatabase } from '../../src/db/url.ts';
import { freePort } from './free-port.ts';

/**
 * The server tests run against: TEST_DATABASE_URL when set (any PostgreSQL; each test file creates
 * and drops its own database there), else the embedded server that `scripts/test.ts` started in a
 * temp directory (PGREADY_TEST_ADMIN_URL), else one this file starts for itself.
 */
let ownServer: { server: EmbeddedServer; home: string } | undefined;

export async function adminUrl(): Promise<string> {
  if (process.env.TEST_DATABASE_URL) return process.env.TEST_DATABASE_URL;
  if (process.env.PGREADY_TEST_ADMIN_URL) return process.env.PGREADY_TEST_ADMIN_URL;
  if (!ownServer) {
    const started = await startTempEmbedded();
    ownServer = started;
  }
  return ownServer.server.url('postgres');
}

/** Starts an embedded server with its own data directory in the system temp folder. */
export async function startTempEmbedded(): Promise<{
  server: EmbeddedServer;
  home: string;
  stop: () => void;
}> {
  const home = tempHome();
  const server = new EmbeddedServer({ home, port: await freePort() });
  await server.start();
  return {
    server,
    home,
    stop: () => {
      server.stop();
      removeHome(home, server);
    },
  };
}

/** A fresh directory in the system temp folder that the PostgreSQL OS user can enter. */
export function tempHome(): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'pgready-test-'));
  fs.chmodSync(home, 0o755);
  return home;
}

export function removeHome(home: string, server?: EmbeddedServer): void {
  const dataDir = server?.state()?.dataDir;
  fs.rmSync(home, { recursive: true, force: true });
  if (dataDir && !dataDir.startsWith(home))
    fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * Creates an empty database for one test file (or a copy of `template`, so each test can start
 * from the same seed without depending on another test); `drop()` removes it (and stops a
 * file-local server).
 */
export async function createTestDatabase(
  label: string,
  options: { template?: string } = {},
): Promise<TestDatabase> {
  const admin = await adminUrl();
  const name = `pgready_test_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${crypto.randomBytes(4).toString('hex')}`;
  await adminQuery(
    admin,
    `CREATE DATABASE ${name}${options.template ? ` TEMPLATE ${options.template}` : ''}`,
  );
  return {
    url: withDatabase(admin, name),
    name,
    drop: async () => {
      await adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      if (ownServer) {
        ownServer.server.stop();
        removeHome(ownServer.home, ownServer.server);
        ownServer = undefined;
      }
    },
  };
}

/** One query on its own connection: the one-shot helper every test uses. */
export async function adminQuery(url: string, sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  return withClient(url, (client) => client.query(sql, params));
}

/** Several queries on one connection (a session, a transaction), always closed after. */
export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  // A backend a test terminates must not kill the test process through an unhandled 'error'.
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}
