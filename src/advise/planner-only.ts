/**
 * advise on a database pgready does not own: only the planner speaks. A read-only session, the
 * candidates as hypothetical indexes through an HypoPG that is already installed (never created
 * here), and an answer marked "suggested, not measured" — never a winner. Nothing is built,
 * dropped or created. Without HypoPG there is nothing honest to say: exit 2, pointing to a seed or
 * a twin, where advise measures.
 */
import { connect } from '../db/connect.ts';
import type { DatabaseTarget } from '../db/target.ts';
import { serverInfo } from '../inspect/server-info.ts';
import { ADVISE_RESULT_VERSION, type AdviseResult, type AdviseScenario } from '../results/advise.ts';
import { drawSample } from '../scenarios/sample.ts';
import { UserError } from '../util/errors.ts';
import { seededRandom } from '../util/prng.ts';
import { PGREADY_VERSION } from '../util/version.ts';
import { deriveForScenario, plainDdl } from './derive.ts';
import { hypotheticalPlans, openHypopg } from './hypopg.ts';
import type { AdviseOptions } from './options.ts';

export async function advisePlannerOnly(
  target: DatabaseTarget,
  reason: string,
  options: AdviseOptions,
): Promise<AdviseResult> {
  const startedAt = new Date().toISOString();
  const client = await connect(target.url);
  try {
    await client.query('SET default_transaction_read_only = on');
    await client.query(`SET statement_timeout = ${Math.round(options.pool.statementTimeoutMs)}`);
    const hypo = await openHypopg(client, false);
    if (!hypo.usable)
      throw new UserError(
        `advise measures candidates only on a database pgready owns, and ${reason}; without HypoPG here (${hypo.reason.replace(/^no pruning: /, '')}) there is not even a planner-only answer. Run advise on a seed (pgready seed) or a twin of this database (pgready seed --like)`,
      );
    const server = await serverInfo(client);
    const scenarios: AdviseScenario[] = [];
    for (const loaded of options.scenarios) {
      if (options.signal?.aborted) break;
      const def = loaded.definition;
      options.onStep?.(`${def.name}: candidates and their hypothetical plans`);
      const derived = await deriveForScenario(client, def, {
        serverVersionNum: server.versionNum,
        source: [],
        max: options.maxCandidates,
      });
      const sample = await drawSample(client, loaded, options.load.seed);
      const params = def.params(sample, seededRandom(options.load.seed, def.name, 'plan'));
      const plans = await hypotheticalPlans(
        client,
        def,
        params,
        derived.candidates.map((c) => plainDdl(c.ddl)),
      );
      for (const [i, c] of derived.candidates.entries()) {
        const h = plans[i]!;
        c.hypothetical = h;
        c.usesCandidate = h.usesCandidate;
        if (!h.usesCandidate && !h.error) c.pruned = 'the planner would not use it (HypoPG)';
      }
      const used = derived.candidates
        .filter((c) => c.hypothetical?.usesCandidate)
        .sort((a, b) => a.hypothetical!.cost - b.hypothetical!.cost);
      const best = used[0];
      scenarios.push({
        scenario: def.name,
        category: def.category,
        targetsMs: loaded.targetsMs,
        skipped: derived.skipped,
        candidates: derived.candidates,
        winner: best
          ? {
              kind: 'suggested',
              name: best.name,
              ddl: best.ddl,
              reason: `suggested, not measured: the planner would use it (cost ${best.hypothetical!.costWithout.toFixed(0)} → ${best.hypothetical!.cost.toFixed(0)}); measure it on a seed or a twin before building it here`,
            }
          : {
              kind: 'none',
              reason:
                'suggested, not measured: the planner would use none of the candidates (HypoPG); measure on a seed or a twin',
            },
      });
    }
    return {
      kind: 'advise',
      version: ADVISE_RESULT_VERSION,
      pgreadyVersion: PGREADY_VERSION,
      startedAt,
      endedAt: new Date().toISOString(),
      interrupted: options.signal?.aborted ?? false,
      target: { displayUrl: target.displayUrl, owned: false, reason },
      mode: 'planner',
      pruning: 'HypoPG (installed here): hypothetical indexes only, nothing built',
      scenarios,
      notes: [
        `suggested, not measured: ${reason}; pgready builds and measures candidates only on a database it owns (a seed, or a twin made by seed --like)`,
      ],
    };
  } finally {
    await client.query('SELECT hypopg_reset()').catch(() => {});
    await client.end().catch(() => {});
  }
}
