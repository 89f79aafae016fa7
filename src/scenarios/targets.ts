/** The requirement's five query categories; a scenario's category fixes its latency targets. */
export const CATEGORIES = [
  'Lead Dashboard',
  'Analytics Dashboard',
  'Search/Filter',
  'Detail Views',
  'Reports',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Latency targets in milliseconds (typed data, not strings to parse). */
export interface LatencyTargetsMs {
  p50: number;
  p95: number;
  p99: number;
}

/** "Performance Targets by Query Type", from the requirement, verbatim. */
export const CATEGORY_TARGETS: Readonly<Record<Category, LatencyTargetsMs>> = {
  'Lead Dashboard': { p50: 25, p95: 35, p99: 50 },
  'Analytics Dashboard': { p50: 40, p95: 60, p99: 100 },
  'Search/Filter': { p50: 30, p95: 50, p99: 80 },
  'Detail Views': { p50: 20, p95: 35, p99: 60 },
  Reports: { p50: 100, p95: 200, p99: 500 },
};

/** A scenario's targets: its category's, tightened (never loosened) by its own. */
export function resolveTargets(category: Category, own: Partial<LatencyTargetsMs> = {}): LatencyTargetsMs {
  const base = CATEGORY_TARGETS[category];
  return {
    p50: Math.min(base.p50, own.p50 ?? Number.POSITIVE_INFINITY),
    p95: Math.min(base.p95, own.p95 ?? Number.POSITIVE_INFINITY),
    p99: Math.min(base.p99, own.p99 ?? Number.POSITIVE_INFINITY),
  };
}
