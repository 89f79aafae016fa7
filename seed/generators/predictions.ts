import { type CopyWriter, utf8 } from './binary.ts';
import { DATA_END_EPOCH_S, DAY_S, round4 } from './format.ts';
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

const TIERS = ['low', 'medium', 'high', 'critical'].map(utf8);
const TOP_FACTOR_BYTES = TOP_FACTOR.values.map(utf8);
const V32 = utf8('churn-v3.2');
const V31 = utf8('churn-v3.1');
const BASE_RISK_BY_STATUS = LEAD_STATUS.values.map((s) => STATUS_BASE_RISK[s] ?? 0.4);
const PREDICTION_FIELDS = 9;

function riskTier(p: number): Uint8Array {
  return TIERS[p < 0.25 ? 0 : p < 0.5 ? 1 : p < 0.75 ? 2 : 3]!;
}

/**
 * A weekly time series per active lead: the newest prediction is within the last week, each older
 * one 7 days (±1) before; the probability is a random walk around a status-dependent base.
 * Model versions change over time (v3.2 since 2025-10, v3.1 before).
 */
export function generatePredictions(
  params: GenerationParams,
  shape: ChunkShape,
  firstId: number,
  out: CopyWriter,
): void {
  const rng = chunkPrng(params.seed, STREAM.predictions, shape.chunk);
  const v32Since = Date.UTC(2025, 9, 1) / 1000;
  let id = firstId;
  for (let i = 0; i < shape.count; i++) {
    const n = shape.predictions[i]!;
    if (n === 0) continue;
    const leadId = shape.firstLeadId + i;
    let p = Math.min(0.95, Math.max(0.02, BASE_RISK_BY_STATUS[shape.status[i]!]! + (rng.next() - 0.5) * 0.3));
    let ts = DATA_END_EPOCH_S - rng.next() * 7 * DAY_S;
    const created = shape.createdAtS[i]!;
    let days = rng.int(30);
    for (let k = 0; k < n; k++) {
      const when = Math.max(ts, created + 3600);
      // Tier from the stored (rounded) probability, so the two always agree.
      p = round4(p);
      out.row(PREDICTION_FIELDS);
      out.int8(id++);
      out.int8(leadId);
      out.timestamptz(when);
      out.float4(p);
      out.text(riskTier(p));
      out.text(when >= v32Since ? V32 : V31);
      out.int4(days);
      out.float4(round4(Math.max(0, Math.min(1, 1 - p + (rng.next() - 0.5) * 0.2))));
      out.text(TOP_FACTOR_BYTES[TOP_FACTOR.sampleIndex(rng)]!);
      // Walking back in time: risk was a bit different, contact a bit more recent.
      p = Math.min(0.98, Math.max(0.01, p + (rng.next() - 0.55) * 0.1));
      ts -= 7 * DAY_S + (rng.next() - 0.5) * 2 * DAY_S;
      days = Math.max(0, days - rng.int(8));
    }
  }
}
