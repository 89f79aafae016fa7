import { type CopyWriter, utf8 } from './binary.ts';
import type { EncodedPools } from './encoded-pools.ts';
import { DATA_END_EPOCH_S } from './format.ts';
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

const CHANNEL_BYTES = CHANNEL.values.map(utf8);
const OUTBOUND_STATUS_BYTES = OUTBOUND_STATUS.values.map(utf8);
const INBOUND_STATUS_BYTES = INBOUND_STATUS.values.map(utf8);
const OUTBOUND = utf8('outbound');
const INBOUND = utf8('inbound');
const EMAIL = CHANNEL.values.indexOf('email');
const SMS = CHANNEL.values.indexOf('sms');
const WHATSAPP = CHANNEL.values.indexOf('whatsapp');
const COMMS_FIELDS = 12;

/**
 * Messages of the chunk's leads (Zipf-like counts from the shape), ids from `firstId`. Messages
 * cluster soon after the lead arrives (u^1.7 over the lead's lifetime), as follow-up cadences do.
 * The draws keep their first order (subject, body, duration, agent, then the columns after them).
 */
export function generateCommunications(
  params: GenerationParams,
  shape: ChunkShape,
  pools: EncodedPools,
  firstId: number,
  out: CopyWriter,
): void {
  const rng = chunkPrng(params.seed, STREAM.communications, shape.chunk);
  let id = firstId;
  for (let i = 0; i < shape.count; i++) {
    const n = shape.comms[i]!;
    const leadId = shape.firstLeadId + i;
    const created = shape.createdAtS[i]!;
    const span = DATA_END_EPOCH_S - created;
    const leadAgent = shape.agent[i]!;
    for (let k = 0; k < n; k++) {
      const channel = CHANNEL.sampleIndex(rng);
      const outbound = rng.next() < OUTBOUND_SHARE;
      const status = outbound
        ? OUTBOUND_STATUS_BYTES[OUTBOUND_STATUS.sampleIndex(rng)]!
        : INBOUND_STATUS_BYTES[INBOUND_STATUS.sampleIndex(rng)]!;
      let subject: Uint8Array | undefined;
      let body: Uint8Array | undefined;
      let duration = -1;
      if (channel === EMAIL) {
        subject = rng.pick(pools.emailSubjects);
        body = rng.pick(pools.emailBodies);
      } else if (channel === SMS || channel === WHATSAPP) {
        body = rng.pick(pools.smsBodies);
      } else {
        // Call lengths are log-normal-ish: many short calls, a few long consultations.
        duration = Math.round(15 * Math.exp(rng.next() * 4));
        if (rng.chance(0.5)) body = rng.pick(pools.callNotes);
      }
      const agent = leadAgent === 0 ? (rng.chance(0.5) ? -1 : 100 + rng.int(4000)) : leadAgent;
      out.row(COMMS_FIELDS);
      out.int8(id++);
      out.int8(leadId);
      if (agent < 0) out.null();
      else out.int4(agent);
      out.text(CHANNEL_BYTES[channel]!);
      out.text(outbound ? OUTBOUND : INBOUND);
      out.text(status);
      if (subject) out.text(subject);
      else out.null();
      if (body) out.text(body);
      else out.null();
      if (outbound && rng.chance(0.7)) out.int4(1 + rng.int(120));
      else out.null();
      if (outbound && rng.chance(0.35)) out.int4(1 + rng.int(400));
      else out.null();
      if (duration < 0) out.null();
      else out.int4(duration);
      out.timestamptz(created + span * rng.next() ** 1.7);
    }
  }
}
