import { Command } from 'commander';
import { lazyAction } from '../lazy.ts';
import { addTargetOptions, parsePositiveInt } from '../options.ts';

/**
 * `pgready scenarios`: the demo queries pgready measures, with category, targets and indexes;
 * `scenarios import` and `scenarios capture` write an application's own queries as scenario files.
 */
export function scenariosCommand(): Command {
  const command = new Command('scenarios')
    .description('list the demo query scenarios: category, latency targets, the indexes each relies on')
    .option('--config <file>', 'config file (its "scenarioDirs" add scenario folders)')
    .option('--json', 'print JSON')
    .action(lazyAction(async () => (await import('../actions/scenarios.ts')).scenariosAction));
  command.addCommand(importCommand());
  command.addCommand(captureCommand());
  return command;
}

function importCommand(): Command {
  return addTargetOptions(
    new Command('import')
      .description(
        "write the application's named queries (sqlc: -- name: NAME above each statement) as NAME.scenario.yaml files, parameters bound to real values",
      )
      .argument('<file.sql...>', 'query files in the sqlc convention'),
  )
    .requiredOption('--out <dir>', 'folder to write the scenario files into (add it to "scenarioDirs")')
    .option('--force', 'overwrite scenario files that exist in --out')
    .option('--json', 'print what was written as JSON')
    .addHelpText(
      'after',
      `
Lines above a query (all optional but -- name): -- name: follow-up-history :many, -- category: Detail Views,
-- carries: INDEX, -- expect: INDEX[, INDEX], -- weight: N, -- param $2: 50.
Read-only against the target: it prepares each query and runs the sample queries it writes.
Exit 0 when every written file loads; 2 when a file needs a hand (a $n to fill in, a query that does not prepare),
or, with nothing written, for a usage error.`,
    )
    .action(lazyAction(async () => (await import('../actions/scenarios-import.ts')).scenariosImportAction));
}

function captureCommand(): Command {
  return addTargetOptions(
    new Command('capture').description(
      "write the statements pg_stat_statements recorded on the requirement's tables as NAME.scenario.yaml files, the costliest first",
    ),
  )
    .requiredOption('--out <dir>', 'folder to write the scenario files into (add it to "scenarioDirs")')
    .option('--top <n>', 'how many statements (by total execution time)', parsePositiveInt, 10)
    .option('--tables <a,b>', "only statements on these tables (default: the catalogue's tables)")
    .option('--force', 'overwrite scenario files that exist in --out')
    .option('--json', 'print what was written as JSON')
    .addHelpText(
      'after',
      `
Needs pg_stat_statements: shared_preload_libraries = 'pg_stat_statements' (restart), then CREATE EXTENSION pg_stat_statements;
a role that is not superuser also needs pg_read_all_stats to read other roles' statements. Read-only.
Exit codes as for "scenarios import".`,
    )
    .action(lazyAction(async () => (await import('../actions/scenarios-capture.ts')).scenariosCaptureAction));
}
