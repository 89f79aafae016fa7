import { Command, Option } from 'commander';
import { DEFAULTS } from '../../config/defaults.ts';
import { lazyAction } from '../lazy.ts';
import { addTargetOptions, parseNonNegativeInt, parsePositiveInt } from '../options.ts';
import { addReportOptions } from '../report-option.ts';

/** `pgready verify`: are the indexes there, valid, used, and fast enough — read-only, with a safe fix. */
export function verifyCommand(): Command {
  const v = DEFAULTS.verify;
  const command = new Command('verify')
    .description(
      'check a database read-only: every catalogue index present, valid and matching, every scenario plan using its index, latency against the targets',
    )
    .argument('[scenario...]', 'only these scenarios (default: all)');
  addReportOptions(addTargetOptions(command))
    .option('--no-probe', 'skip the latency probe (judge indexes and plans only)')
    .option(
      '--schema <name>',
      'the schema that holds the requirement tables (default: "schema" in the config, else the search_path)',
    )
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'),
    )
    .option('--output <file>', 'also write the result as JSON to this file')
    .option('--save-fix-script <file>', 'write a guarded psql script that fixes what is missing or wrong')
    .option(
      '--auto-fix',
      'apply the fix (CREATE INDEX CONCURRENTLY …) and verify again: the only way verify writes',
    )
    .option('--yes', 'allow --auto-fix on an environment marked production')
    .option('--probe-iterations <n>', 'probe executions per scenario', parsePositiveInt, v.probeIterations)
    .option('--probe-concurrency <n>', 'probe connections per scenario', parsePositiveInt, v.probeConcurrency)
    .addOption(
      new Option('--protocol <protocol>', 'query protocol of the probe (as pgbench -M)')
        .choices(['simple', 'extended', 'prepared'])
        .default('extended'),
    )
    .option('--seed <n>', 'seed for the parameter sample', parseNonNegativeInt, DEFAULTS.seed)
    .addHelpText(
      'after',
      '\nThe failing verdict (exit 1) is NOT READY; 0 is ENTERPRISE READY.\nRead-only unless --auto-fix; --auto-fix on a production environment also needs --yes.',
    )
    .action(lazyAction(async () => (await import('../actions/verify.ts')).verifyAction));
  return command;
}
