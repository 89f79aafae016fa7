/**
 * `pgready verify` as a library: inspect the catalogue indexes (usage read first), capture every
 * scenario's plan with representative parameters, probe latency, judge. Everything before the fix
 * runs on a read-only session with lock_timeout and statement_timeout set; only `autoFix` writes.
 */

import type pg from 'pg';
import type { CatalogueIndex } from '../../seed/catalogue.ts';
import { REQUIREMENT_TABLES } from '../../seed/tables.ts';
import { DEFAULTS } from '../config/defaults.ts';
import { connect } from '../db/connect.ts';
import { applyFix } from '../indexes/auto-fix.ts';
import { driftOf } from '../indexes/drift.ts';
import { cannotFix, type GuardedStep, planFix } from '../indexes/fix-plan.ts';
import { type CatalogInspection, inspectCatalog } from '../indexes/inspect.ts';
import { explainScenario } from '../inspect/explain.ts';
import { quoteIdent } from '../inspect/indexes.ts';
import { serverInfo } from '../inspect/server-info.ts';
import type { Protocol } from '../load/load-options.ts';
import { coverageOf } from '../results/coverage.ts';
import type {
  CannotFix,
  CodeIndexesSummary,
  DriftItem,
  ProbeResult,
  VerifyResult,
  VerifyScenarioResult,
} from '../results/verify.ts';
import { VERIFY_RESULT_VERSION } from '../results/verify.ts';
import type { SampleRow } from '../scenarios/define.ts';
import type { LoadedScenario } from '../scenarios/load.ts';
import { checkParams, drawSample } from '../scenarios/sample.ts';
import { toError, UserError } from '../util/errors.ts';
import { seededRandom } from '../util/prng.ts';
import { probeScenario } from './probe.ts';
import { scenarioReads } from './scenario-reads.ts';
import { judgeVerify } from './verdict.ts';

export interface VerifyOptions {
  url: string;
  target: VerifyResult['target'];
  scenarios: LoadedScenario[];
  /** Null skips the latency probe (--no-probe). */
  probe: { iterations: number; concurrency: number; protocol: Protocol } | null;
  seed: number;
  lockTimeoutMs: number;
  statementTimeoutMs: number;
  pgreadyVersion: string;
  /** Time a probe of one scenario may take (slow scenarios run fewer executions). */
  probeBudgetMs?: number;
  /** The resolved index catalogue (built-ins + config); the built-in five when absent. */
  catalogue?: readonly CatalogueIndex[];
  /** The schema holding the requirement's tables; the connection's search_path when absent. */
  schema?: string;
  /** Drift the application's code shows by itself (src/indexes/code-catalogue.ts). */
  codeDrift?: readonly DriftItem[];
  /** What `indexesFrom` read. */
  code?: CodeIndexesSummary;
  /** Scenarios were named: coverage judges only them; else every CRITICAL/HIGH index must be covered. */
  scenariosNamed?: boolean;
  /** Apply the fix, then verify again (the only write). */
  autoFix?: { lockTimeoutMs: number; statementTimeoutMs: number };
}

export interface VerifyOutcome {
  result: VerifyResult;
  /** The fix steps for what was found (before any auto-fix): the script renders these. */
  steps: GuardedStep[];
  /** The index problems found that no step can fix (the script names them). */
  unfixable: CannotFix[];
}

export async function verifyDatabase(options: VerifyOptions): Promise<VerifyOutcome> {
  if (!options.autoFix) return verifyOnce(options, options.probe);
  // Before fixing only the catalog state matters; probing happens once, after the fix.
  const before = await verifyOnce(options, null);
  const applied = await applyFix(options.url, before.steps, options.autoFix);
  const after = await verifyOnce(options, options.probe);
  const result: VerifyResult = {
    ...after.result,
    startedAt: before.result.startedAt,
    indexesBeforeFix: before.result.indexes,
    fix: { mode: 'auto', steps: applied, cannotFix: after.unfixable },
  };
  const failed = applied.filter((s) => s.outcome && !s.outcome.ok);
  if (failed.length > 0) {
    result.notes.push(
      `auto-fix stopped: ${failed[0]!.index} ${failed[0]!.action} failed: ${failed[0]!.outcome!.error}`,
    );
  }
  return { result, steps: before.steps, unfixable: before.unfixable };
}

