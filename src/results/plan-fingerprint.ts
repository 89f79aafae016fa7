/**
 * The identity of a load plan, and its fingerprint: what must be the same for results measured by
 * several processes (the shards of `run --shard I/N`) to be parts of one run. The target is the
 * database itself (name, role, the cluster's system identifier), never its URL: shards may reach one
 * server through different addresses, and no password belongs in a result.
 */
import crypto from 'node:crypto';

/** What a plan is; two results of one plan have equal identities. */
export interface PlanIdentity {
  scenarios: string[];
  phases: string[];
  /** How the "without" phase is made (drop / planner), when the plan has one. */
  without?: string;
  mixed: boolean;
  load: {
    model: string;
    ratePerSec?: number;
    arrival?: string;
    vus?: number;
    thinkTimeMs?: number;
    durationMs: number;
    warmupMs: number;
    stages: { durationMs: number; target: number }[];
    /** App instances of the whole plan (every shard's together). */
    instances: number;
    protocol: string;
  };
  seed: number;
  /** The seeded scale, when pgready seeded the database. */
  scale?: { name: string; seed: number };
  pool: { baseSize: number; maxOverflow: number };
  target: { database: string; user: string; systemIdentifier: string | null };
  /** `--start-at`: the instant the first phase starts, when the clocks set it (ISO). */
  startAt?: string;
}

/** The plan as stored in a result: its identity and a short fingerprint of it. */
export interface PlanRecord extends PlanIdentity {
  /** SHA-256 (hex, first 16 digits) of the identity's canonical JSON. */
  fingerprint: string;
}

export function planFingerprint(identity: PlanIdentity): string {
  return crypto.createHash('sha256').update(canonical(identity)).digest('hex').slice(0, 16);
}

export function planRecord(identity: PlanIdentity): PlanRecord {
  return { ...identity, fingerprint: planFingerprint(identity) };
}

/** The fields in which two plans differ, as "seed 42 vs 7" (empty when they are the same plan). */
export function planDifferences(a: PlanIdentity, b: PlanIdentity): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort() as (keyof PlanIdentity)[];
  return keys
    .filter((key) => key !== ('fingerprint' as keyof PlanIdentity))
    .filter((key) => canonical(a[key]) !== canonical(b[key]))
    .map((key) => `${key} ${canonical(a[key])} vs ${canonical(b[key])}`);
}

/** JSON with object keys sorted, so equal identities hash equally. */
function canonical(value: unknown): string {
  if (value === undefined) return 'none';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
