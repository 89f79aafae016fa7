/**
 * The rules of the claim check, one function per part (before, after, improvement), each giving its
 * state and its plain words with the numbers. A missing input is said, never guessed.
 */
import type { IndexClaim } from '../../seed/catalogue.ts';
import { fmtCount, fmtMs } from '../util/format.ts';
import type { ClaimFigures, ClaimPart } from './claim-types.ts';

/** The claim's table, its rows and whether it is at the scale the claim is made for. */
export interface ClaimScale {
  table: string;
  rows: number | undefined;
  enterpriseRows: number | undefined;
  atClaimScale: boolean;
}

const NO_WITHOUT = 'not judged — no without phase was measured (--phases with)';
const NO_WITH = 'not judged — no with phase was measured (--phases without)';
const NO_ALONE = 'no single-connection figure (--baseline 0)';
const APPROXIMATE =
  ' — approximate: --without planner hid the indexes with planner settings, it did not drop them';
export const SCALE_HINT = 'not judged at this scale: run `--scale enterprise`';

const notJudged = (words: string): ClaimPart => ({ state: 'not judged', words });

/** "500 ms+" or "300–600 ms". */
export function claimedBefore(before: NonNullable<IndexClaim['before']>): string {
  return before.maxMs !== undefined ? `${before.minMs}–${before.maxMs} ms` : `${before.minMs} ms+`;
}

/** Why the scale rule cannot judge, or undefined when it can. */
function scaleProblem(scale: ClaimScale, measured: string): string | undefined {
  if (scale.rows === undefined)
    return `not judged — the rows of ${scale.table} were not recorded; ${measured}`;
  if (scale.enterpriseRows === undefined)
    return `not judged: no enterprise row count for ${scale.table} (pgready does not seed it; give claimRows: { "${scale.table}": N } in the config); ${measured}`;
  if (!scale.atClaimScale)
    return `${SCALE_HINT} — ${measured} at ${fmtCount(scale.rows)} ${scale.table}, under 90 % of the ${fmtCount(scale.enterpriseRows)} the claim is made for`;
  return undefined;
}

/** The before: single-connection p50 without the index, at the claim's scale; under load shown only. */
export function judgeBefore(
  before: NonNullable<IndexClaim['before']>,
  without: ClaimFigures | undefined,
  scale: ClaimScale,
): ClaimPart {
  if (!without) return notJudged(NO_WITHOUT);
  const underLoad =
    without.underLoadP95Us !== undefined
      ? `${fmtMs(without.underLoadP95Us)} p95 under load${without.saturated ? ' with the load generator saturated' : ''}, not judged`
      : 'no under-load figure';
  if (without.aloneP50Us === undefined) return notJudged(`not judged — ${NO_ALONE}; ${underLoad}`);
  const alone = `${fmtMs(without.aloneP50Us)} alone`;
  const problem = scaleProblem(scale, alone);
  if (problem) return notJudged(problem);
  const at = `${alone} at ${fmtCount(scale.rows ?? 0)} ${scale.table}`;
  const claimed = claimedBefore(before);
  const approximate = without.approximate ? APPROXIMATE : '';
  const flag = without.approximate ? { approximate: true } : {};
  if (without.aloneP50Us >= before.minMs * 1000) {
    const where =
      before.maxMs === undefined
        ? `claimed ${claimed}`
        : without.aloneP50Us <= before.maxMs * 1000
          ? `inside the claimed ${claimed}`
          : `above the claimed ${claimed}`;
    return { state: 'holds', words: `holds — ${at}, ${where} (${underLoad})${approximate}`, ...flag };
  }
  const less = (before.minMs * 1000) / Math.max(1, without.aloneP50Us);
  return {
    state: 'overstated',
    words: `overstated — ${at}, not ${claimed} (${less < 10 ? less.toFixed(1) : Math.round(less)}× less; ${underLoad})${approximate}`,
    ...flag,
  };
}

