/**
 * The data the HTML report's charts draw, computed from the result (the browser never decodes a
 * histogram): percentile curves per scenario and phase on HdrHistogram's 1/(1−p) axis, and the
 * per-second throughput and p95 of each phase.
 */
import type { RunResult } from '../../results/types.ts';
import type { LatencyTargetsMs } from '../../scenarios/targets.ts';
import { percentileCurve } from '../hdr.ts';

/** One series of a chart: x and y of equal length (y null where the series has no point). */
export interface SeriesData {
  label: string;
  phase: 'without' | 'with';
  x: number[];
  y: (number | null)[];
}

export interface ScenarioCharts {
  scenario: string;
  category: string;
  targetsMs: LatencyTargetsMs;
  /** x = 1/(1−p), y = latency in ms. */
  percentiles: SeriesData[];
  /** x = seconds since the phase's load started, y = requests per second. */
  throughput: SeriesData[];
  /** x = seconds since the phase's load started, y = p95 latency in ms. */
  p95: SeriesData[];
}

export interface ChartData {
  scenarios: ScenarioCharts[];
}

export function chartData(result: RunResult): ChartData {
  const names: string[] = [];
  for (const phase of result.phases)
    for (const s of phase.scenarios) if (!names.includes(s.scenario)) names.push(s.scenario);
  return {
    scenarios: names.map((name) => {
      const charts: ScenarioCharts = {
        scenario: name,
        category: '',
        targetsMs: { p50: 0, p95: 0, p99: 0 },
        percentiles: [],
        throughput: [],
        p95: [],
      };
      for (const phase of result.phases) {
        const s = phase.scenarios.find((x) => x.scenario === name);
        if (!s) continue;
        charts.category = s.category;
        charts.targetsMs = s.targetsMs;
        const curve = percentileCurve(s.latency.encoded);
        if (curve.length)
          charts.percentiles.push({
            label: phase.name,
            phase: phase.name,
            x: curve.map((p) => p.inverseTail),
            y: curve.map((p) => p.valueUs / 1000),
          });
        if (s.intervals.length) {
          const x = s.intervals.map((i) => (i.offsetMs + i.durationMs) / 1000);
          charts.throughput.push({
            label: phase.name,
            phase: phase.name,
            x,
            y: s.intervals.map((i) => (i.durationMs > 0 ? (i.requests * 1000) / i.durationMs : null)),
          });
          charts.p95.push({
            label: phase.name,
            phase: phase.name,
            x,
            y: s.intervals.map((i) => (i.requests > 0 ? i.p95Us / 1000 : null)),
          });
        }
      }
      return charts;
    }),
  };
}
