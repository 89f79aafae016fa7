/**
 * `pgready serve`: the demo API a browser (or `run --driver http`) calls, one route per scenario,
 * through the production pool, until Ctrl-C or SIGTERM closes it gracefully.
 */
import { Command, Option } from 'commander';
import { DEFAULTS } from '../../config/defaults.ts';
import { resolvePool } from '../../config/pool.ts';
import { connect } from '../../db/connect.ts';
import { PROTOCOLS } from '../../load/load-options.ts';
import { loadScenarios } from '../../scenarios/load.ts';
import type { ServedScenario } from '../../serve/app.ts';
import { servedFromDatabase } from '../../serve/scenarios.ts';
import { parseListen, startServe } from '../../serve/server.ts';
import { onCleanup } from '../../util/lifecycle.ts';
import { addTargetOptions, type CommonOptions, openTarget, parseNonNegativeInt } from '../options.ts';

interface ServeCliOptions extends CommonOptions {
  listen: string;
  protocol: 'simple' | 'extended' | 'prepared';
  seed?: number;
}

export function serveCommand(): Command {
  return addTargetOptions(new Command('serve'))
    .description(
      'the demo API: one JSON route per scenario (GET /scenarios/NAME?params=[…]) through a production-sized pool, with Server-Timing (pool wait, database time, total)',
    )
    .argument('[scenario...]', 'scenarios to serve (default: all)')
    .option('--listen <host:port>', 'address to listen on (loopback by default)', '127.0.0.1:8080')
    .addOption(
      new Option('--protocol <mode>', 'query protocol, as pgbench -M')
        .choices([...PROTOCOLS])
        .default(DEFAULTS.load.protocol),
    )
    .option(
      '--seed <n>',
      `seed of the sample and of parameters drawn when a request gives none (default ${DEFAULTS.seed})`,
      parseNonNegativeInt,
    )
    .addHelpText(
      'after',
      `
Routes:
  GET /scenarios                     the scenarios served, with their parameter counts
  GET /scenarios/NAME?params=[…]     runs NAME with a JSON array of parameters (none: drawn from a sample)
  GET /health                        {"status":"ok"} and the pool's connections
Answers: 200 JSON rows; 400 JSON error on an unknown scenario or bad parameters; 500 JSON with the
SQLSTATE on a database error (never a stack trace or a password). Ctrl-C or SIGTERM: in-flight
requests finish, the pool closes.`,
    )
    .action(async (names: string[], options: ServeCliOptions) => {
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
    });
}
