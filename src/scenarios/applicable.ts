/**
 * Whether a scenario can run on this database at all: its SQL and sample query are PREPAREd
 * (planned, never executed; allowed in a read-only session) and a missing table or column
 * (42P01, 42703) makes it "not applicable" — pgready's own scenarios read pgready's columns, which
 * an application's database need not have. Detected before any sampling.
 */
import type pg from 'pg';
import { toError } from '../util/errors.ts';
import type { LoadedScenario } from './load.ts';

/** A scenario that cannot run here, and why ("column leads.intent does not exist"). */
export interface NotApplicable {
  scenario: string;
  reason: string;
}

const STATEMENT = 'pgready_applicable_check';

/** Undefined when both queries prepare; else why the scenario cannot run on this database. */
export async function notApplicable(
  client: pg.ClientBase,
  scenario: LoadedScenario,
): Promise<NotApplicable | undefined> {
  for (const sql of [scenario.definition.sql, scenario.definition.sampleSql]) {
    try {
      await client.query(`PREPARE ${STATEMENT} AS ${sql}`);
      await client.query(`DEALLOCATE ${STATEMENT}`);
    } catch (error) {
      const err = toError(error) as Error & { code?: string };
      if (err.code === '42P01' || err.code === '42703')
        return { scenario: scenario.definition.name, reason: err.message };
      // Anything else (a type the parameters cannot take…) is for the run to report as it does.
      return undefined;
    }
  }
  return undefined;
}
