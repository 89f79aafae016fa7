import { LEADS_PER_CHUNK } from '../scales.ts';
import { DATA_END_EPOCH_S, DAY_S, YEAR_S } from './format.ts';
import { chunkPrng, STREAM, Weighted } from './prng.ts';

/** What fixes the data: the same parameters give the same rows. */
export interface GenerationParams {
  seed: number;
  leads: number;
  commsPerLead: number;
}

/**
 * Lead status mix of a brokerage CRM: most leads are early in the funnel, about 1 in 4 has closed
 * (won 7 %, lost 16 %). The six open statuses are "active": they get churn predictions.
 */
export const LEAD_STATUS = new Weighted([
  ['new', 20],
  ['contacted', 18],
  ['qualified', 14],
  ['nurturing', 14],
  ['appointment_set', 7],
  ['under_contract', 4],
  ['closed_won', 7],
  ['closed_lost', 16],
] as const);
export type LeadStatus = (typeof LEAD_STATUS.values)[number];
const STATUS_CLOSED_WON = LEAD_STATUS.values.indexOf('closed_won');
const STATUS_CLOSED_LOST = LEAD_STATUS.values.indexOf('closed_lost');

/** History covered by the data, and its growth: lead volume grows 45 % a year over 5 years. */
export const HISTORY_YEARS = 5;
const GROWTH_PER_YEAR = Math.log(1.45);

/** Tenants (brokerages) and their agents; 6 % of leads are unassigned. */
export const TENANTS = 40;
export const AGENTS_PER_TENANT = 25;
const UNASSIGNED_SHARE = 0.06;

/**
 * Communications per lead are Zipf-like: a discrete Pareto with shape 1.6 (heavy tail; a few leads
 * carry hundreds of messages, most have a handful), scaled so the mean is `commsPerLead`, capped.
 */
const COMMS_PARETO_SHAPE = 1.6;
export const MAX_COMMS_PER_LEAD = 1_000;
// floor() removes ~0.5 per lead; the cap removes ~0.12 more at the default mean.
const COMMS_MEAN_CORRECTION = 0.62;

/** Churn predictions: a weekly score per active lead, 1–7 weeks of history (never before the lead existed). */
export const MAX_PREDICTIONS_PER_LEAD = 7;

/**
 * Churn events: every closed-lost lead, 20 % of active leads (went silent, unsubscribed) and 2 % of
 * closed-won leads (post-sale churn) have one; each has another with probability 0.3 (repeat churn).
 */
const EVENT_CHANCE_ACTIVE = 0.2;
const EVENT_CHANCE_WON = 0.02;
const EVENT_REPEAT_CHANCE = 0.3;

/** The per-lead facts other tables depend on, for one chunk of leads. */
export interface ChunkShape {
  chunk: number;
  firstLeadId: number;
  count: number;
  /** Index into LEAD_STATUS.values. */
  status: Uint8Array;
  tenant: Uint16Array;
  /** Agent id, or 0 when unassigned. */
  agent: Int32Array;
  createdAtS: Float64Array;
  comms: Uint32Array;
  predictions: Uint8Array;
  events: Uint8Array;
}

export function chunkCount(leads: number): number {
  return Math.ceil(leads / LEADS_PER_CHUNK);
}

export function isActiveStatus(status: number): boolean {
  return status !== STATUS_CLOSED_WON && status !== STATUS_CLOSED_LOST;
}

/** Draws the shape of one chunk. Cheap: the planner calls it for every chunk to place child ids. */
export function chunkShape(params: GenerationParams, chunk: number): ChunkShape {
  const rng = chunkPrng(params.seed, STREAM.shape, chunk);
  const firstLeadId = chunk * LEADS_PER_CHUNK + 1;
  const count = Math.max(0, Math.min(LEADS_PER_CHUNK, params.leads - chunk * LEADS_PER_CHUNK));
  const shape: ChunkShape = {
    chunk,
    firstLeadId,
    count,
    status: new Uint8Array(count),
    tenant: new Uint16Array(count),
    agent: new Int32Array(count),
    createdAtS: new Float64Array(count),
    comms: new Uint32Array(count),
    predictions: new Uint8Array(count),
    events: new Uint8Array(count),
  };
  const growthSpan = Math.exp(GROWTH_PER_YEAR * HISTORY_YEARS) - 1;
  const paretoScale =
    (params.commsPerLead + COMMS_MEAN_CORRECTION) / (COMMS_PARETO_SHAPE / (COMMS_PARETO_SHAPE - 1));
  for (let i = 0; i < count; i++) {
    const id = firstLeadId + i;
    const status = LEAD_STATUS.sampleIndex(rng);
    shape.status[i] = status;
    // A few large brokerages hold most leads (power-law tenant sizes).
    const tenant = 1 + Math.floor(TENANTS * rng.next() ** 2.5);
    shape.tenant[i] = tenant;
    shape.agent[i] = rng.chance(UNASSIGNED_SHARE) ? 0 : tenant * 100 + 1 + rng.int(AGENTS_PER_TENANT);
    // Ids follow creation order; the inverse CDF of exponential growth places lead `id` in time.
    const f = (id - 1 + rng.next()) / params.leads;
    const years = Math.log(1 + f * growthSpan) / GROWTH_PER_YEAR;
    const createdAtS = DATA_END_EPOCH_S - (HISTORY_YEARS - years) * YEAR_S - 60;
    shape.createdAtS[i] = Math.floor(createdAtS);
    const comms = Math.floor(paretoScale * (1 - rng.next()) ** (-1 / COMMS_PARETO_SHAPE));
    shape.comms[i] = Math.min(MAX_COMMS_PER_LEAD, comms);
    const ageWeeks = Math.floor((DATA_END_EPOCH_S - createdAtS) / (7 * DAY_S));
    const predictions = 1 + rng.int(MAX_PREDICTIONS_PER_LEAD);
    shape.predictions[i] = isActiveStatus(status) ? Math.min(predictions, 1 + ageWeeks) : 0;
    let events =
      status === STATUS_CLOSED_LOST
        ? 1
        : rng.chance(status === STATUS_CLOSED_WON ? EVENT_CHANCE_WON : EVENT_CHANCE_ACTIVE)
          ? 1
          : 0;
    while (events > 0 && events < 4 && rng.chance(EVENT_REPEAT_CHANCE)) events++;
    shape.events[i] = events;
  }
  return shape;
}

/** Rows each table gets from one chunk. */
export function shapeTotals(shape: ChunkShape): {
  leads: number;
  predictions: number;
  events: number;
  comms: number;
} {
  let predictions = 0;
  let events = 0;
  let comms = 0;
  for (let i = 0; i < shape.count; i++) {
    predictions += shape.predictions[i]!;
    events += shape.events[i]!;
    comms += shape.comms[i]!;
  }
  return { leads: shape.count, predictions, events, comms };
}
