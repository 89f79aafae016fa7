/**
 * The micro-benchmark result (`pgready micro`): per scenario, phase and protocol, one warm
 * connection timed by tinybench, every iteration also in an HDR histogram. It is the single-
 * connection floor of the claim ("500 ms → 35 ms" alone), never a verdict under load.
 */
import type { Category } from '../scenarios/targets.ts';
import type { EncodedHistogram, IndexStatus, PhaseName, PhaseResult } from './types.ts';

export const MICRO_RESULT_VERSION = 1;

/** What a micro result says instead of a verdict. */
export const MICRO_JUDGEMENT = 'floor only, not judged under load';

export type MicroProtocol = 'simple' | 'extended' | 'prepared';

/** One scenario, one phase, one protocol. */
export interface MicroMeasurement {
  protocol: MicroProtocol;
  /** Timed iterations (warm-up excluded). */
  samples: number;
  errors: number;
  errorsByCode: Record<string, number>;
  /** tinybench's mean and relative margin of error (95 %, in percent). */
  meanUs: number;
  rmePercent: number;
  opsPerSec: number;
  /** Every timed iteration, µs. */
  latency: EncodedHistogram;
}

export interface MicroScenarioResult {
  scenario: string;
  category: Category;
  measurements: MicroMeasurement[];
  /** The plan in this phase (node types top-down, indexes it touches). */
  plan?: { nodes: string[]; indexesUsed: string[] };
}

export interface MicroPhaseResult {
  name: PhaseName;
  method: PhaseResult['method'];
  approximate: boolean;
  indexBuilds: { name: string; ms: number }[];
  scenarios: MicroScenarioResult[];
}

export interface MicroResult {
  kind: 'micro';
  version: typeof MICRO_RESULT_VERSION;
  pgreadyVersion: string;
  startedAt: string;
  endedAt: string;
  interrupted: boolean;
  target: { displayUrl: string; kind: string; environment?: string; owned: boolean };
  server: { version: string; versionNum: number };
  scale?: { name: string; seed: number; rows: Record<string, number> };
  config: {
    durationMs: number;
    warmupMs: number;
    protocols: MicroProtocol[];
    phases: PhaseName[];
    seed: number;
    scenarios: string[];
  };
  phases: MicroPhaseResult[];
  indexes: IndexStatus[];
  judgement: typeof MICRO_JUDGEMENT;
  notes: string[];
}
