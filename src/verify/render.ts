/**
 * Verify's own renderings (text, markdown, json): pure functions of the VerifyResult, so the
 * command is usable on its own; the reports module may render it more richly.
 */
import type { VerifyIndexStatus, VerifyResult, VerifyScenarioResult } from '../results/verify.ts';

export type VerifyFormat = 'text' | 'markdown' | 'json';

export function renderVerify(result: VerifyResult, format: VerifyFormat): string {
  if (format === 'json') return JSON.stringify(result, null, 2);
  return format === 'markdown' ? markdown(result) : text(result);
}

const ms = (us: number) => (us / 1000).toFixed(us < 10_000 ? 2 : 1);
const size = (bytes?: number) =>
  bytes === undefined
    ? ''
    : bytes < 1024 * 1024
      ? `${Math.ceil(bytes / 1024)} kB`
      : `${(bytes / 1048576).toFixed(1)} MB`;

function headline(result: VerifyResult): string {
  return result.verdict.ready ? 'ENTERPRISE READY' : 'NOT READY';
}

function indexState(i: VerifyIndexStatus): string {
  return {
    ok: 'OK',
    renamed: `OK (as ${i.foundAs})`,
    missing: 'MISSING',
    invalid: 'INVALID',
    mismatch: 'WRONG DEFINITION',
  }[i.state];
}

/** `crm.idx_x` for an index outside public: reports name the schema. */
function indexName(i: VerifyIndexStatus): string {
  return i.schema && i.schema !== 'public' ? `${i.schema}.${i.name}` : i.name;
}

function usage(i: VerifyIndexStatus): string {
  return i.usage ? `${i.usage.idxScan} scans` : '';
}

function planText(s: VerifyScenarioResult): string {
  if (s.error) return `error: ${s.error}`;
  if (!s.plan) return '';
  const uses = s.plan.indexesUsed.length ? s.plan.indexesUsed.join(', ') : 'no index';
  const miss = s.plan.missingExpected.length ? `, NOT using ${s.plan.missingExpected.join(', ')}` : '';
  return `${uses}${miss}`;
}

function probeText(s: VerifyScenarioResult): string {
  if (!s.probe) return '';
  const l = s.probe.latency.summary;
  return `${ms(l.p50Us)}/${ms(l.p95Us)}/${ms(l.p99Us)} ms`;
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

function text(result: VerifyResult): string {
  const lines = [
    `pgready verify: ${result.target.displayUrl}${result.target.environment ? ` (${result.target.environment})` : ''}`,
    `PostgreSQL ${result.server.version}; statistics since ${result.statsResetAt ?? 'never reset'}`,
    '',
    'Indexes',
    ...table(
      ['index', 'priority', 'table', 'state', 'size', 'usage'],
      result.indexes.map((i) => [
        indexName(i),
        i.priority,
        i.table,
        indexState(i),
        size(i.sizeBytes),
        usage(i),
      ]),
    ),
  ];
  for (const i of result.indexes) for (const p of i.problems) lines.push(`  ${indexName(i)}: ${p}`);
  if (result.otherIndexes.length > 0) {
    lines.push('', 'Other indexes on these tables');
    for (const o of result.otherIndexes)
      lines.push(`  ${o.name} (${o.table}, ${size(o.sizeBytes)}): ${o.kind}: ${o.detail}`);
  }
  if (!result.schema.ok) {
    lines.push(
      '',
      `Missing: ${[...result.schema.missingTables.map((t) => `table ${t}`), ...result.schema.missingColumns].join(', ')}`,
    );
  }
  lines.push(
    '',
    'Scenarios',
    ...table(
      ['scenario', 'category', 'targets p50/p95/p99', 'probe p50/p95/p99', 'plan'],
      result.scenarios.map((s) => [
        s.scenario,
        s.category,
        `${s.targetsMs.p50}/${s.targetsMs.p95}/${s.targetsMs.p99} ms`,
        probeText(s) || (result.probe ? '-' : 'not probed'),
        planText(s),
      ]),
    ),
  );
  if (result.fix) lines.push('', ...fixLines(result));
  if (result.notes.length > 0) lines.push('', ...result.notes.map((n) => `note: ${n}`));
  lines.push('', headline(result));
  for (const reason of result.verdict.reasons) lines.push(`  - ${reason}`);
  return lines.join('\n');
}

function fixLines(result: VerifyResult): string[] {
  const fix = result.fix!;
  const manual = (fix.cannotFix ?? []).map(
    (c) => `  cannot fix automatically: ${c.index}, because ${c.reason}`,
  );
  if (fix.mode === 'script') {
    return [
      `Fix script (${fix.steps.length} step(s)) written to ${fix.file}; review it, then run: psql "$URL" -f ${fix.file}`,
      ...manual,
    ];
  }
  return [
    ...manual,
    `Auto-fix: ${fix.steps.length} step(s)`,
    ...fix.steps.map(
      (s) =>
        `  ${s.index}: ${s.action}: ${s.outcome ? (s.outcome.ok ? (s.outcome.error ?? `done in ${s.outcome.ms} ms`) : `FAILED: ${s.outcome.error}`) : 'not run'}`,
    ),
  ];
}

function markdown(result: VerifyResult): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const row = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  const lines = [
    '# Database performance verification',
    '',
    `**Status:** ${result.verdict.ready ? '✅ ENTERPRISE READY' : '❌ NOT READY'}`,
    '',
    `- Database: \`${result.target.displayUrl}\`${result.target.environment ? ` (environment ${result.target.environment})` : ''}`,
    `- PostgreSQL ${result.server.version}; index usage statistics since ${result.statsResetAt ?? 'the server started (never reset)'}`,
    `- Verified ${result.endedAt}${result.probe ? `; latency probe: ${result.probe.iterations} executions per scenario over ${result.probe.concurrency} connections` : '; latency not probed'}`,
    '',
  ];
  if (!result.verdict.ready) {
    lines.push('## Why not ready', '', ...result.verdict.reasons.map((r) => `- ${r}`), '');
  }
  lines.push(
    '## Critical indexes',
    '',
    row(['Index', 'Priority', 'Table', 'State', 'Size', 'Usage']),
    row(['---', '---', '---', '---', '---', '---']),
    ...result.indexes.map((i) =>
      row([`\`${indexName(i)}\``, i.priority, i.table, indexState(i), size(i.sizeBytes), usage(i)]),
    ),
    '',
  );
  const problems = result.indexes.flatMap((i) => i.problems.map((p) => `- \`${indexName(i)}\`: ${p}`));
  if (problems.length) lines.push(...problems, '');
  if (result.otherIndexes.length) {
    lines.push(
      '### Other indexes on these tables',
      '',
      ...result.otherIndexes.map((o) => `- \`${o.name}\` (${o.table}): ${o.kind}: ${o.detail}`),
      '',
    );
  }
  lines.push(
    '## Queries',
    '',
    row(['Scenario', 'Category', 'Target p50/p95/p99', 'Measured p50/p95/p99', 'Plan']),
    row(['---', '---', '---', '---', '---']),
    ...result.scenarios.map((s) =>
      row([
        s.scenario,
        s.category,
        `${s.targetsMs.p50}/${s.targetsMs.p95}/${s.targetsMs.p99} ms`,
        probeText(s) || '-',
        planText(s),
      ]),
    ),
    '',
  );
  if (result.fix)
    lines.push('## Fix', '', ...fixLines(result).map((l) => (l.startsWith('  ') ? `- ${l.trim()}` : l)), '');
  if (result.notes.length) lines.push('## Notes', '', ...result.notes.map((n) => `- ${n}`), '');
  return lines.join('\n');
}
