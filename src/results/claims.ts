/**
 * The claim check (issue 10): each claim the requirement makes for an index ("500 ms+ → 35 ms",
 * "70 % faster") against what its carrier scenario measured, as a pure function of the run's
 * numbers. Computed once when a run ends, stored in the RunResult, recomputed by `merge`.
 * - before: judged on the single-connection p50 without the index, only when the claim's table holds
 *   ≥ 90 % of the rows pgready's enterprise scale seeds into it; the under-load figure is shown only.
 * - after: judged on the single-connection p50 AND the under-load p95 with the index, at any scale.
 * - improvement: the single-connection p50 change against the claimed percentage (it rests on the
 *   before, so it has the before's scale rule).
 * Missing inputs are said, never guessed. The catalogue comes in as an argument, so indexes from a
 * config carry their claims the same way.
 */
import type { CatalogueIndex, IndexClaim } from '../../seed/catalogue.ts';
import { claimSentence, judgeAfter, judgeBefore, judgeImprovement, notMeasuredPart } from './claim-parts.ts';
import type { ClaimCheck, ClaimFigures, ClaimReport, ClaimRows } from './claim-types.ts';
import type { PhaseResult, ScenarioPhaseResult } from './types.ts';

/** The share of the enterprise scale's rows a table must hold for the before to be judged. */
export const CLAIM_SCALE_SHARE = 0.9;

export type * from './claim-types.ts';

export interface ClaimInput {
  /** The catalogue entries (built-in, or resolved with the config's): those with a claim are checked. */
  catalogue: readonly Pick<CatalogueIndex, 'name' | 'table' | 'claim'>[];
  phases: readonly PhaseResult[];
  /** Undefined when the rows could not be read: the before is then not judged, and says why. */
  rows: ClaimRows | undefined;
  /**
   * The carriers of each claim, in order (the user's scenarios with `carries` first, then the
   * built-in): the first one measured in the run judges. Without it, the claim's own carrier.
   */
  carriers?: Readonly<Record<string, readonly string[]>>;
}

/** A scenario as the carriers are ordered by: its name, the index it carries, whether it is pgready's. */
export interface CarrierScenario {
  name: string;
  carries?: string | undefined;
  builtIn?: boolean | undefined;
}

/**
 * The ordered carriers of every claim: the user's scenarios that carry it, then the claim's own
 * carrier (the built-in scenario, or the config's `claim.carrier`), then built-ins that carry it.
 */
export function carriersOf(
  catalogue: readonly Pick<CatalogueIndex, 'name' | 'claim'>[],
  scenarios: readonly CarrierScenario[],
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const entry of catalogue) {
    if (!entry.claim) continue;
    const carrying = scenarios.filter((s) => s.carries === entry.name);
    const ordered = [
      ...carrying.filter((s) => !s.builtIn).map((s) => s.name),
      entry.claim.carrier,
      ...carrying.filter((s) => s.builtIn).map((s) => s.name),
    ];
    out[entry.name] = [...new Set(ordered)];
  }
  return out;
}

export function checkClaims(input: ClaimInput): ClaimReport {
  const checks: ClaimCheck[] = [];
  for (const entry of input.catalogue) {
    if (!entry.claim) continue;
    checks.push(checkOne(entry.name, entry.table, entry.claim, input));
  }
  return {
    ...(input.rows ? { rows: input.rows } : {}),
    ...(input.carriers
      ? { carriers: Object.fromEntries(Object.entries(input.carriers).map(([k, v]) => [k, [...v]])) }
      : {}),
    checks,
  };
}

function checkOne(index: string, table: string, declared: IndexClaim, input: ClaimInput): ClaimCheck {
  const withoutPhase = input.phases.find((p) => p.name === 'without');
  const withPhase = input.phases.find((p) => p.name === 'with');
  const candidates = input.carriers?.[index] ?? [declared.carrier];
  const measured = (name: string) => input.phases.some((p) => p.scenarios.some((s) => s.scenario === name));
  // The first carrier measured in this run judges the claim; none measured: the first is named.
  const carrier = candidates.find(measured) ?? candidates[0] ?? declared.carrier;
  const claim: IndexClaim = carrier === declared.carrier ? declared : { ...declared, carrier };
  const carrierIn = (p: PhaseResult | undefined) => p?.scenarios.find((s) => s.scenario === claim.carrier);
  const without = withoutPhase && figures(withoutPhase, carrierIn(withoutPhase));
  const withFigures = withPhase && figures(withPhase, carrierIn(withPhase));
  const rows = input.rows?.counts[table];
  const enterpriseRows = input.rows?.enterprise[table];
  const atClaimScale =
    rows !== undefined && enterpriseRows !== undefined && rows >= CLAIM_SCALE_SHARE * enterpriseRows;
  const carrierMeasured = Boolean(carrierIn(withoutPhase) ?? carrierIn(withPhase));
  const base = {
    index,
    table,
    claim,
    carrierMeasured,
    ...(rows !== undefined ? { rows } : {}),
    ...(enterpriseRows !== undefined ? { enterpriseRows } : {}),
    atClaimScale,
  };
  if (!carrierMeasured) {
    const part = notMeasuredPart(claim.carrier);
    const parts = {
      ...(claim.afterMs !== undefined ? { after: part } : {}),
      ...(claim.before ? { before: part } : {}),
      ...(claim.improvementPercent !== undefined ? { improvement: part } : {}),
    };
    return { ...base, ...parts, sentence: claimSentence(index, claim, parts, part.words) };
  }
  const scale = { table, rows, enterpriseRows, atClaimScale };
  const parts = {
    ...(claim.afterMs !== undefined ? { after: judgeAfter(claim.afterMs, withFigures) } : {}),
    ...(claim.before ? { before: judgeBefore(claim.before, without, scale) } : {}),
    ...(claim.improvementPercent !== undefined
      ? { improvement: judgeImprovement(claim.improvementPercent, without, withFigures, scale) }
      : {}),
  };
  return {
    ...base,
    ...(without ? { without } : {}),
    ...(withFigures ? { with: withFigures } : {}),
    ...parts,
    sentence: claimSentence(index, claim, parts),
  };
}

/** The carrier's figures in one phase; undefined figures where nothing was measured. */
function figures(phase: PhaseResult, s: ScenarioPhaseResult | undefined): ClaimFigures | undefined {
  if (!s) return undefined;
  const alone = s.baseline?.latency.summary;
  const load = s.latency.summary;
  return {
    ...(alone && alone.count > 0 ? { aloneP50Us: alone.p50Us } : {}),
    ...(load.count > 0 ? { underLoadP95Us: load.p95Us } : {}),
    saturated: s.saturated,
    approximate: phase.approximate,
  };
}
