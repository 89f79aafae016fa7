/**
 * The one read-only session `scenarios import` and `capture` open on their target: the config
 * (its catalogue, its environments), the database the target options name (the embedded server by
 * default), `default_transaction_read_only` on. Nothing here repairs or writes anything.
 */
import type pg from 'pg';
import type { CatalogueIndex } from '../../../seed/catalogue.ts';
import { loadConfig } from '../../config/load.ts';
import type { PgreadyConfig } from '../../config/schema.ts';
import { connect } from '../../db/connect.ts';
import { type DatabaseTarget, resolveTarget } from '../../db/target.ts';
import { commandCatalogue } from '../catalogue.ts';
import type { CommonOptions } from '../options.ts';

export interface ReadSession {
  client: pg.Client;
  target: DatabaseTarget;
  config: PgreadyConfig;
  close(): Promise<void>;
}

/** The config and catalogue, before anything connects (usage errors come first). */
export async function loadCatalogue(
  options: CommonOptions,
): Promise<{ config: PgreadyConfig; catalogue: readonly CatalogueIndex[] }> {
  const { config, file } = await loadConfig(options.config ? { file: options.config } : {});
  // The one every command uses: built-ins, the config's `indexes`, and the code's `indexesFrom`.
  return { config, catalogue: commandCatalogue(config, file).catalogue };
}

export async function openReadSession(options: CommonOptions, config: PgreadyConfig): Promise<ReadSession> {
  const target = await resolveTarget(options, config);
  for (const note of target.notes) process.stderr.write(`pgready: note: ${note}\n`);
  let client: pg.Client;
  try {
    client = await connect(target.url);
    await client.query('SET default_transaction_read_only = on');
    await client.query('SET statement_timeout = 60000');
  } catch (error) {
    await target.release();
    throw error;
  }
  return {
    client,
    target,
    config,
    close: async () => {
      await client.end().catch(() => {});
      await target.release();
    },
  };
}
