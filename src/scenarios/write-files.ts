/**
 * Where `scenarios import` and `capture` write: one `NAME.scenario.yaml` per query in the out
 * folder, never over an existing file without `force` (checked for every file before any is
 * written), and each written file loaded back as `run` would load it, so the exit code can say
 * whether all of them run as written.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CatalogueIndex } from '../../seed/catalogue.ts';
import { UserError } from '../util/errors.ts';
import type { ImportedScenario } from './import-query.ts';
import { loadScenarioFile } from './load.ts';
import { YAML_SCENARIO_SUFFIX } from './yaml-scenario.ts';
import { renderYamlScenario } from './yaml-write.ts';

/** The file each name goes to; a UserError (nothing written) when one exists and `force` is off. */
export function plannedFiles(dir: string, names: readonly string[], force: boolean): Map<string, string> {
  const files = new Map(names.map((n) => [n, path.resolve(dir, `${n}${YAML_SCENARIO_SUFFIX}`)]));
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory())
    throw new UserError(
      `--out ${dir} is a file, not a folder; give a folder to write the scenario files into`,
    );
  const existing = [...files.values()].filter((f) => fs.existsSync(f));
  if (existing.length > 0 && !force) {
    throw new UserError(
      `${existing.length === 1 ? 'a scenario file exists' : 'scenario files exist'} already: ${existing.join(', ')}; nothing written (add --force to overwrite)`,
    );
  }
  return files;
}

/** One written file and what it needs before it runs. */
export interface WrittenScenario {
  name: string;
  file: string;
  category: string;
  categoryGuessed: boolean;
  expectedIndexes: string[];
  params: ImportedScenario['yaml']['params'];
  /** Each needs a hand: `$n` to fill in, a query that does not prepare, a load error. */
  problems: string[];
  notes: string[];
}

/** Writes the files, then loads each back against `catalogue`; its problems say what stops it. */
export async function writeScenarioFiles(
  scenarios: readonly ImportedScenario[],
  files: ReadonlyMap<string, string>,
  catalogue: readonly CatalogueIndex[],
): Promise<WrittenScenario[]> {
  const written: WrittenScenario[] = [];
  for (const s of scenarios) {
    const file = files.get(s.yaml.name)!;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, renderYamlScenario(s.yaml, s.comments));
    const problems = [...s.problems];
    const loaded = await loadScenarioFile(file, catalogue);
    if (typeof loaded === 'string' && !s.problems.some((p) => p.startsWith('$'))) {
      problems.push(`does not load: ${loaded.replace(`${file}: `, '')}`);
    }
    written.push({
      name: s.yaml.name,
      file,
      category: s.yaml.category,
      categoryGuessed: s.yaml.categoryGuessed === true,
      expectedIndexes: s.yaml.expectedIndexes,
      params: s.yaml.params,
      problems,
      notes: s.notes,
    });
  }
  return written;
}

/** The terminal lines for what was written. */
export function writtenSummary(written: readonly WrittenScenario[]): string {
  const lines: string[] = [];
  for (const w of written) {
    const params = w.params
      .map((p) =>
        p.column !== undefined
          ? `$${p.n} ${p.from ?? p.column}${p.array ? '[]' : ''}`
          : p.fillIn !== undefined
            ? `$${p.n} TO FILL IN`
            : `$${p.n} = ${JSON.stringify(p.value)}`,
      )
      .join(', ');
    lines.push(
      `${w.problems.length > 0 ? '!' : '✓'} ${w.file}  ${w.category}${w.categoryGuessed ? ' (guessed)' : ''}; indexes: ${w.expectedIndexes.join(', ') || 'none'}${params ? `; ${params}` : ''}`,
    );
    for (const p of w.problems) lines.push(`    needs a hand: ${p}`);
    for (const n of w.notes) lines.push(`    note: ${n}`);
  }
  return lines.join('\n');
}
