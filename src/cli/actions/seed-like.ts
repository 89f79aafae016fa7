/**
 * `pgready seed --like URL|--like-environment NAME`: a statistical twin of the source's tables in
 * pgready's own database, with its fidelity table (text, or JSON with --json) and `-o FILE`.
 */
import path from 'node:path';
import { DEFAULTS } from '../../config/defaults.ts';
import { loadConfig } from '../../config/load.ts';
import { resolveTarget } from '../../db/target.ts';
import { resolveCatalogue } from '../../indexes/resolved.ts';
import { seedProgressView } from '../../progress/seed.ts';
import { renderReport } from '../../reporters/index.ts';
import { saveResult } from '../../reporters/write.ts';
import { loadScenarios } from '../../scenarios/load.ts';
import { scaleRowTotals } from '../../seed/plan.ts';
import { defaultWorkers, isLocalServer } from '../../seed/resolve.ts';
import { seedLike } from '../../twin/like.ts';
import { comparePlans, userScenarios } from '../../twin/plans.ts';
import type { SourceModel } from '../../twin/types.ts';
import { UserError } from '../../util/errors.ts';
import { onInterrupt } from '../../util/lifecycle.ts';
import { openTarget } from '../target.ts';
import type { SeedCliOptions } from './seed-options.ts';

const SUFFIX: Record<string, number> = { k: 1e3, K: 1e3, m: 1e6, M: 1e6, g: 1e9, G: 1e9 };

/** `leads=1M,churn_events=200k` → counts; every problem at once. */
export function parseRowsSpec(spec: string): Record<string, number> {
  const out: Record<string, number> = {};
  const problems: string[] = [];
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^([A-Za-z_][A-Za-z0-9_$]*)=(\d+(?:\.\d+)?)([kKmMgG]?)$/.exec(part);
    if (!m) {
      problems.push(`"${part}" is not table=N (e.g. leads=1M)`);
      continue;
    }
    const n = Math.round(Number(m[2]) * (SUFFIX[m[3]!] ?? 1));
    if (n < 1) problems.push(`"${part}": rows must be at least 1`);
    out[m[1]!] = n;
  }
  if (problems.length > 0 || Object.keys(out).length === 0)
    throw new UserError(
      `--rows ${spec}: ${problems.join('; ') || 'name at least one table=N'}; or give --rows enterprise`,
    );
  return out;
}

export async function seedLikeAction(options: SeedCliOptions): Promise<void> {
  const problems: string[] = [];
  if (options.like !== undefined && options.likeEnvironment !== undefined)
    problems.push('give --like URL or --like-environment NAME, not both');
  if (options.rows !== undefined && options.factor !== undefined)
    problems.push('give --rows or --factor, not both');
  for (const flag of ['scale', 'leads', 'commsPerLead', 'withIndexes', 'checksum'] as const)
    if (options[flag] !== undefined && !(flag === 'scale' && options.scale === DEFAULTS.scale))
      problems.push(
        `--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} is for pgready's own seed, not a twin (use --rows or --factor)`,
      );
  const rowsSpec =
    options.rows === undefined || options.rows === 'enterprise' ? undefined : parseRowsSpec(options.rows);
  if (problems.length > 0) throw new UserError(problems.join('; '));

  const { config, file } = await loadConfig(options.config ? { file: options.config } : {});
  const source = await resolveTarget(
    options.like !== undefined ? { databaseUrl: options.like } : { environment: options.likeEnvironment! },
    config,
  );
  const catalogue = resolveCatalogue(config.indexes);
  const tables = options.tables
    ? options.tables
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean)
    : [...new Set(catalogue.map((i) => i.table as string))];
  const scenarios = userScenarios(
    await loadScenarios({
      extraDirs: config.scenarioDirs,
      catalogue,
      cwd: file ? path.dirname(file) : process.cwd(),
    }),
  );
  const seed = options.seed ?? DEFAULTS.seed;
  const { target } = await openTarget(options);
  const view = options.progress === false ? undefined : seedProgressView();
  const unlisten = onInterrupt(() => {
    view?.stop();
    process.stderr.write(
      'pgready: twin interrupted: the database stays marked incomplete; run pgready seed --like … --reset to start again\n',
    );
  });
  try {
    const enterprise = (model: SourceModel): Record<string, number> => {
      const totals = scaleRowTotals('enterprise', seed) ?? {};
      return Object.fromEntries(
        Object.entries(totals).filter(([t]) => model.tables.some((x) => x.name === t)),
      ) as Record<string, number>;
    };
    const { result } = await seedLike({
      sourceUrl: source.url,
      sourceProduction: source.production,
      targetUrl: target.url,
      target: { displayUrl: target.displayUrl, kind: target.kind, production: target.production },
      schema: options.likeSchema ?? config.schema ?? 'public',
      tables,
      rows: options.rows === 'enterprise' ? enterprise : (rowsSpec ?? {}),
      ...(options.factor !== undefined ? { factor: options.factor } : {}),
      seed,
      keepValues: options.keepValues ?? false,
      sourceIndexes: options.sourceIndexes !== false,
      reset: options.reset ?? false,
      workers:
        options.workers ??
        defaultWorkers((await import('node:os')).availableParallelism(), isLocalServer(target.url)),
      lockTimeoutMs: DEFAULTS.verify.lockTimeoutMs,
      statementTimeoutMs: DEFAULTS.verify.statementTimeoutMs,
      ...(view ? { onProgress: view.listener } : {}),
    });
    view?.stop();
    if (scenarios.length > 0)
      result.plans = await comparePlans(
        source.url,
        target.url,
        scenarios,
        seed,
        DEFAULTS.verify.statementTimeoutMs,
      );
    process.stdout.write(renderReport(options.json ? 'json' : 'text', result)[0]!.content);
    if (options.output) {
      const written = saveResult(result, { dir: DEFAULTS.reportsDir, output: options.output });
      process.stderr.write(`pgready: wrote ${written.join(', ')}\n`);
    }
  } finally {
    unlisten();
    view?.stop();
    await target.release();
    await source.release();
  }
}
