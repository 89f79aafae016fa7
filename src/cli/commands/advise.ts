import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULTS } from '../../config/defaults.ts';
import { lazyAction } from '../lazy.ts';
import { addLoadFlags } from '../load-flags.ts';
import { addTargetOptions } from '../options.ts';

function parseMaxCandidates(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError(
      `"${value}" is not a number of candidates; give a whole number ≥ 1 (default ${DEFAULTS.adviseMaxCandidates})`,
    );
  return n;
}

export function adviseCommand(): Command {
  const command = addTargetOptions(new Command('advise'))
    .description(
      'find the index that makes a failing scenario meet its targets: candidates from the parsed query, pruned with HypoPG where present, each built, measured alone and under load, and dropped (on a database pgready owns)',
    )
    .argument('[scenario...]', 'read scenarios to advise on (or --from RESULT.json)')
    .option('--from <result.json>', 'the scenarios that failed in this run result')
    .option(
      '--max-candidates <n>',
      `candidate indexes per scenario at most (default ${DEFAULTS.adviseMaxCandidates})`,
      parseMaxCandidates,
    )
    .option(
      '--writes',
      "also measure the write mix beside each candidate: the writes' p95 with and without it",
    )
    .addOption(
      new Option('--format <format>', 'report format (default text)').choices([
        'text',
        'markdown',
        'html',
        'json',
      ]),
    )
    .option('-o, --output <file>', 'write the report (in --format) to this file instead of stdout')
    .option(
      '--migration <file>',
      'where to write the winners as a migration (default reports/<time>-advise.sql)',
    )
    .option('--fix-script <file>', 'where to write the fix script (default reports/<time>-advise-fix.sql)')
    .option('--no-progress', 'no progress lines on stderr');
  addLoadFlags(command, DEFAULTS.timing.advise)
    .addHelpText(
      'after',
      `
On a database pgready owns (a seed, or a twin made by seed --like) each candidate is journaled in
pgready_meta, built with CREATE INDEX CONCURRENTLY, measured exactly as run measures a phase
(--baseline N on one connection, then the load), and dropped; the existing indexes stay. Ctrl-C
cancels a build and drops it (exit 130); a killed advise's candidates are dropped by the next
command. The winner: its plan uses it, it meets the targets under load (and a carrier's claim),
the smallest, ties by build time.

On any other database only the planner speaks: with HypoPG already installed there, a planner-only
answer marked "suggested, not measured" (exit 0); without it, exit 2. Nothing is built there.

Exit 0 when every scenario has a winner or keeps what it has, 1 when one has none.`,
    )
    .action(lazyAction(async () => (await import('../actions/advise.ts')).adviseAction));
  return command;
}
