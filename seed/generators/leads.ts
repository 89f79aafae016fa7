import { type CopyWriter, utf8 } from './binary.ts';
import type { EncodedPools } from './encoded-pools.ts';
import { DATA_END_EPOCH_S, DAY_S } from './format.ts';
import { chunkPrng, STREAM, Weighted } from './prng.ts';
import { type ChunkShape, type GenerationParams, LEAD_STATUS } from './shape.ts';

/** Where leads come from: portals and the website dominate, referrals convert best. */
export const LEAD_SOURCE = new Weighted([
  ['website', 28],
  ['zillow', 22],
  ['realtor_com', 12],
  ['referral', 10],
  ['facebook_ads', 10],
  ['google_ads', 8],
  ['open_house', 6],
  ['walk_in', 2],
  ['cold_call', 2],
] as const);
const INTENT = new Weighted([
  ['buy', 55],
  ['sell', 22],
  ['rent', 15],
  ['invest', 8],
] as const);
const PROPERTY = new Weighted([
  ['single_family', 48],
  ['condo', 20],
  ['townhouse', 14],
  ['multi_family', 7],
  ['land', 4],
  ['commercial', 3],
  ['luxury', 4],
] as const);
const CHANNEL = new Weighted([
  ['email', 50],
  ['sms', 32],
  ['call', 18],
] as const);

/**
 * Score bonus by status: the model scores leads further down the funnel higher. Combined with a
 * skewed base (u^2.2: most leads score low, few above 80).
 */
const STATUS_SCORE_BONUS: Record<string, number> = {
  new: 0,
  contacted: 5,
  qualified: 15,
  nurturing: 8,
  appointment_set: 22,
  under_contract: 30,
  closed_won: 35,
  closed_lost: -10,
};

const SOURCE_BYTES = LEAD_SOURCE.values.map(utf8);
const STATUS_BYTES = LEAD_STATUS.values.map(utf8);
const INTENT_BYTES = INTENT.values.map(utf8);
const PROPERTY_BYTES = PROPERTY.values.map(utf8);
const CHANNEL_BYTES = CHANNEL.values.map(utf8);
const BONUS_BY_STATUS = LEAD_STATUS.values.map((s) => STATUS_SCORE_BONUS[s] ?? 0);
const STATUS_NEW = LEAD_STATUS.values.indexOf('new');
const INTENT_RENT = INTENT.values.indexOf('rent');
const LEAD_FIELDS = 25;
const PHONE_PREFIX = utf8('+1-');

/**
 * COPY rows for the chunk's leads (ids from the shape). Fields are written in column order; values
 * that the PRNG draws before an earlier column's (as the data was first defined) are drawn first
 * into locals, so every draw keeps its place in the stream.
 */
export function generateLeads(
  params: GenerationParams,
  shape: ChunkShape,
  pools: EncodedPools,
  out: CopyWriter,
): void {
  const rng = chunkPrng(params.seed, STREAM.leads, shape.chunk);
  for (let i = 0; i < shape.count; i++) {
    const id = shape.firstLeadId + i;
    const status = shape.status[i]!;
    const agent = shape.agent[i]!;
    out.row(LEAD_FIELDS);
    out.int8(id);
    out.int4(shape.tenant[i]!);
    if (agent === 0) out.null();
    else out.int4(agent);
    const first = rng.int(pools.firstNames.length);
    const last = rng.int(pools.lastNames.length);
    out.text(pools.firstNames[first]!);
    out.text(pools.lastNames[last]!);
    // Emails are unique-ish: name, a number, a domain (7 % of leads left none).
    if (rng.chance(0.07)) out.null();
    else {
      const start = out.begin();
      out.append(pools.emailFirstNames[first]!);
      out.byte(0x2e); // .
      out.append(pools.emailLastNames[last]!);
      out.digits(id % 997);
      out.byte(0x40); // @
      out.append(rng.pick(pools.emailDomains));
      out.end(start);
    }
    if (rng.chance(0.12)) out.null();
    else {
      const start = out.begin();
      out.append(PHONE_PREFIX);
      out.digits(200 + rng.int(800));
      out.byte(0x2d); // -
      out.digits(100 + rng.int(900));
      out.byte(0x2d);
      out.digits(rng.int(10_000), 4);
      out.end(start);
    }
    if (rng.chance(0.3)) out.text(rng.pick(pools.companies));
    else out.null();
    const score = Math.max(
      0,
      Math.min(100, Math.floor(100 * rng.next() ** 2.2) + BONUS_BY_STATUS[status]! + rng.int(6)),
    );
    const intent = INTENT.sampleIndex(rng);
    // Budgets are log-normal-ish around $400k; renters' budgets are monthly rents.
    const budgetMin =
      intent === INTENT_RENT
        ? 800 + rng.int(40) * 100
        : Math.round((150_000 * Math.exp(rng.next() * 2.2 + rng.next() * 0.5)) / 5_000) * 5_000;
    const hasBudget = rng.chance(0.82);
    const loc = rng.pick(pools.locations);
    const created = shape.createdAtS[i]!;
    const sinceCreated = DATA_END_EPOCH_S - created;
    const updated = created + sinceCreated * rng.next() ** 0.5;
    const lastContacted =
      status === STATUS_NEW && rng.chance(0.7) ? -1 : created + (updated - created) * rng.next();
    out.text(SOURCE_BYTES[LEAD_SOURCE.sampleIndex(rng)]!);
    out.text(STATUS_BYTES[status]!);
    out.int4(score);
    out.text(INTENT_BYTES[intent]!);
    out.text(PROPERTY_BYTES[PROPERTY.sampleIndex(rng)]!);
    if (hasBudget) {
      out.int4(budgetMin);
      out.int4(Math.round(budgetMin * (1.1 + rng.next() * 0.4)));
    } else {
      out.null();
      out.null();
    }
    out.int2(intent === INTENT_RENT || rng.chance(0.1) ? rng.range(0, 3) : rng.range(1, 6));
    if (rng.chance(0.25)) out.null();
    else out.text(rng.pick(pools.streets));
    out.text(loc.city);
    out.text(loc.state);
    if (rng.chance(0.05)) out.null();
    else out.text(loc.postalCode);
    out.text(CHANNEL_BYTES[CHANNEL.sampleIndex(rng)]!);
    if (rng.chance(0.4)) out.text(rng.pick(pools.leadNotes));
    else out.null();
    out.timestamptz(created);
    out.timestamptz(Math.min(updated, DATA_END_EPOCH_S - DAY_S / 24));
    if (lastContacted < 0) out.null();
    else out.timestamptz(lastContacted);
  }
}
