import { DATA_END_EPOCH_S, DAY_S, real4, timestamp } from './format.ts';
import { chunkPrng, STREAM, Weighted } from './prng.ts';
import { type ChunkShape, type GenerationParams, LEAD_STATUS } from './shape.ts';

/** The strongest feature behind a prediction. */
const TOP_FACTOR = new Weighted([
  ['days_since_contact', 30],
  ['email_engagement_drop', 20],
  ['no_showings_booked', 15],
  ['price_range_mismatch', 10],
  ['agent_response_time', 10],
  ['competitor_activity', 8],
  ['market_cooling', 7],
] as const);

const STATUS_BASE_RISK: Record<string, number> = {
  new: 0.45,
  contacted: 0.4,
  qualified: 0.3,
  nurturing: 0.5,
  appointment_set: 0.2,
  under_contract: 0.1,
};

function riskTier(p: number): string {
  return p < 0.25 ? 'low' : p < 0.5 ? 'medium' : p < 0.75 ? 'high' : 'critical';
}

/**
 * A weekly time series per active lead: the newest prediction is within the last week, each older
 * one 7 days (±1) before; the probability is a random walk around a status-dependent base.
 * Model versions change over time (v3.2 since 2025-10, v3.1 before).
 */
export function generatePredictions(params: GenerationParams, shape: ChunkShape, firstId: number): string {
  const rng = chunkPrng(params.seed, STREAM.predictions, shape.chunk);
  const rows: string[] = [];
  const v32Since = Date.UTC(2025, 9, 1) / 1000;
  let id = firstId;
  for (let i = 0; i < shape.count; i++) {
    const n = shape.predictions[i]!;
    if (n === 0) continue;
    const leadId = shape.firstLeadId + i;
    let p = Math.min(
      0.95,
      Math.max(
        0.02,
        (STATUS_BASE_RISK[LEAD_STATUS.values[shape.status[i]!]!] ?? 0.4) + (rng.next() - 0.5) * 0.3,
      ),
    );
    let ts = DATA_END_EPOCH_S - rng.next() * 7 * DAY_S;
    const created = shape.createdAtS[i]!;
    let days = rng.int(30);
    for (let k = 0; k < n; k++) {
      const when = Math.max(ts, created + 3600);
      // Tier from the stored (rounded) probability, so the two always agree.
      p = Math.round(p * 10_000) / 10_000;
      rows.push(
        [
          id++,
          leadId,
          timestamp(when),
          real4(p),
          riskTier(p),
          when >= v32Since ? 'churn-v3.2' : 'churn-v3.1',
          days,
          real4(Math.max(0, Math.min(1, 1 - p + (rng.next() - 0.5) * 0.2))),
          TOP_FACTOR.sample(rng),
        ].join('\t'),
      );
      // Walking back in time: risk was a bit different, contact a bit more recent.
      p = Math.min(0.98, Math.max(0.01, p + (rng.next() - 0.55) * 0.1));
      ts -= 7 * DAY_S + (rng.next() - 0.5) * 2 * DAY_S;
      days = Math.max(0, days - rng.int(8));
    }
  }
  return rows.length ? `${rows.join('\n')}\n` : '';
}
