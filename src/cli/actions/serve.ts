/**
 * `pgready serve`: starts the demo API over the scenarios until interrupted.
 * Imported only when the command runs (commands/serve.ts defines its options and help).
 */
import { DEFAULTS } from '../../config/defaults.ts';
import { resolvePool } from '../../config/pool.ts';
import { connect } from '../../db/connect.ts';
import { loadScenarios } from '../../scenarios/load.ts';
import type { ServedScenario } from '../../serve/app.ts';
import { servedFromDatabase } from '../../serve/scenarios.ts';
import { parseListen, startServe } from '../../serve/server.ts';
import { onCleanup } from '../../util/lifecycle.ts';
import type { CommonOptions } from '../options.ts';
import { openTarget } from '../target.ts';

export interface ServeCliOptions extends CommonOptions {
  listen: string;
  protocol: 'simple' | 'extended' | 'prepared';
  seed?: number;
}

export async function serveAction(names: string[], options: ServeCliOptions): Promise<void> {
  const listen = parseListen(options.listen);
  const { target, config } = await openTarget(options);
  const seed = options.seed ?? DEFAULTS.seed;
  let served: ServedScenario[];
  try {
    const scenarios = await loadScenarios({
      extraDirs: config.scenarioDirs,
      ...(names.length ? { names } : {}),
    });
    const client = await connect(target.url);
    try {
      served = await servedFromDatabase(client, scenarios, seed);
    } finally {
      await client.end().catch(() => {});
    }
  } catch (error) {
    await target.release();
    throw error;
  }
  const pool = resolvePool(config.pool);
  const handle = await startServe({
    databaseUrl: target.url,
    pool,
    scenarios: served,
    protocol: options.protocol,
    seed,
    ...listen,
  }).catch(async (error: unknown) => {
    await target.release();
    throw error;
  });
  onCleanup('close the demo API', async () => {
    await handle.close();
    process.stderr.write('pgready serve: closed (in-flight requests finished, pool ended)\n');
  });
  process.stderr.write(
    `pgready serve: ${handle.url} · ${served.length} scenarios · ${target.displayUrl} · pool ${pool.baseSize} + ${pool.maxOverflow} overflow · ${options.protocol} protocol\n` +
      `  try: curl -i ${handle.url}/scenarios/${served[0]?.definition.name ?? 'NAME'}\n`,
  );
  // Runs until a signal: the lifecycle handler closes the server, then the target.
  await new Promise(() => {});
}