/** The after: single-connection p50 AND under-load p95 with the index, at most the claimed ms. */
export function judgeAfter(afterMs: number, withFigures: ClaimFigures | undefined): ClaimPart {
  if (!withFigures) return notJudged(NO_WITH);
  const limitUs = afterMs * 1000;
  const shown: { text: string; us: number }[] = [];
  const missing: string[] = [];
  if (withFigures.aloneP50Us !== undefined)
    shown.push({ text: `${fmtMs(withFigures.aloneP50Us)} alone`, us: withFigures.aloneP50Us });
  else missing.push(NO_ALONE);
  if (withFigures.underLoadP95Us === undefined) missing.push('no request completed under load');
  else if (withFigures.saturated)
    missing.push(
      `the load generator saturated, so ${fmtMs(withFigures.underLoadP95Us)} p95 under load is not the database's alone`,
    );
  else
    shown.push({
      text: `${fmtMs(withFigures.underLoadP95Us)} p95 under load`,
      us: withFigures.underLoadP95Us,
    });
  const mark = (f: { text: string; us: number }) => `${f.text} ${f.us <= limitUs ? '≤' : '>'} ${afterMs} ms`;
  if (shown.some((f) => f.us > limitUs))
    return { state: 'fails', words: `FAILS — ${shown.map(mark).join(', ')}` };
  if (missing.length === 0)
    return { state: 'holds', words: `holds — ${shown.map((f) => f.text).join(', ')} (≤ ${afterMs} ms)` };
  return notJudged(
    `not judged — ${missing.join('; ')}${shown.length ? `; ${shown.map(mark).join(', ')}` : ''}`,
  );
}

/** The improvement: single-connection p50 without → with, against the claimed percentage. */
export function judgeImprovement(
  percent: number,
  without: ClaimFigures | undefined,
  withFigures: ClaimFigures | undefined,
  scale: ClaimScale,
): ClaimPart {
  if (!without) return notJudged(NO_WITHOUT);
  if (!withFigures) return notJudged(NO_WITH);
  if (without.aloneP50Us === undefined || withFigures.aloneP50Us === undefined)
    return notJudged(`not judged — ${NO_ALONE}`);
  const measuredPercent = (1 - withFigures.aloneP50Us / Math.max(1, without.aloneP50Us)) * 100;
  const faster =
    measuredPercent >= 0
      ? `${measuredPercent.toFixed(1)} % faster`
      : `${(-measuredPercent).toFixed(1)} % slower`;
  const measured = `${faster} alone (${fmtMs(without.aloneP50Us)} → ${fmtMs(withFigures.aloneP50Us)})`;
  const problem = scaleProblem(scale, measured);
  if (problem) return { ...notJudged(`${problem}, claimed ${percent} %`), measuredPercent };
  const approximate = without.approximate ? APPROXIMATE : '';
  const flag = without.approximate ? { approximate: true } : {};
  return measuredPercent >= percent
    ? {
        state: 'met',
        words: `met — ${measured}, claimed ${percent} %${approximate}`,
        measuredPercent,
        ...flag,
      }
    : {
        state: 'missed',
        words: `missed — ${measured}, claimed ${percent} %${approximate}`,
        measuredPercent,
        ...flag,
      };
}

/** Every part of a claim whose carrier scenario was not run. */
export function notMeasuredPart(carrier: string): ClaimPart {
  return notJudged(`not checked — its carrier scenario ${carrier} was not in this run`);
}

/** "Claim '500 ms+ → 35 ms, 93 % faster' (lead dashboard, idx_leads_status_score): after holds — …; before …." */
export function claimSentence(
  index: string,
  claim: IndexClaim,
  parts: { after?: ClaimPart; before?: ClaimPart; improvement?: ClaimPart },
  whole?: string,
): string {
  const head = `Claim '${claim.text}' (${claim.subject}, ${index}): `;
  if (whole) return `${head}${whole}.`;
  const said = [
    parts.after && `after ${parts.after.words}`,
    parts.before && `before ${parts.before.words}`,
    parts.improvement && `improvement ${parts.improvement.words}`,
  ].filter(Boolean);
  return `${head}${said.join('; ')}.`;
}
