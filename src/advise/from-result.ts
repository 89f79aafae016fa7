/**
 * `advise --from RESULT.json`: the scenarios that failed in a saved run — a target missed, its
 * expected index not in its plan, or a claim's after that fails (judged on its carrier). Another
 * kind of result (verify, micro, …) is refused with one line.
 */
import { loadResult } from '../results/read.ts';
import { UserError } from '../util/errors.ts';

export async function failedScenarios(file: string): Promise<string[]> {
  const result = await loadResult(file);
  if (result.kind !== 'run')
    throw new UserError(
      `${file} is a ${result.kind} result; advise --from reads a run result (pgready run --output FILE, or reports/*.json of a run)`,
    );
  const names = new Set<string>();
  for (const check of result.verdict.checks) if (!check.passed && check.scenario) names.add(check.scenario);
  for (const claim of result.claims?.checks ?? [])
    if (claim.after?.state === 'fails') names.add(claim.claim.carrier);
  const measured = new Set(result.config.scenarios);
  return [...names].filter((n) => measured.has(n));
}
