/**
 * Renders the fix steps as a psql script a DBA reviews and runs. Every step sits behind a psql
 * `\gset` / `\if` guard, so running the script twice is harmless. Nothing is wrapped in a
 * transaction block: CREATE/DROP INDEX CONCURRENTLY cannot run inside one.
 */
import type { CannotFix } from '../results/verify.ts';
import type { GuardedStep } from './fix-plan.ts';

export interface FixScriptOptions {
  /** Masked URL of the database verified (never a password). */
  displayUrl: string;
  generatedAt: string;
  lockTimeoutMs: number;
  statementTimeoutMs: number;
  /** The command that wrote it (default `verify`). */
  command?: string;
  /** A titled section of its own before the steps (advise: "suggested, measured"). */
  section?: string;
}

export function renderFixScript(
  steps: readonly GuardedStep[],
  options: FixScriptOptions,
  unfixable: readonly CannotFix[] = [],
): string {
  const lines = [
    `-- pgready ${options.command ?? 'verify'}: fix script for ${options.displayUrl}`,
    `-- generated ${options.generatedAt}`,
    '--',
    '-- Review it, then run it with psql (version 10 or later, for \\if) in autocommit mode:',
    '--   psql "$DATABASE_URL" -f THIS_FILE',
    '-- Do not wrap it in BEGIN/COMMIT: CREATE/DROP INDEX CONCURRENTLY cannot run in a transaction block.',
    '-- Each step checks first whether it is still needed, so running the script twice is harmless.',
    '-- A valid index that matches its definition is never dropped; a mismatched one is replaced by',
    '-- building the right definition under a temporary name and swapping the names.',
    '',
    '\\set ON_ERROR_STOP on',
    // lock_timeout keeps a step from queueing behind long transactions (and every query behind it).
    `SET lock_timeout = '${options.lockTimeoutMs}ms';`,
    `SET statement_timeout = '${options.statementTimeoutMs}ms';`,
    '',
  ];
  for (const item of unfixable) {
    lines.push(`-- Cannot fix automatically: ${item.index}, because ${item.reason}.`);
  }
  if (unfixable.length > 0) {
    lines.push(
      `\\echo 'pgready: ${unfixable.length} index problem(s) need a person (see the comments at the top): ${unfixable.map((u) => u.index).join(', ')}'`,
      '',
    );
  }
  if (steps.length === 0 && unfixable.length === 0) {
    lines.push('-- Nothing to fix: every catalogue index is present, valid and matches its definition.');
    lines.push("\\echo 'pgready: nothing to fix'");
  } else if (steps.length === 0) {
    lines.push('-- Nothing this script can do: every problem above needs a person.');
  }
  if (options.section) lines.push(`-- ==== ${options.section} ====`, '');
  for (const [i, step] of steps.entries()) {
    lines.push(
      `-- Step ${i + 1}: ${step.index}: ${step.action}`,
      `-- ${step.comment}`,
      `${step.guardSql} \\gset pgready_`,
      '\\if :pgready_run',
      step.sql,
      '\\else',
      `\\echo 'pgready: step ${i + 1} (${step.action} ${step.index}) not needed any more, skipped'`,
      '\\endif',
      '',
    );
  }
  if (steps.some((s) => s.action === 'swap')) {
    lines.push(
      '-- The replaced indexes are kept as <name>_pgready_old. Once nothing needs their old definition:',
      '--   DROP INDEX CONCURRENTLY <schema>.<name>_pgready_old;',
      '',
    );
  }
  lines.push(
    `\\echo 'pgready: fix script finished; run pgready ${options.command === 'advise' ? 'verify' : 'verify again'} to confirm'`,
    '',
  );
  return lines.join('\n');
}
