/**
 * `pgready scenarios import FILE.sql… --out DIR`: the application's named queries as scenario files.
 * Every file is read and every name checked before anything connects or is written (usage errors
 * write nothing); then each query is prepared on the target and its sample query run, read-only.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { type ImportedScenario, importQuery } from '../../scenarios/import-query.ts';
import { type NamedQuery, readNamedQueries } from '../../scenarios/named-queries.ts';
import { plannedFiles, writeScenarioFiles, writtenSummary } from '../../scenarios/write-files.ts';
import { UserError } from '../../util/errors.ts';
import { EXIT } from '../exit.ts';
import { type CommonOptions, output } from '../options.ts';
import { loadCatalogue, openReadSession } from './read-session.ts';

interface ImportOptions extends CommonOptions {
  out: string;
  force?: boolean;
}

function readQueries(files: string[]): NamedQuery[] {
  const problems: string[] = [];
  const queries: NamedQuery[] = [];
  for (const file of files) {
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
      problems.push(`${file}: no such file`);
      continue;
    }
    const read = readNamedQueries(fs.readFileSync(file, 'utf8'), file);
    problems.push(...read.problems);
    queries.push(...read.queries);
    for (const s of read.skipped) process.stderr.write(`pgready: skipped ${s}\n`);
  }
  const seen = new Map<string, string>();
  for (const q of queries) {
    const other = seen.get(q.name);
    if (other)
      problems.push(`${q.source}: the name "${q.name}" is also used at ${other}; names must be unique`);
    seen.set(q.name, q.source);
  }
  if (problems.length > 0)
    throw new UserError(`cannot import; nothing written:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  if (queries.length === 0)
    throw new UserError(`no named SELECT queries in ${files.join(', ')}; nothing written`);
  return queries;
}

async function runImport(files: string[], options: ImportOptions): Promise<number> {
  const queries = readQueries(files);
  const { config, catalogue } = await loadCatalogue(options);
  const planned = plannedFiles(
    options.out,
    queries.map((q) => q.name),
    options.force === true,
  );
  const session = await openReadSession(options, config);
  const imported: ImportedScenario[] = [];
  try {
    for (const q of queries) {
      const comments = [
        `imported by pgready scenarios import from ${q.source} (prepared on ${session.target.displayUrl})`,
      ];
      if (q.writtenName !== q.name) comments.push(`name "${q.writtenName}" written in kebab-case: ${q.name}`);
      imported.push(
        await importQuery(
          session.client,
          {
            name: q.name,
            sql: q.sql,
            description: `${q.writtenName} (${path.basename(q.source)})`,
            comments,
            ...(q.category !== undefined ? { category: q.category } : {}),
            ...(q.carries !== undefined ? { carries: q.carries } : {}),
            ...(q.expect !== undefined ? { expect: q.expect } : {}),
            ...(q.weight !== undefined ? { weight: q.weight } : {}),
            paramValues: q.paramValues,
          },
          catalogue,
        ),
      );
    }
  } finally {
    await session.close();
  }
  const written = await writeScenarioFiles(imported, planned, catalogue);
  output(options.json, written, () => writtenSummary(written));
  return written.some((w) => w.problems.length > 0) ? EXIT.usage : EXIT.ok;
}

export async function scenariosImportAction(
  files: string[],
  _options: unknown,
  command: Command,
): Promise<void> {
  process.exitCode = await runImport(files, command.optsWithGlobals() as ImportOptions);
}
