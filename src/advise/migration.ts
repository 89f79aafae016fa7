/**
 * The measured winners as files a person reviews: a migration snippet (one CREATE INDEX
 * CONCURRENTLY IF NOT EXISTS per winner, with a `-- pgready: priority …` comment above it, so the
 * config's `indexesFrom` reads it into the catalogue), and the fix script's "suggested, measured"
 * section (the same psql guards as verify's: the INVALID leftover of a failed build dropped first,
 * the build only when the index is still absent, under lock_timeout, never in a transaction).
 */
import type { GuardedStep } from '../indexes/fix-plan.ts';
import { literal } from '../indexes/fix-plan.ts';
import { renderFixScript } from '../indexes/fix-script.ts';
import type { AdviseResult } from '../results/advise.ts';
import { CANDIDATE_PREFIX } from './ddl.ts';

/** A winner as it would be named and built in the application. */
export interface SuggestedIndex {
  scenario: string;
  name: string;
  /** `CREATE INDEX CONCURRENTLY name ON …` (no IF NOT EXISTS). */
  ddl: string;
  comment: string;
}

/** The measured winners (planner-only suggestions are never migrations). */
export function suggestedIndexes(result: AdviseResult): SuggestedIndex[] {
  const out: SuggestedIndex[] = [];
  for (const s of result.scenarios) {
    const w = s.winner;
    if (w.kind !== 'candidate') continue;
    // The measured name without its hash: idx_<table>_<columns>.
    const name = `idx_${w.name.slice(CANDIDATE_PREFIX.length).replace(/_[0-9a-f]{8}$/, '')}`
      .slice(0, 63)
      .replace(/_+$/, '');
    out.push({
      scenario: s.scenario,
      name,
      ddl: w.ddl.replace(w.name, name),
      comment: `${s.scenario}: ${(w.sizeBytes / 1024 / 1024).toFixed(1)} MB, built in ${(w.buildMs / 1000).toFixed(1)} s; ${w.reason}`,
    });
  }
  return out;
}

/** Priority of a winner: CRITICAL for a claim's carrier, HIGH otherwise. */
function priority(result: AdviseResult, scenario: string): 'CRITICAL' | 'HIGH' {
  return result.scenarios.find((s) => s.scenario === scenario)?.claim ? 'CRITICAL' : 'HIGH';
}

export function renderMigration(result: AdviseResult): string {
  const lines = [
    `-- pgready advise: measured winners on ${result.target.displayUrl}, ${result.endedAt}`,
    '-- Each index below made its scenario meet its targets under load (see the advise report).',
    '-- CONCURRENTLY: run outside a transaction block (most migration tools have a switch for it).',
    '',
  ];
  const suggested = suggestedIndexes(result);
  if (suggested.length === 0) lines.push('-- No measured winner: nothing to migrate.');
  for (const s of suggested) {
    lines.push(
      `-- pgready: priority ${priority(result, s.scenario)}`,
      `-- ${s.comment}`,
      `${s.ddl.replace('CREATE INDEX CONCURRENTLY ', 'CREATE INDEX CONCURRENTLY IF NOT EXISTS ')};`,
      '',
    );
  }
  return lines.join('\n');
}

/** The fix script with a "suggested, measured" section: guarded, CONCURRENTLY, under lock_timeout. */
export function renderAdviseFixScript(
  result: AdviseResult,
  options: { lockTimeoutMs: number; statementTimeoutMs: number },
): string {
  const steps: GuardedStep[] = [];
  for (const s of suggestedIndexes(result)) {
    const qualified = literal(s.name);
    steps.push(
      {
        index: s.name,
        action: 'drop-invalid',
        comment: `an INVALID ${s.name} (a failed CREATE INDEX CONCURRENTLY leaves one) is dropped before building`,
        guardSql: `SELECT EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass(${qualified}) AND NOT (indisvalid AND indisready)) AS run`,
        sql: `DROP INDEX CONCURRENTLY IF EXISTS ${s.name};`,
      },
      {
        index: s.name,
        action: 'create',
        comment: `suggested, measured: ${s.comment}`,
        guardSql: `SELECT to_regclass(${qualified}) IS NULL AS run`,
        sql: `${s.ddl};`,
      },
    );
  }
  return renderFixScript(steps, {
    displayUrl: result.target.displayUrl,
    generatedAt: result.endedAt,
    lockTimeoutMs: options.lockTimeoutMs,
    statementTimeoutMs: options.statementTimeoutMs,
    command: 'advise',
    section: 'suggested, measured (pgready advise)',
  });
}
