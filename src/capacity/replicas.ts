/**
 * How many read replicas a stated peak needs: peak reads and writes from users × requests per
 * user × read share; replicas = ceil(peak reads × (1 + headroom) ÷ per-node read capacity within
 * target); the primary keeps the writes. Reads and writes are weighed by their measured server time
 * per request (not by the request share), which is what decides the "70–80 %" load reduction claim.
 */
import type { ReplicaPlan } from '../results/capacity.ts';

export interface ReplicaInputs {
  peakUsers: number;
  requestsPerUserPerMin: number;
  readShare: number;
  /** 0.3 for 30 %. */
  headroom: number;
  perNodeReadCapacity: number;
  readServerMs: number;
  /** Undefined when no write was measured: then assumed equal to a read, and said so. */
  writeServerMs?: number;
}

/** The requirement's claim: reads on replicas take 70–80 % of the load off the primary. */
export const CLAIMED_REDUCTION = { low: 0.7, high: 0.8 };

export function planReplicas(input: ReplicaInputs): ReplicaPlan {
  const peakRequestsPerSec = (input.peakUsers * input.requestsPerUserPerMin) / 60;
  const peakReadsPerSec = peakRequestsPerSec * input.readShare;
  const peakWritesPerSec = peakRequestsPerSec - peakReadsPerSec;
  const writeServerMs = input.writeServerMs ?? input.readServerMs;
  const source = input.writeServerMs !== undefined ? 'measured' : 'assumed equal to reads';
  const replicasNeeded =
    peakReadsPerSec > 0 ? Math.ceil((peakReadsPerSec * (1 + input.headroom)) / input.perNodeReadCapacity) : 0;
  const readWork = peakReadsPerSec * input.readServerMs;
  const writeWork = peakWritesPerSec * writeServerMs;
  const primaryLoadReduction = readWork + writeWork > 0 ? readWork / (readWork + writeWork) : 0;
  // A write costs writeServerMs / readServerMs reads of server time.
  const writeAsReads = input.readServerMs > 0 ? writeServerMs / input.readServerMs : 1;
  const primaryRemainingWithHeadroom = peakWritesPerSec * writeAsReads * (1 + input.headroom);
  const primaryUtilisation = primaryRemainingWithHeadroom / input.perNodeReadCapacity;
  const fits = primaryUtilisation <= 1;
  const f = (v: number, d = 1) => v.toFixed(d);
  const pct = (v: number) => `${f(100 * v, 0)} %`;
  const claim =
    primaryLoadReduction >= CLAIMED_REDUCTION.low && primaryLoadReduction <= CLAIMED_REDUCTION.high
      ? 'within'
      : primaryLoadReduction > CLAIMED_REDUCTION.high
        ? 'above'
        : 'below';
  const arithmetic = [
    `peak requests = ${input.peakUsers} users × ${input.requestsPerUserPerMin}/min ÷ 60 = ${f(peakRequestsPerSec)}/s`,
    `peak reads = ${f(peakRequestsPerSec)} × ${input.readShare} = ${f(peakReadsPerSec)}/s; peak writes = ${f(peakWritesPerSec)}/s`,
    `replicas = ceil(${f(peakReadsPerSec)} × (1 + ${pct(input.headroom)}) ÷ ${f(input.perNodeReadCapacity)}/s per node within target) = ceil(${f((peakReadsPerSec * (1 + input.headroom)) / input.perNodeReadCapacity, 2)}) = ${replicasNeeded}`,
    `server time per request: read ${f(input.readServerMs, 2)} ms (measured at the lowest load step), write ${f(writeServerMs, 2)} ms (${source})`,
    `primary load taken by the replicas = ${f(peakReadsPerSec)} × ${f(input.readServerMs, 2)} ÷ (${f(peakReadsPerSec)} × ${f(input.readServerMs, 2)} + ${f(peakWritesPerSec)} × ${f(writeServerMs, 2)}) = ${pct(primaryLoadReduction)} (${claim} the requirement's 70–80 %)`,
    `primary keeps the writes: ${f(peakWritesPerSec)}/s × ${f(writeAsReads, 2)} read-equivalents × (1 + ${pct(input.headroom)}) = ${f(primaryRemainingWithHeadroom)}/s of ${f(input.perNodeReadCapacity)}/s per node = ${pct(primaryUtilisation)} ${fits ? '(fits)' : '(does NOT fit: replicas cannot take writes)'}`,
  ];
  return {
    peakUsers: input.peakUsers,
    requestsPerUserPerMin: input.requestsPerUserPerMin,
    readShare: input.readShare,
    headroom: input.headroom,
    peakRequestsPerSec,
    peakReadsPerSec,
    peakWritesPerSec,
    perNodeReadCapacity: input.perNodeReadCapacity,
    readServerMs: input.readServerMs,
    writeServerMs,
    writeServerMsSource: source,
    replicasNeeded,
    primaryLoadReduction,
    primaryRemainingWithHeadroom,
    primaryUtilisation,
    fits,
    arithmetic,
  };
}
