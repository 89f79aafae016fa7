/**
 * `pgready merge`: adds the histograms of several run results of one plan and judges the verdict again.
 * Imported only when the command runs (commands/merge.ts defines its options and help).
 */
import fs from 'node:fs';
import { loadConfig } from '../../config/load.ts';
import { renderReport } from '../../reporters/index.ts';
import { mergeRunResults } from '../../results/merge.ts';
import { loadResult } from '../../results/read.ts';
import { checkShardParts, type NamedResult, refuseUncountedShards } from '../../results/shards.ts';
import type { RunResult } from '../../results/types.ts';
import { UserError } from '../../util/errors.ts';
import { commandCatalogue } from '../catalogue.ts';
import { EXIT } from '../exit.ts';

export async function mergeAction(
  files: string[],
  options: { output: string; json?: boolean; expectShards?: number; config?: string },
): Promise<void> {
  const parts: NamedResult[] = [];
  for (const file of files) {
    const result = await loadResult(file);
    if (result.kind !== 'run')
      throw new UserError(`${file} is a ${result.kind} result; merge takes run results`);
    parts.push({ name: file, result });
  }
  let results: RunResult[] = parts.map((p) => p.result);
  if (options.expectShards !== undefined) results = checkShardParts(parts, options.expectShards);
  else refuseUncountedShards(parts);
  // The claims are judged again against the catalogue the run used: the built-ins and the config's.
  const { config, file } = await loadConfig(options.config ? { file: options.config } : {});
  const merged = await mergeRunResults(results, commandCatalogue(config, file).catalogue);
  const json = renderReport('json', merged)[0]!.content;
  fs.writeFileSync(options.output, json);
  process.stdout.write(
    options.json ? json : renderReport('text', merged, { color: process.stdout.isTTY === true })[0]!.content,
  );
  process.stderr.write(`pgready: wrote ${options.output}\n`);
  process.exitCode = merged.verdict.ready ? EXIT.ok : EXIT.failing;
}
