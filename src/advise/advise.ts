/**
 * `pgready advise` as a library call. On a database pgready owns: take the writer lock, resolve the
 * run's plan (samples, pool, load, connection budget), derive each scenario's candidates, prune
 * them with HypoPG where it can, measure the scenario as it is and with each surviving candidate
 * (built, measured, dropped: measure.ts), and choose the winner. Anywhere else only the planner
 * speaks (planner-only.ts). Returns one AdviseResult; never prints.
 */
import type { CatalogueIndex } from '../../seed/catalogue.ts';
import { markChangedSinceSeed } from '../db/changes.ts';
import { connect, withClient } from '../db/connect.ts';
import { checkOwnership, readSeedMeta } from '../db/ownership.ts';
import type { DatabaseTarget } from '../db/target.ts';
import { dropCreatedExtension } from '../indexes/created.ts';
import { serverInfo } from '../inspect/server-info.ts';
import { ControlConnection } from '../phases/control.ts';
import { prepareRun } from '../phases/prepare.ts';
import { ADVISE_RESULT_VERSION, type AdviseResult, type AdviseScenario } from '../results/advise.ts';
import { onCleanup } from '../util/lifecycle.ts';
import { seededRandom } from '../util/prng.ts';
import { PGREADY_VERSION } from '../util/version.ts';
import { deriveForScenario, plainDdl } from './derive.ts';
import { sourceIndexes } from './existing.ts';
import { closeHypopg, hypotheticalPlans, openHypopg } from './hypopg.ts';
import {
  hotspot,
  type MeasureContext,
  measureCandidate,
  measureState,
  meetsClaim,
  meetsTargets,
} from './measure.ts';
import type { AdviseOptions } from './options.ts';
import { advisePlannerOnly } from './planner-only.ts';
import { chooseWinner } from './winner.ts';

export type { AdviseOptions } from './options.ts';

export async function performAdvise(target: DatabaseTarget, options: AdviseOptions): Promise<AdviseResult> {
  const probe = await connect(target.url);
  const ownership = await checkOwnership(probe, { production: target.production }).finally(() =>
    probe.end().catch(() => {}),
  );
  if (!ownership.owned) return advisePlannerOnly(target, ownership.reason, options);
  return adviseMeasured(target, ownership.reason, options);
}

