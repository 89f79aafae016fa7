/**
 * The catalogue a command uses (built-ins, config `indexes`, the code's `indexesFrom`), with the
 * code's unreadable statements and empty globs said once on standard error. Imported only by
 * command implementations (it loads the SQL parser).
 */
import type { PgreadyConfig } from '../config/schema.ts';
import { type LoadedCatalogue, loadCatalogue } from '../indexes/code-catalogue.ts';

export function commandCatalogue(config: PgreadyConfig, configFile: string | undefined): LoadedCatalogue {
  const loaded = loadCatalogue(config, configFile);
  for (const problem of loaded.code?.problems ?? [])
    process.stderr.write(`pgready: indexesFrom: ${problem} (statement skipped; the others count)\n`);
  for (const warning of loaded.code?.warnings ?? []) process.stderr.write(`pgready: warning: ${warning}\n`);
  return loaded;
}
