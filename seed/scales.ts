/**
 * Seed scales. A scale fixes the number of leads; the other tables follow from the per-lead
 * distributions in seed/generators (about 3 churn predictions, 0.45 churn events and
 * `commsPerLead` communication logs per lead on average).
 */

/** One named data volume. */
export interface ScaleSpec {
  name: string;
  leads: number;
  /** Mean communication logs per lead (Zipf-like around it; see generators/shape.ts). */
  commsPerLead: number;
  description: string;
}

/** Default mean communications per lead: the requirement's enterprise scale asks for ≥ 6M logs per 1M leads. */
export const DEFAULT_COMMS_PER_LEAD = 6.5;

export const SCALES: readonly ScaleSpec[] = [
  {
    name: 'tiny',
    leads: 2_000,
    commsPerLead: DEFAULT_COMMS_PER_LEAD,
    description: 'tests: seconds; enough rows for a meaningful plan',
  },
  {
    name: 'small',
    leads: 10_000,
    commsPerLead: DEFAULT_COMMS_PER_LEAD,
    description: "10k leads: the requirement's enterprise-client threshold",
  },
  {
    name: 'demo',
    leads: 100_000,
    commsPerLead: DEFAULT_COMMS_PER_LEAD,
    description: '100k leads, ~1M rows in all',
  },
  {
    name: 'enterprise',
    leads: 1_000_000,
    commsPerLead: DEFAULT_COMMS_PER_LEAD,
    description: '1M leads, ~3M predictions, ~0.45M events, ~6.5M communication logs',
  },
  {
    name: 'xl',
    leads: 10_000_000,
    commsPerLead: DEFAULT_COMMS_PER_LEAD,
    description: '10M leads, ~100M rows',
  },
];

export const SCALE_NAMES = SCALES.map((s) => s.name);

export function findScale(name: string): ScaleSpec | undefined {
  return SCALES.find((s) => s.name === name);
}

/**
 * Leads per generation chunk. Part of the data's definition (each chunk has its own PRNG), so it
 * never depends on the machine or worker count; changing it changes the data (bump GENERATOR_VERSION).
 */
export const LEADS_PER_CHUNK = 5_000;

/**
 * Version of the generators: recorded in pgready_meta. Bump whenever a change alters the rows
 * produced for a given (scale, seed).
 */
export const GENERATOR_VERSION = 1;
