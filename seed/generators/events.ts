import { type CopyWriter, utf8 } from './binary.ts';
import type { EncodedPools } from './encoded-pools.ts';
import { DATA_END_EPOCH_S, DAY_S, round4 } from './format.ts';
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

const EVENT_TYPE_BYTES = EVENT_TYPE.values.map(utf8);
const ELIGIBILITY_BYTES = RECOVERY_ELIGIBILITY.values.map(utf8);
const ELIGIBLE = RECOVERY_ELIGIBILITY.values.indexOf('eligible');
const NOT_ELIGIBLE = RECOVERY_ELIGIBILITY.values.indexOf('not_eligible');
const EVENT_FIELDS = 9;

/** Churn events of the chunk's leads (counts from the shape), ids from `firstId`. */
export function generateEvents(
  params: GenerationParams,
  shape: ChunkShape,
  pools: EncodedPools,
  firstId: number,
  out: CopyWriter,
): void {
  const rng = chunkPrng(params.seed, STREAM.events, shape.chunk);
  let id = firstId;
  for (let i = 0; i < shape.count; i++) {
    const n = shape.events[i]!;
    if (n === 0) continue;
    const leadId = shape.firstLeadId + i;
    const created = shape.createdAtS[i]!;
    for (let k = 0; k < n; k++) {
      const churnedAt = created + (DATA_END_EPOCH_S - created) * (0.2 + 0.8 * rng.next());
      const eligibility = RECOVERY_ELIGIBILITY.sampleIndex(rng);
      const attempts =
        eligibility === ELIGIBLE ? rng.int(2) : eligibility === NOT_ELIGIBLE ? 0 : 1 + rng.int(4);
      const lastRecovery =
        attempts > 0 ? Math.min(DATA_END_EPOCH_S - 60, churnedAt + rng.next() * 60 * DAY_S) : -1;
      out.row(EVENT_FIELDS);
      out.int8(id++);
      out.int8(leadId);
      out.text(EVENT_TYPE_BYTES[EVENT_TYPE.sampleIndex(rng)]!);
      out.timestamptz(churnedAt);
      if (rng.chance(0.7)) out.text(rng.pick(pools.churnReasons));
      else out.null();
      out.text(ELIGIBILITY_BYTES[eligibility]!);
      out.int4(attempts);
      if (lastRecovery < 0) out.null();
      else out.timestamptz(lastRecovery);
      if (rng.chance(0.9)) out.float4(round4(0.5 + rng.next() * 0.5));
      else out.null();
    }
  }
}
