import { Command, InvalidArgumentError } from 'commander';
import { SCALE_NAMES, SCALES } from '../../../seed/scales.ts';
import { DEFAULTS } from '../../config/defaults.ts';
import { lazyAction } from '../lazy.ts';
import { addTargetOptions, parseNonNegativeInt, parsePositiveInt } from '../options.ts';

function parseCommsPerLead(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 1 || n > 200)
    throw new InvalidArgumentError(`"${value}" is not a number from 1 to 200`);
  return n;
}

function parsePositiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`"${value}" is not a number above 0`);
  return n;
}

export function seedCommand(): Command {
  const seed = addTargetOptions(new Command('seed'))
    .description(
      'load realistic, deterministic CRM data (leads, churn predictions, churn events, communication logs) with COPY; refuses a non-empty database pgready did not seed',
    )
    .option('-s, --scale <name>', `data volume: ${SCALE_NAMES.join(', ')}`, DEFAULTS.scale)
    .option(
      '--seed <n>',
      'random seed: the same scale and seed give identical data',
      parseNonNegativeInt,
      DEFAULTS.seed,
    )
    .option('--leads <n>', 'custom number of leads (overrides the scale)', parsePositiveInt)
    .option('--comms-per-lead <n>', 'mean communication logs per lead (default 6.5)', parseCommsPerLead)
    .option('--reset', "drop pgready's tables first (only in a database pgready seeded)")
    .option('--with-indexes', 'also build the five catalogue indexes (default: the honest "without" state)')
    .option(
      '--workers <n>',
      'generator threads (default: half the cores with a server on this machine, else all up to 8; 0 = main thread)',
      parseNonNegativeInt,
    )
    .option('--checksum', 'also print per-table checksums (proves determinism)')
    .option(
      '--like <url>',
      "build a statistical twin of this database's tables (read-only there; no row is copied)",
    )
    .option('--like-environment <name>', 'the twin’s source is this config environment')
    .option(
      '--like-schema <schema>',
      'schema of the source tables (default: the config\'s "schema", else public)',
    )
    .option(
      '--tables <a,b>',
      'twin these tables (default: the catalogue’s tables), plus the parents their foreign keys need',
    )
    .option('--rows <spec>', 'twin rows: table=N[k|M],… (others keep their ratio), or "enterprise"')
    .option('--factor <n>', 'twin rows: every table × n', parsePositiveNumber)
    .option('--no-source-indexes', 'do not recreate the source’s secondary indexes on the twin')
    .option('--keep-values', 'keep source values of personal-looking columns where the statistics hold them')
    .option('-o, --output <file>', 'save the twin’s fidelity result (kind twin) as JSON')
    .option('--no-progress', 'no progress output')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      `\nA statistical twin (seed --like URL): the same tables, shaped by the source's statistics, in pgready's own database; see docs/twin.md.\n\nScales:\n${SCALES.map((s) => `  ${s.name.padEnd(11)} ${s.leads.toLocaleString('en-US').padStart(10)} leads  ${s.description}`).join('\n')}`,
    )
    .action(lazyAction(async () => (await import('../actions/seed.ts')).seedAction));

  // The subcommand reads the target options of `seed` itself (commander parses them there).
  seed
    .command('checksum')
    .description('print per-table row counts and checksums of the seeded data (same flags as seed)')
    .action(lazyAction(async () => (await import('../actions/seed.ts')).seedChecksumAction));
  return seed;
}
