import type { SeedTable } from '../../seed/generators/index.ts';

/** What `seedDatabase` should load. Every field is optional; `resolveSeedOptions` fills them. */
export interface SeedOptions {
  /** A scale name (seed/scales.ts); default DEFAULTS.scale. */
  scale?: string;
  seed?: number;
  /** Custom lead count (overrides the scale's; the run is recorded as scale "custom"). */
  leads?: number;
  /** Mean communication logs per lead (default from the scale). */
  commsPerLead?: number;
  /** Drop pgready's tables first (only in a database pgready owns). */
  reset?: boolean;
  /** Also build the five catalogue indexes (plain `seed` leaves them out: the honest "without" state). */
  withIndexes?: boolean;
  /** The target is a production environment: never seeded, never owned. */
  production?: boolean;
  /** Generator threads; 0 generates on the calling thread. Default: the cores a local server leaves (half), or all (up to 8). */
  workers?: number;
  onProgress?: (event: SeedProgressEvent) => void;
}

export type SeedStep = 'load' | 'keys' | 'vacuum' | 'indexes';

/** Progress events: a listener renders them (the seeder never writes to the terminal). */
export type SeedProgressEvent =
  | { type: 'plan'; scale: string; seed: number; rowsTotal: Record<SeedTable, number>; workers: number }
  | {
      type: 'rows';
      table: SeedTable;
      rowsDone: number;
      rowsTotal: number;
      ratePerSec: number;
      elapsedMs: number;
    }
  | { type: 'step'; step: SeedStep; state: 'start' | 'done'; durationMs?: number };

/** What a seed did. */
export interface SeedReport {
  /** True when the database already held this exact seed and nothing was loaded. */
  alreadySeeded: boolean;
  scale: string;
  seed: number;
  leads: number;
  commsPerLead: number;
  generatorVersion: number;
  workers: number;
  rowCounts: Record<SeedTable, number>;
  /** pg_table_size of each table after the load (heap + TOAST + maps, without indexes). */
  tableBytes: Record<SeedTable, number>;
  /** Milliseconds per step and in total. */
  timingsMs: { load: number; keys: number; vacuum: number; indexes: number; total: number };
  withIndexes: boolean;
  /** Whether the cluster's system identifier was readable (ownership is weaker without it). */
  systemIdentifierKnown: boolean;
}
