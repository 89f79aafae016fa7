/**
 * Server settings a role without superuser may not be allowed to read. `shared_preload_libraries`
 * is one (it needs pg_read_all_settings): reading it must not end a command that only wanted to
 * know, on a database pgready did not make, with a role that may read little.
 */
import type pg from 'pg';

/** SQLSTATE insufficient_privilege. */
const INSUFFICIENT_PRIVILEGE = '42501';

/** The libraries the server preloads, or undefined when this role may not read the setting. */
export async function preloadedLibraries(client: pg.ClientBase): Promise<string[] | undefined> {
  try {
    const { rows } = await client.query<{ libs: string }>(
      `SELECT current_setting('shared_preload_libraries') AS libs`,
    );
    return (rows[0]?.libs ?? '')
      .split(',')
      .map((l) => l.trim().replace(/^"|"$/g, ''))
      .filter((l) => l !== '');
  } catch (error) {
    if ((error as { code?: string }).code === INSUFFICIENT_PRIVILEGE) return undefined;
    throw error;
  }
}
