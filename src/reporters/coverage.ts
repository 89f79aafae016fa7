/**
 * The coverage sentence and the not-applicable list, worded once for every report (text,
 * markdown, HTML, JUnit) of a run or a verify.
 */
import type { Coverage } from '../results/coverage.ts';

/** "Coverage: 4 of 5 CRITICAL/HIGH indexes used by …"; a result from before coverage says so. */
export function coverageLine(coverage: Coverage | undefined): string {
  return coverage
    ? `Coverage: ${coverage.summary}.`
    : 'Coverage: not recorded (a result from before coverage).';
}

/** "Not applicable here: monthly-report (column leads.intent does not exist), …", or nothing. */
export function notApplicableLine(items: readonly { scenario: string; reason: string }[]): string[] {
  if (items.length === 0) return [];
  return [
    `Not applicable on this database (pgready's own scenarios that read what it lacks; skipped, never a reason): ${items.map((i) => `${i.scenario} (${i.reason})`).join('; ')}.`,
  ];
}
