import fs from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { INDEX_CATALOGUE } from '../../../seed/catalogue.ts';
import { renderReport } from '../../reporters/index.ts';
import { mergeRunResults } from '../../results/merge.ts';
import { loadResult } from '../../results/read.ts';
import { checkShardParts, type NamedResult, refuseUncountedShards } from '../../results/shards.ts';
import type { RunResult } from '../../results/types.ts';
import { UserError } from '../../util/errors.ts';
import { EXIT } from '../exit.ts';

export function mergeCommand(): Command {
  return new Command('merge')
    .description(
      'merge run results of the same plan measured by several processes or machines: histograms add exactly, the claim check and the verdict are judged again',
    )
    .argument('<result.json...>', 'two or more result files written by pgready run or prove')
    .requiredOption('-o, --output <file>', 'where to write the merged result JSON')
    .option('--json', 'print the merged result JSON instead of the table')
    .option(
      '--expect-shards <n>',
      'the files are the N shards of one run --shard I/N: refuse parts of different plans, a duplicate or a missing shard',
      (value: string) => {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 1)
          throw new InvalidArgumentError(`"${value}" is not a whole number ≥ 1`);
        return n;
      },
    )
    .addHelpText(
      'after',
      '\nThe failing verdict (exit 1) is NOT READY; files of different plans, or not run results, are a usage error (exit 2).',
    )
    .action(async (files: string[], options: { output: string; json?: boolean; expectShards?: number }) => {
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
      const merged = await mergeRunResults(results, INDEX_CATALOGUE);
      const json = renderReport('json', merged)[0]!.content;
      fs.writeFileSync(options.output, json);
      process.stdout.write(
        options.json
          ? json
          : renderReport('text', merged, { color: process.stdout.isTTY === true })[0]!.content,
      );
      process.stderr.write(`pgready: wrote ${options.output}\n`);
      process.exitCode = merged.verdict.ready ? EXIT.ok : EXIT.failing;
    });
}
