/**
 * What the server does for its cache by itself and what --prewarm may do: whether pg_prewarm's
 * autoprewarm reloads the buffers after a restart (with the setting to add when it does not), and
 * loading relations with pg_prewarm() when the extension exists. Creating the extension is a write:
 * the caller decides (--create-extension, and --yes on production).
 */
import type pg from 'pg';
import { preloadedLibraries } from '../db/settings.ts';

export interface AutoprewarmState {
  enabled: boolean;
  sharedPreloadLibraries: string;
  settingToAdd?: string;
}

export async function autoprewarmState(client: pg.ClientBase): Promise<AutoprewarmState> {
  const libraries = await preloadedLibraries(client);
  const { rows } = await client.query<{ auto: string | null }>(
    `SELECT current_setting('pg_prewarm.autoprewarm', true) AS auto`,
  );
  const libs = libraries?.join(',') ?? '';
  const loaded = libraries?.includes('pg_prewarm') ?? false;
  // pg_prewarm.autoprewarm defaults to on once the library is preloaded.
  const enabled = loaded && (rows[0]?.auto ?? 'on') === 'on';
  if (enabled) return { enabled, sharedPreloadLibraries: libs };
  const list = loaded ? libs : [libs, 'pg_prewarm'].filter((l) => l.trim() !== '').join(',');
  return {
    enabled,
    sharedPreloadLibraries: libs,
    settingToAdd:
      libraries === undefined
        ? `this role may not read shared_preload_libraries (grant pg_read_all_settings to see it); for autoprewarm it must list pg_prewarm, with pg_prewarm.autoprewarm = on in postgresql.conf (restart needed)`
        : `shared_preload_libraries = '${list}' and pg_prewarm.autoprewarm = on in postgresql.conf (restart needed): the server then reloads the buffers it had after every restart`,
  };
}

export async function hasExtension(client: pg.ClientBase, name: string): Promise<boolean> {
  const { rowCount } = await client.query('SELECT 1 FROM pg_extension WHERE extname = $1', [name]);
  return (rowCount ?? 0) > 0;
}

/** Whether the server can create the extension at all (its files are installed). */
export async function extensionAvailable(client: pg.ClientBase, name: string): Promise<boolean> {
  const { rowCount } = await client.query('SELECT 1 FROM pg_available_extensions WHERE name = $1', [name]);
  return (rowCount ?? 0) > 0;
}

/** Loads each relation into shared buffers; returns blocks loaded per relation. */
export async function prewarmRelations(
  client: pg.ClientBase,
  relations: readonly { relid: number; relation: string }[],
): Promise<{ relation: string; blocks: number }[]> {
  const loaded: { relation: string; blocks: number }[] = [];
  for (const r of relations) {
    const { rows } = await client.query<{ n: string }>('SELECT pg_prewarm($1::regclass) AS n', [r.relid]);
    loaded.push({ relation: r.relation, blocks: Number(rows[0]?.n ?? 0) });
  }
  return loaded;
}
