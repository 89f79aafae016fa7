import fs from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { DEFAULTS } from '../../config/defaults.ts';
import { loadConfig } from '../../config/load.ts';
import { renderFixScript } from '../../indexes/fix-script.ts';
import { resolveCatalogue } from '../../indexes/resolved.ts';
import type { Protocol } from '../../load/load-options.ts';
import { renderReport } from '../../reporters/index.ts';
import { saveResult } from '../../reporters/write.ts';
import { loadScenarios } from '../../scenarios/load.ts';
import { UserError } from '../../util/errors.ts';
import { PGREADY_VERSION as version } from '../../util/version.ts';
import { verifyDatabase } from '../../verify/run-verify.ts';
import { EXIT } from '../exit.ts';
import {
  addTargetOptions,
  type CommonOptions,
  openTarget,
  parseNonNegativeInt,
  parsePositiveInt,
} from '../options.ts';
import { addReportOptions, type ReportCliOptions } from '../report-option.ts';

interface VerifyCliOptions extends CommonOptions, Partial<ReportCliOptions> {
  probe: boolean;
  format: 'text' | 'markdown' | 'json';
  saveFixScript?: string;
  autoFix?: boolean;
  yes?: boolean;
  probeIterations: number;
  probeConcurrency: number;
  protocol: Protocol;
  seed: number;
  output?: string;
  schema?: string;
}

/** `pgready verify`: are the indexes there, valid, used, and fast enough — read-only, with a safe fix. */
export function verifyCommand(): Command {
  const v = DEFAULTS.verify;
  const command = new Command('verify')
    .description(
      'check a database read-only: every catalogue index present, valid and matching, every scenario plan using its index, latency against the targets',
    )
    .argument('[scenario...]', 'only these scenarios (default: all)');
  addReportOptions(addTargetOptions(command))
    .option('--no-probe', 'skip the latency probe (judge indexes and plans only)')
    .option(
      '--schema <name>',
      'the schema that holds the requirement tables (default: "schema" in the config, else the search_path)',
    )
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'),
    )
    .option('--output <file>', 'also write the result as JSON to this file')
    .option('--save-fix-script <file>', 'write a guarded psql script that fixes what is missing or wrong')
    .option(
      '--auto-fix',
      'apply the fix (CREATE INDEX CONCURRENTLY …) and verify again: the only way verify writes',
    )
    .option('--yes', 'allow --auto-fix on an environment marked production')
    .option('--probe-iterations <n>', 'probe executions per scenario', parsePositiveInt, v.probeIterations)
    .option('--probe-concurrency <n>', 'probe connections per scenario', parsePositiveInt, v.probeConcurrency)
    .addOption(
      new Option('--protocol <protocol>', 'query protocol of the probe (as pgbench -M)')
        .choices(['simple', 'extended', 'prepared'])
        .default('extended'),
    )
    .option('--seed <n>', 'seed for the parameter sample', parseNonNegativeInt, DEFAULTS.seed)
    .addHelpText(
      'after',
      '\nThe failing verdict (exit 1) is NOT READY; 0 is ENTERPRISE READY.\nRead-only unless --auto-fix; --auto-fix on a production environment also needs --yes.',
    )
    .action(async (names: string[], options: VerifyCliOptions) => {
      process.exitCode = await runVerify(names, options);
    });
  return command;
}

async function runVerify(names: string[], options: VerifyCliOptions): Promise<number> {
  const { config, file } = await loadConfig(options.config ? { file: options.config } : {});
  if (
    options.autoFix &&
    options.environment &&
    config.environments[options.environment]?.production &&
    !options.yes
  ) {
    throw new UserError(
      `refusing --auto-fix on "${options.environment}": it is marked production; review a script with --save-fix-script, or add --yes to apply it`,
    );
  }
  const catalogue = resolveCatalogue(config.indexes);
  const scenarios = await loadScenarios({
    extraDirs: config.scenarioDirs,
    names,
    catalogue,
    cwd: file ? path.dirname(file) : process.cwd(),
  });
  const schema = options.schema ?? config.schema;
  const { target } = await openTarget(options);
  try {
    if (options.autoFix && target.production && !options.yes) {
      throw new UserError('refusing --auto-fix on a production environment without --yes');
    }
    const { result, steps, unfixable } = await verifyDatabase({
      url: target.url,
      target: {
        displayUrl: target.displayUrl,
        kind: target.kind,
        ...(target.environment ? { environment: target.environment } : {}),
        production: target.production,
      },
      scenarios,
      catalogue,
      ...(schema ? { schema } : {}),
      probe: options.probe
        ? {
            iterations: options.probeIterations,
            concurrency: options.probeConcurrency,
            protocol: options.protocol,
          }
        : null,
      seed: options.seed,
      lockTimeoutMs: DEFAULTS.verify.lockTimeoutMs,
      statementTimeoutMs: DEFAULTS.verify.statementTimeoutMs,
      pgreadyVersion: version,
      ...(options.autoFix
        ? {
            autoFix: {
              lockTimeoutMs: DEFAULTS.verify.fixLockTimeoutMs,
              statementTimeoutMs: DEFAULTS.verify.fixStatementTimeoutMs,
            },
          }
        : {}),
    });
    if (options.saveFixScript) {
      const script = renderFixScript(
        steps,
        {
          displayUrl: target.displayUrl,
          generatedAt: result.endedAt,
          lockTimeoutMs: DEFAULTS.verify.fixLockTimeoutMs,
          statementTimeoutMs: DEFAULTS.verify.fixStatementTimeoutMs,
        },
        unfixable,
      );
      fs.writeFileSync(options.saveFixScript, script);
      if (!result.fix) {
        result.fix = {
          mode: 'script',
          file: options.saveFixScript,
          steps: steps.map(({ index, action, sql }) => ({ index, action, sql })),
          cannotFix: unfixable,
        };
      }
    }
    // One renderer per result kind, through the one function that also masks.
    const color = options.format === 'text' && process.stdout.isTTY === true;
    process.stdout.write(renderReport(options.format, result, { color })[0]!.content);
    if (options.output || options.report?.length) {
      const written = saveResult(result, {
        dir: options.reportsDir ?? DEFAULTS.reportsDir,
        formats: options.report ?? [],
        ...(options.output ? { output: options.output } : {}),
      });
      process.stderr.write(`pgready: wrote ${written.join(', ')}\n`);
    }
    return result.verdict.ready ? EXIT.ok : EXIT.failing;
  } finally {
    await target.release();
  }
}
