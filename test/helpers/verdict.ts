// What an end-to-end test may accept when its verdict rests on machine speed (built-in scenarios
// on a shared 2-core machine): the exit code and the printed verdict agree, and every reason for a
// NOT READY is speed, never a missing index, a plan, an error or a partial run.
import assert from 'node:assert/strict';
import type { Verdict } from '../../src/results/types.ts';

/** A reason that only a slow or busy machine explains (src/results/verdict.ts words it). */
export const SPEED_REASON = new RegExp(
  [
    String.raw`^[a-z0-9-]+: p(50|95|99) [\d.,]+ ms > target \d+ ms \(.+\)$`,
    String.raw`^[a-z0-9-]+: load generator saturated \(`,
    String.raw`^Claim '.+' \(.+\): after FAILS — `,
  ].join('|'),
);

const READY_LINE = /^Verdict: ENTERPRISE READY — /m;
const NOT_READY_LINE = /^Verdict: NOT READY — \d+ problem\(s\):$/m;

/**
 * The verdict decided by the exit code: 0 is READY with no reason, 1 is NOT READY explained by
 * speed alone.
 */
export function assertSpeedVerdict(
  code: number | null,
  verdict: Pick<Verdict, 'ready' | 'reasons'>,
  /** The text report it printed (its verdict line is checked); none when it printed JSON. */
  output?: string,
): void {
  assert.ok(code === 0 || code === 1, `exit ${code}`);
  assert.equal(verdict.ready, code === 0, `exit ${code} is the verdict`);
  assert.equal(verdict.ready, verdict.reasons.length === 0);
  if (output !== undefined) {
    assert.match(output, verdict.ready ? READY_LINE : NOT_READY_LINE);
    assert.doesNotMatch(output, verdict.ready ? NOT_READY_LINE : READY_LINE);
  }
  for (const reason of verdict.reasons) assert.match(reason, SPEED_REASON, 'NOT READY here is speed alone');
}
