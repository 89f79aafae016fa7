/**
 * `seed --like` as one call: read the source (read-only), refuse when it is the target itself,
 * write the twin, measure its fidelity, and return the result (plans are compared by the caller,
 * which loads the scenarios: plans.ts). Library code: it never prints; notes travel in the result.
 */
import { withClient } from '../db/connect.ts';
import { databaseIdentity } from '../db/ownership.ts';
import type { TwinResult } from '../results/twin.ts';
import { TWIN_RESULT_VERSION } from '../results/twin.ts';
import type { SeedProgressEvent } from '../seed/types.ts';
import { UserError } from '../util/errors.ts';
import { PGREADY_VERSION } from '../util/version.ts';
import { measureFidelity } from './fidelity.ts';
import { readSource } from './read.ts';
import { writeTwin } from './twin.ts';
import type { SourceModel } from './types.ts';

export interface SeedLikeOptions {
  sourceUrl: string;
  sourceProduction: boolean;
  targetUrl: string;
  target: { displayUrl: string; kind: string; production: boolean };
  schema: string;
  tables: readonly string[];
  /** Rows per named table, or 'enterprise' (resolved against the tables read). */
  rows: Record<string, number> | ((model: SourceModel) => Record<string, number>);
  factor?: number;
  seed: number;
  keepValues: boolean;
  sourceIndexes: boolean;
  reset: boolean;
  workers: number;
  lockTimeoutMs: number;
  statementTimeoutMs: number;
  onProgress?: (event: SeedProgressEvent) => void;
}

export async function seedLike(
  options: SeedLikeOptions,
): Promise<{ result: TwinResult; model: SourceModel }> {
  const startedAt = new Date();
  const t0 = performance.now();
  const targetIdentity = await withClient(options.targetUrl, databaseIdentity);
  const { model, identity } = await readSource(options.sourceUrl, {
    schema: options.schema,
    tables: options.tables,
    production: options.sourceProduction,
    lockTimeoutMs: options.lockTimeoutMs,
    statementTimeoutMs: options.statementTimeoutMs,
  });
  const sameCluster =
    identity.systemIdentifier !== null
      ? identity.systemIdentifier === targetIdentity.systemIdentifier
      : new URL(options.sourceUrl).host === new URL(options.targetUrl).host;
  if (sameCluster && identity.databaseOid === targetIdentity.databaseOid)
    throw new UserError(
      '--like points at the target database itself; a twin is written into pgready’s own database (the embedded server by default, or --database-url of another, empty database)',
    );
  const readMs = performance.now() - t0;
  const rows = typeof options.rows === 'function' ? options.rows(model) : options.rows;
  const report = await writeTwin(options.targetUrl, model, {
    seed: options.seed,
    rows,
    ...(options.factor !== undefined ? { factor: options.factor } : {}),
    keepValues: options.keepValues,
    reset: options.reset,
    production: options.target.production,
    workers: options.workers,
    sourceIndexes: options.sourceIndexes,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const f0 = performance.now();
  const fidelity = await withClient(options.targetUrl, (c) =>
    measureFidelity(c, model, report.built.aims, report.built.driving),
  );
  const fidelityMs = performance.now() - f0;
  const planTables = new Map(report.built.plan.tables.map((t) => [t.name, t]));
  const result: TwinResult = {
    kind: 'twin',
    version: TWIN_RESULT_VERSION,
    pgreadyVersion: PGREADY_VERSION,
    startedAt: startedAt.toISOString(),
    endedAt: new Date().toISOString(),
    target: { displayUrl: options.target.displayUrl, kind: options.target.kind },
    source: model.fingerprint,
    seed: options.seed,
    options: {
      rows,
      factor: options.factor ?? null,
      keepValues: options.keepValues,
      sourceIndexes: options.sourceIndexes,
    },
    tables: model.tables.map((t) => ({
      name: t.name,
      sourceRows: t.rows,
      rowsFrom: t.rowsFrom,
      aimRows: planTables.get(t.name)?.aimRows ?? 0,
      twinRows: report.rowCounts[t.name] ?? 0,
      twinBytes: report.tableBytes[t.name] ?? 0,
      analyzed: t.analyzed,
      ...(report.built.driving[t.name] ? { drivingForeignKey: report.built.driving[t.name]! } : {}),
    })),
    columns: fidelity.columns,
    foreignKeys: fidelity.foreignKeys,
    plans: [],
    indexes: report.indexes,
    timingsMs: {
      read: readMs,
      load: report.timingsMs.load,
      keys: report.timingsMs.keys,
      indexes: report.timingsMs.indexes,
      vacuum: report.timingsMs.vacuum,
      fidelity: fidelityMs,
      total: performance.now() - t0,
    },
    notes: [
      ...model.notes,
      ...report.built.notes,
      'columns are generated independently of each other: cross-column correlations (and extended statistics) are not reproduced',
    ],
  };
  return { result, model };
}
