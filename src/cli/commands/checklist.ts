/**
 * `pgready checklist`: the requirement's demo preparation checklist, each item with the command
 * that checks it; `--run` runs a stage's checks in order and prints a one-page summary.
 */
import fs from 'node:fs';
import { Command, Option } from 'commander';
import { checklistItems, STAGES } from '../../checklist/items.ts';
import { runChecklist } from '../../checklist/run-checklist.ts';
import { resolvePool } from '../../config/pool.ts';
import { connect } from '../../db/connect.ts';
import { checkOwnership } from '../../db/ownership.ts';
import {
  checklistPassed,
  renderChecklistMarkdown,
  renderChecklistPlan,
  renderChecklistText,
} from '../../reporters/checklist.ts';
import type { ChecklistStage } from '../../results/checklist.ts';
import { maskSecretsInText } from '../../util/mask.ts';
import { EXIT } from '../exit.ts';
import { parseDurationMs } from '../load-flags.ts';
import { addTargetOptions, type CommonOptions, openTarget, parsePositiveInt } from '../options.ts';

interface ChecklistCliOptions extends CommonOptions {
  stage?: ChecklistStage;
  run?: boolean;
  format: 'text' | 'markdown';
  duration: number;
  rate?: number;
  reportsDir: string;
  output?: string;
}

export function checklistCommand(): Command {
  return addTargetOptions(new Command('checklist'))
    .description(
      "the requirement's demo preparation checklist, each item mapped to the pgready command that checks it; --run runs a stage's checks",
    )
    .argument('[scenario...]', 'scenarios the checks use (default: all)')
    .addOption(
      new Option(
        '--stage <stage>',
        'one stage: week (1 week before), day (1 day before), demo (day of)',
      ).choices([...STAGES]),
    )
    .option(
      '--run',
      "run the stage's checks in order (every stage without --stage) and print a one-page summary",
    )
    .addOption(
      new Option('--format <format>', 'summary format').choices(['text', 'markdown']).default('text'),
    )
    .option(
      '--duration <duration>',
      'measured time of the benchmark; the warmup and spot check scale from it (default 10s)',
      parseDurationMs,
      10_000,
    )
    .option('--rate <n>', 'open-model rate of the benchmark (default: run’s own load)', parsePositiveInt)
    .option('--reports-dir <dir>', 'where the benchmark writes its reports', 'reports')
    .option('-o, --output <file>', 'also write the summary here')
    .addHelpText(
      'after',
      '\nOn a database pgready does not own, "Run benchmark queries" is `run --phases with` (never a drop).\nExit 0 when every check passed (items for a person are listed as TODO), 1 when one failed.',
    )
    .action(async (names: string[], options: ChecklistCliOptions) => {
      process.exitCode = await checklist(names, options);
    });
}

async function checklist(names: string[], options: ChecklistCliOptions): Promise<number> {
  const stages = options.stage ? [options.stage] : [...STAGES];
  const markdown = options.format === 'markdown';
  if (!options.run) {
    process.stdout.write(renderChecklistPlan(checklistItems(false), stages, markdown));
    return EXIT.ok;
  }
  const { target, config } = await openTarget(options);
  const client = await connect(target.url);
  try {
    const ownership = await checkOwnership(client, { production: target.production });
    const summary = await runChecklist({
      stages,
      scenarios: names,
      url: target.url,
      displayUrl: target.displayUrl,
      ...(target.environment ? { environment: target.environment } : {}),
      ...(options.config ? { configFile: options.config } : {}),
      owned: ownership.owned,
      ownershipReason: ownership.reason,
      durationMs: options.duration,
      ...(options.rate ? { ratePerSec: options.rate } : {}),
      reportsDir: options.reportsDir,
      pool: resolvePool(config.pool),
      client,
      onStep: (m) => process.stderr.write(`checklist: ${maskSecretsInText(m)}\n`),
    });
    const text = maskSecretsInText(
      markdown ? renderChecklistMarkdown(summary) : renderChecklistText(summary),
    );
    if (options.output) fs.writeFileSync(options.output, text);
    process.stdout.write(text);
    return checklistPassed(summary) ? EXIT.ok : EXIT.failing;
  } finally {
    await client.end().catch(() => {});
    await target.release();
  }
}
