/**
 * Text and markdown renderings of a VerifyResult: the verdict, each catalogue index as found, each
 * scenario's plan and probe against its targets, and the fix script when one was made.
 */
import Table from 'cli-table3';
import type { VerifyResult } from '../results/verify.ts';
import { fmtMs, fmtPercent, fmtTime, msNumber } from '../util/format.ts';
import { coverageLine, notApplicableLine } from './coverage.ts';
import { esc, table } from './markdown-parts.ts';
import { planHeadline } from './rows.ts';
import type { TableData } from './run-tables.ts';

function indexData(result: VerifyResult): TableData {
  // With indexesFrom, where the code defines each index is a column of its own.
  const code = result.code !== undefined;
  return {
    head: ['Index', 'Table', 'Priority', 'State', 'Scans', ...(code ? ['Defined at'] : []), 'Problems'],
    rows: result.indexes.map((i) => [
      (i.schema && i.schema !== 'public' ? `${i.schema}.` : '') +
        (i.foundAs && i.foundAs !== i.name ? `${i.name} (as ${i.foundAs})` : i.name),
      i.table,
      i.priority,
      i.state === 'ok' || i.state === 'renamed' ? `✅ ${i.state}` : `❌ ${i.state.toUpperCase()}`,
      i.usage ? String(i.usage.idxScan) : '—',
      ...(code ? [i.definedAt?.join(', ') || 'in no file'] : []),
      i.problems.join('; ') || '—',
    ]),
  };
}

function scenarioData(result: VerifyResult): TableData {
  return {
    head: [
      'Scenario',
      'Category',
      'Plan',
      'Expected index used?',
      'Probe p50 / p95 / p99 ms',
      'Target',
      'Errors',
    ],
    rows: checkable(result).map((s) => {
      const sum = s.probe?.latency.summary;
      const scan = s.plan ? planHeadline(s) : undefined;
      return [
        s.scenario,
        s.category,
        s.missingColumns?.length
          ? `not checked: reads ${s.missingColumns.join(', ')}, which the database lacks`
          : s.error
            ? `error: ${s.error}`
            : (scan ?? '—'),
        !s.plan
          ? '—'
          : s.plan.missingExpected.length === 0
            ? '✅ yes'
            : `❌ no (${s.plan.missingExpected.join(', ')})`,
        sum?.count
          ? `${msNumber(sum.p50Us)} / ${msNumber(sum.p95Us)} / ${msNumber(sum.p99Us)}`
          : 'not probed',
        `${s.targetsMs.p50} / ${s.targetsMs.p95} / ${s.targetsMs.p99} ms`,
        s.probe
          ? `${s.probe.errors} (${fmtPercent(s.probe.requests ? s.probe.errors / s.probe.requests : 0)})`
          : '—',
      ];
    }),
  };
}

/** The scenarios verify judges: not the built-ins that cannot run on this database (listed apart). */
function checkable(result: VerifyResult): VerifyResult['scenarios'] {
  return result.scenarios.filter((s) => !s.notApplicable);
}

function notApplicable(result: VerifyResult): { scenario: string; reason: string }[] {
  return result.scenarios
    .filter((s) => s.notApplicable)
    .map((s) => ({ scenario: s.scenario, reason: (s.error ?? '').replace(/^not checked: /, '') }));
}

/** "idx_x: missing — … (migrations/012_x.sql:3)", one per drift item. */
function driftLines(result: VerifyResult): string[] {
  return (result.drift ?? []).map(
    (d) => `${d.index}: ${d.kind} — ${d.detail}${d.places.length ? ` (${d.places.join(', ')})` : ''}`,
  );
}

