/**
 * Coverage, decided in one place for run, prove, verify and merge: which CRITICAL and HIGH
 * catalogue indexes the plan of at least one checked scenario uses. With no scenario named, an
 * uncovered index is a reason ("no checked query uses idx_…"); with scenarios named, an index
 * outside them is "not covered by this run" and does not block. Zero checked scenarios is never READY.
 */

/** One CRITICAL/HIGH index and the checked scenarios whose plans use it. */
export interface CoverageIndex {
  index: string;
  priority: string;
  state: 'covered' | 'uncovered' | 'not covered by this run';
  /** Present and valid: an unusable one is a reason of its own already, so coverage does not repeat it. */
  usable: boolean;
  /** Checked scenarios whose plan uses it (under its name or the name it is present as). */
  by: string[];
}

/** The coverage of a verify or run, stated by every output. */
export interface Coverage {
  /** `all`: no scenario named, coverage decides; `named`: scenarios named, the rest is not covered by this run. */
  scope: 'all' | 'named';
  scenarios: number;
  checkedScenarios: number;
  indexes: CoverageIndex[];
  /** One sentence: "4 of 5 CRITICAL/HIGH indexes used by a checked query (8 of 10 scenarios checked); …". */
  summary: string;
}

export interface CoverageInput {
  indexes: readonly {
    name: string;
    priority: string;
    foundAs?: string | undefined;
    present?: boolean;
    valid?: boolean;
    definitionMatches?: boolean;
  }[];
  scenarios: readonly { scenario: string; checked: boolean; indexesUsed: readonly string[] }[];
  scope: Coverage['scope'];
}

export function coverageOf(input: CoverageInput): Coverage {
  const checked = input.scenarios.filter((s) => s.checked);
  const indexes = input.indexes
    .filter((i) => i.priority === 'CRITICAL' || i.priority === 'HIGH')
    .map((i): CoverageIndex => {
      const names = new Set([i.name, ...(i.foundAs ? [i.foundAs] : [])]);
      const by = checked.filter((s) => s.indexesUsed.some((u) => names.has(u))).map((s) => s.scenario);
      const state =
        by.length > 0 ? 'covered' : input.scope === 'all' ? 'uncovered' : 'not covered by this run';
      const usable = i.present !== false && i.valid !== false && i.definitionMatches !== false;
      return { index: i.name, priority: i.priority, state, usable, by };
    });
  const covered = indexes.filter((i) => i.state === 'covered');
  const open = indexes.filter((i) => i.state !== 'covered');
  const head = `${covered.length} of ${indexes.length} CRITICAL/HIGH indexes used by the plan of a checked query (${checked.length} of ${input.scenarios.length} scenarios checked)`;
  const rest =
    open.length === 0
      ? ''
      : input.scope === 'all'
        ? `; no checked query uses ${open.map((i) => i.index).join(', ')}`
        : `; not covered by this run (scenarios named): ${open.map((i) => i.index).join(', ')}`;
  return {
    scope: input.scope,
    scenarios: input.scenarios.length,
    checkedScenarios: checked.length,
    indexes,
    summary: `${head}${rest}`,
  };
}

/** The verdict's checks of a coverage: each uncovered index, and zero checked scenarios. */
export function coverageChecks(coverage: Coverage): { name: string; passed: boolean; detail: string }[] {
  const checks: { name: string; passed: boolean; detail: string }[] = [];
  if (coverage.checkedScenarios === 0) {
    checks.push({
      name: 'scenarios checked',
      passed: false,
      detail: `no scenario was checked (${coverage.scenarios} loaded): zero checked scenarios is never READY`,
    });
  }
  for (const i of coverage.indexes) {
    if (i.state === 'not covered by this run' || !i.usable) continue;
    checks.push({
      name: `${i.index} covered`,
      passed: i.state === 'covered',
      detail:
        i.state === 'covered'
          ? `${i.priority} index ${i.index} is used by ${i.by.join(', ')}`
          : `no checked query uses ${i.index} (${i.priority}): add a scenario of the query it serves, or name scenarios to judge only those`,
    });
  }
  return checks;
}
