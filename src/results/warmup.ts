/**
 * The warmup result: what `pgready warmup` found and did before a demo — per scenario the cold
 * first request, the warmed percentiles and how long they took to settle; per relation the buffer
 * hits during the warmup; statistics freshness; the catalogue indexes; the READY FOR DEMO verdict.
 * One typed, versioned object (kind 'warmup'); changes must be additive.
 */
import type { Category, LatencyTargetsMs } from '../scenarios/targets.ts';
import type { EncodedHistogram, IndexStatus, Verdict } from './types.ts';

export const WARMUP_RESULT_VERSION = 1;

/** One stop-rule window of one scenario (at least 5 s and 20 requests by default). */
export interface WarmupWindow {
  /** End of the window, ms since the scenario's load started. */
  endMs: number;
  requests: number;
  errors: number;
  p95Us: number;
  /** Buffer hit ratio of the scenario's relations during this window (null: no block was touched). */
  hitRatio: number | null;
}

/** One scenario warmed. */
export interface WarmupScenario {
  scenario: string;
  category: Category;
  targetsMs: LatencyTargetsMs;
  /** The first execution on a fresh connection before any warmup load (µs). */
  coldFirstUs: number | null;
  /** The last stop-rule windows merged: the warmed latency. */
  warmed: EncodedHistogram;
  requests: number;
  errors: number;
  /** True when the stop rule held before --max-time. */
  stable: boolean;
  /** Which half of the stop rule held: p95 well under target, or p95s settled. */
  warmReason?: 'under-target' | 'settled';
  /** True when --max-total ended (or skipped) this scenario before the stop rule held. */
  cutShort?: boolean;
  /** When the stop rule held (ms since its load started), or the time it ran when it never did. */
  settleMs: number;
  windows: WarmupWindow[];
  /** Tables the scenario's plan reads (their indexes count as touched too). */
  tables: string[];
  error?: string;
}

/** Block reads and hits of one relation, from pg_statio_user_tables / _indexes. */
export interface RelationCache {
  relation: string;
  kind: 'table' | 'index';
  table: string;
  /** Deltas over the warmup (not since the last statistics reset). */
  hits: number;
  reads: number;
  /** hits / (hits + reads) during the warmup; null when nothing was touched. */
  hitRatio: number | null;
  /** Share of the relation in shared buffers (pg_buffercache), before and after; absent without it. */
  bufferedBefore?: number;
  bufferedAfter?: number;
  sizeBytes: number;
}

export interface TableFreshness {
  table: string;
  rows: number;
  modSinceAnalyze: number;
  lastAnalyze: string | null;
  lastAutoanalyze: string | null;
  stale: boolean;
  /** The statement to run when stale. */
  analyze?: string;
}

export interface AutoprewarmCheck {
  enabled: boolean;
  sharedPreloadLibraries: string;
  /** What to put in postgresql.conf (restart needed) when it is not enabled. */
  settingToAdd?: string;
}

export interface WarmupResult {
  kind: 'warmup';
  version: typeof WARMUP_RESULT_VERSION;
  pgreadyVersion: string;
  startedAt: string;
  endedAt: string;
  interrupted: boolean;
  target: { displayUrl: string; kind: string; environment?: string; production: boolean };
  server: { version: string; versionNum: number };
  config: {
    ratePerSecPerScenario: number;
    windowMs: number;
    stableWindows: number;
    stableTolerance: number;
    stableFloorMs: number;
    /** Requests a window holds at least (absent in results written before). */
    minWindowRequests?: number;
    /** "Well under target": p95 below this share of the target p95 (absent in results written before). */
    underTargetShare?: number;
    underTargetWindows?: number;
    maxTimeMs: number;
    /** --max-total: the whole command's bound (absent in results written before). */
    maxTotalMs?: number;
    staleFraction: number;
    minHitRatio: number;
  };
  scenarios: WarmupScenario[];
  relations: RelationCache[];
  /** False when pg_buffercache is not installed or not readable (why in notes). */
  bufferCache: boolean;
  autoprewarm: AutoprewarmCheck;
  /** What --prewarm did: relations loaded, or why nothing was. */
  prewarm?: { loaded: { relation: string; blocks: number }[]; note?: string };
  freshness: TableFreshness[];
  indexes: IndexStatus[];
  verdict: Verdict;
  notes: string[];
}