/** What the fix did or offers, in words: the script to review, or each auto-fix step's outcome. */
function fixSummary(result: VerifyResult): string[] {
  const fix = result.fix;
  if (!fix) return [];
  if (fix.mode === 'script')
    return fix.file
      ? [
          `Fix script (${fix.steps.length} step(s)) written to ${fix.file}; review it, then run: psql "$URL" -v ON_ERROR_STOP=1 -f ${fix.file}`,
        ]
      : [];
  return [
    `Auto-fix: ${fix.steps.length} step(s)`,
    ...fix.steps.map(
      (s) =>
        `  ${s.index}: ${s.action}: ${s.outcome ? (s.outcome.ok ? (s.outcome.error ?? `done in ${s.outcome.ms} ms`) : `FAILED: ${s.outcome.error}`) : 'not run'}`,
    ),
  ];
}

function fixSql(result: VerifyResult): string | undefined {
  const manual = (result.fix?.cannotFix ?? []).map(
    (c) => `-- cannot fix automatically: ${c.index}, because ${c.reason}`,
  );
  if (!result.fix?.steps.length && manual.length === 0) return undefined;
  const steps = (result.fix?.steps ?? []).map((s) => `-- ${s.action} ${s.index}\n${s.sql.trimEnd()}`);
  return [...manual, ...steps].join('\n\n');
}

export function renderVerifyText(result: VerifyResult, options: { color?: boolean } = {}): string {
  const paint = (code: number, t: string) => (options.color ? `\u001b[${code}m${t}\u001b[0m` : t);
  const lines = [
    `pgready verify — ${result.verdict.ready ? paint(32, 'ENTERPRISE READY') : paint(31, 'NOT READY')}`,
    `target ${result.target.displayUrl}${result.target.environment ? ` (${result.target.environment})` : ''} · ${result.server.version} · ${fmtTime(result.startedAt)}`,
    `index usage statistics since ${result.statsResetAt ?? 'the server started (never reset)'}`,
    '',
  ];
  for (const data of [indexData(result), scenarioData(result)]) {
    const t = new Table({ head: data.head, style: { head: [], border: [], compact: true } });
    for (const row of data.rows) t.push(row);
    lines.push(t.toString(), '');
  }
  if (!result.schema.ok)
    lines.push(
      `schema: missing tables ${result.schema.missingTables.join(', ') || 'none'}; missing columns ${result.schema.missingColumns.join(', ') || 'none'}`,
    );
  for (const o of result.otherIndexes)
    lines.push(`other index ${o.name} on ${o.table}: ${o.kind} — ${o.detail}`);
  if (result.code) {
    lines.push(
      `indexesFrom: ${result.code.definitions} CREATE INDEX statement(s) in ${result.code.files.length} file(s) (${result.code.patterns.join(', ')})`,
    );
    const drift = driftLines(result);
    lines.push(drift.length ? 'Drift (code ↔ database):' : 'Drift: none (the code and the database agree)');
    for (const d of drift) lines.push(`  - ${d}`);
  }
  lines.push(coverageLine(result.coverage), ...notApplicableLine(notApplicable(result)));
  const fix = fixSql(result);
  if (fix) lines.push('', ...fixSummary(result), fix);
  else if (result.fix) lines.push('', ...fixSummary(result));
  lines.push('');
  if (result.verdict.ready) lines.push(paint(32, 'Verdict: ENTERPRISE READY'));
  else {
    lines.push(paint(31, `Verdict: NOT READY — ${result.verdict.reasons.length} problem(s):`));
    for (const r of result.verdict.reasons) lines.push(`  - ${r}`);
  }
  for (const n of result.notes) lines.push(`note: ${n}`);
  return lines.join('\n');
}

