/** PostgreSQL URLs: parse with a clear problem, swap the database. Masking lives in util/mask.ts. */
import { maskSecretsInText, maskUrl } from '../util/mask.ts';

export { maskSecretsInText, maskUrl };

/** Parses a URL into its parts, or returns a clear problem description. */
export function parseDatabaseUrl(url: string): { ok: true; url: URL } | { ok: false; problem: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return {
      ok: false,
      problem: `"${maskSecretsInText(url)}" is not a URL; expected postgresql://user@host:port/database (a password after the user, as user:password, is optional)`,
    };
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    return {
      ok: false,
      problem: `"${maskUrl(url)}" uses the scheme "${parsed.protocol}"; expected postgresql://user@host:port/database (a password after the user, as user:password, is optional)`,
    };
  }
  return { ok: true, url: parsed };
}

/** Returns the URL with another database name (same server, same credentials). */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** The database name a URL points at. */
export function databaseName(url: string): string {
  const parsed = new URL(url);
  return decodeURIComponent(parsed.pathname.replace(/^\//, '')) || parsed.username || 'postgres';
}
