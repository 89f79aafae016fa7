/**
 * The plain-words summary of a run a sales team can read: first the claim check (each claim of the
 * requirement against what was measured), then targets, what the indexes changed, and the indexes.
 * The under-load before → after is never the headline when claims were checked: under load the
 * without phase can sit at the query timeout, which proves nothing about the claim's single query.
 */
import type { RunResult } from '../results/types.ts';
import { fmtMs } from '../util/format.ts';
import { claimLines } from './claims.ts';
import { coverageLine, notApplicableLine } from './coverage.ts';
import { indexProblem } from './markdown-parts.ts';
import { planHeadline, type ScenarioRow } from './rows.ts';

/** Summary sentences; `**bold**` marks the words to stress (markdown, converted by the HTML report). */
export function summaryBullets(
  result: RunResult,
  rows: ScenarioRow[],
  options: { claims?: boolean } = {},
): string[] {
  const bullets: string[] = options.claims === false ? [] : claimLines(result);
  const both = rows.filter((r) => r.without && r.with && r.p95Change);
  // Without a claim check (an older result), the headline is the dashboard every client sees first.
  const headline = result.claims
    ? undefined
    : (rows.find((r) => r.category === 'Lead Dashboard' && r.p95Change) ?? both[0]);
  if (headline?.with && headline.without && headline.p95Change) {
    const w = headline.with.latency.summary;
    const wo = headline.without.latency.summary;
    bullets.push(
      headline.p95Change.helps
        ? `**${headline.scenario}** (${headline.category}): **${fmtMs(wo.p95Us)} without the indexes → ${fmtMs(w.p95Us)} with them** at the 95th percentile — ${headline.p95Change.words}. Target: ${headline.targetsMs.p95} ms.`
        : `**${headline.scenario}** (${headline.category}): the index did **not** help — ${fmtMs(wo.p95Us)} without, ${fmtMs(w.p95Us)} with (${headline.p95Change.words}). Target: ${headline.targetsMs.p95} ms.`,
    );
  }
  const judged = rows.filter((r) => r.passed !== undefined);
  const passing = judged.filter((r) => r.passed);
  if (judged.length)
    bullets.push(
      passing.length === judged.length
        ? `All ${judged.length} demo queries meet their response-time targets with the indexes in place.`
        : `${passing.length} of ${judged.length} demo queries meet their targets; **${judged.length - passing.length} do not**: ${judged
            .filter((r) => !r.passed)
            .map((r) => r.scenario)
            .join(', ')}.`,
    );
  const helped = both.filter((r) => r.p95Change?.helps);
  const notHelped = both.filter((r) => !r.p95Change?.helps);
  if (helped.length)
    bullets.push(
      `The indexes made ${helped.length} of ${both.length} queries faster: ${helped
        .map((r) => `${r.scenario} ${r.p95Change?.words.replace(/ \(.*\)$/, '')}`)
        .join(', ')}.`,
    );
  for (const r of notHelped)
    bullets.push(
      `**${r.expectedIndexes.join(', ') || 'The index'} did not speed up ${r.scenario}** (p95 ${fmtMs(r.without?.latency.summary.p95Us ?? 0)} → ${fmtMs(r.with?.latency.summary.p95Us ?? 0)}, ${r.p95Change?.words}); its plan: ${planHeadline(r.with)}.`,
    );
  const bad = result.indexes.filter((i) => indexProblem(i));
  bullets.push(
    bad.length
      ? `${bad.length} of ${result.indexes.length} required indexes are not usable: ${bad.map((i) => `${i.name} (${indexProblem(i)})`).join(', ')}.`
      : `All ${result.indexes.length} required indexes exist and are valid.`,
  );
  bullets.push(coverageLine(result.coverage), ...notApplicableLine(result.notApplicable ?? []));
  return bullets;
}