export function renderVerifyMarkdown(result: VerifyResult): string {
  const out = [
    '# Database Performance Report: Index Verification',
    '',
    `**Status:** ${result.verdict.ready ? '✅ **ENTERPRISE READY**' : '❌ **NOT READY**'}  `,
    `**Database:** \`${esc(result.target.displayUrl)}\`${result.target.environment ? ` (${result.target.environment}${result.target.production ? ', production' : ''})` : ''}  `,
    `**Checked:** ${fmtTime(result.startedAt)} by pgready ${result.pgreadyVersion}`,
    '',
    '## Summary',
    '',
  ];
  const bad = result.indexes.filter((i) => i.state !== 'ok' && i.state !== 'renamed');
  out.push(
    bad.length
      ? `- **${bad.length} of ${result.indexes.length} required indexes are not usable**: ${bad.map((i) => `${i.name} (${i.state})`).join(', ')}.`
      : `- All ${result.indexes.length} required indexes exist and are valid.`,
  );
  const probed = result.scenarios.filter((s) => s.probe?.latency.summary.count);
  const slow = probed.filter((s) => (s.probe?.latency.summary.p95Us ?? 0) > s.targetsMs.p95 * 1000);
  if (probed.length)
    out.push(
      slow.length
        ? `- ${slow.length} of ${probed.length} demo queries miss their p95 target: ${slow.map((s) => `${s.scenario} ${fmtMs(s.probe?.latency.summary.p95Us ?? 0)} (target ${s.targetsMs.p95} ms)`).join(', ')}.`
        : `- All ${probed.length} probed demo queries meet their p95 targets.`,
    );
  const unused = result.scenarios.filter((s) => s.plan && s.plan.missingExpected.length > 0);
  if (unused.length)
    out.push(
      `- The planner does not use the expected index for: ${unused.map((s) => s.scenario).join(', ')}.`,
    );
  if (!result.verdict.ready) {
    out.push('', '### Why it is not ready', '');
    for (const r of result.verdict.reasons) out.push(`- ${esc(r)}`);
  }
  const idx = indexData(result);
  const sc = scenarioData(result);
  out.push('', '## Indexes', '', table(idx.head, idx.rows), '', '## Scenarios', '', table(sc.head, sc.rows));
  if (result.otherIndexes.length)
    out.push(
      '',
      '## Other indexes worth a look',
      '',
      table(
        ['Index', 'Table', 'Kind', 'Detail'],
        result.otherIndexes.map((o) => [o.name, o.table, o.kind, o.detail]),
      ),
    );
  if (result.code) {
    const drift = result.drift ?? [];
    out.push(
      '',
      '## Drift between the code and the database',
      '',
      `${result.code.definitions} CREATE INDEX statement(s) in ${result.code.files.length} file(s) of indexesFrom (${result.code.patterns.map((p) => `\`${esc(p)}\``).join(', ')}).`,
      '',
      drift.length
        ? table(
            ['Index', 'Drift', 'Where', 'Detail'],
            drift.map((d) => [d.index, d.kind, d.places.join(', ') || '—', d.detail]),
          )
        : 'None: every index the code defines is in the database as defined.',
    );
  }
  out.push('', '## Coverage', '', coverageLine(result.coverage));
  const na = notApplicable(result);
  if (na.length)
    out.push(
      '',
      '## Not applicable on this database',
      '',
      ...na.map((n) => `- ${esc(n.scenario)}: ${esc(n.reason)} (pgready's own scenario; never a reason)`),
    );
  const fix = fixSql(result);
  if (fix || result.fix)
    out.push('', '## Fix', '', ...fixSummary(result).map((l) => (l.startsWith('  ') ? `- ${l.trim()}` : l)));
  if (fix) out.push('', '```sql', fix, '```');
  out.push(
    '',
    '## Environment',
    '',
    table(
      ['What', 'Value'],
      [
        ['Server', result.server.version],
        ['Statistics reset', result.statsResetAt ?? 'never'],
        [
          'Probe',
          result.probe
            ? `${result.probe.iterations} executions at concurrency ${result.probe.concurrency}, ${result.probe.protocol} protocol`
            : 'skipped (--no-probe)',
        ],
        ...Object.entries(result.server.settings),
      ],
    ),
  );
  if (result.notes.length) out.push('', '## Notes', '', ...result.notes.map((n) => `- ${esc(n)}`));
  out.push('');
  return out.join('\n');
}
