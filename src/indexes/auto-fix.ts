/**
 * `--auto-fix`: runs the fix steps through node-postgres, the same guarded steps the psql script
 * holds, in autocommit mode (CONCURRENTLY needs it), with lock_timeout and statement_timeout set.
 * The only place verify writes. Stops at the first failure, like the script's ON_ERROR_STOP.
 */
import { connect } from '../db/connect.ts';
import { acquireWriterLock } from '../db/lock.ts';
import type { FixStep } from '../results/verify.ts';
import { toError } from '../util/errors.ts';
import type { GuardedStep } from './fix-plan.ts';
import { literal } from './fix-plan.ts';

export interface AutoFixOptions {
  lockTimeoutMs: number;
  statementTimeoutMs: number;
}

export async function applyFix(
  url: string,
  steps: readonly GuardedStep[],
  options: AutoFixOptions,
): Promise<FixStep[]> {
  const client = await connect(url);
  const done: FixStep[] = [];
  try {
    // The one write to a database pgready may not own: under the writer lock, named while held.
    await acquireWriterLock(client, 'verify --auto-fix');
    await client.query(`SET lock_timeout = ${Math.round(options.lockTimeoutMs)}`);
    await client.query(`SET statement_timeout = ${Math.round(options.statementTimeoutMs)}`);
    let failed = false;
    for (const step of steps) {
      const record: FixStep = { index: step.index, action: step.action, sql: step.sql };
      done.push(record);
      if (failed) {
        record.outcome = { ok: false, ms: 0, error: 'not run: an earlier step failed' };
        continue;
      }
      const started = performance.now();
      try {
        const guard = await client.query(step.guardSql);
        if (guard.rows[0]?.run !== true) {
          record.outcome = { ok: true, ms: 0, error: 'skipped: not needed any more' };
          continue;
        }
        await client.query(step.sql);
        record.outcome = { ok: true, ms: Math.round(performance.now() - started) };
      } catch (error) {
        failed = true;
        record.outcome = {
          ok: false,
          ms: Math.round(performance.now() - started),
          error: toError(error).message,
        };
        if (step.action === 'create' || step.action === 'build-replacement') {
          await dropOwnFailedBuild(client, step.sql);
        }
      }
    }
    return done;
  } finally {
    await client.end().catch(() => {});
  }
}

/** A concurrent build that failed leaves an INVALID index; it is ours, so remove it right away. */
async function dropOwnFailedBuild(
  client: Awaited<ReturnType<typeof connect>>,
  createSql: string,
): Promise<void> {
  const match = /IF NOT EXISTS (\S+) ON (\S+)\./.exec(createSql);
  if (!match) return;
  const qualified = `${match[2]}.${match[1]}`;
  try {
    const { rows } = await client.query(
      `SELECT EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass(${literal(qualified)}) AND NOT indisvalid) AS invalid`,
    );
    if (rows[0]?.invalid) await client.query(`DROP INDEX CONCURRENTLY IF EXISTS ${qualified}`);
  } catch {
    // Best effort: the next verify reports the leftover and the next fix drops it first.
  }
}
