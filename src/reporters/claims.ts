/**
 * The claim check in plain words, as the first lines of every run report: one sentence per claim of
 * the requirement (what held, what was overstated, what could not be judged and why), or one line
 * saying the result file predates the claim check.
 */
import type { ClaimCheck } from '../results/claim-types.ts';
import type { RunResult } from '../results/types.ts';

/** The one line a result written before the claim check gets instead of the section. */
export const NO_CLAIM_CHECK =
  'Claim check: not in this result — it was written by a pgready from before the claim check; run it again to check the claims.';

/** The claim sentences, in catalogue order; the one line when the result has no claim check. */
export function claimLines(result: RunResult): string[] {
  if (!result.claims) return [NO_CLAIM_CHECK];
  if (result.claims.checks.length === 0) return ['Claim check: the catalogue makes no claim to check.'];
  return result.claims.checks.map((c) => c.sentence);
}

/** A claim judged failing (its after), for colour and CSS. */
export function claimFails(check: ClaimCheck): boolean {
  return check.after?.state === 'fails';
}