async function adviseMeasured(
  target: DatabaseTarget,
  reason: string,
  options: AdviseOptions,
): Promise<AdviseResult> {
  const startedAt = new Date().toISOString();
  const step = options.onStep ?? (() => {});
  const notes: string[] = [];
  const control = await ControlConnection.open(target.url, { command: 'advise' });
  try {
    const plan = await prepareRun(control.client, {
      phases: ['with'],
      without: 'planner',
      scenarios: [...options.scenarios, ...options.writes],
      mixed: false,
      pool: options.pool,
      load: options.load,
      baselineIterations: options.baselineIterations,
      maxErrorRate: options.maxErrorRate,
      ddlWait: options.ddlWait,
      production: target.production,
      catalogue: options.catalogue,
    });
    const writes = plan.scenarios.filter((s) => s.loaded.definition.access === 'write');
    if (writes.length)
      await markChangedSinceSeed(control.client, writes.map((w) => w.loaded.definition.name).join(', '));
    const server = await serverInfo(control.client);
    const source = sourceIndexes((await readSeedMeta(control.client))?.extra);
    if (source.length)
      notes.push(`a twin: ${source.length} source index(es) recorded by seed --like are never proposed`);
    const hypo = await openHypopg(control.client, true);
    // Ctrl-C: the extension advise created goes too (a fresh connection: the control one may be busy).
    const unregister =
      hypo.usable && hypo.created
        ? onCleanup('drop the HypoPG extension advise created', () =>
            withClient(target.url, (c) => dropCreatedExtension(c, 'hypopg')),
          )
        : () => {};
    const ctx: MeasureContext = {
      control,
      plan,
      url: target.url,
      step,
      ...(options.signal ? { signal: options.signal } : {}),
    };
    const scenarios: AdviseScenario[] = [];
    try {
      for (const entry of plan.scenarios.filter((s) => s.loaded.definition.access !== 'write')) {
        if (options.signal?.aborted) break;
        const def = entry.loaded.definition;
        step(`${def.name}: deriving candidates`);
        const derived = await deriveForScenario(control.client, def, {
          serverVersionNum: server.versionNum,
          source,
          max: options.maxCandidates,
        });
        const params = def.params(entry.sample, seededRandom(plan.load.seed, def.name, 'plan'));
        if (hypo.usable) {
          const plans = await hypotheticalPlans(
            control.client,
            def,
            params,
            derived.candidates.map((c) => plainDdl(c.ddl)),
          );
          for (const [i, c] of derived.candidates.entries()) {
            const h = plans[i]!;
            c.hypothetical = h;
            if (!h.usesCandidate && !h.error)
              c.pruned = `the planner would not use it (HypoPG: cost ${h.cost.toFixed(0)} against ${h.costWithout.toFixed(0)} now)`;
          }
        }
        const claim = claimOf(def.name, def.carries, options.catalogue);
        step(`${def.name}: measuring as the database is (no candidate)`);
        const without = await measureState(ctx, entry, writes);
        const current: NonNullable<AdviseScenario['current']> = {
          plan: without.plan,
          ...(without.alone ? { alone: without.alone } : {}),
          ...(without.underLoad ? { underLoad: without.underLoad } : {}),
          meetsTargets: meetsTargets(without, entry.loaded.targetsMs, plan.maxErrorRate),
          ...(claim ? { meetsClaim: meetsClaim(without, claim.afterMs) } : {}),
        };
        const hot = await hotspot(ctx, entry);
        if (hot) current.hotspot = hot;
        for (const candidate of derived.candidates) {
          if (candidate.pruned || options.signal?.aborted) continue;
          await measureCandidate(ctx, entry, writes, candidate, {
            targets: entry.loaded.targetsMs,
            ...(claim ? { afterMs: claim.afterMs } : {}),
            without,
          });
        }
        const scenario: Omit<AdviseScenario, 'winner'> = {
          scenario: def.name,
          category: def.category,
          targetsMs: entry.loaded.targetsMs,
          ...(claim ? { claim } : {}),
          current,
          skipped: derived.skipped,
          candidates: derived.candidates,
        };
        scenarios.push({ ...scenario, winner: chooseWinner(scenario) });
      }
    } finally {
      await closeHypopg(control.client, hypo).catch(() => {});
      unregister();
    }
    return {
      kind: 'advise',
      version: ADVISE_RESULT_VERSION,
      pgreadyVersion: PGREADY_VERSION,
      startedAt,
      endedAt: new Date().toISOString(),
      interrupted: options.signal?.aborted ?? false,
      target: { displayUrl: target.displayUrl, owned: true, reason },
      mode: 'measured',
      pruning: hypo.usable
        ? `HypoPG${hypo.created ? ' (created for this run, dropped after)' : ''}: candidates the planner would not use are not built`
        : hypo.reason,
      load: {
        model: plan.load.model,
        durationMs: plan.load.durationMs,
        warmupMs: plan.load.warmupMs,
        baseline: plan.baselineIterations,
        protocol: plan.load.protocol,
      },
      scenarios,
      notes,
    };
  } finally {
    await control.close();
  }
}

/** The claim this scenario carries (the catalogue's carrier, or the scenario's `carries`), with an after. */
export function claimOf(
  name: string,
  carries: string | undefined,
  catalogue: readonly CatalogueIndex[],
): { index: string; afterMs: number } | undefined {
  const index = catalogue.find((i) => i.name === carries || i.claim?.carrier === name);
  return index?.claim?.afterMs !== undefined
    ? { index: index.name, afterMs: index.claim.afterMs }
    : undefined;
}
