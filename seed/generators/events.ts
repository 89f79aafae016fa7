import { DATA_END_EPOCH_S, DAY_S, NULL, real4, timestamp } from './format.ts';
import type { ValuePools } from './pools.ts';
import { chunkPrng, STREAM, Weighted } from './prng.ts';
import type { ChunkShape, GenerationParams } from './shape.ts';

const EVENT_TYPE = new Weighted([
  ['went_silent', 40],
  ['unsubscribed', 15],
  ['chose_competitor', 20],
  ['paused_search', 15],
  ['lost_financing', 6],
  ['relocated', 4],
] as const);

/**
 * Recovery status of a churn event: only about 5 % are eligible for a win-back campaign right now,
 * which is why the requirement's partial-selectivity index on it pays off.
 */
export const RECOVERY_ELIGIBILITY = new Weighted([
  ['eligible', 5],
  ['not_eligible', 45],
  ['in_campaign', 10],
  ['recovered', 12],
  ['expired', 28],
] as const);

/** Churn events of the chunk's leads (counts from the shape), ids from `firstId`. */
export function generateEvents(
  params: GenerationParams,
  shape: ChunkShape,
  pools: ValuePools,
  firstId: number,
): string {
  const rng = chunkPrng(params.seed, STREAM.events, shape.chunk);
  const rows: string[] = [];
  let id = firstId;
  for (let i = 0; i < shape.count; i++) {
    const n = shape.events[i]!;
    if (n === 0) continue;
    const leadId = shape.firstLeadId + i;
    const created = shape.createdAtS[i]!;
    for (let k = 0; k < n; k++) {
      const churnedAt = created + (DATA_END_EPOCH_S - created) * (0.2 + 0.8 * rng.next());
      const eligibility = RECOVERY_ELIGIBILITY.sample(rng);
      const attempts =
        eligibility === 'eligible' ? rng.int(2) : eligibility === 'not_eligible' ? 0 : 1 + rng.int(4);
      const lastRecovery =
        attempts > 0 ? timestamp(Math.min(DATA_END_EPOCH_S - 60, churnedAt + rng.next() * 60 * DAY_S)) : NULL;
      rows.push(
        [
          id++,
          leadId,
          EVENT_TYPE.sample(rng),
          timestamp(churnedAt),
          rng.chance(0.7) ? rng.pick(pools.churnReasons) : NULL,
          eligibility,
          attempts,
          lastRecovery,
          rng.chance(0.9) ? real4(0.5 + rng.next() * 0.5) : NULL,
        ].join('\t'),
      );
    }
  }
  return rows.length ? `${rows.join('\n')}\n` : '';
}
