/**
 * Each item of the requirement's demo preparation checklist, verbatim, mapped to the pgready
 * command that checks it. The benchmark command depends on ownership: on a database pgready does
 * not own it is the `with` phase only (never a drop).
 */
import type { ChecklistItem, ChecklistStage } from '../results/checklist.ts';

export const STAGES: readonly ChecklistStage[] = ['week', 'day', 'demo'];

export function checklistItems(owned: boolean): ChecklistItem[] {
  const bench = owned ? 'pgready run' : 'pgready run --phases with';
  return [
    { stage: 'week', text: 'Run full performance verification', check: 'verify', command: 'pgready verify' },
    {
      stage: 'week',
      text: 'Apply any missing indexes',
      check: 'fix',
      command:
        'pgready verify --save-fix-script fix.sql (review, then psql -f fix.sql; or verify --auto-fix)',
    },
    { stage: 'week', text: 'Measure query performance', check: 'benchmark', command: bench },
    {
      stage: 'week',
      text: 'Document actual performance metrics',
      check: 'document',
      command: `${bench} --report markdown,html`,
    },
    {
      stage: 'day',
      text: 'Re-verify all indexes present',
      check: 'indexes',
      command: 'pgready verify --no-probe',
    },
    { stage: 'day', text: 'Run benchmark queries', check: 'benchmark', command: bench },
    {
      stage: 'day',
      text: 'Confirm <50ms P95 latency',
      check: 'targets',
      command: `${bench} (judged against each category's p50/p95/p99 targets)`,
    },
    { stage: 'day', text: 'Warm up query cache', check: 'warmup', command: 'pgready warmup' },
    {
      stage: 'demo',
      text: 'Quick performance spot check',
      check: 'spot-check',
      command: 'pgready watch --once --window 10s',
    },
    {
      stage: 'demo',
      text: 'Verify database connection pool',
      check: 'pool',
      command: 'pgready checklist --stage demo --run (max_connections against the production pool)',
    },
    {
      stage: 'demo',
      text: 'Monitor query performance during demo',
      check: 'monitor',
      command: 'pgready watch --keep-going --on-breach CMD (or --passive)',
    },
    {
      stage: 'demo',
      text: 'Be ready to explain any delays',
      check: 'explain',
      command: 'pgready report RESULT.json --format markdown (the saved run and warmup)',
    },
  ];
}
