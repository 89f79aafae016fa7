/**
 * HdrHistogram's own file formats, so the standard tools (HistogramLogProcessor, the online
 * plotter, HdrHistogram's hgrm plotters) read pgready's measurements directly:
 * - `.hgrm`: `outputPercentileDistribution` of each scenario's latency per phase, in milliseconds;
 * - `.hlog`: an interval log (format 1.3), one line per second, tagged `scenario/phase`, in µs.
 */
import type { RunResult } from '../results/types.ts';
import { withDecoded } from './hdr.ts';

/** One file of a multi-file format: `suffix` is appended to the report's base name. */
export interface RenderedFile {
  suffix: string;
  content: string;
}

/** Histograms hold µs; HdrHistogram's tools print ms by default in .hgrm files. */
const US_PER_MS = 1000;

/** Tag for a scenario and phase: HdrHistogram tags may not hold commas or white space. */
export function hlogTag(scenario: string, phase: string): string {
  return `${scenario}/${phase}`.replace(/[\s,]/g, '_');
}

export function renderHgrmFiles(result: RunResult): RenderedFile[] {
  const files: RenderedFile[] = [];
  for (const phase of result.phases) {
    for (const s of phase.scenarios) {
      const content = withDecoded(s.latency.encoded, (h) =>
        h.totalCount === 0 ? '' : h.outputPercentileDistribution(5, US_PER_MS),
      );
      if (content)
        files.push({ suffix: `.${hlogTag(s.scenario, phase.name).replace('/', '.')}.hgrm`, content });
    }
  }
  return files;
}

/** Three decimals, as HistogramLogWriter writes timestamps. */
const sec = (value: number) => value.toFixed(3);

export function renderIntervalLog(result: RunResult): string {
  const startMs = Date.parse(result.startedAt);
  const lines = [
    '#[Histogram log format version 1.3]',
    `#[StartTime: ${sec(startMs / 1000)} (seconds since epoch), ${new Date(startMs).toUTCString()}]`,
    `#[BaseTime: ${sec(startMs / 1000)} (seconds since epoch)]`,
    `#[pgready ${result.pgreadyVersion}: latency in microseconds from each request's intended start; tags are scenario/phase; target ${result.target.displayUrl}]`,
    ...(result.shard || result.plan
      ? [
          `#[pgready plan ${result.plan?.fingerprint ?? 'unknown'}${result.shard ? `; shard ${result.shard.index}/${result.shard.count} (merge the parts with pgready merge --expect-shards ${result.shard.count})` : ''}]`,
        ]
      : []),
    '"StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"',
  ];
  const rows: { start: number; line: string }[] = [];
  for (const phase of result.phases) {
    const phaseOffsetSec = (Date.parse(phase.startedAt) - startMs) / 1000;
    for (const s of phase.scenarios) {
      const tag = hlogTag(s.scenario, phase.name);
      for (const interval of s.intervals) {
        const start = phaseOffsetSec + interval.offsetMs / 1000;
        rows.push({
          start,
          // Interval_Max is in the log's reporting unit (ms), like HistogramLogWriter's default ratio.
          line: `Tag=${tag},${sec(start)},${sec(interval.durationMs / 1000)},${sec(interval.maxUs / US_PER_MS)},${interval.encoded}`,
        });
      }
    }
  }
  // Readers expect time order; a stable sort keeps a second's scenarios in result order.
  rows.sort((a, b) => a.start - b.start);
  return `${[...lines, ...rows.map((r) => r.line)].join('\n')}\n`;
}
