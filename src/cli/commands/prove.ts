import { Command, Option } from 'commander';
import { SCALE_NAMES } from '../../../seed/scales.ts';
import { DEFAULTS } from '../../config/defaults.ts';
import { lazyAction } from '../lazy.ts';
import { addLoadFlags } from '../load-flags.ts';
import { addTargetOptions } from '../options.ts';
import { addReportOptions } from '../report-option.ts';

export function proveCommand(): Command {
  const command = addTargetOptions(new Command('prove'))
    .description(
      "the main job: seed if needed, run every scenario without and then with the catalogue indexes, check the requirement's claims, print the table, save the result; exit 0 only when ready",
    )
    .option(
      '-s, --scale <name>',
      `data volume when seeding: ${SCALE_NAMES.join(', ')} (default: the seeded scale, else ${DEFAULTS.scale})`,
    )
    .option('--reset', 'reseed from scratch (only in a database pgready seeded), e.g. to change --scale')
    .addOption(
      new Option(
        '--without <method>',
        'how the "without" phase removes the indexes: drop (owned) or planner (approximate)',
      )
        .choices(['drop', 'planner'])
        .default('drop'),
    )
    .option('--mix', 'run the weighted scenario mix at once instead of one scenario after another');
  addReportOptions(addLoadFlags(command, DEFAULTS.timing.prove))
    .option('-o, --output <file>', 'also save the result JSON here')
    .option('--json', 'print the result JSON instead of the table')
    .option('--no-progress', 'no live progress on stderr')
    .addHelpText(
      'after',
      `
The default (scale small) finishes within about 5 minutes; --scale enterprise (1M leads, 6M+ messages) is the scale the requirement's claims are made for.

The claim check, the first lines of every report: each claim of the requirement ("500 ms+ → 35 ms, 93 % faster"
for idx_leads_status_score, …) against what its carrier scenario measured (lead-dashboard-ranking, …):
  after        the single-connection p50 AND the under-load p95 with the index, at most the claimed ms; judged at
               any scale. A failing after is a reason for NOT READY (exit 1), stated with its numbers.
  before       the single-connection p50 without the index: holds (at least the claimed ms, or inside its range)
               or overstated (faster than claimed: by how much); the under-load figure is shown, not judged.
               Judged only when the claim's table holds at least 90 % of the rows --scale enterprise seeds
               (counted, or read from pgready_meta); below that: "not judged at this scale: run \`--scale enterprise\`".
               An overstated before is reported, never a failure.
  improvement  a percentage claim ("70 % faster"): the single-connection p50 change against it, with the before's
               scale rule; reported, never a failure.
A missing input is said, never guessed: --baseline 0 (no single-connection figure), --without planner (an
approximate before), a saturated phase, a carrier scenario not run.

Exit 0 when ready: every scenario meets its targets with the indexes, and no claim's after fails.
The failing verdict (exit 1) is NOT READY.`,
    )
    .action(lazyAction(async () => (await import('../actions/prove.ts')).proveAction));
  return command;
}