async function verifyOnce(options: VerifyOptions, probe: VerifyOptions['probe']): Promise<VerifyOutcome> {
  const startedAt = new Date().toISOString();
  const client = await connect(options.url);
  const samples = new Map<string, SampleRow[]>();
  let inspection: CatalogInspection;
  let scenarios: VerifyScenarioResult[];
  let server: VerifyResult['server'];
  try {
    await readOnly(client, options);
    server = await serverInfo(client);
    if (server.versionNum < 130_000) {
      throw new UserError(
        `PostgreSQL ${server.version} is too old: pgready verify needs PostgreSQL 13 or later`,
      );
    }
    // Usage statistics first: nothing below (plans, probe) may have touched the indexes yet.
    inspection = await inspectCatalog(client, {
      serverVersionNum: server.versionNum,
      ...(options.catalogue ? { catalogue: options.catalogue } : {}),
    });
    scenarios = [];
    for (const scenario of options.scenarios) {
      scenarios.push(await checkScenario(client, scenario, inspection, options.seed, samples));
    }
  } catch (error) {
    throw asUserError(error);
  } finally {
    await client.end().catch(() => {});
  }
  if (probe) {
    for (const s of scenarios) {
      const loaded = options.scenarios.find((l) => l.definition.name === s.scenario)!;
      const sample = samples.get(s.scenario);
      if (s.error || !sample) continue;
      s.probe = await runProbe(options, loaded, sample, probe);
    }
  }
  const notes = [...inspection.notes];
  for (const s of scenarios) {
    if (probe && s.probe && s.probe.requests < probe.iterations) {
      notes.push(
        `${s.scenario}: probed ${s.probe.requests} executions, not ${probe.iterations}: it is slow (p50 ${(s.probe.latency.summary.p50Us / 1000).toFixed(0)} ms) and the probe keeps within its time budget`,
      );
    }
  }
  if (!probe) notes.push('latency not probed (--no-probe): the verdict judges indexes and plans only');
  for (const problem of options.code?.problems ?? [])
    notes.push(`indexesFrom: ${problem} (statement skipped; the others count)`);
  for (const warning of options.code?.warnings ?? []) notes.push(`indexesFrom: ${warning}`);
  // Columns the scenarios read and the database lacks: informational (each such scenario is "not checked").
  const scenarioColumns = scenarios.flatMap((s) => (s.notApplicable ? [] : (s.missingColumns ?? [])));
  const schema = {
    ...inspection.schema,
    missingColumns: [...new Set([...inspection.schema.missingColumns, ...scenarioColumns])],
  };
  schema.ok = schema.missingTables.length === 0 && schema.missingColumns.length === 0;
  const coverage = coverageOf({
    indexes: inspection.indexes,
    scope: options.scenariosNamed === false ? 'all' : 'named',
    scenarios: scenarios.map((s) => ({
      scenario: s.scenario,
      checked: !s.notApplicable && !s.error && s.plan !== undefined,
      indexesUsed: s.plan?.indexesUsed ?? [],
    })),
  });
  const result: VerifyResult = {
    kind: 'verify',
    version: VERIFY_RESULT_VERSION,
    pgreadyVersion: options.pgreadyVersion,
    startedAt,
    endedAt: new Date().toISOString(),
    target: options.target,
    server,
    statsResetAt: inspection.statsResetAt,
    schema,
    indexes: inspection.indexes,
    otherIndexes: inspection.otherIndexes,
    drift: driftOf(options.catalogue ?? [], inspection, options.codeDrift ?? []),
    ...(options.code ? { code: options.code } : {}),
    coverage,
    scenarios,
    probe,
    verdict: judgeVerify({ schema, indexes: inspection.indexes, scenarios, coverage }),
    notes,
  };
  return {
    result,
    steps: planFix(inspection.indexes, inspection.details),
    unfixable: cannotFix(inspection.indexes, inspection.details, scenarios),
  };
}

async function readOnly(client: pg.Client, options: VerifyOptions): Promise<void> {
  await client.query('SET default_transaction_read_only = on');
  await client.query(`SET lock_timeout = ${Math.round(options.lockTimeoutMs)}`);
  await client.query(`SET statement_timeout = ${Math.round(options.statementTimeoutMs)}`);
  if (options.schema) {
    const { rows } = await client.query('SELECT to_regnamespace($1) IS NOT NULL AS found', [
      quoteIdent(options.schema),
    ]);
    if (!rows[0]?.found) {
      throw new UserError(
        `schema "${options.schema}" does not exist in this database; fix --schema (or "schema" in the config)`,
      );
    }
    await client.query(`SET search_path = ${quoteIdent(options.schema)}`);
  }
}

