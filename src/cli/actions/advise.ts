/**
 * `pgready advise`: resolves the scenarios (named, or the failures of --from RESULT.json), the
 * run's pool, load and lock waits, runs the advice with Ctrl-C wired to its abort signal, prints
 * the report, saves the result JSON, the migration snippet and the fix script, and sets the exit
 * code (0 every scenario answered, 1 one has no winner, 130 interrupted).
 */
import fs from 'node:fs';
import path from 'node:path';
import { performAdvise } from '../../advise/advise.ts';
import { failedScenarios } from '../../advise/from-result.ts';
import { renderAdviseFixScript, renderMigration, suggestedIndexes } from '../../advise/migration.ts';
import { DEFAULTS } from '../../config/defaults.ts';
import { resolvePool } from '../../config/pool.ts';
import { resolveCatalogue } from '../../indexes/resolved.ts';
import { resolveLoad } from '../../load/load-options.ts';
import { type AdviseFormat, renderAdvise } from '../../reporters/advise.ts';
import { fileStamp } from '../../reporters/write.ts';
import { adviseSucceeded } from '../../results/advise.ts';
import { loadScenarios } from '../../scenarios/load.ts';
import { withWriteDir, writeScenarioNames } from '../../scenarios/writes.ts';
import { UserError } from '../../util/errors.ts';
import { onInterrupt, wasInterrupted } from '../../util/lifecycle.ts';
import { maskSecretsInText } from '../../util/mask.ts';
import { EXIT } from '../exit.ts';
import { type LoadFlags, loadOptionsFrom } from '../load-flags.ts';
import type { CommonOptions } from '../options.ts';
import { DEFAULT_BASELINE_ITERATIONS } from '../run-session.ts';
import { openTarget } from '../target.ts';

export interface AdviseCliOptions extends CommonOptions, LoadFlags {
  from?: string;
  maxCandidates?: number;
  writes?: boolean;
  format?: AdviseFormat;
  output?: string;
  migration?: string;
  fixScript?: string;
  progress?: boolean;
}

export async function adviseAction(names: string[], options: AdviseCliOptions): Promise<void> {
  if (options.from && names.length) throw new UserError('give scenarios or --from RESULT.json, not both');
  const load = resolveLoad(loadOptionsFrom(options, DEFAULTS.timing.advise));
  const wanted = options.from ? await failedScenarios(options.from) : names;
  if (options.from && wanted.length === 0) {
    process.stdout.write(
      `pgready advise: every scenario of ${options.from} met its targets; nothing to advise\n`,
    );
    return;
  }
  const { target, config } = await openTarget(options);
  try {
    const catalogue = resolveCatalogue(config.indexes);
    const all = await loadScenarios({
      extraDirs: withWriteDir(config.scenarioDirs, { writes: options.writes ?? false, names: wanted }),
      catalogue,
      ...(wanted.length ? { names: [...wanted, ...(options.writes ? writeScenarioNames() : [])] } : {}),
    });
    const writeNames = new Set(writeScenarioNames());
    const named = wanted.length ? all.filter((s) => wanted.includes(s.definition.name)) : all;
    const bad = named.filter((s) => s.definition.access === 'write');
    if (bad.length)
      throw new UserError(
        `advise finds indexes for reads; ${bad.map((s) => s.definition.name).join(', ')} ${bad.length > 1 ? 'are write scenarios' : 'is a write scenario'} (use --writes to measure what each candidate costs the writes)`,
      );
    const scenarios = named.filter((s) => !writeNames.has(s.definition.name));
    const writes = options.writes ? all.filter((s) => s.definition.access === 'write') : [];
    const controller = new AbortController();
    const unlisten = onInterrupt(() => controller.abort());
    const onStep =
      options.progress === false
        ? undefined
        : (line: string) => process.stderr.write(`pgready advise: ${maskSecretsInText(line)}\n`);
    let result: Awaited<ReturnType<typeof performAdvise>>;
    try {
      result = await performAdvise(target, {
        scenarios,
        writes,
        pool: resolvePool(config.pool),
        load,
        baselineIterations: options.baseline ?? DEFAULT_BASELINE_ITERATIONS,
        maxErrorRate: options.maxErrorRate ?? 0,
        ddlWait: {
          lockTimeoutMs: options.lockTimeout ?? DEFAULTS.ddl.lockTimeoutMs,
          maxWaitMs: options.lockWait ?? DEFAULTS.ddl.maxWaitMs,
        },
        catalogue,
        maxCandidates: options.maxCandidates ?? DEFAULTS.adviseMaxCandidates,
        signal: controller.signal,
        ...(onStep ? { onStep } : {}),
      });
    } finally {
      unlisten();
    }
    const format = options.format ?? 'text';
    const report = renderAdvise(format, result);
    if (options.output) fs.writeFileSync(options.output, report);
    else process.stdout.write(report);
    const dir = DEFAULTS.reportsDir;
    const base = path.join(dir, `${fileStamp(result.startedAt)}-advise`);
    const written: string[] = [];
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(`${base}.json`, renderAdvise('json', result));
      written.push(`${base}.json`);
      if (suggestedIndexes(result).length > 0) {
        const migration = options.migration ?? `${base}.sql`;
        fs.writeFileSync(migration, maskSecretsInText(renderMigration(result)));
        const fix = options.fixScript ?? `${base}-fix.sql`;
        // statement_timeout 0: a measured build may take longer than a query ever should.
        fs.writeFileSync(
          fix,
          maskSecretsInText(
            renderAdviseFixScript(result, {
              lockTimeoutMs: DEFAULTS.verify.lockTimeoutMs,
              statementTimeoutMs: 0,
            }),
          ),
        );
        written.push(migration, fix);
      }
    } catch (error) {
      process.stderr.write(`pgready: could not save the advise files: ${(error as Error).message}\n`);
    }
    if (options.output) written.unshift(options.output);
    if (written.length) process.stderr.write(`pgready: wrote ${written.join(', ')}\n`);
    process.exitCode =
      wasInterrupted() || result.interrupted
        ? EXIT.interrupted
        : adviseSucceeded(result)
          ? EXIT.ok
          : EXIT.failing;
  } finally {
    await target.release();
  }
}
