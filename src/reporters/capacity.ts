/**
 * Text and markdown renderings of a CapacityResult: the steps as a table (throughput, latency,
 * errors, pool, server), why the sweep stopped, the USL fit with N*, the capacity within target,
 * Little's law against the pool, the replicas arithmetic, and what one machine can and cannot say.
 */
import Table from 'cli-table3';
import type { CapacityResult } from '../results/capacity.ts';
import { fmtTime, msNumber } from '../util/format.ts';
import { esc, table } from './markdown-parts.ts';
import { replicationLines } from './replication.ts';
import type { TableData } from './run-tables.ts';

export function stepTable(result: CapacityResult): TableData {
  const open = result.config.model === 'open';
  return {
    head: [
      'Step',
      open ? 'Offered /s' : 'Users',
      'Throughput /s',
      'p50 / p95 / p99 ms',
      'Errors',
      'Pool wait p95 ms',
      'Conns busy (mean / peak)',
      'CPU server / client',
      'Active backends',
      'Top wait events',
      'L = X·W',
      'Note',
    ],
    rows: result.steps.map((s) => {
      const l = s.latency.summary;
      const note = [
        s.saturated ? 'client saturated (not fitted)' : '',
        s.p95OverTarget > 1 ? 'over target' : '',
        result.stopped.step === s.step && result.stopped.reason === 'knee' ? 'KNEE' : '',
      ]
        .filter(Boolean)
        .join(', ');
      return [
        String(s.step),
        String(s.level),
        s.throughputPerSec.toFixed(1),
        `${msNumber(l.p50Us)} / ${msNumber(l.p95Us)} / ${msNumber(l.p99Us)}`,
        s.errors ? `${s.errors} (${(100 * s.errorRate).toFixed(1)} %)` : '0',
        msNumber(s.poolWait.p95Us),
        `${s.connectionsBusy.mean} / ${s.connectionsBusy.peak}`,
        `${s.server.cpuPercent !== undefined ? `${s.server.cpuPercent.toFixed(0)} %` : 'n/a'} / ${(s.clientCpuPercent ?? 0).toFixed(0)} %`,
        `${s.server.activeBackends.mean} (max ${s.server.activeBackends.max})`,
        s.server.waitEvents
          .slice(0, 3)
          .map((w) => `${w.event} ×${w.samples}`)
          .join(', ') || '—',
        s.littleL.toFixed(1),
        note || '—',
      ];
    }),
  };
}

/** The findings as plain lines (shared by text and markdown). */
export function findingLines(result: CapacityResult): string[] {
  const lines: string[] = [];
  lines.push(
    `stopped: ${result.stopped.detail}${result.stopped.step ? ` (step ${result.stopped.step})` : ''}`,
  );
  const best = result.withinTarget;
  // A mix is judged per scenario against its own target: the line says so and gives the scenario
  // nearest its target, not the mix's merged p95 against the strictest one.
  const step = best ? result.steps.find((s) => s.step === best.step) : undefined;
  const mixed = (step?.perScenario.length ?? result.steps[0]?.perScenario.length ?? 0) > 1;
  const rule = mixed ? "each scenario's p95 ≤ its target" : `p95 ≤ ${result.config.targetP95Ms} ms`;
  const worst = step?.perScenario.reduce((a, b) =>
    b.p95Us / b.targetP95Ms > a.p95Us / a.targetP95Ms ? b : a,
  );
  const figure =
    mixed && worst
      ? `nearest its target: ${worst.scenario} p95 ${msNumber(worst.p95Us)} of ${worst.targetP95Ms} ms`
      : best
        ? `p95 ${msNumber(best.p95Us)} ms`
        : '';
  lines.push(
    best
      ? `capacity within target (${rule}): ${best.throughputPerSec.toFixed(1)} req/s per node (step ${best.step}, ${result.config.model === 'open' ? `${best.level}/s offered` : `${best.level} users`}, ${figure})`
      : `capacity within target (${rule}): none: no step met the target`,
  );
  const fit = result.fit;
  if (!fit)
    lines.push('model: too few steps to fit the Universal Scalability Law (3 distinct levels needed)');
  else {
    lines.push(
      `model (USL, ${fit.points} steps): λ = ${fit.lambda.toFixed(2)} req/s per unit of concurrency, σ = ${fit.sigma.toFixed(4)} (contention), κ = ${fit.kappa.toExponential(2)} (coherency), R² = ${fit.r2.toFixed(3)}`,
    );
    lines.push(
      fit.nStar !== undefined && fit.xAtNStar !== undefined
        ? `peak: N* = √((1 − σ) ÷ κ) = ${fit.nStar.toFixed(1)} concurrent requests, X(N*) = ${fit.xAtNStar.toFixed(1)} req/s`
        : `peak: ${fit.noPeakReason}`,
    );
  }
  if (result.pool.note) lines.push(`pool: ${result.pool.note}`);
  if (result.replicas) {
    lines.push('replicas:');
    for (const a of result.replicas.arithmetic) lines.push(`  ${a}`);
  }
  if (result.replication) lines.push(...replicationLines(result.replication, result.config.replicas));
  lines.push(`hosts: ${result.hosts.note}`);
  for (const n of result.notes) lines.push(`note: ${n}`);
  lines.push(`verdict: ${result.verdict.summary}`);
  return lines;
}

function header(result: CapacityResult): string[] {
  const c = result.config;
  return [
    `pgready capacity: ${result.target.displayUrl} (PostgreSQL ${result.server.version}${result.scale ? `, scale ${result.scale.name}` : ''})`,
    `${fmtTime(result.startedAt)}; ${c.scenarios.join(' + ')}${c.mixed ? ' (weighted mix)' : ''}; ${c.model === 'open' ? 'open model (--rate-steps)' : `closed model (--vus-steps, think time ${c.thinkTimeMs} ms)`} ${c.levels.join(', ')}; ${c.stepDurationMs / 1000} s per step after ${c.warmupMs / 1000} s warm-up; ${c.instances} app instance(s), pool ${c.pool.baseSize} + ${c.pool.maxOverflow}`,
  ];
}

export function renderCapacityText(result: CapacityResult): string {
  const data = stepTable(result);
  const t = new Table({ head: data.head, style: { head: [], border: [] }, wordWrap: true });
  for (const row of data.rows) t.push(row);
  return [...header(result), t.toString(), ...findingLines(result)].join('\n');
}

export function renderCapacityMarkdown(result: CapacityResult): string {
  const data = stepTable(result);
  return `${[
    '# pgready capacity',
    '',
    ...header(result).map((h) => `${esc(h)}  `),
    '',
    `**${esc(result.verdict.summary)}**`,
    '',
    table(data.head, data.rows),
    '',
    ...findingLines(result).map((l) => (l.startsWith('  ') ? `    ${l.trim()}` : `- ${esc(l)}`)),
  ].join('\n')}\n`;
}