async function checkScenario(
  client: pg.Client,
  scenario: LoadedScenario,
  inspection: CatalogInspection,
  seed: number,
  samples: Map<string, SampleRow[]>,
): Promise<VerifyScenarioResult> {
  const { definition } = scenario;
  const base: VerifyScenarioResult = {
    scenario: definition.name,
    description: definition.description,
    category: definition.category,
    targetsMs: scenario.targetsMs,
    expectedIndexes: [...definition.expectedIndexes],
  };
  const missingTables = inspection.schema.missingTables.filter((t) =>
    new RegExp(`\\b${t}\\b`).test(definition.sql),
  );
  if (missingTables.length > 0) {
    const tables =
      missingTables.length > 1
        ? `tables ${missingTables.join(', ')} do not exist`
        : `table ${missingTables[0]} does not exist`;
    return {
      ...base,
      error: `not checked: ${tables}`,
      ...(scenario.builtIn ? { notApplicable: true } : {}),
    };
  }
  // Derived from the scenario's own SQL and sample query: every column they read that is missing.
  const reads = [
    await scenarioReads(client, definition.sql, inspection.tables),
    await scenarioReads(client, definition.sampleSql, inspection.tables),
  ];
  const lacking = [...new Set(reads.flatMap((r) => r.missingColumns))];
  const lackingTables = [...new Set(reads.flatMap((r) => r.missingTables))];
  if (lacking.length > 0 || lackingTables.length > 0) {
    const what = [
      ...lackingTables.map((t) => `table ${t}`),
      ...(lacking.length ? [`${lacking.length === 1 ? 'column' : 'columns'} ${lacking.join(', ')}`] : []),
    ].join(' and ');
    const stopped = reads.find((r) => r.stoppedAt)?.stoppedAt;
    return {
      ...base,
      ...(scenario.builtIn ? { notApplicable: true } : {}),
      missingColumns: lacking,
      error: `not checked: it reads ${what}, which the database lacks${stopped ? ` (perhaps more: the check stopped at "${stopped}")` : ''}`,
    };
  }
  try {
    const sample = await drawSample(client, scenario, seed);
    const params = checkParams(scenario, sample, seededRandom(seed));
    samples.set(definition.name, sample);
    const plan = await explainScenario(client, definition, params);
    // An index present under another name (same definition) serves the scenario just as well.
    const aliases = new Map(
      inspection.indexes.flatMap((i) => (i.foundAs && i.state === 'renamed' ? [[i.name, i.foundAs]] : [])),
    );
    plan.missingExpected = plan.missingExpected.filter(
      (name) => !plan.indexesUsed.includes(aliases.get(name) ?? name),
    );
    return { ...base, params: params.map(jsonSafe), plan };
  } catch (error) {
    const err = toError(error) as Error & { code?: string };
    // A role that may not read the tables cannot be verified at all: that is a usage error.
    if (err.code === '42501' || /permission denied/.test(err.message)) throw error;
    // Sample errors name the scenario already; the result row does too.
    return { ...base, error: err.message.replace(`scenario "${definition.name}": `, '') };
  }
}

async function runProbe(
  options: VerifyOptions,
  scenario: LoadedScenario,
  sample: SampleRow[],
  probe: NonNullable<VerifyOptions['probe']>,
): Promise<ProbeResult> {
  return probeScenario(options.url, scenario, sample, {
    ...probe,
    budgetMs: options.probeBudgetMs ?? DEFAULTS.verify.probeBudgetMs,
    seed: options.seed,
    statementTimeoutMs: options.statementTimeoutMs,
    ...(options.schema ? { searchPath: quoteIdent(options.schema) } : {}),
  });
}

function jsonSafe(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  return value;
}

function asUserError(value: unknown): Error {
  if (value instanceof UserError) return value;
  const error = toError(value) as Error & { code?: string };
  if (error.code === '42501') {
    return new UserError(
      `permission denied: ${error.message}; verify needs SELECT on ${REQUIREMENT_TABLES.join(', ')} (GRANT SELECT ON ... TO the role)`,
    );
  }
  if (error.code === '57014') {
    return new UserError(
      `a verify query hit statement_timeout (${error.message}); the server is overloaded or the timeout too low`,
    );
  }
  return error;
}
