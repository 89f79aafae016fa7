/**
 * The micro result rendered: per scenario, protocol and phase, tinybench's mean ± relative margin
 * of error, p50/p99 from the HDR histogram, ops/s, and the p50 speed-up without → with. It is the
 * single-connection floor: no verdict, "floor only, not judged under load".
 */
import type { MicroResult } from '../results/micro.ts';
import { change, fmtTime, msNumber } from '../util/format.ts';
import { mdTable } from './markdown-parts.ts';
import type { TableData } from './run-tables.ts';

export function microTable(result: MicroResult): TableData {
  const head = [
    'Scenario',
    'Protocol',
    'Phase',
    'mean ± rme',
    'p50',
    'p99',
    'ops/s',
    'samples',
    'errors',
    'p50 without → with',
  ];
  const rows: string[][] = [];
  for (const scenario of result.config.scenarios) {
    for (const protocol of result.config.protocols) {
      const per = result.phases.map((phase) => ({
        phase,
        m: phase.scenarios
          .find((s) => s.scenario === scenario)
          ?.measurements.find((m) => m.protocol === protocol),
      }));
      const without = per.find((p) => p.phase.name === 'without')?.m?.latency.summary;
      const withIdx = per.find((p) => p.phase.name === 'with')?.m?.latency.summary;
      per.forEach(({ phase, m }, i) => {
        if (!m) return;
        const s = m.latency.summary;
        const last = i === per.length - 1;
        rows.push([
          rows.at(-1)?.[0] === scenario || rows.some((r) => r[0] === scenario) ? '' : scenario,
          i === 0 ? protocol : '',
          `${phase.name}${phase.approximate ? ' (approx.)' : ''}`,
          `${msNumber(m.meanUs)} ± ${m.rmePercent.toFixed(1)} %`,
          s.count ? msNumber(s.p50Us) : '—',
          s.count ? msNumber(s.p99Us) : '—',
          m.opsPerSec >= 100 ? Math.round(m.opsPerSec).toLocaleString('en-US') : m.opsPerSec.toFixed(1),
          String(m.samples),
          String(m.errors),
          last && without?.count && withIdx?.count ? change(without.p50Us, withIdx.p50Us).words : '',
        ]);
      });
    }
  }
  return { head, rows };
}

function header(result: MicroResult): string[] {
  const c = result.config;
  return [
    `pgready micro — ${result.judgement}${result.interrupted ? ' (interrupted: partial results)' : ''}`,
    `target ${result.target.displayUrl}${result.target.environment ? ` (${result.target.environment})` : ''} · ${result.server.version}`,
    ...(result.scale ? [`scale ${result.scale.name} (seed ${result.scale.seed})`] : []),
    `tinybench, one warm connection per scenario and phase, ${c.durationMs / 1000} s per protocol after ${c.warmupMs / 1000} s warm-up · ${fmtTime(result.startedAt)}`,
  ];
}

export function renderMicroText(result: MicroResult): string {
  const table = microTable(result);
  const widths = table.head.map((h, i) => Math.max(h.length, ...table.rows.map((r) => r[i]!.length)));
  const right = new Set([3, 4, 5, 6, 7, 8]);
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (right.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [
    ...header(result),
    '',
    'Latency in ms on one connection, no concurrency (p50/p99 from every timed iteration; rme = relative margin of error of the mean, 95 %).',
    line(table.head),
    ...table.rows.map(line),
    '',
    `Judgement: ${result.judgement} — the single-connection floor of the claim; pgready run judges it under load.`,
    ...result.notes.map((n) => `note: ${n}`),
  ].join('\n');
}

export function renderMicroMarkdown(result: MicroResult): string {
  return [
    `# ${header(result)[0]}`,
    '',
    ...header(result)
      .slice(1)
      .map((l) => `- ${l}`),
    '',
    mdTable(microTable(result)),
    '',
    `**Judgement:** ${result.judgement}: the single-connection floor of the claim; \`pgready run\` judges it under load.`,
    '',
  ].join('\n');
}
