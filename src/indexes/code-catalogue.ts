/**
 * The catalogue from the application's code (config `indexesFrom`): globs relative to the config
 * file, files in name order, every CREATE INDEX in them. The requirement's five (and a config's
 * own) keep their definitions, priorities and claims: a code definition under one of their names
 * is compared (drift) and only adds where it is defined; the code's other indexes join the
 * catalogue, MEDIUM unless a `-- pgready: priority` comment says otherwise. A name defined more
 * than once: the first definition in file order is judged, each later one that differs is drift
 * that never applies.
 */
import fs from 'node:fs';
import path from 'node:path';
import { globSync } from 'tinyglobby';
import type { CatalogueIndex } from '../../seed/catalogue.ts';
import type { PgreadyConfig } from '../config/schema.ts';
import type { CodeIndexesSummary, DriftItem } from '../results/verify.ts';
import { UserError } from '../util/errors.ts';
import { type CodeIndexDefinition, readCodeIndexes } from './code-read.ts';
import { shapeDifferences } from './code-shape.ts';
import { resolveCatalogue } from './resolved.ts';

/** The resolved catalogue with what the code said about it. */
export interface LoadedCatalogue {
  catalogue: readonly CatalogueIndex[];
  /** Drift the code shows by itself (defined twice, differs from the requirement). */
  codeDrift: DriftItem[];
  /** Absent without `indexesFrom`. */
  code?: CodeIndexesSummary;
}

/** The catalogue every command uses: built-ins, the config's `indexes`, the code's `indexesFrom`. */
export function loadCatalogue(config: PgreadyConfig, configFile: string | undefined): LoadedCatalogue {
  const base = resolveCatalogue(config.indexes);
  if (config.indexesFrom.length === 0) return { catalogue: base, codeDrift: [] };
  const dir = configFile ? path.dirname(configFile) : process.cwd();
  const summary: CodeIndexesSummary = {
    patterns: [...config.indexesFrom],
    files: [],
    definitions: 0,
    problems: [],
    warnings: [],
  };
  const files: string[] = [];
  for (const pattern of config.indexesFrom) {
    const matched = globSync(pattern, { cwd: dir, absolute: true, onlyFiles: true });
    if (matched.length === 0)
      summary.warnings.push(`indexesFrom "${pattern}" matches no file (relative to ${dir})`);
    for (const file of matched) if (!files.includes(file)) files.push(file);
  }
  // Name order (the order migration tools apply them in), by the path shown.
  const shown = (file: string) => path.relative(dir, file).split(path.sep).join('/');
  files.sort((a, b) => (shown(a) < shown(b) ? -1 : shown(a) > shown(b) ? 1 : 0));
  const definitions: CodeIndexDefinition[] = [];
  for (const file of files) {
    let sql: string;
    try {
      sql = fs.readFileSync(file, 'utf8');
    } catch (error) {
      throw new UserError(`cannot read ${file} (indexesFrom): ${(error as Error).message}`);
    }
    const read = readCodeIndexes(sql, shown(file));
    summary.files.push(shown(file));
    summary.problems.push(...read.problems);
    summary.warnings.push(...read.warnings);
    definitions.push(...read.definitions);
  }
  summary.definitions = definitions.length;
  const { catalogue, codeDrift } = mergeCode(base, definitions);
  return { catalogue, codeDrift, code: summary };
}

/** Merges the code's definitions into the catalogue `base`; pure (tests call it directly). */
export function mergeCode(
  base: readonly CatalogueIndex[],
  definitions: readonly CodeIndexDefinition[],
): { catalogue: CatalogueIndex[]; codeDrift: DriftItem[] } {
  const byName = new Map<string, CodeIndexDefinition[]>();
  for (const d of definitions) byName.set(d.entry.name, [...(byName.get(d.entry.name) ?? []), d]);
  const drift: DriftItem[] = [];
  const catalogue: CatalogueIndex[] = base.map((entry) => {
    const defs = byName.get(entry.name);
    if (!defs) return entry;
    const diffs = shapeDifferences(defs[0]!.entry, entry);
    if (diffs.length > 0) {
      drift.push({
        index: entry.name,
        kind: 'differs-from-requirement',
        places: [defs[0]!.at],
        detail: `the code defines it differently from the catalogue, whose definition is judged: ${diffs.join('; ')}`,
      });
    }
    return { ...entry, definedAt: defs.map((d) => d.at) };
  });
  for (const [name, defs] of byName) {
    const first = defs[0]!;
    for (const later of defs.slice(1)) {
      const diffs = shapeDifferences(later.entry, first.entry);
      if (diffs.length === 0) continue;
      drift.push({
        index: name,
        kind: 'defined-twice',
        places: [first.at, later.at],
        detail: `defined again at ${later.at} differently (${diffs.join('; ')}); the first definition (${first.at}) is judged: on a fresh database CREATE INDEX IF NOT EXISTS of a name that exists does nothing, so the later one never applies`,
      });
    }
    if (base.some((b) => b.name === name)) continue;
    catalogue.push({
      ...first.entry,
      priority: first.priority ?? 'MEDIUM',
      definedAt: defs.map((d) => d.at),
    });
  }
  return { catalogue, codeDrift: drift };
}
