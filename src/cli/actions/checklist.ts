/**
 * `pgready checklist`: prints the stage's items, or (`--run`) checks them one by one.
 * Imported only when the command runs (commands/checklist.ts defines its options and help).
 */
import fs from 'node:fs';
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
import type { CommonOptions } from '../options.ts';
import { openTarget } from '../target.ts';

export interface ChecklistCliOptions extends CommonOptions {
  stage?: ChecklistStage;
  run?: boolean;
  format: 'text' | 'markdown';
  duration: number;
  rate?: number;
  reportsDir: string;
  output?: string;
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

export async function checklistAction(names: string[], options: ChecklistCliOptions): Promise<void> {
  process.exitCode = await checklist(names, options);
}
