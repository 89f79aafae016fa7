/**
 * `pgready scenarios capture --out DIR`: the statements pg_stat_statements recorded on the
 * catalogue's tables (or --tables), costliest first, as scenario files with their calls and mean
 * time. Read-only; every way of finding nothing is exit 2 with what to do.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { captureStatements } from '../../scenarios/capture.ts';
import { type ImportedScenario, importQuery } from '../../scenarios/import-query.ts';
import { plannedFiles, writeScenarioFiles, writtenSummary } from '../../scenarios/write-files.ts';
import { UserError } from '../../util/errors.ts';
import { EXIT } from '../exit.ts';
import { type CommonOptions, output } from '../options.ts';
import { loadCatalogue, openReadSession } from './read-session.ts';

interface CaptureOptions extends CommonOptions {
  out: string;
  top: number;
  tables?: string;
  force?: boolean;
}

async function runCapture(options: CaptureOptions): Promise<number> {
  const { config, catalogue } = await loadCatalogue(options);
  const tables = options.tables
    ? options.tables
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean)
    : [...new Set(catalogue.map((i) => i.table as string))];
  if (tables.length === 0)
    throw new UserError('--tables names no table; give a comma-separated list, e.g. leads,churn_events');
  if (fs.existsSync(options.out) && !fs.statSync(options.out).isDirectory())
    throw new UserError(
      `--out ${options.out} is a file, not a folder; give a folder to write the scenario files into`,
    );
  const session = await openReadSession(options, config);
  const imported: ImportedScenario[] = [];
  let planned: Map<string, string>;
  try {
    const captured = await captureStatements(session.client, { tables, top: options.top, catalogue });
    if (captured.statements.length === 0) {
      if (captured.hidden > 0) {
        throw new UserError(
          `pg_stat_statements hides ${captured.hidden} statement text(s) from this role (<insufficient privilege>): grant it pg_read_all_stats (GRANT pg_read_all_stats TO role), or capture as the role that ran them`,
        );
      }
      throw new UserError(
        `pg_stat_statements has recorded no SELECT on ${tables.join(', ')} in this database: run the workload first (the application, or its tests), then capture again`,
      );
    }
    if (captured.hidden > 0) {
      process.stderr.write(
        `pgready: note: ${captured.hidden} statement text(s) hidden from this role (<insufficient privilege>); grant it pg_read_all_stats to capture them too\n`,
      );
    }
    planned = plannedFiles(
      options.out,
      captured.statements.map((s) => s.name),
      options.force === true,
    );
    const maxCalls = Math.max(...captured.statements.map((s) => s.calls));
    let rank = 0;
    for (const s of captured.statements) {
      rank++;
      const meanMs = Math.round(s.meanMs * 1000) / 1000;
      imported.push(
        await importQuery(
          session.client,
          {
            name: s.name,
            sql: s.sql,
            description: `Captured from pg_stat_statements: ${s.calls} calls, mean ${meanMs} ms (rank ${rank} by total time)`,
            comments: [
              `captured by pgready scenarios capture from pg_stat_statements on ${session.target.displayUrl}`,
              `queryid ${s.queryid}: ${s.calls} calls, ${Math.round(s.totalMs)} ms in total, mean ${meanMs} ms; rank ${rank} by total execution time`,
              ...s.notes,
            ],
            weight: Math.max(1, Math.round((10 * s.calls) / maxCalls)),
            calls: s.calls,
            meanMs,
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

export async function scenariosCaptureAction(_options: unknown, command: Command): Promise<void> {
  process.exitCode = await runCapture(command.optsWithGlobals() as CaptureOptions);
}
