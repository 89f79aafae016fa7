/**
 * `pgready verify`: checks the indexes and probes the scenarios, renders, writes or applies the fix.
 * Imported only when the command runs (commands/verify.ts defines its options and help).
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULTS } from '../../config/defaults.ts';
import { loadConfig } from '../../config/load.ts';
import { renderFixScript } from '../../indexes/fix-script.ts';
import type { Protocol } from '../../load/load-options.ts';
import { renderReport } from '../../reporters/index.ts';
import { saveResult } from '../../reporters/write.ts';
import { loadScenarios } from '../../scenarios/load.ts';
import { UserError } from '../../util/errors.ts';
import { PGREADY_VERSION as version } from '../../util/version.ts';
import { verifyDatabase } from '../../verify/run-verify.ts';
import { commandCatalogue } from '../catalogue.ts';
import { EXIT } from '../exit.ts';
import type { CommonOptions } from '../options.ts';
import type { ReportCliOptions } from '../report-option.ts';
import { openTarget } from '../target.ts';

export interface VerifyCliOptions extends CommonOptions, Partial<ReportCliOptions> {
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
  const { catalogue, codeDrift, code } = commandCatalogue(config, file);
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
      codeDrift,
      ...(code ? { code } : {}),
      scenariosNamed: names.length > 0,
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

export async function verifyAction(names: string[], options: VerifyCliOptions): Promise<void> {
  process.exitCode = await runVerify(names, options);
}
