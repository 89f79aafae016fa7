import { DATA_END_EPOCH_S, NULL, timestamp } from './format.ts';
import type { ValuePools } from './pools.ts';
import { chunkPrng, STREAM, Weighted } from './prng.ts';
import type { ChunkShape, GenerationParams } from './shape.ts';

/** Channel mix of a CRM's message log: email first, then SMS and calls. */
const CHANNEL = new Weighted([
  ['email', 45],
  ['sms', 30],
  ['call', 18],
  ['voicemail', 4],
  ['whatsapp', 3],
] as const);
/** About 60 % of messages are outbound (agents and automations reach out more than leads reply). */
export const OUTBOUND_SHARE = 0.6;
const OUTBOUND_STATUS = new Weighted([
  ['sent', 10],
  ['delivered', 40],
  ['opened', 25],
  ['replied', 12],
  ['failed', 5],
  ['bounced', 8],
] as const);
const INBOUND_STATUS = new Weighted([
  ['delivered', 85],
  ['replied', 15],
] as const);

/**
 * Messages of the chunk's leads (Zipf-like counts from the shape), ids from `firstId`. Messages
 * cluster soon after the lead arrives (u^1.7 over the lead's lifetime), as follow-up cadences do.
 */
export function generateCommunications(
  params: GenerationParams,
  shape: ChunkShape,
  pools: ValuePools,
  firstId: number,
): string {
  const rng = chunkPrng(params.seed, STREAM.communications, shape.chunk);
  const rows: string[] = [];
  let id = firstId;
  for (let i = 0; i < shape.count; i++) {
    const n = shape.comms[i]!;
    const leadId = shape.firstLeadId + i;
    const created = shape.createdAtS[i]!;
    const span = DATA_END_EPOCH_S - created;
    const leadAgent = shape.agent[i]!;
    for (let k = 0; k < n; k++) {
      const channel = CHANNEL.sample(rng);
      const outbound = rng.next() < OUTBOUND_SHARE;
      const status = outbound ? OUTBOUND_STATUS.sample(rng) : INBOUND_STATUS.sample(rng);
      let subject = NULL;
      let body = NULL;
      let duration = NULL;
      if (channel === 'email') {
        subject = rng.pick(pools.emailSubjects);
        body = rng.pick(pools.emailBodies);
      } else if (channel === 'sms' || channel === 'whatsapp') {
        body = rng.pick(pools.smsBodies);
      } else {
        // Call lengths are log-normal-ish: many short calls, a few long consultations.
        duration = String(Math.round(15 * Math.exp(rng.next() * 4)));
        if (rng.chance(0.5)) body = rng.pick(pools.callNotes);
      }
      const agent =
        leadAgent === 0 ? (rng.chance(0.5) ? NULL : String(100 + rng.int(4000))) : String(leadAgent);
      rows.push(
        [
          id++,
          leadId,
          agent,
          channel,
          outbound ? 'outbound' : 'inbound',
          status,
          subject,
          body,
          outbound && rng.chance(0.7) ? 1 + rng.int(120) : NULL,
          outbound && rng.chance(0.35) ? 1 + rng.int(400) : NULL,
          duration,
          timestamp(created + span * rng.next() ** 1.7),
        ].join('\t'),
      );
    }
  }
  return rows.length ? `${rows.join('\n')}\n` : '';
}
