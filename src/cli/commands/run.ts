import { Command, Option } from 'commander';
import { httpDriver, httpLoadOptions } from '../../http-driver/driver.ts';
import { resolveCatalogue } from '../../indexes/resolved.ts';
import { resolveLoad } from '../../load/load-options.ts';
import { parsePhases, type WithoutMethod } from '../../phases/plan.ts';
import { loadScenarios } from '../../scenarios/load.ts';
import { withWriteDir, writeScenarioNames } from '../../scenarios/writes.ts';
import { UserError } from '../../util/errors.ts';
import { addLoadFlags, type LoadFlags, loadOptionsFrom } from '../load-flags.ts';
import { addTargetOptions, type CommonOptions, openTarget } from '../options.ts';
import { addReplicaFlag, type ReplicaFlags, replicaUrlsFrom } from '../replica-flags.ts';
import { addReportOptions } from '../report-option.ts';
import { runOptionsFrom, runSession, type SessionFlags } from '../run-session.ts';
import { addShardFlags, type ShardFlags, shardFrom } from '../shard-flags.ts';

/** Per-scenario timing of `run` when no flag says otherwise. */
export const RUN_TIMING = { durationMs: 10_000, warmupMs: 2_000 };

interface RunCliOptions extends CommonOptions, LoadFlags, SessionFlags, ReplicaFlags, ShardFlags {
  phases: string;
  without: WithoutMethod;
  mix?: boolean;
  dryRun?: boolean;
  driver: 'pg' | 'http';
  httpUrl?: string;
  writes?: boolean;
}

export function runCommand(): Command {
  const command = addTargetOptions(new Command('run'))
    .description(
      'run demo query scenarios concurrently through production-sized pools, without and then with the catalogue indexes, and judge the "with" phase against the targets',
    )
    .argument('[scenario...]', 'scenarios to run (default: all; see pgready scenarios)')
    .option('--phases <list>', 'phases in order: without, with', 'without,with')
    .addOption(
      new Option(
        '--without <method>',
        'how the "without" phase removes the indexes: drop (owned databases; journaled, rebuilt after) or planner (anywhere; approximate)',
      )
        .choices(['drop', 'planner'])
        .default('drop'),
    )
    .option('--mix', 'run the weighted scenario mix at once, as a dashboard page issues it')
    .addOption(
      new Option(
        '--driver <name>',
        'pg: node-postgres pools, as the app talks to the database; http: autocannon against the demo API (pgready serve), as a browser feels it',
      )
        .choices(['pg', 'http'])
        .default('pg'),
    )
    .option('--http-url <url>', 'with --driver http: a running pgready serve (default: started in-process)')
    .option(
      '--writes',
      'also run the write mix (lead status updates, new communication logs; owned databases only, on the primary)',
    )
    .option(
      '--dry-run',
      'print the resolved plan (phases, scenarios, load, pool, connections, what would be dropped) and exit',
    );
  addReportOptions(addShardFlags(addReplicaFlag(addLoadFlags(command, RUN_TIMING))))
    .option('-o, --output <file>', 'also save the result JSON here')
    .option('--json', 'print the result JSON instead of the table')
    .option('--no-progress', 'no live progress on stderr')
    .addHelpText(
      'after',
      `
The requirement's claims are checked as in \`pgready prove --help\`: a claim's after that fails is a
reason for NOT READY; an overstated before is reported, never a failure; --phases with, --baseline 0
and --without planner are said, never guessed.

--driver http: give --rate N (open model: N requests/s on a schedule over --vus connections) or
--vus N (closed: N connections back to back); --think-time, --stages and --arrival poisson are
refused. Latency is then HTTP, from each request's scheduled start; the report puts it next to the
database time the server measured (Server-Timing).

One connection alone: --baseline N is the quick column next to the load table (N executions);
pgready micro is the careful measurement (tinybench, time-bounded, warm-up, protocols compared).

The failing verdict (exit 1) is NOT READY.`,
    )
    .action(async (names: string[], options: RunCliOptions) => {
      const phases = parsePhases(options.phases);
      if (typeof phases === 'string') throw new UserError(phases);
      if (options.httpUrl && options.driver !== 'http') throw new UserError('--http-url needs --driver http');
      const base = loadOptionsFrom(options, RUN_TIMING);
      const load = resolveLoad(options.driver === 'http' ? httpLoadOptions(options, base) : base);
      const shard = shardFrom(options, load);
      const { target, config } = await openTarget(options);
      try {
        const wanted = options.writes && names.length ? [...names, ...writeScenarioNames()] : names;
        const scenarios = await loadScenarios({
          extraDirs: withWriteDir(config.scenarioDirs, { writes: options.writes ?? false, names }),
          catalogue: resolveCatalogue(config.indexes),
          ...(wanted.length ? { names: wanted } : {}),
        });
        await runSession(
          target,
          {
            ...runOptionsFrom(options, { config, load, scenarios, phases: phases }),
            ...(options.driver === 'http'
              ? { loadDriver: httpDriver(options.httpUrl ? { httpUrl: options.httpUrl } : {}) }
              : {}),
            readUrls: replicaUrlsFrom(options, config),
            ...(shard ? { shard } : {}),
            ...(options.startAt !== undefined ? { startAtMs: options.startAt } : {}),
          },
          options,
        );
      } finally {
        await target.release();
      }
    });
  return command;
}
