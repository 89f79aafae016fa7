import { Command, Option } from 'commander';
import { DEFAULTS } from '../../config/defaults.ts';
import { lazyAction } from '../lazy.ts';
import { addLoadFlags } from '../load-flags.ts';
import { addTargetOptions } from '../options.ts';
import { addReplicaFlag } from '../replica-flags.ts';
import { addReportOptions } from '../report-option.ts';
import { addShardFlags } from '../shard-flags.ts';

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
        'pg: node-postgres pools, as the app talks to the database; http: HTTP requests to the demo API (pgready serve), as a browser feels it',
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
  addReportOptions(addShardFlags(addReplicaFlag(addLoadFlags(command, DEFAULTS.timing.run))))
    .option('-o, --output <file>', 'also save the result JSON here')
    .option('--json', 'print the result JSON instead of the table')
    .option('--no-progress', 'no live progress on stderr')
    .addHelpText(
      'after',
      `
The requirement's claims are checked as in \`pgready prove --help\`: a claim's after that fails is a
reason for NOT READY; an overstated before is reported, never a failure; --phases with, --baseline 0
and --without planner are said, never guessed.

--driver http: the same load engine and flags as the pg driver (--rate over at most --vus keep-alive
connections, or --vus users with --think-time, --stages, --arrival); only the requests go to the
demo API. Latency is then HTTP, from each request's scheduled start; a request waiting for a free
connection is schedule lag. The report puts it next to the server's pool wait and database time
(Server-Timing).

One connection alone: --baseline N is the quick column next to the load table (N executions);
pgready micro is the careful measurement (tinybench, time-bounded, warm-up, protocols compared).

The failing verdict (exit 1) is NOT READY.`,
    )
    .action(lazyAction(async () => (await import('../actions/run.ts')).runAction));
  return command;
}
