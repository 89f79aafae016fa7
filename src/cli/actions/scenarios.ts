/**
 * `pgready scenarios`: lists the scenarios with their targets and indexes.
 * Imported only when the command runs (commands/scenarios.ts defines its options and help).
 */
import path from 'node:path';
import { loadConfig } from '../../config/load.ts';
import { loadScenarios } from '../../scenarios/load.ts';
import { commandCatalogue } from '../catalogue.ts';
import { output } from '../options.ts';

export interface ScenariosOptions {
  json?: boolean;
  config?: string;
}

export async function scenariosAction(options: ScenariosOptions): Promise<void> {
  const { config, file } = await loadConfig(options.config ? { file: options.config } : {});
  const base = file ? path.dirname(file) : process.cwd();
  const scenarios = await loadScenarios({
    extraDirs: config.scenarioDirs,
    catalogue: commandCatalogue(config, file).catalogue,
    cwd: base,
  });
  const data = scenarios.map((s) => ({
    name: s.definition.name,
    description: s.definition.description,
    category: s.definition.category,
    targetsMs: s.targetsMs,
    expectedIndexes: [...s.definition.expectedIndexes],
    weight: s.definition.weight,
    parameters: s.paramCount,
    file: s.file,
    ...(s.yaml
      ? {
          categoryGuessed: s.yaml.categoryGuessed,
          expectedIndexesGuessed: s.yaml.expectedIndexesGuessed,
          ...(s.yaml.calls !== undefined ? { calls: s.yaml.calls, meanMs: s.yaml.meanMs } : {}),
        }
      : {}),
  }));
  output(options.json, data, () => {
    const rows = data.map((s) => [
      s.name,
      s.categoryGuessed ? `${s.category} (guessed)` : s.category,
      `${s.targetsMs.p50}/${s.targetsMs.p95}/${s.targetsMs.p99}`,
      String(s.weight),
      (s.expectedIndexes.join(', ') || '(none: a scan, judged on latency)') +
        (s.expectedIndexesGuessed ? ' (guessed)' : ''),
    ]);
    const header = ['scenario', 'category', 'p50/p95/p99 ms', 'weight', 'expected indexes'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) =>
      cells
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd();
    return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
  });
}
