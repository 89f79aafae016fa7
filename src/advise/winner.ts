/**
 * The winner rule. A candidate wins when its plan uses it, it meets the category's targets under
 * load and, for a claim's carrier, the claim's after (alone p50 and under-load p95); of those, the
 * smallest, ties by build time. A scenario that already meets its targets keeps what it has. With
 * no winner the answer is "none", with the best candidate (lowest p95 under load), by how much it
 * misses, and what its plan spends its time on.
 */
import type { AdviseCandidate, AdviseScenario, AdviseWinner } from '../results/advise.ts';

export function chooseWinner(scenario: Omit<AdviseScenario, 'winner'>): AdviseWinner {
  const measured = scenario.candidates.filter((c) => c.underLoad && !c.pruned);
  const winners = measured
    .filter((c) => c.usesCandidate && c.meetsTargets && c.meetsClaim !== false)
    .sort((a, b) => (a.sizeBytes ?? 0) - (b.sizeBytes ?? 0) || (a.buildMs ?? 0) - (b.buildMs ?? 0));
  const current = scenario.current;
  if (current?.meetsTargets && current.meetsClaim !== false) {
    const also = winners[0];
    return {
      kind: 'keep',
      reason: `already meets its targets${scenario.claim ? ' and its claim' : ''} with the indexes it has: keep what you have${also ? ` (the smallest candidate that keeps it there: ${also.name}, ${mb(also.sizeBytes ?? 0)})` : ''}`,
    };
  }
  const win = winners[0];
  if (win)
    return {
      kind: 'candidate',
      name: win.name,
      ddl: win.ddl,
      sizeBytes: win.sizeBytes ?? 0,
      buildMs: win.buildMs ?? 0,
      reason: `the smallest of ${winners.length} candidate(s) whose plan uses it and that meet${scenario.claim ? ' the targets and the claim' : ' the targets'} under load: p95 ${ms(win.underLoad!.p95Us)} against ${scenario.targetsMs.p95} ms`,
    };
  const best = [...measured].sort((a, b) => a.underLoad!.p95Us - b.underLoad!.p95Us)[0];
  if (!best)
    return {
      kind: 'none',
      reason: scenario.candidates.length
        ? 'no candidate meets the target: none survived to be measured (the planner would use none)'
        : 'no candidate meets the target: the query gives no column an index could serve',
    };
  const missByUs = Math.max(0, best.underLoad!.p95Us - scenario.targetsMs.p95 * 1000);
  return {
    kind: 'none',
    best: best.name,
    missByUs,
    reason: `no candidate meets the target: the best, ${best.name}, reaches p95 ${ms(best.underLoad!.p95Us)} under load against ${scenario.targetsMs.p95} ms${missByUs > 0 ? ` (misses by ${ms(missByUs)})` : ''}${why(best, scenario.targetsMs)}${best.hotspot ? `; its plan spends its time on ${best.hotspot}` : ''}`,
  };
}

function why(c: AdviseCandidate, targets: AdviseScenario['targetsMs']): string {
  const reasons: string[] = [];
  if (!c.usesCandidate) reasons.push('its plan does not use it');
  if (c.meetsTargets === false && c.underLoad) {
    const u = c.underLoad;
    const missed = (
      [
        ['p50', u.p50Us, targets.p50],
        ['p95', u.p95Us, targets.p95],
        ['p99', u.p99Us, targets.p99],
      ] as const
    )
      .filter(([, us, target]) => us > target * 1000)
      .map(([p, us, target]) => `${p} ${ms(us)} > ${target} ms`);
    reasons.push(
      missed.length ? `under load ${missed.join(', ')}` : 'it misses the allowed error rate under load',
    );
  }
  if (c.meetsClaim === false) reasons.push("it misses the claim's after");
  return reasons.length ? `; ${reasons.join(', ')}` : '';
}

function ms(us: number): string {
  return us >= 10_000 ? `${(us / 1000).toFixed(0)} ms` : `${(us / 1000).toFixed(1)} ms`;
}

function mb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.round(bytes / 1024)} kB`;
}
