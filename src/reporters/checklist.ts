/**
 * The demo preparation checklist as text and markdown: without --run, each item with the command
 * that checks it; with --run, a one-page summary a sales engineer pastes into the demo notes.
 */
import {
  type ChecklistItem,
  type ChecklistStage,
  type ChecklistSummary,
  type ItemState,
  STAGE_TITLES,
} from '../results/checklist.ts';
import { fmtTime } from '../util/format.ts';
import { esc } from './markdown-parts.ts';

const MARK: Record<ItemState, string> = { PASS: '[x]', FAIL: '[ ]', TODO: '[ ]', ERROR: '[ ]' };

export function renderChecklistPlan(
  items: readonly ChecklistItem[],
  stages: readonly ChecklistStage[],
  markdown: boolean,
): string {
  const out: string[] = [
    markdown ? '# Enterprise demo preparation checklist' : 'Enterprise demo preparation checklist',
  ];
  for (const stage of stages) {
    out.push('', markdown ? `## ${STAGE_TITLES[stage]}` : `${STAGE_TITLES[stage]} (--stage ${stage}):`);
    for (const i of items.filter((x) => x.stage === stage)) {
      out.push(
        markdown ? `- [ ] ${esc(i.text)} — \`${i.command}\`` : `  [ ] ${i.text.padEnd(40)} ${i.command}`,
      );
    }
  }
  out.push('', 'Add --run to run the checks of a stage (--stage week|day|demo) and get a one-page summary.');
  return `${out.join('\n')}\n`;
}

function verdict(summary: ChecklistSummary): string {
  const failed = summary.outcomes.filter((o) => o.state === 'FAIL' || o.state === 'ERROR').length;
  const todo = summary.outcomes.filter((o) => o.state === 'TODO').length;
  return failed === 0
    ? `READY: every check passed${todo ? ` (${todo} to do by hand)` : ''}`
    : `NOT READY: ${failed} check${failed === 1 ? '' : 's'} failed`;
}

export function renderChecklistText(summary: ChecklistSummary): string {
  const out = [
    `pgready checklist — ${verdict(summary)}`,
    `target ${summary.target} · ${fmtTime(summary.startedAt)}`,
    summary.benchmarkNote,
  ];
  for (const stage of summary.stages) {
    out.push('', `${STAGE_TITLES[stage]}:`);
    for (const o of summary.outcomes.filter((x) => x.item.stage === stage)) {
      out.push(`  ${o.state.padEnd(5)} ${o.item.text}: ${o.detail}`, `        ↳ ${o.item.command}`);
    }
  }
  return `${out.join('\n')}\n`;
}

export function renderChecklistMarkdown(summary: ChecklistSummary): string {
  const out = [
    `# Demo readiness — ${verdict(summary)}`,
    '',
    `Target \`${summary.target}\` · ${fmtTime(summary.startedAt)}  `,
    esc(summary.benchmarkNote),
  ];
  for (const stage of summary.stages) {
    out.push('', `## ${STAGE_TITLES[stage]}`, '');
    for (const o of summary.outcomes.filter((x) => x.item.stage === stage)) {
      out.push(
        `- ${MARK[o.state]} **${esc(o.item.text)}** — ${o.state}: ${esc(o.detail)} (\`${o.item.command}\`)`,
      );
    }
  }
  if (summary.files.length) out.push('', `Reports: ${summary.files.map((f) => `\`${f}\``).join(', ')}`);
  return `${out.join('\n')}\n`;
}

/** True when no check failed (TODO items are a person's job and do not fail the summary). */
export function checklistPassed(summary: ChecklistSummary): boolean {
  return summary.outcomes.every((o) => o.state === 'PASS' || o.state === 'TODO');
}
