import { DATA_END_EPOCH_S, DAY_S, NULL, timestamp } from './format.ts';
import type { ValuePools } from './pools.ts';
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

/** COPY rows for the chunk's leads (ids from the shape). */
export function generateLeads(params: GenerationParams, shape: ChunkShape, pools: ValuePools): string {
  const rng = chunkPrng(params.seed, STREAM.leads, shape.chunk);
  const rows: string[] = new Array(shape.count);
  for (let i = 0; i < shape.count; i++) {
    const id = shape.firstLeadId + i;
    const status = LEAD_STATUS.values[shape.status[i]!]!;
    const first = rng.pick(pools.firstNames);
    const last = rng.pick(pools.lastNames);
    // Emails are unique-ish: name, a number, a domain (7 % of leads left none).
    const email = rng.chance(0.07)
      ? NULL
      : `${first.toLowerCase()}.${last.toLowerCase()}${id % 997}@${rng.pick(pools.emailDomains)}`.replace(
          /[^a-z0-9.@_-]/g,
          '',
        );
    const phone = rng.chance(0.12)
      ? NULL
      : `+1-${200 + rng.int(800)}-${100 + rng.int(900)}-${String(rng.int(10_000)).padStart(4, '0')}`;
    const company = rng.chance(0.3) ? rng.pick(pools.companies) : NULL;
    const score = Math.max(
      0,
      Math.min(100, Math.floor(100 * rng.next() ** 2.2) + (STATUS_SCORE_BONUS[status] ?? 0) + rng.int(6)),
    );
    const intent = INTENT.sample(rng);
    // Budgets are log-normal-ish around $400k; renters' budgets are monthly rents.
    const budgetMin =
      intent === 'rent'
        ? 800 + rng.int(40) * 100
        : Math.round((150_000 * Math.exp(rng.next() * 2.2 + rng.next() * 0.5)) / 5_000) * 5_000;
    const hasBudget = rng.chance(0.82);
    const loc = rng.pick(pools.locations);
    const created = shape.createdAtS[i]!;
    const sinceCreated = DATA_END_EPOCH_S - created;
    const updated = created + sinceCreated * rng.next() ** 0.5;
    const lastContacted =
      status === 'new' && rng.chance(0.7) ? NULL : timestamp(created + (updated - created) * rng.next());
    const agent = shape.agent[i]!;
    rows[i] = [
      id,
      shape.tenant[i],
      agent === 0 ? NULL : agent,
      first,
      last,
      email,
      phone,
      company,
      LEAD_SOURCE.sample(rng),
      status,
      score,
      intent,
      PROPERTY.sample(rng),
      hasBudget ? budgetMin : NULL,
      hasBudget ? Math.round(budgetMin * (1.1 + rng.next() * 0.4)) : NULL,
      intent === 'rent' || rng.chance(0.1) ? rng.range(0, 3) : rng.range(1, 6),
      rng.chance(0.25) ? NULL : rng.pick(pools.streets),
      loc.city,
      loc.state,
      rng.chance(0.05) ? NULL : loc.postalCode,
      CHANNEL.sample(rng),
      rng.chance(0.4) ? rng.pick(pools.leadNotes) : NULL,
      timestamp(created),
      timestamp(Math.min(updated, DATA_END_EPOCH_S - DAY_S / 24)),
      lastContacted,
    ].join('\t');
  }
  return rows.length ? `${rows.join('\n')}\n` : '';
}
