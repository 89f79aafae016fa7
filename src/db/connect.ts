import pg from 'pg';
import { toError, UserError } from '../util/errors.ts';
import { maskSecretsInText, maskUrl, parseDatabaseUrl } from './url.ts';

export const APPLICATION_NAME = 'pgready';

/** Connection options for node-postgres from a URL, always tagged `application_name=pgready`. */
export function clientConfig(url: string, extra: pg.ClientConfig = {}): pg.ClientConfig {
  const parsed = parseDatabaseUrl(url);
  if (!parsed.ok) throw new UserError(parsed.problem);
  return {
    connectionString: url,
    application_name: APPLICATION_NAME,
    connectionTimeoutMillis: 10_000,
    ...extra,
  };
}

/**
 * Opens one client. Failures the user can fix (wrong host, password, database) become a UserError
 * with one line that names the masked URL and what to do.
 */
export async function connect(url: string, extra: pg.ClientConfig = {}): Promise<pg.Client> {
  const client = new pg.Client(clientConfig(url, extra));
  // An idle client whose server goes away emits 'error'; without a listener that kills the process.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw connectionError(url, error);
  }
  return client;
}

/** Runs `fn` with a connected client and always closes it. */
export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connect(url);
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Maps a connection failure to one clear, password-free message. */
export function connectionError(url: string, value: unknown): UserError {
  const error = toError(value) as Error & { code?: string };
  const where = maskUrl(url);
  const code = error.code ?? '';
  const detail = maskSecretsInText(error.message);
  switch (code) {
    case 'ECONNREFUSED':
      return new UserError(
        `cannot connect to ${where}: connection refused (is the server running and listening on that host and port?)`,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new UserError(
        `cannot connect to ${where}: the host name does not resolve; check the host in the URL`,
      );
    case 'ETIMEDOUT':
      return new UserError(`cannot connect to ${where}: timed out; check the host, port and firewall`);
    case '28P01':
    case '28000':
      return new UserError(
        `cannot connect to ${where}: authentication failed (${detail}); check the user and password`,
      );
    case '3D000':
      return new UserError(`cannot connect to ${where}: ${detail}; create it first or fix the database name`);
    case '53300':
      return new UserError(
        `cannot connect to ${where}: too many connections; lower the load or raise max_connections`,
      );
    default:
      if (/timeout/i.test(error.message)) {
        return new UserError(`cannot connect to ${where}: timed out; check the host, port and firewall`);
      }
      return new UserError(`cannot connect to ${where}: ${detail}`);
  }
}
