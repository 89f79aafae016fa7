import type pg from 'pg';

/** Settings that decide how fast a demo query can be; recorded with every result. */
export const SETTINGS_THAT_MATTER = [
  'max_connections',
  'shared_buffers',
  'effective_cache_size',
  'work_mem',
  'maintenance_work_mem',
  'random_page_cost',
  'effective_io_concurrency',
  'max_parallel_workers_per_gather',
  'jit',
  'synchronous_commit',
  'default_statistics_target',
  'statement_timeout',
] as const;

export interface ServerInfo {
  version: string;
  versionNum: number;
  settings: Record<string, string>;
}

export async function serverInfo(client: pg.Client): Promise<ServerInfo> {
  const version = await client.query<{ v: string; n: string }>(
    "SELECT current_setting('server_version') AS v, current_setting('server_version_num') AS n",
  );
  const settings = await client.query<{ name: string; setting: string }>(
    `SELECT name, CASE WHEN unit IS NULL THEN setting ELSE current_setting(name) END AS setting
       FROM pg_settings WHERE name = ANY($1) ORDER BY name`,
    [SETTINGS_THAT_MATTER as unknown as string[]],
  );
  return {
    version: version.rows[0]!.v,
    versionNum: Number(version.rows[0]!.n),
    settings: Object.fromEntries(settings.rows.map((row) => [row.name, row.setting])),
  };
}

/** Shared-buffer hit ratio of the current database (1 = everything served from cache). */
export async function cacheHitRatio(client: pg.Client): Promise<number> {
  const result = await client.query<{ ratio: number | null }>(
    `SELECT blks_hit::float8 / NULLIF(blks_hit + blks_read, 0) AS ratio
       FROM pg_stat_database WHERE datname = current_database()`,
  );
  return result.rows[0]?.ratio ?? 0;
}
